// End-to-end: the release build (dist/) loads in Debian's Chromium, renders the shell, and logs
// no console errors, page errors, CSP violations or failed requests. This is what catches a wasm
// that builds fine but breaks at start-up (e.g. the wasm-opt 108 table bug).
//
// Run by scripts/test, which serves dist/ and sets OSSLAB_URL (and OSSLAB_ARTIFACTS).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const URL = process.env.OSSLAB_URL ?? "http://127.0.0.1:8080/";
const ARTIFACTS = process.env.OSSLAB_ARTIFACTS ?? join(ROOT, "artifacts");

// Quiet headless flags for this closed network (see shared TOOLCHAIN notes).
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let profileDir;
let context;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  profileDir = await mkdtemp(join(tmpdir(), "osslab-chromium-"));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 520 },
  });
});

after(async () => {
  await context?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

/** Opens the app in a new page and records every kind of error the page reports. */
async function openApp({ colorScheme = "light" } = {}) {
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme });
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      problems.push(`console.${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("requestfailed", (req) =>
    problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`),
  );
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  // Runs before the page's own scripts; CSP does not apply to it.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(URL, { waitUntil: "load" });
  try {
    await page.waitForSelector("[data-testid=title]", { timeout: 10000 });
  } catch (err) {
    const csp = await page.evaluate(() => window.__cspViolations).catch(() => []);
    throw new Error(
      `the app did not render: ${err.message}\nproblems: ${JSON.stringify(problems, null, 2)}` +
        `\nCSP violations: ${JSON.stringify(csp)}`,
    );
  }
  return { page, problems };
}

test("the shell renders: title, empty bucket list, clock", async () => {
  const { page, problems } = await openApp();

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

  await page.screenshot({ path: join(ARTIFACTS, "e2e-shell.png") });
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the page has a strict Content-Security-Policy and no inline script", async () => {
  const { page, problems } = await openApp();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.ok(csp, "CSP meta present");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  const inlineScripts = await page.$$eval("script:not([src])", (s) => s.length);
  assert.equal(inlineScripts, 0, "no inline <script>");
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("dark theme follows prefers-color-scheme", async () => {
  const light = await openApp({ colorScheme: "light" });
  const dark = await openApp({ colorScheme: "dark" });
  const bg = (p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [lightBg, darkBg] = [await bg(light.page), await bg(dark.page)];
  assert.notEqual(lightBg, darkBg, "background differs between themes");
  await dark.page.screenshot({ path: join(ARTIFACTS, "e2e-shell-dark.png") });
  assert.deepEqual(light.problems, []);
  assert.deepEqual(dark.problems, []);
  await light.page.close();
  await dark.page.close();
});
