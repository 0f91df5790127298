// PostObject (browser form upload) through ali-oss's own post helpers: `calculatePostSignature`
// (V1) and `signPostObjectPolicyV4` (V4), posted with Node's fetch and FormData to a signing
// `osslab serve` (docs/fidelity.md §AppendObject, PostObject and symlinks).

import assert from "node:assert/strict";
import { test } from "node:test";

import { bucket, serverForFile, versionOf } from "./lab.mjs";

const AK = "LTAI5tNodePostForm";
const SK = "node-post-form-secret";
const server = serverForFile("--access-key-id", AK, "--access-key-secret", SK);
const keys = { accessKeyId: AK, accessKeySecret: SK };

function formOf(fields, file, name) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append("file", new Blob([file]), name); // last, as OSS requires
  return f;
}

const policy = (conditions) => ({ expiration: "2099-01-01T00:00:00.000Z", conditions });

test("V1: calculatePostSignature signs a policy the server checks", async () => {
  const c = await bucket(server.endpoint, "node-post-v1", "Enabled", keys);
  const signed = c.calculatePostSignature(policy([["starts-with", "$key", "up/"]]));
  const post = (key, body) =>
    fetch(`${server.endpoint}/node-post-v1`, {
      method: "POST",
      body: formOf({ key, success_action_status: "200", ...signed }, body, "a.txt"),
    });
  const r1 = await post("up/${filename}", "one");
  assert.equal(r1.status, 200, await r1.text());
  const r2 = await post("up/${filename}", "two");
  assert.notEqual(r1.headers.get("x-oss-version-id"), r2.headers.get("x-oss-version-id"));
  assert.equal((await c.get("up/a.txt")).content.toString(), "two");
  const old = await c.get("up/a.txt", { versionId: r1.headers.get("x-oss-version-id") });
  assert.equal(old.content.toString(), "one");

  const denied = await post("elsewhere/a.txt", "x");
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get("x-oss-ec"), "0006-00000227");
});

test("V4: signPostObjectPolicyV4 signs a policy the server checks", async () => {
  const c = await bucket(server.endpoint, "node-post-v4", "Enabled", keys);
  const date = new Date();
  const ymd = date.toISOString().slice(0, 10).replaceAll("-", "");
  const p = policy([{ bucket: "node-post-v4" }]);
  const fields = {
    key: "v4.txt",
    policy: Buffer.from(JSON.stringify(p)).toString("base64"),
    "x-oss-signature-version": "OSS4-HMAC-SHA256",
    "x-oss-credential": `${AK}/${ymd}/cn-hangzhou/oss/aliyun_v4_request`,
    "x-oss-date": `${ymd}T000000Z`,
    "x-oss-signature": c.signPostObjectPolicyV4(p, date),
    success_action_status: "201",
  };
  const r = await fetch(`${server.endpoint}/node-post-v4`, { method: "POST", body: formOf(fields, "four", "f") });
  const body = await r.text();
  assert.equal(r.status, 201, body);
  assert.match(body, /<Key>v4\.txt<\/Key>/);
  const head = await c.head("v4.txt");
  assert.equal(versionOf(head), r.headers.get("x-oss-version-id"));
});
