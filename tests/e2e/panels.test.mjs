// The panels as a learner meets them (issue 13): controls that send the request they stand
// for, bad input answered before sending, irreversible actions that ask first, form controls
// that show what will be sent, focus kept where the learner is, the request log's exact
// bytes, what survives a reload, the layout from a 390 px phone to 1440 px, and axe-core
// reporting no accessibility violation of any impact in the main states.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, openIn, launchProfile, waitReady, closeClean, shot, createBucket,
  setVersioning, upload, lastLog, logCount, stackRows, clickAction, assertAxeClean,
  assertNoSidewaysScroll,
} from "./helpers.mjs";

useBrowser();

const focusedTestid = (page) =>
  page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);

async function openKeyRow(page, key) {
  await page.click(`[data-testid=object-row][data-key="${key}"] button >> nth=0`);
  await page.waitForSelector("[data-testid=stack-row]");
}

test("the toolbar, pager and read buttons send the requests they stand for", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "markers");
  await setVersioning(page, "Enabled");
  await upload(page, "photo.jpg", "a photo");
  await upload(page, "photo.jpg", "a better photo");
  const [, older] = await stackRows(page);

  // Delete without a version id: a marker on top; GET of the key is still a button.
  await clickAction(page, "action-delete");
  assert.match(await page.textContent("[data-testid=effect-download]"), /404 NoSuchKey with x-oss-delete-marker/);
  await page.click("[data-testid=action-download]");
  let log = await lastLog(page);
  assert.deepEqual([log.op, log.status, log.code], ["GetObject", 404, "NoSuchKey"]);
  assert.match(log.text, /x-oss-delete-marker: true/);
  await page.click("[data-testid=action-head]");
  assert.deepEqual([(await lastLog(page)).op, (await lastLog(page)).status], ["HeadObject", 404]);

  // The two views send ListObjectVersions / ListObjects.
  await page.click("[data-testid=view-versions]");
  log = await lastLog(page);
  assert.equal(log.op, "ListObjectVersions");
  assert.match(log.text, /<DeleteMarker>/);
  await page.click("[data-testid=view-current]");
  log = await lastLog(page);
  assert.equal(log.op, "ListObjects");
  assert.doesNotMatch(log.text, /<Key>photo.jpg<\/Key>/);

  // Delete the older version by id, then read it by that id: 404 NoSuchVersion.
  await page.click(`[data-testid=stack-row][data-version="${older.version}"]`);
  await clickAction(page, "action-delete-version");
  assert.equal(await page.inputValue("[data-testid=get-version-id]"), older.version, "the deleted id is offered");
  await page.click("[data-testid=action-get-by-id]");
  log = await lastLog(page);
  assert.deepEqual([log.op, log.status, log.code], ["GetObject", 404, "NoSuchVersion"]);
  await closeClean(app);
});

test("bad form input is answered before anything is sent", async () => {
  const app = await openApp();
  const { page } = app;
  const before = await logCount(page);
  await page.click("[data-testid=create-bucket]");
  assert.match(await page.textContent("[data-testid=status]"), /Type a bucket name first.*Nothing was sent/);
  assert.equal(await logCount(page), before, "an empty bucket name sends nothing");

  await createBucket(page, "names");
  const n = await logCount(page);
  if (!(await page.$eval("[data-testid=upload]", (d) => d.open))) await page.click("[data-testid=upload] summary");
  for (const [key, why] of [
    ["", /Type an object name first/],
    ["/abs.txt", /InvalidObjectName.*must not start with \//],
    ["\\win.txt", /InvalidObjectName.*must not start with \\/],
  ]) {
    await page.fill("[data-testid=upload-key]", key);
    await page.click("[data-testid=upload-submit]");
    assert.match(await page.textContent("[data-testid=status]"), why, JSON.stringify(key));
    await page.click("[data-testid=upload-initiate-multipart]");
    assert.match(await page.textContent("[data-testid=status]"), why, JSON.stringify(key));
  }
  assert.equal(await logCount(page), n, "no bad name reached the lab");
  await closeClean(app);
});

test("irreversible actions say what will be lost and ask first; focus stays put", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "careful");
  await setVersioning(page, "Enabled");
  await upload(page, "report.txt", "good");
  await upload(page, "report.txt", "bad");
  const [, good] = await stackRows(page);

  // Recover by copy, then "delete the current entry" would delete the recovered copy: it asks.
  await page.click(`[data-testid=stack-row][data-version="${good.version}"]`);
  await page.click("[data-testid=action-recover-copy]");
  assert.notEqual(await focusedTestid(page), "BODY", "focus after Recover");
  assert.equal((await stackRows(page)).length, 3);
  const before = await logCount(page);
  await page.click("[data-testid=action-recover-delete]");
  const question = await page.textContent("[data-testid=action-recover-delete-confirm]");
  assert.match(question, /gone for good, even if it is a copy you just recovered/);
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === "confirm-yes");
  await page.keyboard.press("Escape");
  assert.equal(await page.$("[data-testid=action-recover-delete-confirm]"), null);
  assert.equal(await focusedTestid(page), "action-recover-delete", "Escape gives focus back");
  await page.click("[data-testid=action-recover-delete]");
  await page.click("[data-testid=confirm-no]");
  assert.equal(await logCount(page), before, "asking sent nothing");
  assert.equal((await stackRows(page)).length, 3);

  // Delete this version: asks, then sends; focus does not fall to <body>.
  await clickAction(page, "action-delete-version");
  assert.equal((await lastLog(page)).op, "DeleteObject");
  assert.equal((await stackRows(page)).length, 2);
  assert.notEqual(await focusedTestid(page), "BODY", "focus after Delete this version");

  // Delete (a marker) and Change class keep focus too.
  await page.click("[data-testid=action-delete]");
  assert.notEqual(await focusedTestid(page), "BODY", "focus after Delete");
  await page.click(`[data-testid=stack-row][data-position="1"]`);
  await page.selectOption("[data-testid=new-class]", "IA");
  await page.click("[data-testid=action-change-class]");
  assert.notEqual(await focusedTestid(page), "BODY", "focus after Change class");

  // Forbid overwrite in a versioned bucket: said to be ignored, and why.
  await page.check("[data-testid=copy-forbid]");
  assert.match(await page.textContent("[data-testid=copy-forbid-ignored]"), /versioned bucket OSS does not check/);
  if (!(await page.$eval("[data-testid=upload]", (d) => d.open))) await page.click("[data-testid=upload] summary");
  await page.check("[data-testid=upload-forbid]");
  assert.match(await page.textContent("[data-testid=upload-forbid-ignored]"), /Ignored here/);

  // Unversioned: a plain Delete is final, so it asks.
  await createBucket(page, "plain");
  await upload(page, "notes.txt", "precious");
  await page.click("[data-testid=action-delete]");
  assert.match(await page.textContent("[data-testid=action-delete-confirm]"), /notes\.txt .* gone for good/);
  await closeClean(app);
});

test("restore controls show the tier that is sent, per storage class", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "cold");
  await upload(page, "c.bin", "cold", { storageClass: "ColdArchive" });
  assert.deepEqual(
    await page.$$eval("[data-testid=restore-tier] option", (o) => o.map((x) => x.value)),
    ["Expedited", "Standard", "Bulk"],
  );
  await page.selectOption("[data-testid=restore-tier]", "Bulk");
  await page.click("[data-testid=action-restore]");
  assert.match((await lastLog(page)).text, /<Tier>Bulk<\/Tier>/);
  assert.equal(await page.inputValue("[data-testid=restore-tier]"), "Bulk", "the select still says what was sent");

  await upload(page, "d.bin", "deep", { storageClass: "DeepColdArchive" });
  assert.deepEqual(
    await page.$$eval("[data-testid=restore-tier] option", (o) => o.map((x) => x.value)),
    ["Expedited", "Standard"],
    "Deep Cold Archive has no Bulk",
  );
  assert.equal(await page.inputValue("[data-testid=restore-tier]"), "Standard");
  const hint = await page.textContent("[data-testid=restore-hint]");
  assert.match(hint, /Expedited ≈ 12 h/);
  assert.match(hint, /Standard ≈ 2 days|Standard ≈ 48 h/);
  assert.doesNotMatch(hint, /Bulk/);
  await page.click("[data-testid=action-restore]");
  assert.match((await lastLog(page)).text, /<Tier>Standard<\/Tier>/);
  await closeClean(app);
});

test("the request log shows the exact bytes; indenting is a labelled second view", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "logged");
  await page.click("[data-testid=view-versions]");
  const entry = page.locator("[data-testid=log-entry]").first();
  const raw = await entry.locator("[data-testid=log-response]").textContent();
  const [head, body] = raw.split(/\n\n/, 2).length === 2 ? [raw.slice(0, raw.indexOf("\n\n")), raw.slice(raw.indexOf("\n\n") + 2)] : [raw, ""];
  const length = Number(/content-length: (\d+)/i.exec(head)[1]);
  assert.equal(new TextEncoder().encode(body).length, length, "the shown body is the bytes Content-Length counts");
  assert.match(await entry.locator("[data-testid=log-view-label]").textContent(), /Exact bytes/);
  await entry.locator("[data-testid=log-pretty]").click();
  assert.equal(await entry.locator("[data-testid=log-response]").getAttribute("data-view"), "indented");
  assert.match(await entry.locator("[data-testid=log-view-label]").textContent(), /NOT the bytes sent/);
  await closeClean(app);
});

test("theme and a bounded request log survive a reload", async () => {
  const { context, close } = await launchProfile();
  try {
    const problems = [];
    const app = await openIn(context);
    const { page } = app;
    await createBucket(page, "kept");
    await page.click("[data-testid=theme-toggle]"); // light
    await page.click("[data-testid=theme-toggle]"); // dark
    const ops = await page.$$eval("[data-testid=log-entry]", (l) => l.map((x) => x.dataset.op));
    await page.reload({ waitUntil: "load" });
    await waitReady(page, problems);
    assert.equal(await page.getAttribute("html", "data-theme"), "dark");
    assert.match(await page.textContent("[data-testid=theme-toggle]"), /Dark/);
    const after = await page.$$eval("[data-testid=log-entry]", (l) => l.map((x) => x.dataset.op));
    assert.deepEqual(after.slice(0, ops.length), ops, "the log is back, newest first");
    await closeClean(app);
  } finally {
    await close();
  }
});

/** A populated lab: a versioned bucket with a long name, versions, a marker, an Archive
 *  object whose restore is in progress (the clock is paused, so it stays in progress). */
async function populate(page) {
  await createBucket(page, "lesson-markers-and-long-names");
  await setVersioning(page, "Enabled");
  await upload(page, "docs/report.txt", "v1");
  await upload(page, "docs/report.txt", "v2");
  await page.click("[data-testid=action-delete]");
  await upload(page, "archive.bin", "frozen", { storageClass: "Archive" });
  if ((await page.textContent("[data-testid=clock-play]")).includes("Pause")) await page.click("[data-testid=clock-play]");
  await page.click("[data-testid=action-restore]");
  await page.waitForSelector("[data-testid=restore-progress]");
}

test("axe: empty lab, populated stack with a restore in progress, log expanded, dark theme", async () => {
  const app = await openApp();
  const { page } = app;
  await assertAxeClean(page, "empty lab");
  await populate(page);
  await assertAxeClean(page, "populated stack, restore in progress, newest log entry open");
  await page.locator("[data-testid=log-entry] [data-testid=log-pretty]").first().click();
  await assertAxeClean(page, "log entry in the indented view");
  await page.click("[data-testid=theme-toggle]"); // light
  await page.click("[data-testid=theme-toggle]"); // dark
  await assertAxeClean(page, "dark theme");
  await closeClean(app);
});

test("axe: a lesson mid-way", async () => {
  const app = await openApp({ hash: "#/lessons/delete-markers" });
  const { page } = app;
  await page.waitForSelector("[data-testid=lesson]");
  for (let k = 0; k < 3; k++) {
    await page.click("[data-testid=lesson-run]");
    await page.waitForSelector(`[data-testid=lesson-result][data-step="${k}"]`);
  }
  await assertAxeClean(page, "lesson mid-way");
  await closeClean(app);
});

test("phone (390 px) to wide (1440 px): no sideways scrolling, names whole, axe clean", async () => {
  const app = await openApp();
  const { page } = app;
  await page.setViewportSize({ width: 390, height: 844 });
  await assertNoSidewaysScroll(page, "empty lab at 390 px");
  await populate(page);
  await assertNoSidewaysScroll(page, "populated lab at 390 px");
  await assertAxeClean(page, "phone width");
  await shot(page, "phone-390-stack");
  await page.goto(page.url().split("#")[0] + "#/lessons/delete-markers");
  await page.waitForSelector("[data-testid=lesson]");
  await page.click("[data-testid=lesson-run]");
  await page.waitForSelector('[data-testid=lesson-result][data-step="0"]');
  await assertNoSidewaysScroll(page, "lesson at 360 px");
  await shot(page, "phone-390-lesson");
  await page.setViewportSize({ width: 360, height: 740 });
  await assertNoSidewaysScroll(page, "lesson at 360 px");

  await page.setViewportSize({ width: 1440, height: 900 });
  const cut = await page.$$eval("[data-testid=bucket-item] .bucket-name", (names) =>
    names.filter((n) => n.scrollWidth > n.clientWidth + 1).map((n) => n.textContent),
  );
  assert.deepEqual(cut, [], "bucket names are shown whole at 1440 px");
  await shot(page, "wide-1440");
  await closeClean(app);
});
