// Scale: a key with 10,000 versions opens fast and scrolls with a virtualized list; a bucket
// with 100,000 objects pages 100 at a time. Figures go to artifacts/perf.json. First render is
// checked by first-load.test.mjs (the shell paints before the module arrives) and timed by
// scripts/bench-web (Lighthouse's first contentful paint; BENCHMARKS.md "First load").
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useBrowser, openApp, closeClean, shot, ARTIFACTS } from "./helpers.mjs";

useBrowser();
const figures = {};

test("a key with 10,000 versions opens and scrolls (virtualized)", async () => {
  const app = await openApp();
  const { page } = app;
  const fill = await page.evaluate(async () => {
    const t0 = performance.now();
    await osslab.request({ method: "PUT", path: "/big" });
    await osslab.request({
      method: "PUT", path: "/big", query: { versioning: "" },
      body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    });
    let last;
    for (let i = 0; i < 10000; i++) {
      last = osslab.request({ method: "PUT", path: "/big/hot.txt", body: `version ${i}` });
    }
    const r = await last;
    return { ms: performance.now() - t0, status: r.status };
  });
  assert.equal(fill.status, 200);
  figures.put10000VersionsMs = Math.round(fill.ms);
  await page.click('[data-testid=bucket-item][data-bucket="big"]');
  await page.waitForSelector('[data-testid=open-key]');
  const openMs = await page.evaluate(async () => {
    const t0 = performance.now();
    document.querySelector("[data-testid=open-key]").click();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    if (!document.querySelector("[data-testid=stack-row]")) throw new Error("no rows");
    return performance.now() - t0;
  });
  figures.open10000VersionKeyMs = Math.round(openMs);
  // The time is a figure (artifacts/perf.json), not a pass mark: what must hold is that the
  // stack draws a window of rows, checked below.
  assert.match(await page.textContent("[data-testid=stack-summary]"), /10000 entries/);
  let rows = await page.$$eval("[data-testid=stack-row]", (r) => r.length);
  assert.ok(rows > 5 && rows < 60, `${rows} rows in the DOM`);

  // Scroll to the middle and to the bottom: the rows follow.
  const scrollTo = (frac) =>
    page.evaluate(async (f) => {
      const el = document.querySelector("[data-testid=stack-scroller]");
      const t0 = performance.now();
      el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      el.dispatchEvent(new Event("scroll"));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const pos = [...document.querySelectorAll("[data-testid=stack-row]")].map((x) => Number(x.dataset.position));
      return { ms: performance.now() - t0, min: Math.min(...pos), max: Math.max(...pos), n: pos.length };
    }, frac);
  const mid = await scrollTo(0.5);
  assert.ok(mid.min > 4000 && mid.max < 6000, JSON.stringify(mid));
  const end = await scrollTo(1);
  assert.equal(end.max, 9999);
  assert.ok(end.n < 60);
  figures.scrollFrameMs = Math.round(Math.max(mid.ms, end.ms));
  await shot(page, "stack-10000-bottom");
  // The oldest version is at the bottom.
  const text = await page.textContent('[data-testid=stack-row][data-position="9999"]');
  assert.match(text, /#10000/);
  await closeClean(app);
});

test("a bucket with 100,000 objects pages 100 at a time", async () => {
  const app = await openApp();
  const { page } = app;
  const fill = await page.evaluate(async () => {
    const t0 = performance.now();
    await osslab.request({ method: "PUT", path: "/wide" });
    let last;
    for (let i = 0; i < 100000; i++) {
      last = osslab.request({ method: "PUT", path: `/wide/obj-${String(i).padStart(6, "0")}`, body: "x" });
    }
    const r = await last;
    return { ms: performance.now() - t0, status: r.status };
  });
  assert.equal(fill.status, 200);
  figures.put100000ObjectsMs = Math.round(fill.ms);
  const t0 = Date.now();
  await page.click('[data-testid=bucket-item][data-bucket="wide"]');
  await page.waitForSelector('[data-testid=object-row][data-key="obj-000000"]');
  figures.openBucket100000Ms = Date.now() - t0;
  assert.equal(await page.$$eval("[data-testid=object-row]", (r) => r.length), 100);
  await page.click("[data-testid=page-next]");
  await page.waitForSelector('[data-testid=object-row][data-key="obj-000100"]');
  assert.equal(await page.textContent("[data-testid=page-number]"), "Page 2");
  await page.click("[data-testid=page-prev]");
  await page.waitForSelector('[data-testid=object-row][data-key="obj-000000"]');
  await page.fill("[data-testid=search]", "obj-0999");
  await page.waitForSelector('[data-testid=object-row][data-key="obj-099900"]');
  assert.equal(await page.$$eval("[data-testid=object-row]", (r) => r.length), 100);
  await closeClean(app);
  await writeFile(join(ARTIFACTS, "perf.json"), JSON.stringify(figures, null, 2));
  console.log("figures", figures);
});
