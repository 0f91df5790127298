// `osslab serve --data-dir DIR` through ali-oss: what the SDK sees before a clean stop
// (SIGINT) and before a SIGKILL is what it sees after the restart.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { test } from "node:test";

import { advance, bucket, client, versionOf } from "./lab.mjs";

const BIN = process.env.OSSLAB_BIN;

/** `osslab serve --data-dir dir`; resolves to { endpoint, proc } once it listens. */
async function serve(dir) {
  assert.ok(BIN, "OSSLAB_BIN must name the osslab binary");
  const proc = spawn(BIN, ["serve", "--addr", "127.0.0.1:0", "--data-dir", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
  let endpoint;
  for await (const line of createInterface({ input: proc.stdout })) {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
    if (m) {
      endpoint = m[1];
      break;
    }
  }
  clearTimeout(timer);
  assert.ok(endpoint, "osslab serve --data-dir printed no ready line");
  return { endpoint, proc };
}

async function end(server, signal) {
  server.proc.kill(signal);
  await once(server.proc, "exit");
}

/** Everything observable of bucket `name`, comparable with deepEqual. */
async function observe(endpoint, name) {
  const c = client(endpoint, name);
  const listing = await c.getBucketVersions({ "max-keys": 1000 });
  const objects = [];
  for (const o of listing.objects) {
    const got = await c.get(o.name, { versionId: o.versionId });
    objects.push([o.name, o.versionId, o.etag, o.isLatest, o.size, got.content.toString("base64")]);
  }
  const uploads = (await c.listUploads()).uploads.map((u) => [u.name, u.uploadId]);
  const versioning = await c.getBucketVersioning(name);
  return {
    objects,
    markers: listing.deleteMarker.map((m) => [m.name, m.versionId]),
    uploads,
    versioning: versioning.versionStatus,
  };
}

for (const signal of ["SIGINT", "SIGKILL"]) {
  test(`state survives a restart after ${signal}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "osslab-durable-"));
    try {
      let server = await serve(dir);
      const c = await bucket(server.endpoint, "node-durable");
      const v1 = versionOf(await c.put("k", Buffer.from("one")));
      versionOf(await c.put("k", Buffer.from("two")));
      await c.delete("k");
      await c.put("other", Buffer.from("x".repeat(5000)));
      const { uploadId } = await c.initMultipartUpload("pending.bin");
      await advance(server.endpoint, 10);
      const before = await observe(server.endpoint, "node-durable");
      assert.equal(before.objects.length, 3);
      assert.deepEqual(before.uploads, [["pending.bin", uploadId]]);
      await end(server, signal);

      server = await serve(dir);
      try {
        assert.deepEqual(await observe(server.endpoint, "node-durable"), before);
        const again = client(server.endpoint, "node-durable");
        const got = await again.get("k", { versionId: v1 });
        assert.equal(got.content.toString(), "one");
        const v4 = versionOf(await again.put("k", Buffer.from("after")));
        assert.ok(!before.objects.some((o) => o[1] === v4), "version ids never repeat");
      } finally {
        await end(server, "SIGINT");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
