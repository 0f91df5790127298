// End-to-end: the release build (dist/) loads in Debian's Chromium, renders the shell, and logs
// no console errors, page errors, CSP violations or failed requests. This is what catches a wasm
// that builds fine but breaks at start-up (e.g. the wasm-opt 108 table bug).
//
// Run by scripts/test, which serves dist/ and sets OSSLAB_URL (and OSSLAB_ARTIFACTS).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openApp, closeClean, shot } from "./helpers.mjs";

useBrowser({ width: 1100, height: 520 });

test("the shell renders: title, empty bucket list, clock", async () => {
  const app = await openApp();
  const { page } = app;

  assert.equal(await page.title(), "osslab");
  assert.equal(await page.textContent("header h1#title"), "osslab");
  assert.match(await page.textContent("#buckets[data-testid=bucket-list]"), /Buckets/);
  assert.equal(await page.textContent("[data-testid=bucket-list-empty]"), "No buckets yet.");

  // Text and attribute read in one go: the clock ticks every second, so two separate reads
  // can straddle a tick on a busy machine.
  const [first, datetime] = await page.$eval("time#clock[data-testid=clock]", (e) => [
    e.textContent,
    e.getAttribute("datetime"),
  ]);
  assert.match(first, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(datetime, first);
  // The clock ticks: the text changes within a few seconds.
  await page.waitForFunction(
    (before) => document.querySelector("#clock")?.textContent !== before,
    first,
    { timeout: 5000 },
  );

  await shot(page, "shell");
  await closeClean(app);
});

test("the page has a strict Content-Security-Policy and no inline script", async () => {
  const app = await openApp();
  const { page } = app;
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.ok(csp, "CSP meta present");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  const inlineScripts = await page.$$eval("script:not([src])", (s) => s.length);
  assert.equal(inlineScripts, 0, "no inline <script>");
  await closeClean(app);
});

test("dark theme follows prefers-color-scheme", async () => {
  const light = await openApp({ colorScheme: "light" });
  const dark = await openApp({ colorScheme: "dark" });
  const bg = (p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [lightBg, darkBg] = [await bg(light.page), await bg(dark.page)];
  assert.notEqual(lightBg, darkBg, "background differs between themes");
  await shot(dark.page, "shell-dark");
  await closeClean(light);
  await closeClean(dark);
});
