// Lifecycle rules through ali-oss against `osslab serve`, with their effect after moving the
// server's virtual clock past the daily runs.

import assert from "node:assert/strict";
import { test } from "node:test";

import { advance, bucket, rejectsWith, serverForFile, versionOf } from "./lab.mjs";

const server = serverForFile();

const DAY = 86_400;

test("rules round-trip and are gone after DeleteBucketLifecycle", async () => {
  const c = await bucket(server.endpoint, "node-lifecycle-config", null);
  await rejectsWith(c.getBucketLifecycle("node-lifecycle-config"), 404, "NoSuchLifecycle", "0034-00000001");
  // ali-oss writes each rule's ID after its other elements.
  await c.putBucketLifecycle("node-lifecycle-config", [
    { id: "expire-logs", prefix: "logs/", status: "Enabled", expiration: { days: 3 } },
    { id: "old-versions", prefix: "data/", status: "Disabled", noncurrentVersionExpiration: { noncurrentDays: 5 } },
  ]);
  const { rules } = await c.getBucketLifecycle("node-lifecycle-config");
  assert.deepEqual(
    rules.map((r) => [r.id, r.prefix, r.status]),
    [["expire-logs", "logs/", "Enabled"], ["old-versions", "data/", "Disabled"]],
  );
  assert.equal(String(rules[0].expiration.days), "3");
  assert.equal(String(rules[1].noncurrentVersionExpiration.noncurrentDays), "5");
  await c.deleteBucketLifecycle("node-lifecycle-config");
  await rejectsWith(c.getBucketLifecycle("node-lifecycle-config"), 404, "NoSuchLifecycle", "0034-00000001");
});

test("in a versioned bucket expiration adds a marker and noncurrent versions expire", async () => {
  const c = await bucket(server.endpoint, "node-lifecycle");
  await c.putBucketLifecycle("node-lifecycle", [
    { id: "logs", prefix: "logs/", status: "Enabled", expiration: { days: 1 } },
    { id: "nc", prefix: "data/", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 1 } },
  ]);
  const log = versionOf(await c.put("logs/a.log", Buffer.from("log")));
  await c.put("data/k", Buffer.from("1"));
  const v2 = versionOf(await c.put("data/k", Buffer.from("2")));
  assert.match((await c.head("logs/a.log")).res.headers["x-oss-expiration"], /^expiry-date=".+ GMT", rule-id="logs"$/);

  await advance(server.endpoint, 2 * DAY + 60);
  // logs/a.log: a delete marker on top, the data kept as a noncurrent version.
  await rejectsWith(c.get("logs/a.log"), 404, "NoSuchKey", "0026-00000001");
  assert.equal((await c.get("logs/a.log", { versionId: log })).content.toString(), "log");
  // data/k: the noncurrent version expired, the current one stays.
  const listing = await c.getBucketVersions({ prefix: "data/" });
  assert.deepEqual(listing.objects.map((o) => [o.versionId, o.isLatest]), [[v2, true]]);
});
