// Guided lessons: every lesson end to end with "Run this step"; a step done by hand (UI and
// console) and checked; a wrong action and its explanation; restart; deep links by URL;
// keyboard and dark theme.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, lastLog, stackRows, rawRequest, upload, clickAction
} from "./helpers.mjs";

useBrowser();

const SLUGS = [
  "versioning-basics",
  "delete-markers",
  "permanent-deletes",
  "recovery",
  "listing-many-versions",
  "suspended-null-version",
  "archive-restore",
  "clean-restored-object",
  "forbid-overwrite",
  "lifecycle-versions",
  "what-cannot-be-recovered",
  "what-versions-cost",
  "appends-and-versions",
];

/** Opens a lesson from the list (or from wherever the page is) by its link. */
async function openLesson(page, slug) {
  if (!(await page.$("[data-testid=lesson-list]"))) await page.click("[data-testid=lessons-back]");
  await page.click(`[data-testid=lesson-link][data-slug="${slug}"]`);
  await page.waitForSelector(`[data-testid=lesson][data-slug="${slug}"]`);
}

const currentStep = (page) =>
  page.$eval("[data-testid=lesson-step]", (el) => Number(el.dataset.step)).catch(() => null);

/** Clicks "Run this step" (or "check") for step `k` and returns the verdict shown for it. */
async function act(page, k, button = "lesson-run") {
  await page.click(`[data-testid=${button}]`);
  await page.waitForSelector(`[data-testid=lesson-result][data-step="${k}"]`, { timeout: 60000 });
  return page.$eval("[data-testid=lesson-result]", (el) => ({
    state: el.dataset.state,
    text: el.textContent,
    why: el.querySelector("[data-testid=lesson-why]")?.textContent ?? "",
  }));
}

/** Runs the open lesson from its current step to the end, asserting every step passes. */
async function runToEnd(page, slug) {
  let k;
  while ((k = await currentStep(page)) !== null) {
    const title = await page.textContent("[data-testid=lesson-step-title]");
    const v = await act(page, k);
    assert.equal(v.state, "pass", `${slug} step ${k + 1} (${title}): ${v.why || v.text}`);
  }
  await page.waitForSelector("[data-testid=lesson-complete]");
}

test("every lesson runs end to end with Run this step", async () => {
  const app = await openApp();
  const { page } = app;
  const slugs = await page.$$eval("[data-testid=lesson-link]", (l) => l.map((a) => a.dataset.slug));
  assert.deepEqual(slugs, SLUGS, "the list shows the 13 lessons in order");
  await shot(page, "lessons-list");
  for (const slug of SLUGS) {
    await openLesson(page, slug);
    const n = await page.$$eval("[data-testid=lesson-steps] li", (l) => l.length);
    assert.match(await page.textContent("[data-testid=lesson-progress-text]"), new RegExp(`Step 1 of ${n}`));
    // The step shows the exact request before anything is sent.
    const req = await page.$eval("[data-testid=lesson-request]", (p) => p.textContent).catch(() => "");
    if (req) assert.match(req, /^(GET|PUT|POST|DELETE|HEAD) \/lesson-/);
    await runToEnd(page, slug);
    assert.match(await page.textContent("[data-testid=lesson-progress-text]"), new RegExp(`All ${n} steps done`));
    assert.equal(await page.$eval("[data-testid=lesson-progress]", (p) => p.value), n);
    if (slug === "delete-markers") await shot(page, "lesson-complete");
  }
  // Lesson requests went through the lab: the log shows them, marked as the lesson's.
  assert.match((await lastLog(page)).text, /lesson/);
  await page.click("[data-testid=lessons-back]");
  await page.waitForSelector("[data-testid=lesson-list]");
  const done = await page.$$eval(".lesson-card-status.done", (l) => l.length);
  assert.equal(done, SLUGS.length, "the list marks every lesson done");
  await closeClean(app);
});

test("lesson 2 by hand: delete through the stack panel, GET through the console, then check", async () => {
  const app = await openApp({ hash: "#/lessons/delete-markers" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="delete-markers"]');
  await shot(page, "lesson-step1");
  for (const k of [0, 1, 2]) assert.equal((await act(page, k)).state, "pass");
  // The lesson selected its bucket and the key the step touched.
  assert.equal(await page.textContent("[data-testid=stack-key]"), "photo.jpg");
  assert.equal((await stackRows(page)).length, 1);
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /photo\.jpg: new version/);
  await shot(page, "lesson-upload");

  // Step 4, "Delete it without a version id": the learner uses the stack panel's Delete.
  assert.equal(await currentStep(page), 3);
  assert.match(await page.textContent("[data-testid=lesson-request]"), /^DELETE \/lesson-markers\/photo\.jpg HTTP\/1\.1/);
  await clickAction(page, "action-delete");
  const rows = await stackRows(page);
  assert.equal(rows[0].kind, "marker");
  assert.equal((await lastLog(page)).op, "DeleteObject");
  let v = await act(page, 3, "lesson-check");
  assert.equal(v.state, "pass", v.why);
  assert.match(v.text, /checked|passed/);
  assert.match(await page.textContent("[data-testid=lesson-response]"), /204 No Content[\s\S]*x-oss-delete-marker: true/);
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /new delete marker .*now current/);
  await shot(page, "lesson-by-hand");

  // Step 5, "GET it": checking before doing anything says what is missing.
  v = await act(page, 4, "lesson-check");
  assert.equal(v.state, "fail");
  assert.match(v.why, /send the step's request first/i);
  // The learner sends the GET from the console: its 404 is what the check reads.
  await rawRequest(page, { method: "GET", path: "/lesson-markers/photo.jpg" });
  assert.equal((await lastLog(page)).code, "NoSuchKey");
  v = await act(page, 4, "lesson-check");
  assert.equal(v.state, "pass", v.why);
  assert.match(await page.textContent("[data-testid=lesson-response]"), /404 Not Found · NoSuchKey/);
  await runToEnd(page, "delete-markers");
  await closeClean(app);
});

test("a wrong action fails the check with the explanation; restart starts clean", async () => {
  const app = await openApp({ hash: "#/lessons/delete-markers" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="delete-markers"]');
  for (const k of [0, 1, 2]) await act(page, k);
  // Instead of a plain delete, the learner deletes the version itself: gone for good.
  await clickAction(page, "action-delete-version");
  assert.equal((await lastLog(page)).op, "DeleteObject");
  const v = await act(page, 3, "lesson-check");
  assert.equal(v.state, "fail");
  assert.match(v.why, /the key should have a delete marker on top of its version/i);
  assert.match(v.why, /checked after your action/);
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /photo\.jpg: version .* removed for good/);
  assert.equal(await currentStep(page), 3, "a failed check does not advance");
  assert.match(await page.textContent("[data-testid=lesson-progress-text]"), /Step 4 of 7/);
  await shot(page, "lesson-wrong");

  // Restart: the bucket is emptied and deleted through real requests, step 1 again.
  await page.click("[data-testid=lesson-restart]");
  await page.waitForSelector("[data-testid=lesson-restarted]");
  assert.match(await page.textContent("[data-testid=lesson-restarted]"), /lesson-markers was emptied and deleted/);
  assert.equal((await lastLog(page)).op, "DeleteBucket");
  assert.equal(await currentStep(page), 0);
  assert.equal(await page.$('[data-testid=bucket-item][data-bucket="lesson-markers"]'), null);
  await runToEnd(page, "delete-markers");
  await closeClean(app);
});

test("step 1 with the bucket left over: Run empties it first", async () => {
  const app = await openApp();
  const { page } = app;
  await page.evaluate(async () => {
    await osslab.request({ method: "PUT", path: "/lesson-basics" });
    await osslab.request({
      method: "PUT", path: "/lesson-basics", query: { versioning: "" },
      body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    });
    for (const b of ["x", "y"]) await osslab.request({ method: "PUT", path: "/lesson-basics/example.jpg", body: b });
  });
  await openLesson(page, "versioning-basics");
  assert.match(await page.textContent("[data-testid=lesson-leftover]"), /already exists/);
  await runToEnd(page, "versioning-basics");
  await closeClean(app);
});

test("the 900-upload step shows progress and keeps the page responsive", async () => {
  const app = await openApp({ hash: "#/lessons/listing-many-versions" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="listing-many-versions"]');
  await act(page, 0);
  await act(page, 1);
  await page.click("[data-testid=lesson-run]");
  await page.waitForSelector("[data-testid=lesson-busy]");
  // The page answers while the batch runs, and the buttons wait for it.
  const during = await page.evaluate(() => ({
    text: document.querySelector("[data-testid=lesson-busy]")?.textContent ?? "",
    disabled: document.querySelector("[data-testid=lesson-run]").disabled,
  }));
  assert.match(during.text, /of 900/);
  assert.ok(during.disabled);
  await page.waitForSelector('[data-testid=lesson-result][data-step="2"]', { timeout: 60000 });
  assert.equal(await page.$eval("[data-testid=lesson-result]", (e) => e.dataset.state), "pass");
  assert.equal(await page.$("[data-testid=lesson-busy]"), null);
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /example\.jpg: 900 new versions/);
  await shot(page, "lesson-repeat");
  await runToEnd(page, "listing-many-versions");
  await closeClean(app);
});

test("deep links: the URL opens the lesson, the hash follows the list", async () => {
  const app = await openApp({ hash: "#/lessons/archive-restore" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="archive-restore"]');
  assert.match(await page.textContent("#lessons-title"), /Restoring an Archive object/);
  assert.match(await page.textContent("[data-testid=lesson-step-title]"), /Create a scratch bucket/);
  // Back to the list, then another lesson: the URL says which.
  await page.click("[data-testid=lessons-back]");
  await page.waitForSelector("[data-testid=lesson-list]");
  assert.ok(page.url().endsWith("#/lessons"));
  await page.click('[data-testid=lesson-link][data-slug="forbid-overwrite"]');
  await page.waitForSelector('[data-testid=lesson][data-slug="forbid-overwrite"]');
  assert.ok(page.url().endsWith("#/lessons/forbid-overwrite"));
  // Progress is kept per lesson while the page is open.
  await act(page, 0);
  await page.goBack();
  await page.waitForSelector("[data-testid=lesson-list]");
  assert.match(await page.textContent('[data-testid=lesson-link][data-slug="forbid-overwrite"]'), /step 2 of 7/);
  await page.goForward();
  await page.waitForSelector('[data-testid=lesson][data-slug="forbid-overwrite"]');
  assert.equal(await currentStep(page), 1);
  // An unknown slug shows the list; other hashes (the skip link) leave the lesson open.
  await page.evaluate(() => { location.hash = "#objects"; });
  await page.waitForTimeout(100);
  assert.ok(await page.$('[data-testid=lesson][data-slug="forbid-overwrite"]'));
  await page.evaluate(() => { location.hash = "#/lessons/no-such-lesson"; });
  await page.waitForSelector("[data-testid=lesson-list]");
  await closeClean(app);
});

test("keyboard: open a lesson and run its steps; dark theme", async () => {
  const app = await openApp({ colorScheme: "dark" });
  const { page } = app;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.dataset.slug === "archive-restore")) break;
  }
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid=lesson][data-slug="archive-restore"]');
  // Focus moves to the lesson's title, so the next Tab continues inside the lesson.
  await page.waitForFunction(() => document.activeElement?.id === "lessons-title");
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.dataset.testid === "lesson-run")) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "lesson-run");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid", "focus is visible");
  for (let k = 0; k < 5; k++) {
    await page.keyboard.press("Enter");
    await page.waitForSelector(`[data-testid=lesson-result][data-step="${k}"][data-state=pass]`);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "lesson-run", "focus stays on Run");
  }
  // Step 6 moves the lab's clock: the header clock agrees with the engine.
  const before = await page.evaluate(() => osslab.clock.nowMs());
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid=lesson-result][data-step="5"][data-state=pass]');
  const after = await page.evaluate(() => osslab.clock.nowMs());
  assert.ok(after - before >= 60000, `clock moved ${after - before} ms`);
  const shown = Date.parse(await page.getAttribute("[data-testid=clock]", "datetime"));
  assert.ok(Math.abs(shown - after) < 2000, "the header clock shows the lesson's time");
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /clock moved forward 1 minute/);
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /restoring → restored/);
  await shot(page, "lesson-dark");
  await closeClean(app);
});

test("lesson 10 by hand: the upload form in a folder, then the lifecycle on the lab's clock", async () => {
  const app = await openApp({ hash: "#/lessons/lifecycle-versions" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="lifecycle-versions"]');
  await act(page, 0);
  await act(page, 1);
  await upload(page, "logs/app.log", "day 1");
  const v = await act(page, 2, "lesson-check");
  assert.equal(v.state, "pass", v.why);
  assert.match(v.text, /200 OK/, "the learner's own PutObject (logs%2Fapp.log) answers for the step");
  await runToEnd(page, "lifecycle-versions");
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /clock moved forward 2 days/);
  await closeClean(app);
});

test("lesson 7 by hand: the header's +1 h passes the one-minute wait", async () => {
  const app = await openApp({ hash: "#/lessons/archive-restore" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="archive-restore"]');
  for (const k of [0, 1, 2, 3, 4]) assert.equal((await act(page, k)).state, "pass");
  assert.match(await page.textContent("[data-testid=lesson-step-title]"), /Let a minute pass/);
  // Too early: the restore is still running.
  let v = await act(page, 5, "lesson-check");
  assert.equal(v.state, "fail");
  assert.match(v.why, /after a minute the object should be readable/i);
  await page.click("[data-testid=jump-hour]");
  v = await act(page, 5, "lesson-check");
  assert.equal(v.state, "pass", v.why);
  assert.match(await page.textContent("[data-testid=lesson-changes]"), /clock moved forward (about )?1 hour\b/);
  await runToEnd(page, "archive-restore");
  await closeClean(app);
});
