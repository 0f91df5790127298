// Versioning through ali-oss (Alibaba Cloud's OSS SDK for Node.js) against `osslab serve`:
// version ids, delete markers, recovery, the null version, batch deletes, forbid-overwrite,
// ranges.

import assert from "node:assert/strict";
import { test } from "node:test";

import { bucket, rejectsWith, serverForFile, versionOf } from "./lab.mjs";

const server = serverForFile();

// OSS version ids: 64 characters of its base64 alphabet with `.` and `_` (as in test_versioning.py).
const VERSION_ID = /^[A-Za-z0-9._]{64}$/;
const text = async (p) => (await p).content.toString();

test("versions stack up, a delete adds a marker, old versions stay readable by id", async () => {
  const c = await bucket(server.endpoint, "node-versions");
  assert.equal((await c.getBucketVersioning("node-versions")).versionStatus, "Enabled");
  const v1 = versionOf(await c.put("k.txt", Buffer.from("one")));
  const v2 = versionOf(await c.put("k.txt", Buffer.from("two")));
  assert.match(v1, VERSION_ID);
  assert.notEqual(v1, v2);
  assert.equal(await text(c.get("k.txt")), "two");

  const d = await c.delete("k.txt");
  assert.equal(d.res.status, 204);
  assert.equal(d.res.headers["x-oss-delete-marker"], "true");
  const marker = versionOf(d);
  assert.ok(![v1, v2].includes(marker));

  await rejectsWith(c.get("k.txt"), 404, "NoSuchKey", "0026-00000001");
  await rejectsWith(c.get("k.txt", { versionId: marker }), 405, "MethodNotAllowed", "0017-00000002");
  assert.equal(await text(c.get("k.txt", { versionId: v1 })), "one");

  const listing = await c.getBucketVersions({ prefix: "k.txt" });
  assert.deepEqual(
    listing.objects.map((o) => [o.versionId, o.isLatest]),
    [[v2, false], [v1, false]],
  );
  // (ali-oss does not parse IsLatest of delete markers.)
  assert.deepEqual(listing.deleteMarker.map((m) => m.versionId), [marker]);

  // Recover by deleting the marker: v2 is current again.
  const r = await c.delete("k.txt", { versionId: marker });
  assert.equal(versionOf(r), marker);
  assert.equal(await text(c.get("k.txt")), "two");

  // A version deleted by id is gone for good.
  await c.delete("k.txt", { versionId: v1 });
  await rejectsWith(c.get("k.txt", { versionId: v1 }), 404, "NoSuchVersion", "0012-00000203");
});

test("recover an old version by copying it onto the key", async () => {
  const c = await bucket(server.endpoint, "node-recover");
  const v1 = versionOf(await c.put("doc", Buffer.from("first draft")));
  await c.put("doc", Buffer.from("mistake"));
  const copy = await c.copy("doc", "doc", "node-recover", { versionId: v1 });
  assert.equal(copy.res.status, 200);
  assert.equal(await text(c.get("doc")), "first draft");
  assert.equal((await c.getBucketVersions({ prefix: "doc" })).objects.length, 3);
});

test("suspended versioning writes and deletes the null version", async () => {
  const c = await bucket(server.endpoint, "node-suspended");
  const v1 = versionOf(await c.put("k", Buffer.from("versioned")));
  await c.putBucketVersioning("node-suspended", "Suspended");
  assert.equal(versionOf(await c.put("k", Buffer.from("null-a"))), "null");
  assert.equal(versionOf(await c.put("k", Buffer.from("null-b"))), "null");
  const listing = await c.getBucketVersions({ prefix: "k" });
  assert.deepEqual(
    listing.objects.map((o) => [o.versionId, o.isLatest]),
    [["null", true], [v1, false]],
  );
  assert.equal(await text(c.get("k", { versionId: "null" })), "null-b");
  const d = await c.delete("k");
  assert.equal(d.res.headers["x-oss-delete-marker"], "true");
  assert.equal(versionOf(d), "null");
  assert.deepEqual((await c.getBucketVersions({ prefix: "k" })).objects.map((o) => o.versionId), [v1]);
});

test("batch delete with and without version ids", async () => {
  const c = await bucket(server.endpoint, "node-batch");
  const va = versionOf(await c.put("a", Buffer.from("a")));
  await c.put("b", Buffer.from("b"));
  const res = await c.deleteMulti([{ key: "a", versionId: va }, "b"], { quiet: false });
  assert.deepEqual(res.deleted.map((d) => d.Key).sort(), ["a", "b"]);
  const listing = await c.getBucketVersions();
  assert.deepEqual(listing.objects.map((o) => o.name), ["b"]);
  assert.deepEqual(listing.deleteMarker.map((m) => m.name), ["b"]);
});

test("forbid-overwrite refuses to replace an object in an unversioned bucket", async () => {
  const c = await bucket(server.endpoint, "node-forbid", null);
  const forbid = { headers: { "x-oss-forbid-overwrite": "true" } };
  await c.put("once", Buffer.from("first"), forbid);
  await rejectsWith(c.put("once", Buffer.from("second"), forbid), 409, "FileAlreadyExists", "0026-00000002");
  assert.equal(await text(c.get("once")), "first");
});

test("forbid-overwrite also guards the destination of a copy", async () => {
  const c = await bucket(server.endpoint, "node-forbid-copy", null);
  const forbid = { headers: { "x-oss-forbid-overwrite": "true" } };
  await c.put("src", Buffer.from("s"));
  await c.put("dst", Buffer.from("d"));
  await rejectsWith(c.copy("dst", "src", forbid), 409, "FileAlreadyExists", "0026-00000201");
  assert.equal(await text(c.get("dst")), "d");
  await c.copy("new", "src", forbid);
  assert.equal(await text(c.get("new")), "s");
});

test("ranges: 206 with Content-Range; past the end the whole object unless standard behaviour", async () => {
  const c = await bucket(server.endpoint, "node-ranges", null);
  await c.put("r", Buffer.from("0123456789"));
  const part = await c.get("r", { headers: { Range: "bytes=2-5" } });
  assert.equal(part.res.status, 206);
  assert.equal(part.content.toString(), "2345");
  assert.equal(part.res.headers["content-range"], "bytes 2-5/10");
  const past = await c.get("r", { headers: { Range: "bytes=10-20" } });
  assert.deepEqual([past.res.status, past.content.toString()], [200, "0123456789"]);
  await rejectsWith(
    c.get("r", { headers: { Range: "bytes=10-20", "x-oss-range-behavior": "standard" } }),
    416,
    "InvalidRange",
    "0016-00000203",
  );
});
