// The console (raw requests, ossutil) and window.osslab scripting.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, upload, lastLog, rawRequest,
} from "./helpers.mjs";

useBrowser();

test("raw console request: any method, path, query, headers and body", async () => {
  const app = await openApp();
  const { page } = app;
  await rawRequest(page, { method: "PUT", path: "/rawbucket" });
  assert.equal((await lastLog(page)).op, "PutBucket");
  await rawRequest(page, {
    method: "PUT",
    path: "/rawbucket",
    query: "versioning",
    body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
  });
  assert.equal((await lastLog(page)).status, 200);
  await rawRequest(page, {
    method: "PUT",
    path: "/rawbucket/dir%2Fnote.txt",
    headers: "Content-Type: text/plain\nx-oss-meta-author: lab",
    body: "<b>not html</b>",
  });
  const out = await page.textContent("[data-testid=raw-output]");
  assert.match(out, /HTTP\/1.1 200 OK/);
  assert.match(out, /x-oss-version-id: /);
  await rawRequest(page, { method: "GET", path: "/rawbucket", query: "versions" });
  const list = await page.textContent("[data-testid=raw-output]");
  assert.match(list, /<ListVersionsResult>/);
  assert.match(list, /\n  <Name>rawbucket<\/Name>/, "XML is pretty-printed");
  // The object's content is text, never HTML.
  await page.click("[data-testid=bucket-item]");
  await page.click("[data-testid=folder-row] button");
  await page.click("[data-testid=open-key]");
  await page.click("[data-testid=action-download]");
  assert.equal(await page.textContent("[data-testid=preview-text]"), "<b>not html</b>");
  assert.equal(await page.$("[data-testid=preview-text] b"), null);
  // oss2 snippet for the last request.
  await page.click("[data-testid=log-entry] >> nth=0 >> button[role=tab]:has-text('oss2')");
  assert.match(await page.textContent("[data-testid=log-oss2]"), /bucket\.get_object\('dir\/note\.txt'/);
  await page.click("[data-testid=log-entry] >> nth=0 >> button[role=tab]:has-text('ossutil')");
  assert.equal(await page.textContent("[data-testid=log-ossutil]"), "ossutil cp oss://rawbucket/dir/note.txt note.txt\n");
  await shot(page, "console-raw");
  await closeClean(app);
});

test("ossutil: ls --all-versions, stat, cp, rm in ossutil's format", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "cli");
  await setVersioning(page, "Enabled");
  await upload(page, "a.txt", "one");
  await upload(page, "a.txt", "two");
  await page.click("[data-testid=console-mode-ossutil]");
  const run = async (cmd) => {
    await page.fill("[data-testid=ossutil-line]", cmd);
    await page.click("[data-testid=ossutil-run]");
    return page.textContent("[data-testid=ossutil-output]");
  };
  let out = await run('cp text:"hello world" oss://cli/b.txt');
  assert.match(out, /Succeed: Total num: 1, size: 11/);
  out = await run("rm oss://cli/a.txt");
  assert.match(out, /elapsed/);
  out = await run("ls oss://cli --all-versions");
  assert.match(out, /VERSIONID\s+IS-LATEST\s+DELETE-MARKER\s+ObjectName/);
  assert.match(out, /Object and version Number is: 4/);
  assert.match(out, /true\s+true\s+oss:\/\/cli\/a\.txt/, "the marker is latest");
  assert.equal((await lastLog(page)).op, "ListObjectVersions");
  out = await run("ls oss://cli");
  assert.match(out, /Object Number is: 1/);
  out = await run("stat oss://cli/b.txt");
  assert.match(out, /Etag\s+: [0-9A-F]{32}/);
  assert.match(out, /X-Oss-Storage-Class\s+: Standard/);
  assert.match(out, /X-Oss-Version-Id\s+: \S+/);
  out = await run("stat oss://cli/a.txt");
  assert.match(out, /StatusCode=404, ErrorCode=NoSuchKey/);
  await shot(page, "ossutil");
  await closeClean(app);
});

test("window.osslab.request round trip, clock.now and clock.advance", async () => {
  const app = await openApp();
  const { page } = app;
  const r = await page.evaluate(async () => {
    const out = {};
    out.create = await osslab.request({ method: "PUT", path: "/scripted" });
    out.versioning = await osslab.request({
      method: "PUT", path: "/scripted", query: { versioning: "" },
      body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    });
    out.put = await osslab.request({
      method: "PUT", path: "/scripted/a%2Fb.bin",
      headers: { "X-Oss-Meta-Color": "blue" }, body: new Uint8Array([104, 105]),
    });
    out.get = await osslab.request({ method: "GET", path: "/scripted/a%2Fb.bin" });
    out.missing = await osslab.request({ path: "/scripted/nope" });
    out.now = osslab.clock.now();
    out.nowMs = osslab.clock.nowMs();
    out.advanced = osslab.clock.advance(86400);
    return out;
  });
  assert.equal(r.create.status, 200);
  assert.equal(r.versioning.status, 200);
  assert.equal(r.put.status, 200);
  assert.ok(r.put.headers["x-oss-version-id"], "header names are lower-case");
  assert.equal(r.get.body, "hi");
  assert.equal(r.get.headers["x-oss-meta-color"], "blue");
  assert.equal(r.missing.status, 404);
  assert.match(r.missing.body, /<Code>NoSuchKey<\/Code>/);
  assert.match(r.now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(Date.parse(r.advanced) - r.nowMs >= 86400000);
  // The UI shows what the script did.
  await page.waitForSelector('[data-testid=bucket-item][data-bucket="scripted"]');
  assert.equal((await lastLog(page)).op, "GetObject");
  await closeClean(app);
});
