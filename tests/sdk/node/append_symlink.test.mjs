// AppendObject and symlinks through ali-oss (`append`, `putSymlink`, `getSymlink`) against
// `osslab serve` (docs/fidelity.md §AppendObject, PostObject and symlinks).

import assert from "node:assert/strict";
import { test } from "node:test";

import { bucket, rejectsWith, serverForFile, versionOf } from "./lab.mjs";

const server = serverForFile();
const text = async (p) => (await p).content.toString();

test("append grows one version and reports the next position", async () => {
  const c = await bucket(server.endpoint, "node-append");
  const r1 = await c.append("log.txt", Buffer.from("hello "));
  assert.equal(r1.nextAppendPosition, "6");
  const id = versionOf(r1);
  const r2 = await c.append("log.txt", Buffer.from("world"), { position: r1.nextAppendPosition });
  assert.equal(r2.nextAppendPosition, "11");
  assert.equal(versionOf(r2), id);
  assert.equal(await text(c.get("log.txt")), "hello world");
  const head = await c.head("log.txt");
  assert.equal(head.res.headers["x-oss-object-type"], "Appendable");
  assert.equal(head.res.headers["x-oss-next-append-position"], "11");
  const listing = await c.getBucketVersions({ prefix: "log.txt" });
  assert.deepEqual(listing.objects.map((o) => o.versionId), [id]);

  await rejectsWith(c.append("log.txt", Buffer.from("x"), { position: "3" }), 409, "PositionNotEqualToLength", "0026-00000016");
  await c.put("plain.txt", Buffer.from("normal"));
  await rejectsWith(c.append("plain.txt", Buffer.from("x"), { position: "6" }), 409, "ObjectNotAppendable", "0026-00000017");
});

test("a put over an appendable object closes it; a delete marker lets a new one start", async () => {
  const c = await bucket(server.endpoint, "node-append-versions");
  const old = versionOf(await c.append("k", Buffer.from("abc")));
  await c.put("k", Buffer.from("normal"));
  await rejectsWith(c.append("k", Buffer.from("x"), { position: "6" }), 409, "ObjectNotAppendable", "0026-00000017");
  assert.equal(await text(c.get("k", { versionId: old })), "abc");
  await c.delete("k");
  const fresh = versionOf(await c.append("k", Buffer.from("new"), { position: "0" }));
  assert.notEqual(fresh, old);
  assert.equal(await text(c.get("k")), "new");
});

test("symlinks are versions that read through to the target", async () => {
  const c = await bucket(server.endpoint, "node-symlink");
  await c.put("dir/tä rget.txt", Buffer.from("target"));
  const v1 = versionOf(await c.putSymlink("link", "dir/tä rget.txt"));
  assert.ok(v1);
  assert.equal((await c.getSymlink("link")).targetName, "dir/tä rget.txt");
  assert.equal(await text(c.get("link")), "target");
  const v2 = versionOf(await c.putSymlink("link", "missing"));
  assert.notEqual(v1, v2);
  await rejectsWith(c.get("link"), 404, "SymlinkTargetNotExist", "0026-00000012");
  assert.equal((await c.getSymlink("link", { versionId: v1 })).targetName, "dir/tä rget.txt");
  await rejectsWith(c.getSymlink("dir/tä rget.txt"), 400, "NotSymlink", "0043-00000101");
});
