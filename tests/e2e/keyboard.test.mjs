// Keyboard only: every step of a versioning flow reached with Tab and done with Enter/Space,
// with a visible focus ring; and the dark theme.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openApp, closeClean, shot } from "./helpers.mjs";

useBrowser();

/** Presses Tab until the focused element matches `selector`. */
async function tabTo(page, selector, max = 250) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("keyboard-only: create, enable versioning, upload twice, delete, recover", async () => {
  const app = await openApp();
  const { page } = app;
  await tabTo(page, "[data-testid=new-bucket-name]");
  await page.keyboard.type("keys");
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid=open-bucket]:text-is("keys")');

  await tabTo(page, "[data-testid=versioning-toggle]");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid", "focus is visible");
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid=versioning-state]:text-is("Enabled")');

  await tabTo(page, "[data-testid=upload] summary");
  await page.keyboard.press("Enter");
  for (const text of ["first", "second"]) {
    await tabTo(page, "[data-testid=upload-key]");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("k.txt");
    await tabTo(page, "[data-testid=upload-text]");
    await page.keyboard.press("Control+A");
    await page.keyboard.type(text);
    await tabTo(page, "[data-testid=upload-submit]");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      (t) => document.querySelector("[data-testid=status]")?.textContent.includes("Uploaded k.txt"),
      text,
    );
  }
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=stack-row]").length === 2);

  await tabTo(page, "[data-testid=action-delete]");
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid=stack-row][data-kind="marker"][data-current="true"]');

  // Pick the oldest version with the keyboard and copy it on top.
  await tabTo(page, '[data-testid=stack-row][data-position="2"]');
  await page.keyboard.press("Space");
  await tabTo(page, "[data-testid=action-recover-copy]");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=stack-row]").length === 4);
  const top = await page.$eval('[data-testid=stack-row][data-position="0"]', (r) => r.dataset.kind);
  assert.equal(top, "version");
  await shot(page, "keyboard");
  await closeClean(app);
});

test("dark theme and 1024 px wide", async () => {
  const app = await openApp({ colorScheme: "dark" });
  const { page } = app;
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.evaluate(async () => {
    await osslab.request({ method: "PUT", path: "/dark" });
    await osslab.request({
      method: "PUT", path: "/dark", query: { versioning: "" },
      body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    });
    for (const b of ["a", "b"]) await osslab.request({ method: "PUT", path: "/dark/x.txt", body: b });
    await osslab.request({ method: "DELETE", path: "/dark/x.txt" });
  });
  await page.click('[data-testid=bucket-item][data-bucket="dark"]');
  await page.click("[data-testid=view-versions]");
  await page.click("[data-testid=open-key] >> nth=0");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 1024 px (overflow ${overflow})`);
  // Nor inside the panels: the versions table fits its panel, and in the version stack the
  // describing words give way before the time.
  const table = await page.$eval(".table-wrap", (e) => e.scrollWidth - e.clientWidth);
  assert.ok(table <= 0, `the versions table fits its panel at 1024 px (overflow ${table})`);
  const clipped = await page.$$eval("[data-testid=stack] .stack-time", (times) =>
    times.filter((t) => t.getBoundingClientRect().right > t.closest(".stack-row").getBoundingClientRect().right).length,
  );
  assert.equal(clipped, 0, "every stack row shows its whole time");
  await shot(page, "dark-1024");
  // The toggle overrides the system theme.
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await bg();
  await page.click("[data-testid=theme-toggle]"); // system → light
  assert.notEqual(await bg(), dark);
  await closeClean(app);
});
