// Shared set-up for the end-to-end tests: one Chromium per test file, a fresh page per test
// that records every console error, page error, failed request and CSP violation.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const URL = process.env.OSSLAB_URL ?? "http://127.0.0.1:8080/";
export const ARTIFACTS = process.env.OSSLAB_ARTIFACTS ?? join(ROOT, "artifacts");

// Quiet headless flags for this closed network (see shared TOOLCHAIN notes).
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let browser;
let viewport;

/**
 * Registers before/after hooks that start and stop Chromium for the calling test file. Every
 * `openApp` gets its own fresh browser context (empty IndexedDB), so each test starts with an
 * empty lab even though the lab is saved.
 */
export function useBrowser({ width = 1280, height = 900 } = {}) {
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    viewport = { width, height };
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    await browser?.close();
  });
}

/**
 * A persistent browser profile in a fresh user-data-dir (for persistence tests: the SAME
 * context across reloads and tabs). Returns { context, close }.
 */
export async function launchProfile({ width = 1280, height = 900 } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), "osslab-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the app in a new page of a fresh context (an empty lab), waits for `osslab.ready`,
 *  and records every problem. `hash` (e.g. `#/lessons/delete-markers`) is part of the first
 *  load: a deep link. `size` ({ width, height }) overrides the file's window size. */
export async function openApp({ colorScheme = "light", hash = "", size } = {}) {
  const context = await browser.newContext({ viewport: size ?? viewport });
  const app = await openIn(context, { colorScheme, hash });
  app.ownContext = context;
  return app;
}

/** Opens the app in a new page of `context` (see `openApp`). */
export async function openIn(context, { colorScheme = "light", init, hash = "" } = {}) {
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
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  if (init) await page.addInitScript(init);
  await page.goto(URL + hash, { waitUntil: "load" });
  await waitReady(page, problems);
  return { page, problems };
}

/** Waits for the title and `osslab.ready` (after a goto or a reload). */
export async function waitReady(page, problems = []) {
  try {
    await page.waitForSelector("[data-testid=title]", { timeout: 10000 });
    await page.evaluate(() => window.osslab.ready);
  } catch (err) {
    throw new Error(`the app did not start: ${err.message}\n${JSON.stringify(problems, null, 2)}`);
  }
}

/** Asserts the page logged nothing bad, then closes it. */
export async function closeClean({ page, problems, ownContext }) {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "CSP violations");
  assert.deepEqual(problems, [], "console errors / page errors / failed requests");
  await page.close();
  await ownContext?.close();
}

export const shot = (page, name) =>
  page.screenshot({ path: join(ARTIFACTS, `e2e-${name}.png`), fullPage: true });

export async function createBucket(page, name) {
  await page.fill("[data-testid=new-bucket-name]", name);
  await page.click("[data-testid=create-bucket]");
  await page.waitForSelector(`[data-testid=open-bucket]:text-is("${name}")`);
}

export async function setVersioning(page, state) {
  await page.click("[data-testid=versioning-toggle]");
  await page.waitForSelector(`[data-testid=versioning-state]:text-is("${state}")`);
}

/** Uploads text through the upload form; options: storageClass, forbid, and `times` uploads
 *  (`{i}` in the text counts them), `daily` a virtual day apart (the form's Repeat). */
export async function upload(page, key, text, { storageClass, forbid = false, times = 1, daily = false } = {}) {
  const open = await page.$eval("[data-testid=upload]", (d) => d.open);
  if (!open) await page.click("[data-testid=upload] summary");
  await page.fill("[data-testid=upload-key]", key);
  await page.fill("[data-testid=upload-text]", text);
  await page.selectOption("[data-testid=upload-class]", storageClass ?? "Standard");
  const checked = await page.isChecked("[data-testid=upload-forbid]");
  if (checked !== forbid) await page.click("[data-testid=upload-forbid]");
  if ((await page.inputValue("[data-testid=upload-repeat]")) !== String(times)) {
    await page.fill("[data-testid=upload-repeat]", String(times));
  }
  if ((await page.isChecked("[data-testid=upload-daily]")) !== daily) await page.click("[data-testid=upload-daily]");
  const before = await logCount(page);
  await page.click("[data-testid=upload-submit]");
  if (times > 1 || daily) {
    const said = `Uploaded ${key} ${times === 1 ? "once" : `${times} times`}`;
    await page.waitForFunction((s) => document.querySelector("[data-testid=status]")?.textContent.includes(s), said, { timeout: 60000 });
  } else {
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=log-entry]").length > n || n >= 60, before);
  }
}

export const logCount = (page) => page.$$eval("[data-testid=log-entry]", (l) => l.length);

/** The newest log entry's status, OSS operation and error code. */
export async function lastLog(page) {
  return page.$eval("[data-testid=log-entry]", (li) => ({
    status: Number(li.dataset.status),
    op: li.dataset.op,
    code: li.dataset.code,
    text: li.textContent,
  }));
}

/** The version stack as drawn: kind, current flag, text of each row, top first. */
export async function stackRows(page) {
  return page.$$eval("[data-testid=stack-row]", (rows) =>
    rows.map((r) => ({
      kind: r.dataset.kind,
      current: r.dataset.current === "true",
      version: r.dataset.version,
      position: Number(r.dataset.position),
      text: r.textContent,
    })),
  );
}

/** Sends a raw request from the console form. */
export async function rawRequest(page, { method = "GET", path, query = "", headers = "", body = "" }) {
  await page.click("[data-testid=console-mode-raw]");
  await page.selectOption("[data-testid=raw-method]", method);
  await page.fill("[data-testid=raw-path]", path);
  await page.fill("[data-testid=raw-query]", query);
  await page.fill("[data-testid=raw-headers]", headers);
  await page.fill("[data-testid=raw-body]", body);
  await page.click("[data-testid=raw-send]");
  await page.waitForSelector("[data-testid=raw-output]");
}

/**
 * Clicks the button `testid`; when it is an irreversible action that asks first (it has
 * aria-expanded), checks that the question says what will be lost, then answers yes.
 */
export async function clickAction(page, testid) {
  const sel = `[data-testid=${testid}]`;
  const asks = await page.$eval(sel, (b) => b.hasAttribute("aria-expanded"));
  await page.click(sel);
  if (asks) {
    const question = await page.textContent(`[data-testid=${testid}-confirm]`);
    assert.match(question, /for good/, "an irreversible action says what will be lost");
    await page.click("[data-testid=confirm-yes]");
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** axe-core over the whole page: no violation of any impact. */
export async function assertAxeClean(page, state) {
  // Colours are read once transitions (a theme switch fades card backgrounds) have ended.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity));
  const { violations } = await new AxeBuilder({ page }).analyze();
  const report = violations.map(
    (v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  assert.deepEqual(report, [], `axe violations (${state})`);
}

/** Nothing on the page is wider than the window (no sideways scrolling). */
export async function assertNoSidewaysScroll(page, state) {
  const { scroll, width, wide } = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > w + 1 && getComputedStyle(el).position !== "absolute";
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.dataset.testid ?? ""}`);
    return { scroll: document.scrollingElement.scrollWidth, width: w, wide };
  });
  assert.ok(scroll <= width, `${state}: page is ${scroll} px wide in a ${width} px window: ${wide.join(", ")}`);
}

/** Opens the upload form (a <details>) if it is closed. */
export async function openUpload(page) {
  if (!(await page.$eval("[data-testid=upload]", (d) => d.open))) await page.click("[data-testid=upload] summary");
}

/** Plays the virtual clock at `speed` (virtual ms per real ms). */
export async function playClock(page, speed) {
  await page.selectOption("[data-testid=clock-speed]", String(speed));
  if ((await page.getAttribute("[data-testid=clock-play]", "aria-pressed")) !== "true") {
    await page.click("[data-testid=clock-play]");
  }
}

/** The lesson's verdict after its "I did it myself — check" for step `k` (0-based). */
export async function checkVerdict(page, k) {
  await page.click("[data-testid=lesson-check]");
  await page.waitForSelector(`[data-testid=lesson-result][data-step="${k}"]`, { timeout: 60000 });
  return page.$eval("[data-testid=lesson-result]", (el) => ({
    state: el.dataset.state,
    why: el.querySelector("[data-testid=lesson-why]")?.textContent ?? el.textContent,
    response: el.querySelector("[data-testid=lesson-response]")?.textContent ?? "",
  }));
}

/** Clicks the lesson's "check" for step `k` (0-based) and asserts it passes. */
export async function checkStep(page, k) {
  const title = await page.textContent("[data-testid=lesson-step-title]");
  const v = await checkVerdict(page, k);
  assert.equal(v.state, "pass", `step ${k + 1} (${title}): ${v.why}`);
  return v;
}

/** Fills the lifecycle rule form and adds the rule to the draft. */
export async function addRule(page, { id, prefix, expire = "", noncurrent = "", markers = false }) {
  await page.fill("[data-testid=lifecycle-id]", id);
  await page.fill("[data-testid=lifecycle-prefix]", prefix);
  await page.fill("[data-testid=lifecycle-expire-days]", expire);
  await page.fill("[data-testid=lifecycle-noncurrent-days]", noncurrent);
  if ((await page.isChecked("[data-testid=lifecycle-expired-markers]")) !== markers) {
    await page.click("[data-testid=lifecycle-expired-markers]");
  }
  // Enter in a field adds the rule, as "Add rule" does (the form is keyboard-operable).
  await page.press("[data-testid=lifecycle-id]", "Enter");
}
