// The Bill panel: a versioned bucket with 1,000 versions written over ten virtual days, its
// total, the stacked chart (checked in a screenshot), the top keys, the per-version cost in
// the stack panel, "what if" with a noncurrent-expiration rule, editable prices, ossutil du
// and /_osslab/bill from the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useBrowser, openApp, closeClean, ARTIFACTS } from "./helpers.mjs";

useBrowser({ width: 1280, height: 1000 });

test("the Bill panel meters 1,000 versions and compares a lifecycle rule", async () => {
  const app = await openApp();
  const { page } = app;
  await page.evaluate(async () => {
    await osslab.request({ method: "PUT", path: "/costs" });
    await osslab.request({
      method: "PUT", path: "/costs", query: { versioning: "" },
      body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    });
    const body = "x".repeat(10 * 1024);
    for (let day = 0; day < 10; day++) {
      let last;
      for (let i = 0; i < 100; i++) {
        last = osslab.request({ method: "PUT", path: `/costs/report-${i % 10}.csv`, body: body + day });
      }
      await last;
      osslab.clock.advance(86400);
    }
  });
  await page.click('[data-testid=bucket-item][data-bucket="costs"]');
  await page.waitForSelector("[data-testid=bill-total]");
  const total = Number(await page.$eval("[data-testid=bill-total]", (e) => e.dataset.total));
  assert.ok(total > 0, `total ${total}`);
  assert.match(await page.textContent("[data-testid=bill-stored]"), /Standard noncurrent/);

  // Stacked by kind: current and noncurrent; by class: Standard alone.
  const series = () => page.$$eval("[data-testid=bill-chart] polygon", (p) => p.map((x) => x.dataset.series));
  assert.deepEqual(await series(), ["current", "noncurrent"]);
  await page.click("[data-testid=bill-by-class]");
  assert.deepEqual(await series(), ["Standard"]);
  await page.click("[data-testid=bill-by-line]");
  // The chart spans the ten days: its last point is at the right edge, higher than the first.
  const pts = await page.$eval("[data-testid=bill-chart] polygon[data-series=noncurrent]", (p) => p.getAttribute("points"));
  assert.ok(pts.split(" ").length >= 10, pts);

  const keys = await page.$$eval("[data-testid=bill-key]", (r) => r.map((x) => x.dataset.key));
  assert.equal(keys.length, 10);
  assert.ok(keys.every((k) => /^report-\d\.csv$/.test(k)), keys.join());

  await page.locator("[data-testid=bill]").screenshot({ path: join(ARTIFACTS, "e2e-bill-1000-versions.png") });

  // What if: noncurrent versions expire after 1 day; the copy saves money, the lab is untouched.
  const before = await page.evaluate(() => osslab.ossutil("du oss://costs --all-versions"));
  assert.match(before, /total object count: 1000/);
  await page.fill("[data-testid=whatif-days]", "1");
  await page.click("[data-testid=whatif-run]");
  const rows = await page.$$eval("[data-testid=whatif-row]", (r) =>
    r.map((x) => ({ days: Number(x.dataset.days), base: Number(x.dataset.base), tried: Number(x.dataset.tried) })));
  assert.deepEqual(rows.map((r) => r.days), [30, 90, 365]);
  for (const r of rows) assert.ok(r.tried < r.base, JSON.stringify(r));
  assert.ok(rows[2].base > rows[0].base);
  assert.match(await page.evaluate(() => osslab.ossutil("du oss://costs --all-versions")), /total object count: 1000/);

  // The stack panel shows each version's cost.
  await page.click("[data-testid=open-key]");
  await page.waitForSelector("[data-testid=version-cost]");
  assert.match(await page.textContent("[data-testid=version-cost]"), /¥[\d.]+ CNY · ¥[\d.]+ CNY\/day/);

  // Editable prices: ten times the Standard price, ten times the total.
  await page.click("[data-testid=bill-prices] summary");
  await page.fill("[data-testid=price-storage-Standard]", "1.2");
  await page.dispatchEvent("[data-testid=price-storage-Standard]", "change");
  const tenfold = Number(await page.$eval("[data-testid=bill-total]", (e) => e.dataset.total));
  assert.ok(tenfold > 9 * total, `${tenfold} vs ${total}`);
  await page.click("[data-testid=prices-reset]");

  // The same bill over the wire, as an SDK would read it.
  const bill = await page.evaluate(async () => {
    const r = await osslab.request({ method: "GET", path: "/_osslab/bill", query: { bucket: "costs" } });
    return { status: r.status, body: JSON.parse(r.body) };
  });
  assert.equal(bill.status, 200);
  assert.equal(bill.body.bucket, "costs");
  assert.ok(bill.body.storage.some((s) => s.line === "noncurrent" && s.class === "Standard"));
  await closeClean(app);
});
