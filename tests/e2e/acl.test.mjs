// ACLs and tags in the real UI: a bucket created public-read, an upload with an ACL and tags,
// the stack panel showing and changing one version's ACL and tags, "Act as → anonymous"
// showing what a public link can and cannot do, and ossutil's set-acl / object-tagging /
// stat oss://bucket.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openApp, closeClean, shot, createBucket, setVersioning, upload, lastLog, stackRows,
} from "./helpers.mjs";

useBrowser();

const request = (page, opts) => page.evaluate((o) => window.osslab.request(o), opts);

test("versions carry their own ACL and tags; anonymous reads follow them", async () => {
  const app = await openApp();
  const { page } = app;
  await page.selectOption("[data-testid=new-bucket-acl]", "public-read");
  await createBucket(page, "acl-lab");
  await setVersioning(page, "Enabled");
  let r = await request(page, { method: "GET", path: "/acl-lab", query: { acl: "" } });
  assert.match(r.body, /<Grant>public-read<\/Grant>/);

  // An upload with a private ACL and tags, then a plain one on top.
  await page.click("[data-testid=upload] summary");
  await page.selectOption("[data-testid=upload-acl]", "private");
  await page.fill("[data-testid=upload-tags]", "project=lab&stage=draft");
  await upload(page, "doc.txt", "first");
  assert.deepEqual(await lastLog(page).then((l) => [l.op, l.status]), ["PutObject", 200]);
  await page.selectOption("[data-testid=upload-acl]", "default");
  await page.fill("[data-testid=upload-tags]", "");
  await upload(page, "doc.txt", "second");
  let rows = await stackRows(page);
  assert.equal(rows.length, 2);
  assert.match(rows[1].text, /private/);
  assert.match(rows[1].text, /2 tags/);
  assert.doesNotMatch(rows[0].text, /tag/);
  const older = rows[1].version;

  // The current version follows the public-read bucket.
  assert.match(await page.textContent("[data-testid=effective-acl]"), /public-read \(the bucket's\)/);

  // Pick the older version: make it public-read-write and retag it.
  await page.click(`[data-testid=stack-row][data-version="${older}"]`);
  await page.waitForFunction(
    () => document.querySelector("[data-testid=version-acl]")?.value === "private",
  );
  await page.selectOption("[data-testid=version-acl]", "public-read-write");
  let log = await lastLog(page);
  assert.deepEqual([log.op, log.status], ["PutObjectACL", 200]);
  await page.fill("[data-testid=version-tags]", "project=lab");
  await page.click("[data-testid=version-tags-save]");
  log = await lastLog(page);
  assert.deepEqual([log.op, log.status], ["PutObjectTagging", 200]);
  rows = await stackRows(page);
  assert.match(rows[1].text, /public-read-write/);
  assert.match(rows[1].text, /1 tag/);
  await shot(page, "acl-stack");

  // Anonymous: unsigned requests, judged by the ACLs.
  await page.selectOption("[data-testid=act-as]", "(anonymous)");
  await page.waitForSelector("[data-testid=acting]");
  r = await request(page, { method: "GET", path: "/acl-lab/doc.txt" });
  assert.equal(r.status, 200, "public-read bucket, default version");
  assert.equal(r.body, "second");
  r = await request(page, { method: "PUT", path: "/acl-lab/doc.txt", body: "vandal" });
  assert.equal(r.status, 403);
  assert.equal(r.headers["x-oss-ec"], "0003-00000001");
  r = await request(page, { method: "GET", path: "/acl-lab", query: { acl: "" } });
  assert.equal(r.status, 403, "ACLs are the owner's business");
  await page.selectOption("[data-testid=act-as]", "");
  r = await request(page, { method: "PUT", path: "/acl-lab", query: { acl: "" }, headers: { "x-oss-acl": "private" } });
  assert.equal(r.status, 200);
  await page.selectOption("[data-testid=act-as]", "(anonymous)");
  r = await request(page, { method: "GET", path: "/acl-lab/doc.txt" });
  assert.equal(r.status, 403, "the bucket is private now");
  r = await request(page, { method: "GET", path: "/acl-lab/doc.txt", query: { versionId: older } });
  assert.equal(r.status, 200, "the older version is public-read-write itself");
  assert.equal(r.body, "first");
  await page.selectOption("[data-testid=act-as]", "");
  await closeClean(app);
});

test("ossutil: set-acl, object-tagging, stat of an object and of a bucket", async () => {
  const app = await openApp();
  const { page } = app;
  await createBucket(page, "util-lab");
  const ossutil = (line) => page.evaluate((l) => window.osslab.ossutil(l), line);
  await ossutil('cp text:"hello" oss://util-lab/a.txt');
  assert.equal((await ossutil("set-acl oss://util-lab/a.txt public-read")).trim().split("\n").length, 1);
  let out = await ossutil("stat oss://util-lab/a.txt");
  assert.match(out, /ACL\s+: public-read/);
  await ossutil("object-tagging --method put oss://util-lab/a.txt team#blue size#s");
  out = await ossutil("object-tagging --method get oss://util-lab/a.txt");
  assert.match(out, /team#blue/);
  assert.match(out, /size#s/);
  out = await ossutil("stat oss://util-lab/a.txt");
  assert.match(out, /X-Oss-Tagging-Count\s+: 2/);
  await ossutil("set-acl oss://util-lab public-read-write -b");
  out = await ossutil("stat oss://util-lab");
  assert.match(out, /ACL\s+: public-read-write/);
  assert.match(out, /^ObjectCount\s+: 1$/m);
  assert.match(out, /^Storage\s+: 5$/m);
  out = await ossutil("set-acl oss://util-lab/a.txt world");
  assert.match(out, /invalid acl/);
  await closeClean(app);
});
