// Lessons 1–8, 11, 12 and 13 completed entirely by hand through the page's own panels
// (clicks, form fills and keys: no console, no window.osslab), each step judged by the
// lesson's own "I did it myself — check" (lessons 9 and 10: lessons-by-hand.test.mjs). The
// clock varies: most lessons run with it playing at 1× (the page's default), lesson 7 at an
// hour a second and lesson 8 at a day a second with pauses longer than their restores
// between steps; a lesson 7 state that the clock moved past says so and offers the way
// back; axe-core is clean in the states these lessons reach; one lesson at phone width.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, upload, lastLog, clickAction,
  assertAxeClean, assertNoSidewaysScroll, openUpload, playClock, sleep, checkStep as check,
  checkVerdict, addRule, stackRows,
} from "./helpers.mjs";

useBrowser();

async function openLesson(slug, options = {}) {
  const app = await openApp({ hash: `#/lessons/${slug}`, ...options });
  await app.page.waitForSelector(`[data-testid=lesson][data-slug="${slug}"]`);
  return app;
}

const clockPlaying = async (page) => (await page.getAttribute("[data-testid=clock-play]", "aria-pressed")) === "true";

/** Clicks a stack row (0 = top, the newest) to act on that version. */
/** Most lessons begin the same way: create the bucket (step 1), enable versioning (step 2). */
async function versionedBucket(page, name) {
  await createBucket(page, name);
  await check(page, 0);
  await setVersioning(page, "Enabled");
  await check(page, 1);
}

async function pickVersion(page, nth) {
  const rows = page.locator("[data-testid=stack-row]");
  await (nth < 0 ? rows.nth((await rows.count()) + nth) : rows.nth(nth)).click();
}

/** The GET button of the actions panel; returns the preview's text (null after an error). */
async function download(page) {
  await page.click("[data-testid=action-download]");
  const log = await lastLog(page);
  assert.equal(log.op, "GetObject");
  return log.status === 200 ? page.textContent("[data-testid=preview-text]") : null;
}

async function waitOp(page, op) {
  await page.waitForFunction((o) => document.querySelector("[data-testid=log-entry]")?.dataset.op === o, op);
  return lastLog(page);
}

/** The append form (AppendObject) at `position` ("" = the object's length). */
async function append(page, key, text, position = "") {
  if (!(await page.$eval("[data-testid=append]", (d) => d.open))) await page.click("[data-testid=append] summary");
  await page.fill("[data-testid=append-key]", key);
  await page.fill("[data-testid=append-text]", text);
  await page.fill("[data-testid=append-position]", position);
  await page.click("[data-testid=append-submit]");
  return waitOp(page, "AppendObject");
}

/** The restore form of the version acted on. */
async function restore(page, days, tier) {
  await page.fill("[data-testid=restore-days]", String(days));
  if (tier) await page.selectOption("[data-testid=restore-tier]", tier);
  await page.click("[data-testid=action-restore]");
  return waitOp(page, "RestoreObject");
}

test("lessons 1–4 by hand with the clock playing at 1×", async () => {
  const app = await openLesson("versioning-basics");
  const { page } = app;
  assert.ok(await clockPlaying(page), "the page starts with the clock playing");
  assert.equal(await page.inputValue("[data-testid=clock-speed]"), "1");

  // 1. Versioning basics.
  await versionedBucket(page, "lesson-basics");
  for (const [k, n] of [[2, 1], [3, 2], [4, 3]]) {
    await upload(page, "example.jpg", `version ${n}`);
    await check(page, k);
  }
  assert.equal(await download(page), "version 3");
  let v = await check(page, 5);
  assert.match(v.response, /Content: version 3/);
  await pickVersion(page, -1);
  assert.equal(await download(page), "version 1");
  assert.match((await lastLog(page)).text, /versionId/);
  await check(page, 6);
  await page.waitForSelector("[data-testid=lesson-complete]");
  assert.ok(await clockPlaying(page), "a lesson without time leaves the clock alone");

  // 2. Delete markers: Delete, the marker's GET, both listings from the objects toolbar.
  await page.click("[data-testid=lesson-next]");
  await page.waitForSelector('[data-testid=lesson][data-slug="delete-markers"]');
  await versionedBucket(page, "lesson-markers");
  await upload(page, "photo.jpg", "a photo");
  await check(page, 2);
  await page.click("[data-testid=action-delete]");
  assert.equal((await lastLog(page)).status, 204);
  await check(page, 3);
  assert.equal(await page.textContent("[data-testid=action-download]"), "⬇ GET");
  assert.equal(await download(page), null);
  assert.equal((await lastLog(page)).code, "NoSuchKey");
  await check(page, 4);
  await page.click("[data-testid=view-versions]");
  assert.equal((await lastLog(page)).op, "ListObjectVersions");
  v = await check(page, 5);
  assert.match(v.response, /<DeleteMarker>/);
  await page.click("[data-testid=view-current]");
  assert.equal((await lastLog(page)).op, "ListObjects");
  await check(page, 6);

  // 3. Permanent deletes: Delete this version (asks), then GET ?versionId of the id just deleted.
  await page.click("[data-testid=lesson-next]");
  await page.waitForSelector('[data-testid=lesson][data-slug="permanent-deletes"]');
  await versionedBucket(page, "lesson-permanent");
  await upload(page, "doc.txt", "first");
  await check(page, 2);
  await upload(page, "doc.txt", "second");
  await check(page, 3);
  const v2 = (await stackRows(page))[0].version;
  await clickAction(page, "action-delete-version");
  await check(page, 4);
  assert.equal(await page.inputValue("[data-testid=get-version-id]"), v2, "GET by id offers the id just deleted");
  await page.click("[data-testid=action-get-by-id]");
  assert.equal((await waitOp(page, "GetObject")).code, "NoSuchVersion");
  await check(page, 5);

  // 4. Recovery: copy the good version on top, then delete the current entry (asks).
  await page.click("[data-testid=lesson-next]");
  await page.waitForSelector('[data-testid=lesson][data-slug="recovery"]');
  await versionedBucket(page, "lesson-recovery");
  await upload(page, "report.txt", "good");
  await check(page, 2);
  await upload(page, "report.txt", "bad");
  await check(page, 3);
  await pickVersion(page, -1);
  await page.click("[data-testid=action-recover-copy]");
  assert.equal((await lastLog(page)).op, "CopyObject");
  await check(page, 4);
  await upload(page, "report.txt", "bad again");
  await check(page, 5);
  await clickAction(page, "action-recover-delete");
  await check(page, 6);
  await page.waitForSelector("[data-testid=lesson-complete]");
  await assertAxeClean(page, "lesson 4 complete by hand");
  await closeClean(app);
});

test("lessons 5 and 6 by hand: the upload form's Repeat, the pager at 1000, a Suspended delete that asks", async () => {
  const app = await openLesson("listing-many-versions");
  const { page } = app;
  await versionedBucket(page, "lesson-listing");
  // Repeat: 900 real PutObjects from the form, {i} counting them.
  await openUpload(page);
  await page.fill("[data-testid=upload-repeat]", "900");
  assert.match(await page.textContent("[data-testid=upload-repeat-hint]"), /900 PutObjects.*\{i\} in the text counts them/);
  // The run goes in batches, one per frame, with a progress bar that goes away at the end.
  const progressShown = page.waitForSelector("[data-testid=upload-progress] progress", { timeout: 60000 });
  await upload(page, "example.jpg", "example {i}", { times: 900 });
  await progressShown;
  assert.equal(await page.$("[data-testid=upload-progress]"), null);
  assert.equal((await lastLog(page)).op, "PutObject");
  await check(page, 2);
  await upload(page, "photo.jpg", "photo {i}", { times: 500 });
  await check(page, 3);
  await assertAxeClean(page, "upload form with Repeat after 1400 uploads");
  await page.selectOption("[data-testid=page-size]", "1000");
  await page.click("[data-testid=view-versions]");
  let log = await lastLog(page);
  assert.equal(log.op, "ListObjectVersions");
  assert.match(log.text, /max-keys=1000/);
  let v = await check(page, 4);
  await page.click("[data-testid=page-next]");
  log = await lastLog(page);
  assert.match(log.text, /key-marker=photo\.jpg/);
  assert.equal(await page.textContent("[data-testid=page-number]"), "Page 2");
  await check(page, 5);
  await page.waitForSelector("[data-testid=lesson-complete]");

  // 6. Suspended versioning and the null version.
  await page.click("[data-testid=lesson-next]");
  await page.waitForSelector('[data-testid=lesson][data-slug="suspended-null-version"]');
  await createBucket(page, "lesson-suspended");
  await check(page, 0);
  await upload(page, "notes.txt", "from before versioning");
  await check(page, 1);
  await setVersioning(page, "Enabled");
  await check(page, 2);
  await upload(page, "notes.txt", "enabled");
  await check(page, 3);
  await setVersioning(page, "Suspended");
  await check(page, 4);
  await upload(page, "notes.txt", "suspended");
  await check(page, 5);
  // The null version's content is lost by this delete: it says so and asks first.
  await page.click("[data-testid=action-delete]");
  assert.match(await page.textContent("[data-testid=action-delete-confirm]"), /null version of notes\.txt .* gone for good/);
  await assertAxeClean(page, "a Suspended delete asking first");
  await page.click("[data-testid=confirm-no]");
  assert.equal((await lastLog(page)).op, "PutObject", "Cancel sends nothing");
  await clickAction(page, "action-delete");
  v = await check(page, 6);
  assert.match(v.response, /x-oss-delete-marker: true/);
  await page.waitForSelector("[data-testid=lesson-complete]");
  await closeClean(app);
});

test("lesson 7 by hand at an hour a second, with a pause longer than the restore between steps", async () => {
  const app = await openLesson("archive-restore");
  const { page } = app;
  await playClock(page, 3600);
  await createBucket(page, "lesson-archive");
  await check(page, 0);
  assert.equal(await clockPlaying(page), false, "the lesson paused the clock");
  await upload(page, "archive.bin", "cold bytes", { storageClass: "Archive" });
  await check(page, 1);
  assert.equal(await download(page), null);
  assert.equal((await lastLog(page)).code, "InvalidObjectState");
  await check(page, 2);
  // Archive: no tier to choose.
  assert.equal(await page.$("[data-testid=restore-tier]"), null);
  assert.equal((await restore(page, 2)).status, 202);
  await check(page, 3);
  // Two real seconds: two virtual hours had the clock still played; the restore takes a minute.
  await sleep(2000);
  await page.click("[data-testid=action-head]");
  assert.match((await waitOp(page, "HeadObject")).text, /ongoing-request="true"/);
  await assertAxeClean(page, "lesson 7 with a restore in progress");
  await check(page, 4);
  // "Let a minute pass": the header's +1 min.
  await page.click("[data-testid=jump-minute]");
  await check(page, 5);
  await page.click("[data-testid=action-head]");
  assert.match((await waitOp(page, "HeadObject")).text, /ongoing-request="false", expiry-date=/);
  await check(page, 6);
  await page.click("[data-testid=jump-day]");
  await page.click("[data-testid=jump-day]");
  await check(page, 7);
  await page.waitForSelector("[data-testid=lesson-complete]");
  // Two days of an Archive object, a class without a public price: the Bill's cost chart
  // says why it is empty; its GB-hours view draws the quantity.
  await page.waitForSelector("[data-testid=bill-chart-empty]");
  assert.match(await page.textContent("[data-testid=bill-chart-empty]"), /nothing with a price/);
  await page.click("[data-testid=bill-measure-gbh]");
  await page.waitForSelector("[data-testid=bill-chart] polygon[data-series=current]");
  assert.equal(await page.$("[data-testid=bill-chart-empty]"), null);
  await closeClean(app);
});

test("lesson 7: a clock played past the restore is explained, with the way back", async () => {
  const app = await openLesson("archive-restore");
  const { page } = app;
  await createBucket(page, "lesson-archive");
  await check(page, 0);
  await upload(page, "archive.bin", "cold bytes", { storageClass: "Archive" });
  await check(page, 1);
  await download(page);
  await check(page, 2);
  await restore(page, 2);
  await check(page, 3);
  // The learner plays the clock again ("at your own risk"): the restore finishes unseen.
  await playClock(page, 3600);
  await sleep(1500);
  await page.click("[data-testid=clock-play]");
  await page.click("[data-testid=action-head]");
  await waitOp(page, "HeadObject");
  const v = await checkVerdict(page, 4);
  assert.equal(v.state, "fail");
  assert.match(v.why, /restore has already finished.*Restart the lesson, or let the restored copy expire/);
  await assertAxeClean(page, "a lesson step the clock moved past");
  await shot(page, "lesson-archive-past-restore");
  // The other way back it names: let the copy expire, restore again, HEAD at once.
  await page.click("[data-testid=jump-day]");
  await page.click("[data-testid=jump-day]");
  await restore(page, 2);
  await page.click("[data-testid=action-head]");
  await waitOp(page, "HeadObject");
  await check(page, 4);
  // And Restart: the bucket is emptied and deleted, step 1 again.
  await page.click("[data-testid=lesson-restart]");
  await page.waitForSelector("[data-testid=lesson-restarted]");
  assert.equal(await page.$eval("[data-testid=lesson-step]", (el) => el.dataset.step), "0");
  assert.equal((await lastLog(page)).op, "DeleteBucket");
  await closeClean(app);
});

test("lesson 8 by hand at a day a second, pausing longer than the restore", async () => {
  const app = await openLesson("clean-restored-object");
  const { page } = app;
  await playClock(page, 86400);
  await createBucket(page, "lesson-clean");
  await check(page, 0);
  await upload(page, "cold.bin", "cold", { storageClass: "ColdArchive" });
  await check(page, 1);
  await page.click("[data-testid=action-clean]");
  assert.equal((await waitOp(page, "CleanRestoredObject")).code, "ArchiveRestoreFileStale");
  await check(page, 2);
  // The tier select shows what is sent, and offers Cold Archive's three tiers.
  assert.deepEqual(await page.$$eval("[data-testid=restore-tier] option", (o) => o.map((x) => x.value)), ["Expedited", "Standard", "Bulk"]);
  assert.equal((await restore(page, 1, "Expedited")).status, 202);
  assert.match((await lastLog(page)).text, /<Tier>Expedited<\/Tier>/);
  assert.equal(await page.inputValue("[data-testid=restore-tier]"), "Expedited");
  await check(page, 3);
  await sleep(1500); // a day and a half had the clock played; the restore takes an hour
  await page.click("[data-testid=action-clean]");
  assert.equal((await waitOp(page, "CleanRestoredObject")).code, "ArchiveRestoreNotFinished");
  await check(page, 4);
  await page.click("[data-testid=jump-hour]");
  await check(page, 5);
  await page.click("[data-testid=action-clean]");
  assert.equal((await waitOp(page, "CleanRestoredObject")).status, 200);
  await check(page, 6);
  await page.waitForSelector("[data-testid=lesson-complete]");
  await closeClean(app);
});

test("lessons 11 and 13 by hand at 1×: final deletes, the append form", async () => {
  const app = await openLesson("what-cannot-be-recovered");
  const { page } = app;
  await createBucket(page, "lesson-final");
  await check(page, 0);
  await upload(page, "notes.txt", "precious");
  await check(page, 1);
  await clickAction(page, "action-delete");
  await check(page, 2);
  await setVersioning(page, "Enabled");
  await check(page, 3);
  await upload(page, "notes.txt", "precious");
  await check(page, 4);
  await clickAction(page, "action-delete-version");
  await check(page, 5);
  await page.click("[data-testid=view-current]");
  await page.waitForSelector("[data-testid=objects-empty]");
  await check(page, 6);
  await page.waitForSelector("[data-testid=lesson-complete]");

  await page.evaluate(() => { location.hash = "#/lessons/appends-and-versions"; });
  await page.waitForSelector('[data-testid=lesson][data-slug="appends-and-versions"]');
  await versionedBucket(page, "lesson-append");
  let log = await append(page, "app.log", "line 1\n");
  assert.equal(log.status, 200);
  await check(page, 2);
  await append(page, "app.log", "line 2\n");
  await check(page, 3);
  log = await append(page, "app.log", "again\n", "0");
  assert.equal(log.code, "PositionNotEqualToLength");
  await check(page, 4);
  await upload(page, "app.log", "rotated\n");
  await check(page, 5);
  log = await append(page, "app.log", "line 3\n", "0");
  assert.equal(log.code, "ObjectNotAppendable");
  await assertAxeClean(page, "the append form after a refused append");
  await check(page, 6);
  await pickVersion(page, -1);
  assert.equal(await download(page), "line 1\nline 2\n");
  await check(page, 7);
  await page.click("[data-testid=action-delete]");
  await check(page, 8);
  await append(page, "app.log", "new log\n", "0");
  await check(page, 9);
  await page.waitForSelector("[data-testid=lesson-complete]");
  await closeClean(app);
});

const REPORT = "date,region,orders,revenue\nday {i},cn-hangzhou,1024,88231.50\nday {i},cn-shanghai,977,80112.25\n";

test("lesson 12 by hand at 1×: daily uploads from the form, the bill's request, the lifecycle panel", async () => {
  const app = await openLesson("what-versions-cost");
  const { page } = app;
  await versionedBucket(page, "lesson-cost");
  const clock0 = await page.getAttribute("[data-testid=clock]", "datetime");
  await upload(page, "report.csv", REPORT, { times: 30, daily: true });
  assert.match(await page.textContent("[data-testid=status]"), /the clock moved 30 days/);
  assert.notEqual(await page.getAttribute("[data-testid=clock]", "datetime"), clock0);
  await check(page, 2);
  await page.click("[data-testid=bill-read]");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry] .log-line")?.textContent === "GET /_osslab/bill?bucket=lesson-cost");
  assert.equal((await lastLog(page)).status, 200);
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === "bill-read");
  await check(page, 3);
  await page.click("[data-testid=lifecycle] summary");
  await addRule(page, { id: "expire-old-reports", prefix: "", noncurrent: "1" });
  await page.click("[data-testid=lifecycle-put]");
  assert.equal((await waitOp(page, "PutBucketLifecycle")).status, 200);
  await check(page, 4);
  for (let d = 0; d < 3; d++) await page.click("[data-testid=jump-day]");
  await check(page, 5);
  await upload(page, "report.csv", REPORT, { times: 10, daily: true });
  await check(page, 6);
  await upload(page, "cold.bin", "an archived year of reports, kept for the auditors", { storageClass: "ColdArchive" });
  await check(page, 7);
  await restore(page, 7, "Expedited");
  await check(page, 8);
  await page.click("[data-testid=jump-hour]");
  await page.click("[data-testid=jump-hour]");
  await check(page, 9);
  await page.click("[data-testid=action-clean]");
  assert.equal((await waitOp(page, "CleanRestoredObject")).status, 200);
  await check(page, 10);
  await assertAxeClean(page, "lesson 12 with the bill read");
  await check(page, 11);
  await page.waitForSelector("[data-testid=lesson-complete]");
  // The chart has the replica's hour. Deleting the Cold Archive version long before its 180
  // days adds the early-deletion charge: a quantity (GB-hours) of its own, with no cost in
  // the Cost view, since Cold Archive storage has no public list price.
  const series = () => page.$$eval("[data-testid=bill-chart] polygon", (p) => p.map((x) => x.dataset.series));
  assert.deepEqual(await series(), ["current", "noncurrent", "restored replica"]);
  await clickAction(page, "action-delete-version");
  assert.equal((await waitOp(page, "DeleteObject")).status, 204);
  assert.deepEqual(await series(), ["current", "noncurrent", "restored replica"]);
  await page.click("[data-testid=bill-measure-gbh]");
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=bill-chart] polygon")].some((p) => p.dataset.series === "early deletion"));
  assert.deepEqual(await series(), ["current", "noncurrent", "restored replica", "early deletion"]);
  await page.click("[data-testid=bill-by-class]");
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=bill-chart] polygon")].some((p) => p.dataset.series === "ColdArchive"));
  await closeClean(app);
});

test("a lesson by hand at phone width (390 px): no sideways scrolling, axe clean", async () => {
  const app = await openLesson("delete-markers", { size: { width: 390, height: 844 } });
  const { page } = app;
  await assertNoSidewaysScroll(page, "lesson 2 at 390 px, start");
  await versionedBucket(page, "lesson-markers");
  await upload(page, "photo.jpg", "a photo");
  await check(page, 2);
  await page.click("[data-testid=action-delete]");
  await check(page, 3);
  await download(page);
  await check(page, 4);
  await assertNoSidewaysScroll(page, "lesson 2 at 390 px, a marker on top");
  await page.click("[data-testid=view-versions]");
  await check(page, 5);
  await assertNoSidewaysScroll(page, "lesson 2 at 390 px, the versions listing");
  await assertAxeClean(page, "lesson 2 mid-way at 390 px");
  await shot(page, "lesson-by-hand-phone");
  await page.click("[data-testid=view-current]");
  await check(page, 6);
  await page.waitForSelector("[data-testid=lesson-complete]");
  await assertNoSidewaysScroll(page, "lesson 2 at 390 px, complete");
  await closeClean(app);
});
