// Shared set-up of the ali-oss conformance tests: an `osslab serve` on a free port, clients
// for it, the server's virtual clock, and error assertions.
//
// OSSLAB_BIN names the server binary (scripts/test builds it with the `server` profile).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { after, before } from "node:test";

import OSS from "ali-oss";

const BIN = process.env.OSSLAB_BIN;

/** Starts `osslab serve --addr 127.0.0.1:0 ...args`; resolves to { endpoint, stop }. */
export async function startServer(...args) {
  assert.ok(BIN, "OSSLAB_BIN must name the osslab binary");
  const proc = spawn(BIN, ["serve", "--addr", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: proc.stdout });
  const timer = setTimeout(() => proc.kill(), 10_000);
  let endpoint;
  for await (const line of lines) {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
    if (m) {
      endpoint = m[1];
      break;
    }
  }
  clearTimeout(timer);
  assert.ok(endpoint, `${BIN} serve printed no 'listening on http://127.0.0.1:PORT'`);
  return {
    endpoint,
    async stop() {
      proc.kill("SIGINT");
      await once(proc, "exit");
    },
  };
}

/**
 * One server for the calling test file: started before its first test, stopped after its
 * last. The returned object gets `endpoint` (and `stop`) once the start hook has run.
 */
export function serverForFile(...args) {
  const server = {};
  before(async () => Object.assign(server, await startServer(...args)));
  after(() => server.stop());
  return server;
}

/**
 * An ali-oss client for `bucket`. With an IP endpoint ali-oss addresses the bucket by a real
 * OSS Host header (`<bucket>.oss-cn-hangzhou.aliyuncs.com`), which the server understands.
 */
export function client(endpoint, bucket, options = {}) {
  return new OSS({
    endpoint,
    bucket,
    accessKeyId: "LTAI-lab",
    accessKeySecret: "lab-secret",
    region: "oss-cn-hangzhou",
    secure: false,
    timeout: 10_000,
    ...options,
  });
}

/** A new bucket with versioning `status` ("Enabled", "Suspended" or null for never). */
export async function bucket(endpoint, name, status = "Enabled", options = {}) {
  const c = client(endpoint, name, options);
  await c.putBucket(name);
  if (status) await c.putBucketVersioning(name, status);
  return c;
}

/** The server's virtual clock (`/_osslab/clock`): moves restores and lifecycle along. */
export async function advance(endpoint, seconds) {
  const r = await fetch(`${endpoint}/_osslab/clock/advance?seconds=${seconds}`, { method: "POST" });
  assert.equal(r.status, 200);
}

/** `promise` rejects with exactly this OSS status, Code and EC (ali-oss's `ecCode`). */
export async function rejectsWith(promise, status, code, ec) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.status, status, `${err.code}: ${err.message}`);
    assert.equal(err.code, code, err.message);
    if (ec !== undefined) assert.equal(err.ecCode, ec, `${err.code}: ${err.message}`);
    return true;
  });
}

/** The version id a write answered with. */
export const versionOf = (result) => result.res.headers["x-oss-version-id"];
