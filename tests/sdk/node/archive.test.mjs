// Archive and Cold Archive restores through ali-oss against `osslab serve`, on the server's
// virtual clock.

import assert from "node:assert/strict";
import { test } from "node:test";

import { advance, bucket, rejectsWith, serverForFile } from "./lab.mjs";

const server = serverForFile();

const archived = (cls) => ({ headers: { "x-oss-storage-class": cls } });
const restoreHeader = async (c, key) => (await c.head(key)).res.headers["x-oss-restore"];

test("an Archive object is frozen until restored, readable once the minute has passed", async () => {
  const c = await bucket(server.endpoint, "node-archive", null);
  await c.put("frozen.txt", Buffer.from("archived bytes"), archived("Archive"));
  await rejectsWith(c.get("frozen.txt"), 403, "InvalidObjectState", "0016-00000404");
  assert.equal(await restoreHeader(c, "frozen.txt"), undefined);

  assert.equal((await c.restore("frozen.txt")).res.status, 202);
  await rejectsWith(c.restore("frozen.txt"), 409, "RestoreAlreadyInProgress", "0016-00000701");
  assert.equal(await restoreHeader(c, "frozen.txt"), 'ongoing-request="true"');
  await rejectsWith(c.get("frozen.txt"), 403, "InvalidObjectState", "0016-00000404");

  await advance(server.endpoint, 61); // an Archive restore takes a minute
  assert.match(await restoreHeader(c, "frozen.txt"), /^ongoing-request="false", expiry-date=".+ GMT"$/);
  assert.equal((await c.get("frozen.txt")).content.toString(), "archived bytes");
  // ali-oss reads the listing's RestoreInfo into restoreInfo.
  const [listed] = (await c.getBucketVersions()).objects;
  assert.equal(listed.storageClass, "Archive");
  assert.equal(listed.restoreInfo.ongoingRequest, false);
  assert.ok(listed.restoreInfo.expiryDate > new Date(0));
});

test("a Cold Archive restore takes its tier's time", async () => {
  const c = await bucket(server.endpoint, "node-cold", null);
  await c.put("cold.bin", Buffer.from("brr"), archived("ColdArchive"));
  const r = await c.restore("cold.bin", { type: "ColdArchive", Days: 2, JobParameters: "Expedited" });
  assert.equal(r.res.status, 202);
  assert.equal(r.res.headers["x-oss-object-restore-priority"], "Expedited");
  await advance(server.endpoint, 30 * 60);
  await rejectsWith(c.get("cold.bin"), 403, "InvalidObjectState", "0016-00000404");
  await advance(server.endpoint, 31 * 60); // Expedited: about an hour
  assert.equal((await c.get("cold.bin")).content.toString(), "brr");
});
