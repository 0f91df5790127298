// Lessons 9 and 10 completed entirely by hand through the page's own panels (clicks and form
// fills only: no console, no window.osslab), each step judged by the lesson's own "check"
// button; the multipart parts form (UploadPart, Complete, Abort) and the lifecycle panel
// send the real requests; axe-core finds no violation with the new panels open (issue 13).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, upload, lastLog, clickAction,
  assertAxeClean, openUpload, checkStep as check, addRule,
} from "./helpers.mjs";

useBrowser();

test("lesson 9 by hand: upload form, forbid-overwrite, copy, multipart start, versioning", async () => {
  const app = await openApp({ hash: "#/lessons/forbid-overwrite" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="forbid-overwrite"]');
  await createBucket(page, "lesson-overwrite");
  await check(page, 0);
  await upload(page, "config.json", '{"v":1}');
  await check(page, 1);
  await upload(page, "config.json", '{"v":2}', { forbid: true });
  assert.equal((await lastLog(page)).code, "FileAlreadyExists");
  await check(page, 2);
  // CopyObject onto itself with the header, through the copy form (the name is pre-filled
  // from the key the upload opened).
  await page.click("[data-testid=copy] summary");
  assert.equal(await page.inputValue("[data-testid=copy-source]"), "config.json");
  assert.equal(await page.inputValue("[data-testid=copy-target]"), "config.json");
  await page.check("[data-testid=copy-form-forbid]");
  await page.click("[data-testid=copy-submit]");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry]")?.dataset.op === "CopyObject");
  assert.equal((await lastLog(page)).code, "FileAlreadyExists");
  await assertAxeClean(page, "copy form");
  await check(page, 3);
  // InitiateMultipartUpload with the header (still ticked in the upload form).
  await openUpload(page);
  await page.fill("[data-testid=upload-key]", "config.json");
  assert.ok(await page.isChecked("[data-testid=upload-forbid]"));
  await page.click("[data-testid=upload-initiate-multipart]");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry]")?.dataset.op === "InitiateMultipartUpload");
  assert.equal((await lastLog(page)).code, "FileAlreadyExists");
  assert.equal(await page.$("[data-testid=multipart]"), null, "a refused start offers no parts form");
  await check(page, 4);
  await setVersioning(page, "Enabled");
  await check(page, 5);
  await upload(page, "config.json", '{"v":2}', { forbid: true });
  await check(page, 6);
  await page.waitForSelector("[data-testid=lesson-complete]");
  await closeClean(app);
});

test("multipart by hand: Upload part N, Complete, and Abort asking first", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "parts-by-hand");
  await openUpload(page);
  await page.fill("[data-testid=upload-key]", "big.txt");
  if (await page.isChecked("[data-testid=upload-forbid]")) await page.click("[data-testid=upload-forbid]");
  await page.click("[data-testid=upload-initiate-multipart]");
  await page.waitForSelector("[data-testid=multipart]");
  const op = async () => (await lastLog(page)).op;
  assert.equal(await op(), "InitiateMultipartUpload");
  // Every part but the last must be at least 100 KB.
  await page.fill("[data-testid=multipart-text]", "a".repeat(100 * 1024));
  await page.click("[data-testid=multipart-upload-part]");
  await page.waitForSelector("[data-testid=multipart-upload-part]:text-is('Upload part 2')");
  assert.deepEqual([await op(), (await lastLog(page)).status], ["UploadPart", 200]);
  await page.fill("[data-testid=multipart-text]", "the end");
  await page.click("[data-testid=multipart-upload-part]");
  await page.waitForSelector("[data-testid=multipart-upload-part]:text-is('Upload part 3')");
  assert.match(await page.textContent("[data-testid=multipart-parts]"), /Parts uploaded: 1, 2/);
  await assertAxeClean(page, "multipart parts form");
  await shot(page, "multipart-by-hand");
  await page.click("[data-testid=multipart-complete]");
  await page.waitForSelector("[data-testid=multipart]", { state: "detached" });
  assert.deepEqual([await op(), (await lastLog(page)).status], ["CompleteMultipartUpload", 200]);
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === "upload-initiate-multipart");
  await page.waitForSelector('[data-testid=object-row][data-key="big.txt"]');

  // A second upload, aborted: the question says what is lost, and only "yes" sends.
  await page.click("[data-testid=upload-initiate-multipart]");
  await page.waitForSelector("[data-testid=multipart]");
  await page.click("[data-testid=multipart-upload-part]");
  await page.waitForSelector("[data-testid=multipart-upload-part]:text-is('Upload part 2')");
  await page.click("[data-testid=multipart-abort]");
  await page.click("[data-testid=confirm-no]");
  assert.equal(await op(), "UploadPart", "Cancel sends nothing");
  await clickAction(page, "multipart-abort");
  await page.waitForSelector("[data-testid=multipart]", { state: "detached" });
  assert.deepEqual([await op(), (await lastLog(page)).status], ["AbortMultipartUpload", 204]);
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === "upload-initiate-multipart");
  await closeClean(app);
});

test("lesson 10 by hand: the lifecycle panel puts, shows and deletes the rules; the clock's buttons", async () => {
  const app = await openApp({ hash: "#/lessons/lifecycle-versions" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="lifecycle-versions"]');
  await createBucket(page, "lesson-lifecycle");
  await check(page, 0);
  await setVersioning(page, "Enabled");
  await check(page, 1);
  await upload(page, "logs/app.log", "day 1");
  await check(page, 2);
  await upload(page, "logs/app.log", "day 1, later");
  await check(page, 3);

  await page.click("[data-testid=lifecycle] summary");
  await addRule(page, { id: "expire-logs", prefix: "logs/", expire: "1", noncurrent: "1" });
  await addRule(page, { id: "clean-markers", prefix: "logs/", markers: true });
  assert.equal((await page.$$("[data-testid=lifecycle-draft-rule]")).length, 2);
  const xml = await page.textContent("[data-testid=lifecycle-xml]");
  assert.match(xml, /<ID>expire-logs<\/ID>[\s\S]*<Days>1<\/Days>[\s\S]*<NoncurrentDays>1<\/NoncurrentDays>/);
  assert.match(xml, /<ID>clean-markers<\/ID>[\s\S]*<ExpiredObjectDeleteMarker>true<\/ExpiredObjectDeleteMarker>/);
  await assertAxeClean(page, "lifecycle panel with a draft");
  await page.click("[data-testid=lifecycle-put]");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry]")?.dataset.op === "PutBucketLifecycle");
  assert.equal((await lastLog(page)).status, 200);
  await check(page, 4);

  await page.click("[data-testid=jump-day]");
  await page.click("[data-testid=jump-day]");
  await check(page, 5);
  await page.click("[data-testid=jump-day]");
  await page.click("[data-testid=jump-day]");
  await check(page, 6);
  await page.waitForSelector("[data-testid=lesson-complete]");

  // The current rules, read back with GetBucketLifecycle, then deleted (asking first).
  await page.click("[data-testid=lifecycle-get]");
  await page.waitForSelector("[data-testid=lifecycle-current-rule]");
  assert.equal((await lastLog(page)).op, "GetBucketLifecycle");
  const rules = await page.$$eval("[data-testid=lifecycle-current-rule]", (l) => l.map((e) => e.textContent));
  assert.equal(rules.length, 2);
  assert.match(rules[1], /clean-markers \(logs\/, Enabled\): delete markers with nothing behind them are removed/);
  await assertAxeClean(page, "lifecycle panel with the current rules");
  await shot(page, "lifecycle-by-hand");
  await clickAction(page, "lifecycle-delete");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry]")?.dataset.op === "DeleteBucketLifecycle");
  assert.equal((await lastLog(page)).status, 204);
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === "lifecycle-delete");
  await page.click("[data-testid=lifecycle-get]");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry]")?.dataset.code === "NoSuchLifecycle");
  await closeClean(app);
});
