// The protection toolkit in the real UI: replication (ALL vs PUT) on the virtual clock,
// acting as a read-only identity (403 AccessDenied in plain words, then the owner again),
// scheduled backups with restores, and all of it surviving a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, openIn, launchProfile, waitReady, closeClean, shot, createBucket,
  setVersioning, upload, lastLog, stackRows, ARTIFACTS, clickAction
} from "./helpers.mjs";
import { join } from "node:path";

useBrowser();

/** Creates a versioned bucket through the UI (it is then the open bucket). */
async function versionedBucket(page, name) {
  await createBucket(page, name);
  await setVersioning(page, "Enabled");
}

async function openBucket(page, name) {
  await page.click(`[data-testid=bucket-item][data-bucket="${name}"]`);
  await page.waitForSelector(`[data-testid=open-bucket]:text-is("${name}")`);
}

/** Opens `key` of the open bucket in the stack panel (current view). */
async function openKey(page, key) {
  await page.click("[data-testid=view-current]");
  await page.click(`[data-testid=object-row][data-key="${key}"] [data-testid=open-key]`);
  await page.waitForSelector(`[data-testid=stack-key]:text-is("${key}")`);
}

async function tool(page, name) {
  await page.click(`[data-testid=protection-tab-${name}]`);
  await page.waitForSelector(`[data-testid=${name}]`);
}

/** A screenshot of one part of the page (`data-testid`). */
const part = (page, testid, name) =>
  page.locator(`[data-testid=${testid}]`).screenshot({ path: join(ARTIFACTS, `e2e-${name}.png`) });

const count = (page, sel) => page.$$eval(sel, (l) => l.length);

/** Waits until `sel` matches exactly `n` elements. */
async function waitCount(page, sel, n) {
  await page.waitForFunction(
    ([s, k]) => document.querySelectorAll(s).length === k, [sel, n], { timeout: 5000 },
  ).catch(async () => {
    throw new Error(`${sel}: expected ${n}, found ${await count(page, sel)}`);
  });
}

/** Adds a replication rule through the form. */
async function addRule(page, source, dest, action, { historical = false } = {}) {
  await tool(page, "replication");
  await page.selectOption("[data-testid=replication-source]", source);
  await page.selectOption("[data-testid=replication-dest]", dest);
  await page.check(`[data-testid=replication-action-${action.toLowerCase()}]`);
  if ((await page.isChecked("[data-testid=replication-historical]")) !== historical) {
    await page.click("[data-testid=replication-historical]");
  }
  await page.click("[data-testid=replication-add]");
  await page.waitForSelector(
    `[data-testid=replication-rule][data-source="${source}"][data-dest="${dest}"][data-action="${action}"]`,
  );
  const log = await lastLog(page);
  assert.equal(log.op, "PutBucketReplication");
  assert.equal(log.status, 200);
}

/** Creates a read-only identity through the Access tool; returns its AccessKeyId. */
async function readOnlyIdentity(page, name) {
  await tool(page, "access");
  await page.fill("[data-testid=identity-name]", name);
  await page.check("[data-testid=identity-policy-read]");
  await page.click("[data-testid=identity-create]");
  const row = `[data-testid=identity-row]:has(th:text-is("${name}"))`;
  await page.waitForSelector(row);
  return page.getAttribute(row, "data-ak");
}

/** GET through the protocol (as the account owner: no identity signs scripts' requests
 * unless the page acts as one, and these tests switch back first). */
const getObject = (page, path, query = {}) =>
  page.evaluate(([p, q]) => osslab.request({ path: p, query: q }), [path, query]);

test("replication: ALL and PUT rules, replicas land on the clock, deletes by id only under ALL", async () => {
  const app = await openApp();
  const { page } = app;
  await versionedBucket(page, "dst-all");
  await versionedBucket(page, "dst-put");
  await versionedBucket(page, "src");
  // The policies are explained before anything is added.
  await tool(page, "replication");
  const form = await page.textContent("[data-testid=replication-form]");
  assert.match(form, /Additions and changes \(PUT\).*deleting a version by its id stays in the source/s);
  assert.match(form, /Additions, deletions and changes \(ALL\).*removes it there as well/s);

  await addRule(page, "src", "dst-all", "ALL");
  await addRule(page, "src", "dst-put", "PUT");
  const statuses = await page.$$eval("[data-testid=replication-rule]", (r) => r.map((x) => x.dataset.status));
  assert.deepEqual(statuses, ["starting", "starting"]);

  await openBucket(page, "src");
  await upload(page, "a.txt", "one");
  await upload(page, "a.txt", "two");
  const srcRows = await stackRows(page);
  assert.equal(srcRows.length, 2);
  // Two versions × two rules wait for the clock.
  await waitCount(page, "[data-testid=replica-task]", 4);
  assert.match(await page.textContent("[data-testid=replication-queue]"), /lands at .*\(in \d+ seconds?\)/);
  assert.equal(await count(page, "[data-testid=replica-badge]"), 0, "sources are not replicas");
  await shot(page, "toolkit-replication-waiting");

  await page.click("[data-testid=jump-hour]");
  await waitCount(page, "[data-testid=replica-task]", 0);
  await page.waitForSelector("[data-testid=replication-queue-empty]");
  const doing = await page.$$eval("[data-testid=replication-rule]", (r) => r.map((x) => x.dataset.status));
  assert.deepEqual(doing, ["doing", "doing"]);
  for (const dst of ["dst-all", "dst-put"]) {
    await openBucket(page, dst);
    await openKey(page, "a.txt");
    const rows = await stackRows(page);
    assert.deepEqual(rows.map((r) => r.version), srcRows.map((r) => r.version), `${dst}: same version ids`);
    assert.equal(await count(page, `[data-testid=stack-row][data-replica="src"]`), 2, `${dst}: marked as replicas`);
  }
  await shot(page, "toolkit-replica-stack");

  // Delete the older version by id in the source: only the ALL rule carries it.
  await openBucket(page, "src");
  await openKey(page, "a.txt");
  const v1 = srcRows[1].version;
  await page.click(`[data-testid=stack-row][data-version="${v1}"]`);
  await clickAction(page, "action-delete-version");
  assert.equal((await lastLog(page)).status, 204);
  await waitCount(page, "[data-testid=replica-task]", 1);
  const task = await page.$eval("[data-testid=replica-task]", (t) => ({ kind: t.dataset.kind, text: t.textContent }));
  assert.equal(task.kind, "delete");
  assert.match(task.text, /src → dst-all/);
  await page.click("[data-testid=jump-hour]");
  await waitCount(page, "[data-testid=replica-task]", 0);
  const versionsOf = async (bucket) => {
    const r = await getObject(page, `/${bucket}`, { versions: "" });
    return [...r.body.matchAll(/<VersionId>([^<]*)<\/VersionId>/g)].map((m) => m[1]);
  };
  assert.deepEqual(await versionsOf("dst-all"), [srcRows[0].version], "ALL: the version is gone in the destination too");
  assert.deepEqual(await versionsOf("dst-put"), srcRows.map((r) => r.version), "PUT: the destination keeps it");

  // A delete without a version id makes a marker, replicated under both policies.
  await clickAction(page, "action-delete");
  await waitCount(page, "[data-testid=replica-task]", 2);
  await page.click("[data-testid=jump-hour]");
  await waitCount(page, "[data-testid=replica-task]", 0);
  for (const dst of ["dst-all", "dst-put"]) {
    const head = await page.evaluate((p) => osslab.request({ method: "HEAD", path: p }), `/${dst}/a.txt`);
    assert.equal(head.status, 404, `${dst}: the marker hides the object`);
    assert.equal(head.headers["x-oss-delete-marker"], "true");
  }

  // Progress and delete go through the protocol too.
  await tool(page, "replication");
  await page.click("[data-testid=replication-rule][data-dest=dst-all] [data-testid=replication-progress]");
  let log = await lastLog(page);
  assert.equal(log.op, "GetBucketReplicationProgress");
  assert.match(log.text, /<Status>doing<\/Status>/);
  await page.click("[data-testid=replication-rule][data-dest=dst-put] [data-testid=replication-delete]");
  await waitCount(page, "[data-testid=replication-rule]", 1);
  log = await lastLog(page);
  assert.equal(log.op, "DeleteBucketReplication");
  assert.equal(log.status, 200);
  await page.click("[data-testid=protection-tab-replication]");
  await part(page, "protection", "toolkit-replication-panel");
  await closeClean(app);
});

test("act as a read-only identity: 403 AccessDenied in plain words, then the owner again", async () => {
  const app = await openApp();
  const { page } = app;
  await versionedBucket(page, "docs");
  await upload(page, "note.txt", "first");
  const ak = await readOnlyIdentity(page, "reader");
  let log = await lastLog(page);
  assert.equal(log.op, "osslab:CreateIdentity");
  assert.equal(log.status, 201);
  assert.match(ak, /^LTAI5t/);
  assert.match(await page.textContent("[data-testid=identity-row]"), /read-only/);

  // Act as the reader: the header says so, in words.
  await page.selectOption("[data-testid=act-as]", ak);
  assert.match(await page.textContent("[data-testid=acting]"), /Acting as/);
  assert.match(await page.$eval("[data-testid=act-as]", (s) => s.selectedOptions[0].textContent), /reader \(read-only\)/);
  await shot(page, "toolkit-acting-read-only");
  await part(page, "header", "toolkit-header-acting");

  // Reading works.
  await page.click("[data-testid=action-download]");
  assert.equal((await lastLog(page)).status, 200);
  assert.match(await page.textContent("[data-testid=log-signer]"), /as reader/);
  assert.equal(await page.getAttribute("[data-testid=log-signer]", "data-ak"), ak);

  // Delete: refused, explained, nothing changed.
  await clickAction(page, "action-delete");
  log = await lastLog(page);
  assert.equal(log.status, 403);
  assert.equal(log.code, "AccessDenied");
  assert.match(log.text, /0003-00000202/);
  assert.match(log.text, /oss:DeleteObject/);
  const explain = await page.textContent("[data-testid=log-explain]");
  assert.match(explain, /read-only identity .* may only read and list/);
  assert.match(explain, /nothing changed/);
  const status = await page.textContent("[data-testid=status]");
  assert.match(status, /403 AccessDenied \(EC 0003-00000202\): The identity that signed this request/);
  assert.equal((await stackRows(page)).length, 1, "the delete did not happen");
  await shot(page, "toolkit-access-denied");

  // Overwrite: refused too.
  await upload(page, "note.txt", "second");
  log = await lastLog(page);
  assert.equal(log.status, 403);
  assert.equal(log.op, "PutObject");
  assert.equal((await stackRows(page)).length, 1, "the overwrite did not happen");

  // The console signs as the reader as well.
  await page.click("[data-testid=console-mode-raw]");
  await page.selectOption("[data-testid=raw-method]", "DELETE");
  await page.fill("[data-testid=raw-path]", "/docs/note.txt");
  await page.click("[data-testid=raw-send]");
  await page.waitForSelector("[data-testid=raw-explain]");
  assert.match(await page.textContent("[data-testid=raw-explain]"), /AccessDenied.*read-only identity/);
  assert.match(await page.textContent("[data-testid=log-entry]"), new RegExp(`Credential=${ak}/`));

  // Identities are the owner's business.
  await page.fill("[data-testid=identity-name]", "sneaky");
  await page.click("[data-testid=identity-create]");
  assert.match(await page.textContent("[data-testid=status]"), /403 AccessDenied.*Only the account owner/);
  assert.equal(await count(page, "[data-testid=identity-row]"), 1);

  // Back to the owner: the same delete works.
  await page.selectOption("[data-testid=act-as]", "");
  assert.equal(await count(page, "[data-testid=acting]"), 0);
  await clickAction(page, "action-delete");
  log = await lastLog(page);
  assert.equal(log.status, 204);
  assert.equal(await page.$eval("[data-testid=log-entry]", (li) => li.querySelector("[data-testid=log-signer]")), null, "signed by the owner");
  const rows = await stackRows(page);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].kind, "marker");

  // Removing the identity it acts as puts the page back to the owner.
  await page.selectOption("[data-testid=act-as]", ak);
  await page.click("[data-testid=identity-remove]");
  assert.equal((await lastLog(page)).status, 403, "a read-only identity cannot remove itself");
  await page.selectOption("[data-testid=act-as]", "");
  await page.click("[data-testid=identity-remove]");
  await page.waitForSelector("[data-testid=identities-empty]");
  assert.equal((await lastLog(page)).op, "osslab:RemoveIdentity");
  await closeClean(app);
});

test("backup: plan, snapshots on the clock with retention, restore one object and the bucket", async () => {
  const app = await openApp();
  const { page } = app;
  await versionedBucket(page, "vault");
  await upload(page, "a.txt", "one");
  await upload(page, "b.txt", "bee");
  await tool(page, "backup");
  await page.waitForSelector("[data-testid=snapshots-empty]");
  assert.equal(await page.isDisabled("[data-testid=backup-snapshot-now]"), true, "no plan, no snapshot");
  await page.fill("[data-testid=backup-every]", "6");
  await page.fill("[data-testid=backup-keep]", "3");
  await page.click("[data-testid=backup-save]");
  let log = await lastLog(page);
  assert.equal(log.op, "osslab:PutBackupPlan");
  assert.equal(log.status, 204);
  assert.match(await page.textContent("[data-testid=backup-plan]"), /Every 6 hours, keeping 3\. Next snapshot at .* \(in (about )?6 hours\)/);

  // One virtual day: four scheduled snapshots, the oldest dropped.
  await page.click("[data-testid=jump-day]");
  await waitCount(page, "[data-testid=snapshot]", 3);
  const snaps = await page.$$eval("[data-testid=snapshot]", (l) =>
    l.map((s) => ({ id: Number(s.dataset.id), keys: Number(s.dataset.keys), time: s.querySelector("[data-testid=snapshot-time]").textContent })));
  assert.deepEqual(snaps.map((s) => s.id), [4, 3, 2], "newest first, retention kept three");
  assert.ok(snaps.every((s) => s.keys === 2));
  assert.ok(snaps.every((s) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s.time)), JSON.stringify(snaps));
  await shot(page, "toolkit-backup");
  await part(page, "protection", "toolkit-backup-panel");

  // Damage: overwrite a.txt, delete b.txt.
  await upload(page, "a.txt", "two");
  await openKey(page, "b.txt");
  await clickAction(page, "action-delete");
  assert.equal((await getObject(page, "/vault/b.txt")).status, 404);

  // Restore one object from the newest snapshot.
  await tool(page, "backup");
  const newest = "[data-testid=snapshot][data-id='4']";
  await page.click(`${newest} summary`);
  await page.click(`${newest} [data-testid=snapshot-object][data-key="a.txt"] [data-testid=snapshot-restore-object]`);
  log = await lastLog(page);
  assert.equal(log.op, "osslab:RestoreSnapshot");
  assert.equal(log.status, 200);
  assert.equal((await getObject(page, "/vault/a.txt")).body, "one");
  assert.equal((await getObject(page, "/vault/b.txt")).status, 404, "only a.txt was restored");

  // Restore the bucket: b.txt comes back, a.txt is already equal.
  await page.click(`${newest} [data-testid=snapshot-restore-bucket]`);
  assert.match(await page.textContent("[data-testid=status]"), /1 key written back, 1 key already equal/);
  assert.equal((await getObject(page, "/vault/b.txt")).body, "bee");
  await openKey(page, "b.txt");
  const rows = await stackRows(page);
  assert.deepEqual(rows.map((r) => r.kind), ["version", "marker", "version"], "restored on top of the marker");

  // A snapshot now, outside the schedule: retention still keeps three.
  await tool(page, "backup");
  await page.click("[data-testid=backup-snapshot-now]");
  assert.equal((await lastLog(page)).op, "osslab:TakeSnapshot");
  await waitCount(page, "[data-testid=snapshot]", 3);
  assert.equal(await page.getAttribute("[data-testid=snapshot]", "data-id"), "5");
  await closeClean(app);
});

test("reload: rules, waiting replicas, identities, who the tab acts as, plans and snapshots are still there", async () => {
  const { context, close } = await launchProfile();
  try {
    const app = await openIn(context);
    const { page } = app;
    await versionedBucket(page, "dst");
    await versionedBucket(page, "src");
    await addRule(page, "src", "dst", "PUT", { historical: true });
    await upload(page, "kept.txt", "replicate me after the reload");
    const ak = await readOnlyIdentity(page, "auditor");
    await tool(page, "backup");
    await page.fill("[data-testid=backup-every]", "12");
    await page.fill("[data-testid=backup-keep]", "2");
    await page.click("[data-testid=backup-save]");
    await page.click("[data-testid=backup-snapshot-now]");
    await waitCount(page, "[data-testid=snapshot]", 1);
    const before = await page.textContent("[data-testid=snapshot]");
    await page.selectOption("[data-testid=act-as]", ak);
    await page.evaluate(() => osslab.storage.saved());
    assert.equal((await page.evaluate(() => osslab.storage.status())).state, "saved");

    await page.reload({ waitUntil: "load" });
    await waitReady(page, app.problems);
    await openBucket(page, "src");
    await tool(page, "replication");
    await page.waitForSelector('[data-testid=replication-rule][data-source="src"][data-dest="dst"][data-action="PUT"]');
    await waitCount(page, "[data-testid=replica-task]", 1);
    assert.match(await page.textContent("[data-testid=replica-task]"), /kept\.txt/);
    await tool(page, "access");
    assert.equal(await page.getAttribute("[data-testid=identity-row]", "data-ak"), ak);
    assert.match(await page.textContent("[data-testid=identity-row]"), /auditor.*read-only/s);
    // The tab still acts as it (sessionStorage: a reload keeps it, like a console login)...
    assert.equal(await page.$eval("[data-testid=act-as]", (s) => s.value), ak);
    assert.match(await page.getAttribute("[data-testid=acting]", "title"), /auditor/);
    // ...while a new tab starts as the owner.
    const other = await openIn(context);
    assert.equal(await other.page.$eval("[data-testid=act-as]", (s) => s.value), "");
    assert.equal(await count(other.page, `[data-testid=act-as] option[value="${ak}"]`), 1);
    await closeClean(other);
    await page.selectOption("[data-testid=act-as]", "");
    await tool(page, "backup");
    assert.match(await page.textContent("[data-testid=backup-plan]"), /Every 12 hours, keeping 2/);
    await waitCount(page, "[data-testid=snapshot]", 1);
    assert.equal(await page.textContent("[data-testid=snapshot]"), before);
    await shot(page, "toolkit-after-reload");

    // The stored queue still runs: the replica lands after the reload.
    await page.click("[data-testid=jump-hour]");
    const r = await getObject(page, "/dst/kept.txt");
    assert.equal(r.status, 200);
    assert.equal(r.body, "replicate me after the reload");
    // The plan's schedule survived too: 12 hours are not up after one.
    assert.equal(await count(page, "[data-testid=snapshot]"), 1);
    await closeClean(app);
  } finally {
    await close();
  }
});

test("the toolkit panels at 1024 px in the dark theme", async () => {
  const app = await openApp({ colorScheme: "dark" });
  const { page } = app;
  await page.setViewportSize({ width: 1024, height: 900 });
  await versionedBucket(page, "dark-dst");
  await versionedBucket(page, "dark-src");
  await addRule(page, "dark-src", "dark-dst", "ALL", { historical: true });
  await upload(page, "photo.jpg", "pixels");
  const ak = await readOnlyIdentity(page, "night-reader");
  await page.selectOption("[data-testid=act-as]", ak);
  await clickAction(page, "action-delete");
  assert.equal((await lastLog(page)).status, 403);
  await shot(page, "toolkit-dark-1024-access");
  await part(page, "header", "toolkit-dark-1024-header-acting");
  await part(page, "protection", "toolkit-dark-1024-access-panel");
  await page.selectOption("[data-testid=act-as]", "");
  await tool(page, "replication");
  await shot(page, "toolkit-dark-1024-replication");
  await tool(page, "backup");
  await page.click("[data-testid=backup-save]");
  await page.click("[data-testid=backup-snapshot-now]");
  await page.click("[data-testid=snapshot] summary");
  await shot(page, "toolkit-dark-1024-backup");
  await part(page, "protection", "toolkit-dark-1024-backup-panel");
  // Everything is reachable by keyboard: the tool switcher and the act-as select take focus.
  await page.focus("[data-testid=protection-tab-access]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=access]");
  await page.focus("[data-testid=act-as]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "act-as");
  await closeClean(app);
});
