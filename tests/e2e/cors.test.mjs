// A web page on one loopback origin uses ali-oss's browser build (from npm, served by the page's
// own server: no CDN) to upload, list versions and download through `osslab serve` on another
// origin. Without a CORS rule the browser refuses (the preflight is 403); with one it works.
//
// OSSLAB_BIN names the server binary (scripts/test builds it with the `server` profile).

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import http from "node:http";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { CHROMIUM_ARGS } from "./helpers.mjs";
import { startServer } from "../sdk/node/lab.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SDK = join(ROOT, "tests/sdk/node/node_modules/ali-oss/dist/aliyun-oss-sdk.min.js");

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>ali-oss in the browser</title>
<script src="/aliyun-oss-sdk.min.js"></script>
<p>ali-oss browser build against osslab serve</p>`;

let osslab;
let page;
let pageServer;
let pageOrigin;
let browser;

before(async () => {
  osslab = await startServer();
  const sdk = await readFile(SDK);
  pageServer = http.createServer((req, res) => {
    if (req.url === "/aliyun-oss-sdk.min.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(sdk);
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(PAGE);
    }
  });
  await new Promise((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  pageOrigin = `http://127.0.0.1:${pageServer.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage();
  await page.goto(`${pageOrigin}/`);
  assert.equal(await page.evaluate(() => typeof OSS), "function", "ali-oss's browser build loaded");
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  await osslab?.stop();
});

/** A bucket with versioning on, made by plain requests to the (open) server. */
async function versionedBucket(name) {
  assert.equal((await fetch(`${osslab.endpoint}/${name}`, { method: "PUT" })).status, 200);
  const body = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
  const r = await fetch(`${osslab.endpoint}/${name}?versioning`, { method: "PUT", body });
  assert.equal(r.status, 200);
}

/**
 * In the page: upload twice, list the versions, download the older one. A browser cannot set
 * `Host`, so the bucket is in the host name (`<bucket>.localhost`, one of the server's default
 * virtual-host suffixes; Chromium resolves `*.localhost` to loopback) and ali-oss is told it is
 * a CNAME: the requests go to `http://<bucket>.localhost:PORT/<key>`.
 */
function useSdk(bucket) {
  const endpoint = `http://${bucket}.localhost:${new URL(osslab.endpoint).port}`;
  return page.evaluate(
    async ({ endpoint, bucket }) => {
      const client = new OSS({
        endpoint,
        bucket,
        cname: true,
        region: "oss-cn-hangzhou",
        accessKeyId: "LTAI-browser",
        accessKeySecret: "browser-secret",
        secure: false,
        timeout: 10000,
      });
      try {
        const first = await client.put("page.txt", new Blob(["first from the page"]));
        await client.put("page.txt", new Blob(["second from the page"]));
        const listed = await client.getBucketVersions({ prefix: "page" });
        const versionId = first.res.headers["x-oss-version-id"];
        const got = await client.get("page.txt", { versionId });
        return {
          ok: true,
          versions: listed.objects.map((o) => o.versionId),
          firstVersion: versionId,
          body: new TextDecoder().decode(got.content),
        };
      } catch (e) {
        return { ok: false, error: String(e && (e.name || e.message || e)) };
      }
    },
    { endpoint, bucket },
  );
}

test("without a CORS rule the browser cannot use the endpoint", async () => {
  const name = "page-no-cors";
  await versionedBucket(name);
  const result = await useSdk(name);
  assert.equal(result.ok, false, JSON.stringify(result));
  // Nothing reached the bucket: the preflight was refused.
  const listing = await (await fetch(`${osslab.endpoint}/${name}?versions`)).text();
  assert.doesNotMatch(listing, /page\.txt/);
});

test("with a CORS rule for the page's origin, upload, list versions and download work", async () => {
  const name = "page-with-cors";
  await versionedBucket(name);
  const rules = `<CORSConfiguration><CORSRule>
    <AllowedOrigin>${pageOrigin}</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod><AllowedMethod>DELETE</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-oss-request-id</ExposeHeader>
    <ExposeHeader>x-oss-version-id</ExposeHeader>
    <MaxAgeSeconds>60</MaxAgeSeconds>
  </CORSRule></CORSConfiguration>`;
  const r = await fetch(`${osslab.endpoint}/${name}?cors`, { method: "PUT", body: rules });
  assert.equal(r.status, 200, await r.text());
  const result = await useSdk(name);
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.equal(result.versions.length, 2);
  assert.ok(result.versions.includes(result.firstVersion));
  assert.equal(result.body, "first from the page");
});
