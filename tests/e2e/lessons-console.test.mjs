// Every lesson completed through the ossutil console alone ("I did it myself — check" after
// each step's commands), with the clock playing fast and pauses longer than a restore takes;
// every lesson completed with its buttons at a high clock speed with the same pauses; checks
// that refuse the wrong request; lesson progress that survives a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, launchProfile, openIn, waitReady, playClock, sleep,
} from "./helpers.mjs";

useBrowser();

const LIFECYCLE =
  "<LifecycleConfiguration><Rule><ID>expire-logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status>" +
  "<Expiration><Days>1</Days></Expiration><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>" +
  "</NoncurrentVersionExpiration></Rule><Rule><ID>clean-markers</ID><Prefix>logs/</Prefix><Status>Enabled</Status>" +
  "<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule></LifecycleConfiguration>";
const NONCURRENT =
  "<LifecycleConfiguration><Rule><ID>expire-old-reports</ID><Prefix></Prefix><Status>Enabled</Status>" +
  "<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration></Rule></LifecycleConfiguration>";
const REPORT = 'text:"date,region,orders,revenue day {i},cn-hangzhou,1024,88231.50 day {i},cn-shanghai,977,80112.25"';

// Per lesson, per step: the console commands that do it. A function gets the ids of the
// key's versions, newest first (read from `ls --all-versions`), and the last output.
const V = (b, k) => ({ versionsOf: [b, k] });
const BY_CONSOLE = {
  "versioning-basics": [
    ["mb oss://lesson-basics"],
    ["bucket-versioning --method put oss://lesson-basics enabled"],
    ['cp text:"version 1" oss://lesson-basics/example.jpg'],
    ['cp text:"version 2" oss://lesson-basics/example.jpg'],
    ['cp text:"version 3" oss://lesson-basics/example.jpg'],
    ["cat oss://lesson-basics/example.jpg"],
    [V("lesson-basics", "example.jpg"), (ids) => `cat oss://lesson-basics/example.jpg --version-id ${ids.at(-1)}`],
  ],
  "delete-markers": [
    ["mb oss://lesson-markers"],
    ["bucket-versioning --method put oss://lesson-markers enabled"],
    ['cp text:"a photo" oss://lesson-markers/photo.jpg'],
    ["rm oss://lesson-markers/photo.jpg"],
    ["cat oss://lesson-markers/photo.jpg"],
    ["ls oss://lesson-markers --all-versions"],
    ["ls oss://lesson-markers"],
  ],
  "permanent-deletes": [
    ["mb oss://lesson-permanent"],
    ["bucket-versioning --method put oss://lesson-permanent enabled"],
    ['cp text:"first" oss://lesson-permanent/doc.txt'],
    ['cp text:"second" oss://lesson-permanent/doc.txt'],
    [V("lesson-permanent", "doc.txt"), (ids, ctx) => { ctx.v2 = ids[0]; return `rm oss://lesson-permanent/doc.txt --version-id ${ids[0]}`; }],
    [(ctx) => `cat oss://lesson-permanent/doc.txt --version-id ${ctx.v2}`],
  ],
  recovery: [
    ["mb oss://lesson-recovery"],
    ["bucket-versioning --method put oss://lesson-recovery enabled"],
    ['cp text:"good" oss://lesson-recovery/report.txt'],
    ['cp text:"bad" oss://lesson-recovery/report.txt'],
    [V("lesson-recovery", "report.txt"), (ids) => `cp oss://lesson-recovery/report.txt oss://lesson-recovery/report.txt --version-id ${ids.at(-1)}`],
    ['cp text:"bad again" oss://lesson-recovery/report.txt'],
    [V("lesson-recovery", "report.txt"), (ids) => `rm oss://lesson-recovery/report.txt --version-id ${ids[0]}`],
  ],
  "listing-many-versions": [
    ["mb oss://lesson-listing"],
    ["bucket-versioning --method put oss://lesson-listing enabled"],
    ['repeat 900 cp text:"example {i}" oss://lesson-listing/example.jpg'],
    ['repeat 500 cp text:"photo {i}" oss://lesson-listing/photo.jpg'],
    ["ls oss://lesson-listing --all-versions --limited-num 1000"],
    [(ctx) => `ls oss://lesson-listing --all-versions --limited-num 1000 ${ctx.out.match(/add (--marker .*)/)[1]}`],
  ],
  "suspended-null-version": [
    ["mb oss://lesson-suspended"],
    ['cp text:"from before versioning" oss://lesson-suspended/notes.txt'],
    ["bucket-versioning --method put oss://lesson-suspended enabled"],
    ['cp text:"enabled" oss://lesson-suspended/notes.txt'],
    ["bucket-versioning --method put oss://lesson-suspended suspended"],
    ['cp text:"suspended" oss://lesson-suspended/notes.txt'],
    ["rm oss://lesson-suspended/notes.txt"],
  ],
  "archive-restore": [
    ["mb oss://lesson-archive"],
    ['cp text:"cold bytes" oss://lesson-archive/archive.bin --storage-class Archive'],
    ["cat oss://lesson-archive/archive.bin"],
    ["restore oss://lesson-archive/archive.bin --days 2"],
    ["stat oss://lesson-archive/archive.bin"],
    ["clock +1m"],
    ["stat oss://lesson-archive/archive.bin"],
    ["clock +2d"],
  ],
  "clean-restored-object": [
    ["mb oss://lesson-clean"],
    ['cp text:"cold" oss://lesson-clean/cold.bin --storage-class ColdArchive'],
    ["clean-restored-object oss://lesson-clean/cold.bin"],
    ["restore oss://lesson-clean/cold.bin --days 1 --tier Expedited"],
    ["clean-restored-object oss://lesson-clean/cold.bin"],
    ["clock +1h"],
    ["clean-restored-object oss://lesson-clean/cold.bin"],
  ],
  "forbid-overwrite": [
    ["mb oss://lesson-overwrite"],
    ['cp text:"{\\"v\\":1}" oss://lesson-overwrite/config.json'],
    ['cp text:"{\\"v\\":2}" oss://lesson-overwrite/config.json --forbid-overwrite'],
    ["cp oss://lesson-overwrite/config.json oss://lesson-overwrite/config.json --forbid-overwrite"],
    ['cp text:"{\\"v\\":2}" oss://lesson-overwrite/config.json --forbid-overwrite --bigfile-threshold 1'],
    ["bucket-versioning --method put oss://lesson-overwrite enabled"],
    ['cp text:"{\\"v\\":2}" oss://lesson-overwrite/config.json --forbid-overwrite'],
  ],
  "lifecycle-versions": [
    ["mb oss://lesson-lifecycle"],
    ["bucket-versioning --method put oss://lesson-lifecycle enabled"],
    ['cp text:"day 1" oss://lesson-lifecycle/logs/app.log'],
    ['cp text:"day 1, later" oss://lesson-lifecycle/logs/app.log'],
    [`lifecycle --method put oss://lesson-lifecycle text:"${LIFECYCLE}"`],
    ["clock +2d"],
    ["clock +2d"],
  ],
  "what-cannot-be-recovered": [
    ["mb oss://lesson-final"],
    ['cp text:"precious" oss://lesson-final/notes.txt'],
    ["rm oss://lesson-final/notes.txt"],
    ["bucket-versioning --method put oss://lesson-final enabled"],
    ['cp text:"precious" oss://lesson-final/notes.txt'],
    [V("lesson-final", "notes.txt"), (ids) => `rm oss://lesson-final/notes.txt --version-id ${ids[0]}`],
    ["ls oss://lesson-final"],
  ],
  "what-versions-cost": [
    ["mb oss://lesson-cost"],
    ["bucket-versioning --method put oss://lesson-cost enabled"],
    [`repeat 30 --daily cp ${REPORT} oss://lesson-cost/report.csv`],
    ["bill oss://lesson-cost"],
    [`lifecycle --method put oss://lesson-cost text:"${NONCURRENT}"`],
    ["clock +3d"],
    [`repeat 10 --daily cp ${REPORT} oss://lesson-cost/report.csv`],
    ['cp text:"an archived year of reports, kept for the auditors" oss://lesson-cost/cold.bin --storage-class ColdArchive'],
    ["restore oss://lesson-cost/cold.bin --days 7 --tier Expedited"],
    ["clock +2h"],
    ["clean-restored-object oss://lesson-cost/cold.bin"],
    ["du oss://lesson-cost"],
  ],
  "appends-and-versions": [
    ["mb oss://lesson-append"],
    ["bucket-versioning --method put oss://lesson-append enabled"],
    ['appendfromfile text:"line 1\\n" oss://lesson-append/app.log'],
    ['appendfromfile text:"line 2\\n" oss://lesson-append/app.log'],
    ['appendfromfile text:"again\\n" oss://lesson-append/app.log --position 0'],
    ['cp text:"rotated\\n" oss://lesson-append/app.log'],
    ['appendfromfile text:"line 3\\n" oss://lesson-append/app.log --position 0'],
    [V("lesson-append", "app.log"), (ids) => `cat oss://lesson-append/app.log --version-id ${ids.at(-1)}`],
    ["rm oss://lesson-append/app.log"],
    ['appendfromfile text:"new log\\n" oss://lesson-append/app.log'],
  ],
};

/** Runs one ossutil command in the console panel; returns what it printed. */
async function ossutil(page, cmd) {
  await page.fill("[data-testid=ossutil-line]", cmd);
  await page.click("[data-testid=ossutil-run]");
  await page.waitForFunction(
    (c) => document.querySelector("[data-testid=ossutil-entry]:last-child .terminal-command")?.textContent === `$ ossutil ${c}`,
    cmd, { timeout: 120000 });
  return page.textContent("[data-testid=ossutil-output]");
}

/** Version ids of `key` in `bucket`, newest first, read from `ls --all-versions`. */
async function versionsOf(page, bucket, key) {
  const out = await ossutil(page, `ls oss://${bucket}/${key} --all-versions`);
  return out.split("\n")
    .filter((l) => l.endsWith(`oss://${bucket}/${key}`))
    .map((l) => l.substring(35 + 12 + 14 + 36 + 2, 35 + 12 + 14 + 36 + 2 + 66).trim());
}

/** Clicks a lesson button and returns the verdict shown for step `k`. */
async function verdict(page, k, button) {
  await page.click(`[data-testid=${button}]`);
  await page.waitForSelector(`[data-testid=lesson-result][data-step="${k}"]`, { timeout: 120000 });
  return page.$eval("[data-testid=lesson-result]", (el) => ({
    state: el.dataset.state,
    why: el.querySelector("[data-testid=lesson-why]")?.textContent ?? "",
    response: el.querySelector("[data-testid=lesson-response]")?.textContent ?? "",
  }));
}

const currentStep = (page) =>
  page.$eval("[data-testid=lesson-step]", (el) => Number(el.dataset.step)).catch(() => null);

const TIMED = new Set(["archive-restore", "clean-restored-object", "lifecycle-versions", "what-versions-cost"]);

/** Completes the lessons `slugs` through the console, the clock playing at `speed`, pausing
 *  `pause` ms before each time-dependent lesson's check. */
async function byConsole(page, slugs, speed, pause) {
  await page.click("[data-testid=console-mode-ossutil]");
  for (const slug of slugs) {
    const steps = BY_CONSOLE[slug];
    await page.evaluate((s) => { location.hash = `#/lessons/${s}`; }, slug);
    await page.waitForSelector(`[data-testid=lesson][data-slug="${slug}"]`);
    await playClock(page, speed);
    const ctx = {};
    for (const [k, commands] of steps.entries()) {
      assert.equal(await currentStep(page), k, `${slug}: at step ${k + 1}`);
      let ids = null;
      for (const c of commands) {
        if (typeof c === "object") ids = await versionsOf(page, ...c.versionsOf);
        else ctx.out = await ossutil(page, typeof c === "function" ? (ids ? c(ids, ctx) : c(ctx)) : c);
        if (typeof c === "function" && ids) ids = null;
      }
      if (TIMED.has(slug)) await sleep(pause);
      const v = await verdict(page, k, "lesson-check");
      assert.equal(v.state, "pass", `${slug} step ${k + 1} by console at ${speed}×: ${v.why}\n${ctx.out}`);
    }
    await page.waitForSelector("[data-testid=lesson-complete]");
    if (TIMED.has(slug)) {
      assert.equal(await page.getAttribute("[data-testid=clock-play]", "aria-pressed"), "false",
        `${slug} paused the clock`);
      assert.match(await page.textContent("[data-testid=lesson-clock-note]"), /controls the virtual clock/);
    }
    if (slug === "delete-markers") await shot(page, "lesson-console-complete");
  }
}

test("every lesson can be completed through the ossutil console alone, with a fast clock and pauses", async () => {
  const app = await openApp();
  const { page } = app;
  // A day a second: a restore left to the clock would finish during the pauses (1.5 s).
  await byConsole(page, Object.keys(BY_CONSOLE), 86400, 1500);
  // The console kept every output (scrollback), the newest last, inside its own box.
  assert.ok((await page.$$("[data-testid=ossutil-entry]")).length > 50);
  const box = await page.$eval("[data-testid=ossutil-scrollback]", (el) => ({
    scroll: el.scrollWidth > el.clientWidth, page: document.documentElement.scrollWidth <= window.innerWidth,
  }));
  assert.ok(box.page, "wide ls --all-versions lines do not widen the page");
  await closeClean(app);
});

test("the time-dependent lessons through the console with the clock playing at exactly 1×", async () => {
  const app = await openApp();
  const { page } = app;
  // Real time: only the steps' `clock +…` commands move the clock far enough.
  await byConsole(page, [...TIMED], 1, 200);
  await closeClean(app);
});

test("every lesson runs with its buttons at a day a second, with pauses longer than a restore", async () => {
  const app = await openApp();
  const { page } = app;
  for (const slug of Object.keys(BY_CONSOLE)) {
    await page.evaluate((s) => { location.hash = `#/lessons/${s}`; }, slug);
    await page.waitForSelector(`[data-testid=lesson][data-slug="${slug}"]`);
    await playClock(page, 86400);
    let k;
    while ((k = await currentStep(page)) !== null) {
      const v = await verdict(page, k, "lesson-run");
      assert.equal(v.state, "pass", `${slug} step ${k + 1}: ${v.why}`);
      if (TIMED.has(slug)) await sleep(1500);
    }
    if (slug === "archive-restore") {
      await shot(page, "lesson-archive-fast-clock");
    }
  }
  await closeClean(app);
});

test("results show the evidence; checks refuse another request than the step names", async () => {
  const app = await openApp({ hash: "#/lessons/versioning-basics" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="versioning-basics"]');
  for (const k of [0, 1, 2, 3, 4]) assert.equal((await verdict(page, k, "lesson-run")).state, "pass");
  await page.click("[data-testid=console-mode-ossutil]");
  // "GET without a version id": a GET of the current version BY id is another request.
  const ids = await versionsOf(page, "lesson-basics", "example.jpg");
  await ossutil(page, `cat oss://lesson-basics/example.jpg --version-id ${ids[0]}`);
  let v = await verdict(page, 5, "lesson-check");
  assert.equal(v.state, "fail");
  assert.match(v.why, /it has versionId, which this step does not send/);
  assert.ok(await page.$("[data-testid=lesson-restart-inline]"), "a failed step offers the way back");
  await shot(page, "lesson-wrong-request");
  await ossutil(page, "cat oss://lesson-basics/example.jpg");
  v = await verdict(page, 5, "lesson-check");
  assert.equal(v.state, "pass", v.why);
  assert.match(v.response, /Content: version 3/, "the GET's content is shown");

  // "GET it" in lesson 2: a HEAD (ossutil stat) is not a GET.
  await page.evaluate(() => { location.hash = "#/lessons/delete-markers"; });
  await page.waitForSelector('[data-testid=lesson][data-slug="delete-markers"]');
  for (const k of [0, 1, 2, 3]) assert.equal((await verdict(page, k, "lesson-run")).state, "pass");
  await ossutil(page, "stat oss://lesson-markers/photo.jpg");
  v = await verdict(page, 4, "lesson-check");
  assert.equal(v.state, "fail");
  assert.match(v.why, /HEAD is not GET/);
  assert.equal((await verdict(page, 4, "lesson-run")).state, "pass");
  v = await verdict(page, 5, "lesson-run");
  assert.match(v.response, /<DeleteMarker>\s+photo\.jpg/, "the listing's delete marker is shown");
  assert.match(v.response, /<Version>\s+photo\.jpg/);
  await shot(page, "lesson-listing-evidence");

  // ↑ recalls the commands typed before.
  await page.focus("[data-testid=ossutil-line]");
  await page.fill("[data-testid=ossutil-line]", "");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.inputValue("[data-testid=ossutil-line]"), "stat oss://lesson-markers/photo.jpg");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.inputValue("[data-testid=ossutil-line]"), "cat oss://lesson-basics/example.jpg");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue("[data-testid=ossutil-line]"), "");
  await closeClean(app);
});

test("lesson progress survives a reload", async () => {
  const profile = await launchProfile();
  const app = await openIn(profile.context, { hash: "#/lessons/delete-markers" });
  const { page } = app;
  await page.waitForSelector('[data-testid=lesson][data-slug="delete-markers"]');
  for (const k of [0, 1, 2]) assert.equal((await verdict(page, k, "lesson-run")).state, "pass");
  await page.reload();
  await waitReady(page, app.problems);
  await page.waitForSelector('[data-testid=lesson][data-slug="delete-markers"]');
  assert.equal(await currentStep(page), 3, "the lesson continues at step 4");
  // The captured version id came back too: the rest of the lesson runs.
  let k;
  while ((k = await currentStep(page)) !== null) {
    const v = await verdict(page, k, "lesson-run");
    assert.equal(v.state, "pass", `step ${k + 1}: ${v.why}`);
  }
  await page.click("[data-testid=lessons-back]");
  assert.match(await page.textContent('[data-testid=lesson-link][data-slug="delete-markers"]'), /done/);
  await closeClean(app);
  await profile.close();
});
