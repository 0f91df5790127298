// Object actions beyond the versioning basics: file upload with user metadata, storage-class
// change by self-copy, folders and search, lifecycle effects showing up when the clock jumps.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, lastLog, stackRows,
} from "./helpers.mjs";

useBrowser();

test("file upload with metadata, then a storage-class change adds a version", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "files");
  await setVersioning(page, "Enabled");
  await page.click("[data-testid=upload] summary");
  await page.fill("[data-testid=upload-key]", "docs/");
  await page.check("[data-testid=upload-mode-file]");
  await page.setInputFiles("[data-testid=upload-file]", {
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("from a file"),
  });
  await page.fill("[data-testid=upload-meta]", "author: ada\nproject = lab");
  await page.click("[data-testid=upload-submit]");
  await page.waitForFunction(() => document.querySelector("[data-testid=stack-key]")?.textContent === "docs/notes.txt");
  const log = await lastLog(page);
  assert.equal(log.op, "PutObject");
  assert.match(log.text, /x-oss-meta-author: ada/);
  assert.match(log.text, /x-oss-meta-project: lab/);
  assert.match(log.text, /content-type: text\/plain/);

  await page.selectOption("[data-testid=new-class]", "Archive");
  await page.click("[data-testid=action-change-class]");
  const copy = await lastLog(page);
  assert.equal(copy.op, "CopyObject");
  assert.match(copy.text, /x-oss-storage-class: Archive/);
  assert.match(copy.text, /x-oss-copy-source: \/files\/docs%2Fnotes\.txt/);
  const rows = await stackRows(page);
  assert.equal(rows.length, 2);
  assert.match(rows[0].text, /Archive/);
  assert.match(rows[1].text, /Standard/);

  // Folder navigation and search by prefix.
  await page.click("[data-testid=breadcrumb] button >> nth=0");
  await page.click("[data-testid=folder-row] button");
  await page.waitForSelector('[data-testid=object-row][data-key="docs/notes.txt"]');
  await page.fill("[data-testid=search]", "zzz");
  await page.waitForSelector("[data-testid=objects-empty]");
  await page.fill("[data-testid=search]", "no");
  await page.waitForSelector('[data-testid=object-row][data-key="docs/notes.txt"]');
  await shot(page, "file-upload-class-change");
  await closeClean(app);
});

test("lifecycle expiration shows up when the clock jumps", async () => {
  const app = await openApp();
  const { page } = app;
  const status = await page.evaluate(async () => {
    await osslab.request({ method: "PUT", path: "/life" });
    for (const k of ["tmp%2Fa.txt", "keep.txt"]) {
      await osslab.request({ method: "PUT", path: `/life/${k}`, body: "x" });
    }
    const r = await osslab.request({
      method: "PUT", path: "/life", query: { lifecycle: "" },
      body: "<LifecycleConfiguration><Rule><ID>tmp</ID><Prefix>tmp/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>",
    });
    return r.status;
  });
  assert.equal(status, 200);
  await page.click('[data-testid=bucket-item][data-bucket="life"]');
  await page.waitForSelector("[data-testid=folder-row]");
  await page.click("[data-testid=jump-day]");
  await page.click("[data-testid=jump-day]");
  await page.waitForFunction(() => !document.querySelector("[data-testid=folder-row]"));
  const keys = await page.$$eval("[data-testid=object-row]", (r) => r.map((x) => x.dataset.key));
  assert.deepEqual(keys, ["keep.txt"]);
  await closeClean(app);
});
