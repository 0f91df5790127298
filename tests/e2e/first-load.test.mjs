// The first load as `osslab web` serves it (scripts/serve, and this stage): the static shell of
// index.html is on screen before the module arrives, the app replaces it, and the module comes
// compressed with the type that lets the browser compile it while it downloads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { URL, launchProfile, waitReady } from "./helpers.mjs";

/** A page that records problems like `openApp`'s, in a fresh profile. */
async function freshPage() {
  const profile = await launchProfile();
  const page = await profile.context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()}`));
  return { profile, page, problems };
}

test("the static shell shows until the module arrives, then the app replaces it", async () => {
  const { profile, page, problems } = await freshPage();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let requested;
  const wasmRequested = new Promise((resolve) => (requested = resolve));
  await page.route(/_bg\.wasm$/, async (route) => {
    requested();
    await held;
    await route.continue();
  });
  await page.goto(URL, { waitUntil: "load" });
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length);
  // The shell is painted without the module: title, what the lab is, a loading line.
  assert.equal(await page.textContent("#shell header h1"), "osslab");
  assert.match(await page.textContent("#shell .shell-intro"), /version stacks and delete markers/);
  assert.match(await page.textContent("#shell [role=status]"), /Loading the lab/);
  assert.equal(await page.$("#app"), null, "no app before the module");
  await wasmRequested; // boot.js asks for it once the shell has painted

  release();
  await waitReady(page, problems);
  assert.equal(await page.$("#shell"), null, "the shell is gone");
  assert.equal(await page.$$eval("h1", (h) => h.length), 1, "one h1: the app's");
  assert.deepEqual(problems, []);
  await profile.close();
});

test("osslab web sends the module brotli-compressed as application/wasm, the page revalidated", async () => {
  const { profile, page, problems } = await freshPage();
  const heads = new Map();
  page.on("response", async (r) => {
    const name = new globalThis.URL(r.url()).pathname.split("/").pop() || "index.html";
    heads.set(name, await r.allHeaders());
  });
  await page.goto(URL, { waitUntil: "load" });
  await waitReady(page, problems);
  const wasm = [...heads.keys()].find((n) => n.endsWith("_bg.wasm"));
  assert.ok(wasm, `the module was fetched: ${[...heads.keys()]}`);
  assert.equal(heads.get(wasm)["content-type"], "application/wasm");
  assert.equal(heads.get(wasm)["content-encoding"], "br");
  assert.equal(heads.get(wasm)["vary"], "accept-encoding");
  const js = [...heads.keys()].find((n) => /^osslab-.*\.js$/.test(n));
  assert.equal(heads.get(js)["content-encoding"], "br");
  assert.match(heads.get(js)["content-type"], /^text\/javascript/);
  assert.equal(heads.get("index.html")["cache-control"], "no-cache");
  assert.deepEqual(problems, []);
  await profile.close();
});
