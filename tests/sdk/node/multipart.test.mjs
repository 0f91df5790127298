// Multipart uploads and listings through ali-oss against `osslab serve`: the SDK's managed
// upload (parts in parallel, progress), the low-level calls, aborts, and ListObjectsV2 pages.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";

import { bucket, rejectsWith, serverForFile, versionOf } from "./lab.mjs";

const server = serverForFile();

const KIB = 1024;

test("a managed multipart upload becomes one new version with a multipart ETag", async () => {
  const c = await bucket(server.endpoint, "node-multipart");
  const v1 = versionOf(await c.put("big.bin", Buffer.from("small first version")));
  const body = randomBytes(350 * KIB);
  const progress = [];
  const done = await c.multipartUpload("big.bin", body, {
    partSize: 100 * KIB, // OSS's smallest part but the last: four parts here
    parallel: 2,
    progress: (p) => progress.push(p),
  });
  assert.equal(done.res.status, 200);
  assert.equal(progress.at(-1), 1);
  const got = await c.get("big.bin");
  assert.ok(got.content.equals(body));
  assert.match(got.res.headers.etag, /^"[0-9A-F]{32}-4"$/);
  assert.match(got.res.headers["x-oss-hash-crc64ecma"], /^\d+$/);
  const versions = (await c.getBucketVersions({ prefix: "big.bin" })).objects;
  assert.equal(versions.length, 2);
  assert.equal(versions[1].versionId, v1);
  assert.equal(versions[0].size, body.length);
  assert.deepEqual((await c.listUploads()).uploads, []);
});

test("an aborted upload is gone; a small part that is not the last is refused", async () => {
  const c = await bucket(server.endpoint, "node-abort", null);
  const { uploadId } = await c.initMultipartUpload("pending.bin");
  assert.deepEqual((await c.listUploads()).uploads.map((u) => u.name), ["pending.bin"]);
  await c.abortMultipartUpload("pending.bin", uploadId);
  assert.deepEqual((await c.listUploads()).uploads, []);
  await rejectsWith(
    c.uploadPart("pending.bin", uploadId, 1, Buffer.from("late"), 0, 4),
    404,
    "NoSuchUpload",
    "0042-00000104",
  );

  const small = await c.initMultipartUpload("small.bin");
  const parts = [];
  for (const n of [1, 2]) {
    const data = Buffer.from(`part ${n}`);
    const r = await c.uploadPart("small.bin", small.uploadId, n, data, 0, data.length);
    parts.push({ number: n, etag: r.etag });
  }
  await rejectsWith(
    c.completeMultipartUpload("small.bin", small.uploadId, parts),
    400,
    "EntityTooSmall",
    "0042-00000213",
  );
});

test("ListObjectsV2 pages with a delimiter", async () => {
  const c = await bucket(server.endpoint, "node-list", null);
  for (const key of ["a/1", "a/2", "b", "c/3", "d"]) await c.put(key, Buffer.from(key));
  const all = await c.listV2({ delimiter: "/" });
  assert.deepEqual(all.objects.map((o) => o.name), ["b", "d"]);
  assert.deepEqual(all.prefixes, ["a/", "c/"]);

  const seen = [];
  let token;
  do {
    const page = await c.listV2({ "max-keys": 2, ...(token ? { "continuation-token": token } : {}) });
    assert.ok(page.objects.length <= 2);
    seen.push(...page.objects.map((o) => o.name));
    token = page.nextContinuationToken;
  } while (token);
  assert.deepEqual(seen, ["a/1", "a/2", "b", "c/3", "d"]);
});
