// Persistence: the lab survives reloads (same browser profile), follows other tabs, loses
// nothing when two tabs write at once, exports / resets / imports, rejects bad files without
// changing anything, and says plainly when it cannot save.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { launchProfile, openIn, closeClean, waitReady, ARTIFACTS } from "./helpers.mjs";

const shot = (page, name) =>
  page.screenshot({ path: join(ARTIFACTS, `e2e-persist-${name}.png`), fullPage: true });

const VERSIONING_ON =
  "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";

/** Everything observable about the lab, through the OSS protocol: bucket list, every
 * bucket's version listing, HEAD of every current object (restore state), and the clock. */
async function snapshot(page) {
  return page.evaluate(async () => {
    const r = (o) => osslab.request(o);
    const buckets = (await r({ path: "/" })).body;
    const names = [...buckets.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]);
    const out = { buckets, versions: {}, heads: {} };
    for (const b of names) {
      const v = (await r({ path: `/${b}`, query: { versions: "" } })).body;
      out.versions[b] = v;
      for (const m of v.matchAll(/<Version>\s*<Key>([^<]*)<\/Key>\s*<VersionId>([^<]*)<\/VersionId>\s*<IsLatest>true/g)) {
        const h = await r({ method: "HEAD", path: `/${b}/${encodeURIComponent(m[1])}` });
        out.heads[`${b}/${m[1]}`] = {
          status: h.status,
          version: h.headers["x-oss-version-id"] ?? null,
          restore: h.headers["x-oss-restore"] ?? null,
          cls: h.headers["x-oss-storage-class"] ?? null,
        };
      }
    }
    out.clock = osslab.clock.nowMs();
    return out;
  });
}

const status = (page) => page.evaluate(() => osslab.storage.status());
const saved = (page) => page.evaluate(() => osslab.storage.saved());

test("reload keeps version stacks, ids, delete markers, a restore in progress and the clock", async () => {
  const { context, close } = await launchProfile();
  try {
    const app = await openIn(context);
    const { page } = app;
    assert.equal((await status(page)).state, "saved");
    // Pause the clock (so the time is exactly comparable) and move it.
    await page.click("[data-testid=clock-play]");
    await page.evaluate(async (on) => {
      const r = (o) => osslab.request(o);
      await r({ method: "PUT", path: "/keep" });
      await r({ method: "PUT", path: "/keep", query: { versioning: "" }, body: on });
      for (const b of ["one", "two", "three"]) await r({ method: "PUT", path: "/keep/a.txt", body: b });
      await r({ method: "DELETE", path: "/keep/a.txt" });
      await r({ method: "PUT", path: "/keep/dir%2Fb.txt", body: "bee" });
      await r({
        method: "PUT", path: "/keep/cold.txt", body: "frozen",
        headers: { "x-oss-storage-class": "ColdArchive" },
      });
      const restore = await r({
        method: "POST", path: "/keep/cold.txt", query: { restore: "" },
        body: "<RestoreRequest><Days>2</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>",
      });
      if (restore.status !== 202) throw new Error(`restore: ${restore.status} ${restore.body}`);
    }, VERSIONING_ON);
    await page.click("[data-testid=jump-hour]");
    await page.selectOption("[data-testid=clock-speed]", "60");
    await saved(page);
    assert.equal((await status(page)).state, "saved");
    const before = await snapshot(page);
    assert.match(before.versions.keep, /<DeleteMarker>/);
    assert.equal((before.versions.keep.match(/<Version>/g) ?? []).length, 5);
    assert.match(before.heads["keep/cold.txt"].restore, /ongoing-request="true"/);

    await page.reload({ waitUntil: "load" });
    await waitReady(page, app.problems);
    const after = await snapshot(page);
    assert.deepEqual(after, before);
    assert.equal(await page.$eval("[data-testid=clock-speed]", (s) => s.value), "60");
    assert.match(await page.textContent("[data-testid=clock-play]"), /Play/);
    await page.click('[data-testid=bucket-item][data-bucket="keep"]');
    await shot(page, "after-reload");
    assert.equal((await status(page)).state, "saved");
    assert.equal(await page.textContent("[data-testid=storage-status]"), "Saved");

    // The clock finishes the restore (a change made by time, not by a request): saved too.
    await page.click("[data-testid=jump-day]");
    await saved(page);
    const restored = await snapshot(page);
    assert.match(restored.heads["keep/cold.txt"].restore, /ongoing-request="false"/);
    await page.reload({ waitUntil: "load" });
    await waitReady(page, app.problems);
    assert.deepEqual(await snapshot(page), restored);
    await closeClean(app);
  } finally {
    await close();
  }
});

test("two tabs: a write in one shows in the other; writing at once loses nothing", async () => {
  const { context, close } = await launchProfile();
  try {
    const a = await openIn(context);
    const b = await openIn(context);
    await a.page.evaluate(async (on) => {
      await osslab.request({ method: "PUT", path: "/shared" });
      await osslab.request({ method: "PUT", path: "/shared", query: { versioning: "" }, body: on });
    }, VERSIONING_ON);
    // Tab B learns of the write without a reload (the wait is a liveness bound, not a timing goal).
    await b.page.waitForSelector('[data-testid=bucket-item][data-bucket="shared"]', { timeout: 5000 });

    // The clock follows too: pausing it in A pauses it in B.
    await a.page.click("[data-testid=clock-play]");
    await b.page.waitForFunction(
      () => document.querySelector("[data-testid=clock-play]")?.getAttribute("aria-pressed") === "false",
      null,
      { timeout: 2000 },
    );

    // 20 puts in each tab at the same time.
    const writer = (page, tag) =>
      page.evaluate(async (tag) => {
        const ids = [];
        for (let i = 0; i < 20; i++) {
          const r = await osslab.request({ method: "PUT", path: "/shared/k.txt", body: `${tag}${i}` });
          if (r.status !== 200) throw new Error(`${tag}${i}: ${r.status}`);
          ids.push(r.headers["x-oss-version-id"]);
        }
        await osslab.storage.saved();
        return ids;
      }, tag);
    const [idsA, idsB] = await Promise.all([writer(a.page, "A"), writer(b.page, "B")]);
    // Let each tab take in the other's last commits.
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all([saved(a.page), saved(b.page)]);
    const list = (page) =>
      page.evaluate(async () => {
        const body = (await osslab.request({ path: "/shared", query: { versions: "" } })).body;
        return [...body.matchAll(/<VersionId>([^<]*)<\/VersionId>/g)].map((m) => m[1]);
      });
    const [listA, listB] = [await list(a.page), await list(b.page)];
    const conflicts = (await status(a.page)).conflicts + (await status(b.page)).conflicts;
    console.log(`two tabs: ${conflicts} commit conflicts resolved by refresh and retry`);
    assert.equal(listA.length, 40, "40 versions in tab A");
    assert.deepEqual(listB, listA, "both tabs show the same stack");
    assert.equal(new Set(listA).size, 40, "version ids are unique");
    assert.deepEqual([...idsA, ...idsB].sort(), [...listA].sort(), "the ids the puts returned are the stored ones");
    // A third tab reads the same from storage.
    const c = await openIn(context);
    assert.deepEqual(await list(c.page), listA);
    await b.page.click('[data-testid=bucket-item][data-bucket="shared"]');
    await shot(b.page, "tab-b");
    for (const app of [a, b, c]) await closeClean(app);
  } finally {
    await close();
  }
});

test("export → reset → import restores the same lab; bad files change nothing", async () => {
  const { context, close } = await launchProfile();
  try {
    const app = await openIn(context);
    const { page } = app;
    await page.evaluate(async (on) => {
      const r = (o) => osslab.request(o);
      await r({ method: "PUT", path: "/box" });
      await r({ method: "PUT", path: "/box", query: { versioning: "" }, body: on });
      for (const b of ["x", "y"]) await r({ method: "PUT", path: "/box/n.txt", body: b });
      await r({ method: "DELETE", path: "/box/n.txt" });
      await r({ method: "PUT", path: "/plain" });
      await r({ method: "PUT", path: "/plain/p.bin", body: new Uint8Array([0, 1, 2, 255]) });
    }, VERSIONING_ON);
    await saved(page);
    const before = await snapshot(page);

    // Export (keyboard: open the menu, then the button).
    await page.focus("[data-testid=storage-menu-toggle]");
    await page.keyboard.press("Enter");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("[data-testid=export-lab]"),
    ]);
    assert.match(download.suggestedFilename(), /^osslab-.*\.osslab\.json$/);
    const file = await readFile(await download.path());
    assert.equal(JSON.parse(file.toString()).format, "osslab-lab");
    await shot(page, "menu");
    // Escape closes the menu and gives focus back to its toggle.
    await page.keyboard.press("Escape");
    assert.equal(await page.$eval("[data-testid=storage-menu]", (d) => d.open), false);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "storage-menu-toggle");
    await page.keyboard.press("Enter");

    // Reset, with confirmation.
    await page.click("[data-testid=reset-lab]");
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "reset-confirm");
    await page.click("[data-testid=reset-cancel]");
    assert.equal((await snapshot(page)).buckets, before.buckets, "cancel changes nothing");
    await page.click("[data-testid=reset-lab]");
    await page.click("[data-testid=reset-confirm]");
    await page.waitForSelector('[data-testid=storage-message][data-ok="true"]');
    await saved(page);
    assert.equal(await page.textContent("[data-testid=bucket-list-empty]"), "No buckets yet.");
    await page.reload({ waitUntil: "load" });
    await waitReady(page, app.problems);
    assert.equal(await page.textContent("[data-testid=bucket-list-empty]"), "No buckets yet.");
    const empty = await snapshot(page);
    assert.deepEqual(empty.versions, {});

    // Import the export.
    await page.click("[data-testid=storage-menu-toggle]");
    await page.setInputFiles("[data-testid=import-lab]", {
      name: "lab.osslab.json", mimeType: "application/json", buffer: file,
    });
    await page.waitForSelector('[data-testid=storage-message][data-ok="true"]');
    await saved(page);
    const imported = await snapshot(page);
    assert.deepEqual({ ...imported, clock: 0 }, { ...before, clock: 0 });
    await page.reload({ waitUntil: "load" });
    await waitReady(page, app.problems);
    const reloaded = await snapshot(page);
    assert.deepEqual({ ...reloaded, clock: 0 }, { ...before, clock: 0 });

    // A truncated file, a foreign JSON file and a file with a damaged body: clear errors,
    // nothing changes (in memory or in storage).
    await page.click("[data-testid=storage-menu-toggle]");
    const bad = [
      ["cut.osslab.json", file.subarray(0, Math.floor(file.length / 2)), /incomplete/],
      ["other.json", Buffer.from('{"hello": "world"}'), /not an osslab lab export/],
      ["future.osslab.json", Buffer.from('{"format":"osslab-lab","version":99}'), /newer osslab/],
      ["damaged.osslab.json", Buffer.from(file.toString().replace(/"eA=="/, '"eQ=="')), /damaged/],
    ];
    for (const [name, buffer, why] of bad) {
      await page.setInputFiles("[data-testid=import-lab]", { name, mimeType: "application/json", buffer });
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid=storage-message][data-ok="false"]')?.textContent.includes(n),
        name,
      );
      const text = await page.textContent("[data-testid=storage-message]");
      assert.match(text, why, `${name}: ${text}`);
      assert.match(text, /Nothing was changed/);
    }
    await shot(page, "import-error");
    assert.deepEqual({ ...(await snapshot(page)), clock: 0 }, { ...before, clock: 0 });
    await page.reload({ waitUntil: "load" });
    await waitReady(page, app.problems);
    assert.deepEqual({ ...(await snapshot(page)), clock: 0 }, { ...before, clock: 0 });
    await closeClean(app);
  } finally {
    await close();
  }
});

test("a failed save is shown, kept in memory and written with the next change", async () => {
  const { context, close } = await launchProfile();
  try {
    const app = await openIn(context);
    const { page } = app;
    await page.evaluate(() => osslab.request({ method: "PUT", path: "/fails" }));
    await saved(page);
    await page.evaluate(() => osslab.storage.failNextCommit());
    const r = await page.evaluate(() => osslab.request({ method: "PUT", path: "/fails/one.txt", body: "1" }));
    assert.equal(r.status, 200, "the lab keeps working");
    const st = await status(page);
    assert.equal(st.state, "failed");
    assert.match(st.text, /^Not saved: .*the lab keeps working in memory$/);
    assert.match(await page.textContent("[data-testid=storage-status]"), /Not saved/);
    await shot(page, "save-failed");
    await page.evaluate(() => osslab.request({ method: "PUT", path: "/fails/two.txt", body: "2" }));
    await saved(page);
    assert.equal((await status(page)).state, "saved");
    await page.reload({ waitUntil: "load" });
    await waitReady(page, app.problems);
    const list = await page.evaluate(async () => (await osslab.request({ path: "/fails" })).body);
    assert.match(list, /one\.txt/);
    assert.match(list, /two\.txt/);
    await closeClean(app);
  } finally {
    await close();
  }
});

test("without IndexedDB the lab works in memory and says so", async () => {
  const { context, close } = await launchProfile();
  try {
    const app = await openIn(context, {
      init: () => Object.defineProperty(window, "indexedDB", { get: () => undefined }),
    });
    const { page } = app;
    const st = await status(page);
    assert.equal(st.state, "memory");
    assert.match(st.text, /Not saved: Browser storage \(IndexedDB\) is not available.*keeps working in memory/);
    const r = await page.evaluate(() => osslab.request({ method: "PUT", path: "/mem" }));
    assert.equal(r.status, 200);
    await page.waitForSelector('[data-testid=bucket-item][data-bucket="mem"]');
    await shot(page, "memory-only");
    await closeClean(app);
  } finally {
    await close();
  }
});
