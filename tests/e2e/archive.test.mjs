// Archive restore on the virtual clock: 403 before restore, a progress bar that moves with
// +1 h and with the clock speed, readable when restored, frozen again after cleaning.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, upload, lastLog,
} from "./helpers.mjs";

useBrowser();

const progress = (page) =>
  page.$eval("[data-testid=restore-progress]", (p) => Number(p.value));

test("cold archive: 403, restore progress with the clock, readable, clean → frozen", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "vault");
  await setVersioning(page, "Enabled");
  await upload(page, "report.txt", "quarterly numbers", { storageClass: "ColdArchive" });
  assert.match(await page.textContent("[data-testid=restore-state]"), /frozen/);

  await page.click("[data-testid=action-download]");
  let log = await lastLog(page);
  assert.equal(log.status, 403);
  assert.equal(log.code, "InvalidObjectState");
  assert.match(log.text, /restore it/);

  // Pause the clock so progress only moves when we move time.
  await page.click("[data-testid=clock-play]");
  await page.selectOption("[data-testid=restore-tier]", "Standard");
  await page.click("[data-testid=action-restore]");
  log = await lastLog(page);
  assert.equal(log.op, "RestoreObject");
  assert.equal(log.status, 202);
  assert.match(await page.textContent("[data-testid=restore-state]"), /restoring/);
  const p0 = await progress(page);
  assert.ok(p0 < 1, `progress starts near 0, got ${p0}`);

  // Standard tier takes 5 h: +1 h is 20 %.
  await page.click("[data-testid=jump-hour]");
  const p1 = await progress(page);
  assert.ok(p1 >= 19 && p1 <= 21, `after +1 h: ${p1}`);
  await shot(page, "restore-progress");

  // Still restoring: reading is refused, and cleaning says the restore is not finished.
  await page.click("[data-testid=action-download]");
  assert.equal((await lastLog(page)).code, "InvalidObjectState");

  // Play at 1 h/s: the bar moves on its own.
  await page.selectOption("[data-testid=clock-speed]", "3600");
  await page.click("[data-testid=clock-play]");
  await page.waitForFunction(
    (before) => Number(document.querySelector("[data-testid=restore-progress]")?.value ?? 100) > before + 5,
    p1,
    { timeout: 10000 },
  );
  await page.click("[data-testid=clock-play]"); // pause again
  await page.selectOption("[data-testid=clock-speed]", "1");

  await page.click("[data-testid=jump-day]");
  assert.match(await page.textContent("[data-testid=restore-state]"), /restored until/);
  assert.equal(await page.$("[data-testid=restore-progress]"), null);
  await page.click("[data-testid=action-download]");
  assert.equal(await page.textContent("[data-testid=preview-text]"), "quarterly numbers");
  assert.equal((await lastLog(page)).status, 200);
  await shot(page, "restored");

  await page.click("[data-testid=action-clean]");
  log = await lastLog(page);
  assert.equal(log.op, "CleanRestoredObject");
  assert.equal(log.status, 200);
  assert.match(await page.textContent("[data-testid=restore-state]"), /frozen/);
  await page.click("[data-testid=action-download]");
  assert.equal((await lastLog(page)).status, 403);
  // Nothing left to clean: the button still sends (lesson 8 needs that request), and says
  // what OSS will answer.
  assert.match(await page.textContent("[data-testid=clean-hint]"), /409 ArchiveRestoreFileStale/);
  await page.click("[data-testid=action-clean]");
  log = await lastLog(page);
  assert.equal(log.status, 409);
  assert.equal(log.code, "ArchiveRestoreFileStale");
  await closeClean(app);
});

test("archive restore finishes after about a minute of virtual time", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "logs");
  await upload(page, "old.log", "ancient", { storageClass: "Archive" });
  await page.click("[data-testid=action-restore]");
  assert.equal((await lastLog(page)).status, 202);
  await page.click("[data-testid=action-restore]");
  const again = await lastLog(page);
  assert.equal(again.status, 409);
  assert.equal(again.code, "RestoreAlreadyInProgress");
  await page.click("[data-testid=jump-hour]");
  await page.click("[data-testid=action-download]");
  assert.equal(await page.textContent("[data-testid=preview-text]"), "ancient");
  await closeClean(app);
});
