// Signatures through ali-oss against `osslab serve` with a key pair configured: V1 and V4
// headers, a presigned URL, and the errors for a wrong secret or an unknown AccessKeyId.

import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";

import { bucket, client, rejectsWith, serverForFile } from "./lab.mjs";

const AK = "LTAI5tNodeSdkLab";
const SK = "node-sdk-lab-secret";
// EC of SignatureDoesNotMatch per signature version (as for oss2 in tests/sdk/test_auth.py).
const MISMATCH_EC = { v1: "0002-00000040", v4: "0002-00000201" };

const server = serverForFile("--access-key-id", AK, "--access-key-secret", SK);

for (const [version, options] of [["v1", {}], ["v4", { authorizationV4: true }]]) {
  test(`${version} signatures are verified`, async () => {
    const name = `node-auth-${version}`;
    const keys = { accessKeyId: AK, accessKeySecret: SK, ...options };
    const c = await bucket(server.endpoint, name, "Enabled", keys);
    await c.put("signed.txt", Buffer.from("signed"), { headers: { "x-oss-meta-who": "node" } });
    const got = await c.get("signed.txt");
    assert.equal(got.content.toString(), "signed");
    assert.equal(got.res.headers["x-oss-meta-who"], "node");

    const wrong = client(server.endpoint, name, { ...keys, accessKeySecret: "not-the-secret" });
    await rejectsWith(wrong.get("signed.txt"), 403, "SignatureDoesNotMatch", MISMATCH_EC[version]);
    const stranger = client(server.endpoint, name, { ...keys, accessKeyId: "LTAI-nobody" });
    await rejectsWith(stranger.get("signed.txt"), 403, "InvalidAccessKeyId", "0002-00000902");
  });
}

test("a presigned URL reads the object without credentials, and only while it is valid", async () => {
  const name = "node-presigned";
  const keys = { accessKeyId: AK, accessKeySecret: SK };
  const c = await bucket(server.endpoint, name, null, keys);
  await c.put("shared.txt", Buffer.from("for a link"));
  // ali-oss presigns no URL for an IP endpoint: sign for the bucket's host name under the
  // server's default virtual-host suffix (`<bucket>.localhost`), send it to the lab's address.
  const port = new URL(server.endpoint).port;
  const signer = client(`http://${name}.localhost:${port}`, name, { ...keys, cname: true });
  const url = new URL(signer.signatureUrl("shared.txt", { expires: 600 }));
  const ok = await getVia(server.endpoint, url);
  assert.deepEqual(ok, { status: 200, body: "for a link" });
  url.searchParams.set("Signature", "tampered");
  const bad = await getVia(server.endpoint, url);
  assert.equal(bad.status, 403);
  assert.match(bad.body, /<Code>SignatureDoesNotMatch<\/Code>/);
});

/** GET `url` (its path, query and Host header) from the server at `endpoint`. */
function getVia(endpoint, url) {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { hostname, port, path: url.pathname + url.search, headers: { host: url.host } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode, body }));
      },
    );
    req.on("error", reject);
  });
}
