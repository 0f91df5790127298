// Versioning flows in the UI: buckets, three versions, delete markers, recovery both ways,
// suspended-mode null versions, forbid-overwrite, batch delete.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, upload, lastLog,
  stackRows, rawRequest, clickAction
} from "./helpers.mjs";

useBrowser();

test("bucket names are validated by OSS's answer, shown in plain words", async () => {
  const app = await openApp();
  const { page } = app;
  await page.fill("[data-testid=new-bucket-name]", "Bad_Name");
  await page.click("[data-testid=create-bucket]");
  const status = await page.textContent("[data-testid=status]");
  assert.match(status, /400 InvalidBucketName/);
  assert.match(status, /lower-case letters, digits and hyphens/);
  assert.equal((await lastLog(page)).code, "InvalidBucketName");
  await createBucket(page, "photos");
  await page.fill("[data-testid=new-bucket-name]", "photos");
  await page.click("[data-testid=create-bucket]");
  assert.match(await page.textContent("[data-testid=status]"), /409 BucketAlreadyExists/);
  await closeClean(app);
});

test("versions, delete marker, 404 with marker, recover both ways, suspend → null version", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "photos");
  assert.equal(await page.textContent("[data-testid=versioning-state]"), "Unversioned");
  await setVersioning(page, "Enabled");
  assert.equal((await lastLog(page)).op, "PutBucketVersioning");

  for (const n of [1, 2, 3]) await upload(page, "docs/example.txt", `content v${n}`);
  let rows = await stackRows(page);
  assert.equal(rows.length, 3);
  assert.ok(rows[0].current && !rows[1].current && !rows[2].current, "newest on top is current");
  assert.ok(rows.every((r) => r.kind === "version"));
  await shot(page, "stack-three-versions");

  // The folder shows in the current view.
  await page.click("[data-testid=breadcrumb] button >> nth=0");
  await page.waitForSelector("[data-testid=folder-row]");
  assert.match(await page.textContent("[data-testid=folder-row]"), /docs\//);

  // Delete without a version id: the effect is said before the click.
  assert.match(await page.textContent("[data-testid=effect-delete]"), /adds a delete marker/);
  await clickAction(page, "action-delete");
  rows = await stackRows(page);
  assert.equal(rows.length, 4);
  assert.equal(rows[0].kind, "marker");
  assert.ok(rows[0].current);
  assert.match(rows[0].text, /Delete marker/);
  const log = await lastLog(page);
  assert.equal(log.op, "DeleteObject");
  assert.match(log.text, /x-oss-delete-marker: true/);
  await shot(page, "stack-delete-marker");

  // GET now answers 404 NoSuchKey with x-oss-delete-marker, explained in the log.
  await rawRequest(page, { method: "GET", path: "/photos/docs%2Fexample.txt" });
  const get = await lastLog(page);
  assert.equal(get.status, 404);
  assert.equal(get.code, "NoSuchKey");
  assert.match(get.text, /current version is a delete marker/);
  assert.match(await page.textContent("[data-testid=raw-explain]"), /delete marker/);

  // Recover 1: delete the current entry (the marker) by version id.
  assert.match(await page.textContent("[data-testid=effect-recover-delete]"), /delete marker/);
  await clickAction(page, "action-recover-delete");
  rows = await stackRows(page);
  assert.equal(rows.length, 3);
  assert.equal(rows[0].kind, "version");
  assert.ok(rows[0].current);

  // Recover 2: copy the oldest version on top.
  const oldest = rows[2].version;
  await page.click(`[data-testid=stack-row][data-version="${oldest}"]`);
  assert.match(await page.textContent("[data-testid=action-target]"), /noncurrent/);
  assert.match(await page.textContent("[data-testid=effect-delete-version]"), /permanently deletes version/);
  await page.click("[data-testid=action-recover-copy]");
  rows = await stackRows(page);
  assert.equal(rows.length, 4);
  assert.equal((await lastLog(page)).op, "CopyObject");
  await page.click("[data-testid=action-download]");
  assert.equal(await page.textContent("[data-testid=preview-text]"), "content v1");

  // Suspend: the next write is the null version; a second write replaces it (no growth).
  await setVersioning(page, "Suspended");
  await upload(page, "docs/example.txt", "null one");
  rows = await stackRows(page);
  assert.equal(rows.length, 5);
  assert.equal(rows[0].version, "null");
  assert.match(rows[0].text, /null version/);
  await upload(page, "docs/example.txt", "null two");
  rows = await stackRows(page);
  assert.equal(rows.length, 5, "the null version was replaced, not added");
  assert.equal(rows.filter((r) => r.version === "null").length, 1);
  await page.click("[data-testid=action-download]");
  assert.equal(await page.textContent("[data-testid=preview-text]"), "null two");
  await shot(page, "stack-null-version");

  // Suspended delete: a null delete marker replaces the null version.
  assert.match(await page.textContent("[data-testid=effect-delete]"), /version id null/);
  await clickAction(page, "action-delete");
  rows = await stackRows(page);
  assert.equal(rows.length, 5);
  assert.equal(rows[0].kind, "marker");
  assert.equal(rows[0].version, "null");
  await closeClean(app);
});

test("forbid-overwrite answers 409 FileAlreadyExists in an unversioned bucket", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "plain");
  await upload(page, "a.txt", "first");
  assert.match(await page.textContent("[data-testid=effect-delete]"), /forever \(unversioned bucket\)/);
  await upload(page, "a.txt", "second", { forbid: true });
  const log = await lastLog(page);
  assert.equal(log.status, 409);
  assert.equal(log.code, "FileAlreadyExists");
  assert.match(log.text, /forbid-overwrite/);
  assert.match(await page.textContent("[data-testid=status]"), /409 FileAlreadyExists/);
  await page.click("[data-testid=action-download]");
  assert.equal(await page.textContent("[data-testid=preview-text]"), "first");
  await shot(page, "forbid-overwrite");
  await closeClean(app);
});

test("batch delete sends POST ?delete with Content-MD5", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "batch");
  await setVersioning(page, "Enabled");
  for (const k of ["a.txt", "b.txt", "c.txt"]) await upload(page, k, k);
  await page.click("[data-testid=breadcrumb] button >> nth=0");
  await page.check('[aria-label="Select a.txt"]');
  await page.check('[aria-label="Select b.txt"]');
  assert.match(await page.textContent("[data-testid=batch-effect]"), /adds a delete marker/);
  await clickAction(page, "batch-delete");
  const log = await lastLog(page);
  assert.equal(log.op, "DeleteMultipleObjects");
  assert.equal(log.status, 200);
  assert.match(log.text, /content-md5: /);
  const keys = await page.$$eval("[data-testid=object-row]", (r) => r.map((x) => x.dataset.key));
  assert.deepEqual(keys, ["c.txt"]);
  await page.click("[data-testid=view-versions]");
  const markers = await page.$$eval("[data-testid=object-row].row-marker", (r) => r.length);
  assert.equal(markers, 2);
  await shot(page, "batch-versions-view");
  await closeClean(app);
});
