// The other ways OSS creates a version, in the browser: a form upload (PostObject) that shows
// the fields it posts, appends that grow one version, a symlink drawn as such, and their
// ossutil commands (appendfromfile, create-symlink, read-symlink).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, upload, lastLog, stackRows,
} from "./helpers.mjs";

useBrowser();

async function openDetails(page, testid) {
  const open = await page.$eval(`[data-testid=${testid}]`, (d) => d.open);
  if (!open) await page.click(`[data-testid=${testid}] summary`);
}

test("form upload shows its fields and makes versions; appends grow one version", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "forms");
  await setVersioning(page, "Enabled");

  await openDetails(page, "form-upload");
  await page.fill("[data-testid=form-key]", "inbox/${filename}");
  await page.fill("[data-testid=form-filename]", "note.txt");
  await page.fill("[data-testid=form-text]", "first post");
  await page.fill("[data-testid=form-meta]", "from: browser");
  const fields = await page.textContent("[data-testid=form-fields]");
  assert.match(fields, /^key: inbox\/\$\{filename\}$/m);
  assert.match(fields, /^Content-Type: text\/plain$/m);
  assert.match(fields, /^x-oss-meta-from: browser$/m);
  assert.match(fields, /^success_action_status: 201$/m);
  assert.match(fields, /file: note\.txt \(10 bytes; always the last field\)/);
  await shot(page, "form-upload-fields");
  await page.click("[data-testid=form-submit]");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry]")?.dataset.op === "PostObject");
  let log = await lastLog(page);
  assert.equal(log.status, 201);
  assert.match(log.text, /multipart\/form-data/);
  await page.fill("[data-testid=form-text]", "second post");
  await page.click("[data-testid=form-submit]");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=stack-row]").length === 2);
  let rows = await stackRows(page);
  assert.equal(rows.length, 2, "each form upload is a new version");

  // Appends: one version that grows; the badge shows the next position.
  await openDetails(page, "append");
  await page.fill("[data-testid=append-key]", "logs/app.log");
  await page.fill("[data-testid=append-text]", "line one\n");
  await page.click("[data-testid=append-submit]");
  await page.waitForSelector("[data-testid=appendable-badge][data-next='9']");
  assert.equal((await lastLog(page)).op, "AppendObject");
  await page.fill("[data-testid=append-text]", "line two\n");
  await page.click("[data-testid=append-submit]");
  await page.waitForSelector("[data-testid=appendable-badge][data-next='18']");
  rows = await stackRows(page);
  assert.equal(rows.length, 1, "appends grow the version instead of adding versions");
  await shot(page, "append-grows");
  // A wrong position is OSS's 409, with the length to use.
  await page.fill("[data-testid=append-position]", "3");
  await page.click("[data-testid=append-submit]");
  await page.waitForFunction(() => document.querySelector("[data-testid=log-entry]")?.dataset.code === "PositionNotEqualToLength");
  assert.match((await lastLog(page)).text, /x-oss-next-append-position: 18/);
  // A put on top closes it for good.
  await upload(page, "logs/app.log", "replaced");
  await page.waitForSelector("[data-testid=appendable-badge]:has-text('closed at 18')");
  await closeClean(app);
});

test("symlinks and their ossutil commands", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "links");
  await setVersioning(page, "Enabled");
  await upload(page, "data/v1.csv", "a,b");
  await openDetails(page, "symlink");
  await page.fill("[data-testid=symlink-key]", "latest.csv");
  await page.fill("[data-testid=symlink-target]", "data/v1.csv");
  await page.click("[data-testid=symlink-submit]");
  await page.waitForSelector("[data-testid=symlink-badge][data-target='data/v1.csv']");
  assert.equal((await lastLog(page)).op, "PutSymlink");

  await page.click("[data-testid=console-mode-ossutil]");
  const run = async (cmd) => {
    await page.fill("[data-testid=ossutil-line]", cmd);
    await page.click("[data-testid=ossutil-run]");
    return page.textContent("[data-testid=ossutil-output]");
  };
  let out = await run("read-symlink oss://links/latest.csv");
  assert.match(out, /X-Oss-Symlink-Target\s+: data\/v1\.csv/);
  assert.equal((await lastLog(page)).op, "GetSymlink");
  out = await run("create-symlink oss://links/latest.csv oss://links/data/v2.csv");
  out = await run("read-symlink oss://links/latest.csv");
  assert.match(out, /X-Oss-Symlink-Target\s+: data\/v2\.csv/);
  out = await run('appendfromfile text:"abc" oss://links/app.log');
  assert.match(out, /the object new size is 3/);
  out = await run('appendfromfile text:"de" oss://links/app.log');
  assert.match(out, /the object new size is 5/);
  assert.equal((await lastLog(page)).op, "AppendObject");
  // The request log offers the ossutil equivalent of an append.
  await page.click("[data-testid=log-entry] >> nth=0 >> button[role=tab]:has-text('ossutil')");
  assert.match(await page.textContent("[data-testid=log-ossutil]"), /^ossutil appendfromfile app\.log oss:\/\/links\/app\.log/);
  await closeClean(app);
});
