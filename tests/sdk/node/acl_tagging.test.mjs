// ACLs and tags per version, CORS rules and GetBucketStat through ali-oss, and what unsigned
// requests may do on a server that checks signatures (docs/fidelity.md, "ACLs, tags, CORS,
// bucket statistics").

import assert from "node:assert/strict";
import { test } from "node:test";

import { bucket, rejectsWith, serverForFile, versionOf } from "./lab.mjs";

const AK = "LTAI5tNodeAclLab";
const SK = "node-acl-lab-secret";
const keys = { accessKeyId: AK, accessKeySecret: SK };

const server = serverForFile("--access-key-id", AK, "--access-key-secret", SK);

/** An unsigned request, path-style. */
const anonymous = (name, key, init = {}) =>
  fetch(`${server.endpoint}/${name}/${encodeURIComponent(key)}${init.query ?? ""}`, init);

test("object ACLs belong to versions; default follows the bucket", async () => {
  const name = "node-acl-versions";
  const c = await bucket(server.endpoint, name, "Enabled", keys);
  const v1 = versionOf(await c.put("k", Buffer.from("one"), { headers: { "x-oss-object-acl": "public-read" } }));
  await c.put("k", Buffer.from("two"));
  assert.equal((await c.getACL("k")).acl, "default");
  assert.equal((await c.getACL("k", { versionId: v1 })).acl, "public-read");
  await c.putACL("k", "private", { versionId: v1 });
  assert.equal((await c.getACL("k", { versionId: v1 })).acl, "private");
  await c.putBucketACL(name, "public-read");
  assert.equal((await c.getBucketACL(name)).acl, "public-read");
  await rejectsWith(c.putACL("k", "public"), 400, "InvalidArgument", "0017-00000104");

  const marker = versionOf(await c.delete("k"));
  await rejectsWith(c.getACL("k", { versionId: marker }), 404, "NoSuchKey");
  await rejectsWith(c.putACL("k", "private", { versionId: marker }), 405, "MethodNotAllowed");
  await rejectsWith(c.putACL("k", "private"), 404, "NoSuchKey");
});

test("unsigned reads need a public ACL, unsigned writes public-read-write", async () => {
  const name = "node-acl-anonymous";
  const c = await bucket(server.endpoint, name, "Enabled", keys);
  const old = versionOf(await c.put("k", Buffer.from("public old"), { headers: { "x-oss-object-acl": "public-read" } }));
  await c.put("k", Buffer.from("private new"));
  let r = await anonymous(name, "k");
  assert.equal(r.status, 403);
  assert.equal(r.headers.get("x-oss-ec"), "0003-00000001");
  r = await anonymous(name, "k", { query: `?versionId=${encodeURIComponent(old)}` });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "public old");
  r = await anonymous(name, "drop", { method: "PUT", body: "x" });
  assert.equal(r.status, 403);
  await c.putBucketACL(name, "public-read-write");
  r = await anonymous(name, "drop", { method: "PUT", body: "x" });
  assert.equal(r.status, 200);
  assert.equal((await c.get("drop")).content.toString(), "x");
  r = await anonymous(name, "k");
  assert.equal(await r.text(), "private new");
  // ACL calls stay the owner's.
  r = await anonymous(name, "k", { query: "?acl" });
  assert.equal(r.status, 403);
});

test("tags per version, x-oss-tagging-count, copy directive and limits", async () => {
  const name = "node-tags";
  const c = await bucket(server.endpoint, name, "Enabled", keys);
  const v1 = versionOf(await c.put("k", Buffer.from("1"), { headers: { "x-oss-tagging": "a=1&b=x%20y" } }));
  const v2 = versionOf(await c.put("k", Buffer.from("2")));
  assert.deepEqual((await c.getObjectTagging("k", { versionId: v1 })).tag, { a: "1", b: "x y" });
  assert.deepEqual((await c.getObjectTagging("k")).tag, {});
  assert.equal((await c.head("k", { versionId: v1 })).res.headers["x-oss-tagging-count"], "2");
  await c.putObjectTagging("k", { stage: "prod" }, { versionId: v2 });
  assert.deepEqual((await c.getObjectTagging("k")).tag, { stage: "prod" });
  await c.deleteObjectTagging("k", { versionId: v1 });
  assert.deepEqual((await c.getObjectTagging("k", { versionId: v1 })).tag, {});

  await c.copy("copied", "k");
  assert.deepEqual((await c.getObjectTagging("copied")).tag, { stage: "prod" });
  await c.copy("replaced", "k", { headers: { "x-oss-tagging-directive": "Replace", "x-oss-tagging": "n=2" } });
  assert.deepEqual((await c.getObjectTagging("replaced")).tag, { n: "2" });

  // ali-oss checks putObjectTagging's limits itself; x-oss-tagging on a PUT reaches the server.
  const eleven = [...Array(11).keys()].map((i) => `k${i}=v`).join("&");
  const tagged = (t) => c.put("limits", Buffer.from("x"), { headers: { "x-oss-tagging": t } });
  await rejectsWith(tagged(eleven), 400, "InvalidTag", "0010-00000217");
  await rejectsWith(tagged(`${"k".repeat(129)}=v`), 400, "InvalidTag", "0010-00000209");
  await rejectsWith(tagged("aa=bb=cc"), 400, "InvalidArgument", "0010-00000219");
  const marker = versionOf(await c.delete("k"));
  await rejectsWith(c.getObjectTagging("k", { versionId: marker }), 404, "NoSuchKey");
});

test("CORS rules round trip; preflight and actual requests answer from them", async () => {
  const name = "node-cors";
  const c = await bucket(server.endpoint, name, null, keys);
  await rejectsWith(c.getBucketCORS(name), 404, "NoSuchCORSConfiguration");
  const preflight = (method) =>
    anonymous(name, "k", {
      method: "OPTIONS",
      headers: { Origin: "http://page.example", "Access-Control-Request-Method": method },
    });
  assert.equal((await preflight("GET")).status, 403);
  await c.putBucketCORS(name, [
    { allowedOrigin: "http://*.example", allowedMethod: ["GET", "PUT"], allowedHeader: "*", exposeHeader: "ETag", maxAgeSeconds: "30" },
  ]);
  const rules = (await c.getBucketCORS(name)).rules;
  assert.equal(rules.length, 1);
  assert.deepEqual(rules[0].allowedMethod, ["GET", "PUT"]);
  let r = await preflight("PUT");
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("access-control-allow-origin"), "http://page.example");
  assert.equal(r.headers.get("access-control-max-age"), "30");
  assert.equal((await preflight("DELETE")).status, 403);
  await c.deleteBucketCORS(name);
  await rejectsWith(c.getBucketCORS(name), 404, "NoSuchCORSConfiguration");
});

test("GetBucketStat counts every version and marker", async () => {
  const name = "node-stat";
  const c = await bucket(server.endpoint, name, "Enabled", keys);
  await c.put("k", Buffer.from("12345"));
  await c.put("k", Buffer.from("123"));
  await c.delete("k");
  const { stat } = await c.getBucketStat(name);
  assert.equal(Number(stat.Storage), 8);
  assert.equal(Number(stat.ObjectCount), 2);
  assert.equal(Number(stat.DeleteMarkerCount), 1);
  assert.equal(Number(stat.StandardObjectCount), 2);
});
