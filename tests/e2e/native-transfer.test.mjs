// Moving a lab between the browser and `osslab serve --data-dir`: the file the page's Lab
// storage menu downloads imports with `osslab import` and the server then serves the same
// version listings (ids, IsLatest, delete markers, ETags, bodies); and the reverse, a lab made
// through the server, written by `osslab export`, imports through the page's menu.
//
// OSSLAB_BIN names the server binary (scripts/test's e2e stage builds it with the `server`
// profile).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { launchProfile, openIn, closeClean, ARTIFACTS } from "./helpers.mjs";

const BIN = process.env.OSSLAB_BIN;
const run = promisify(execFile);

const VERSIONING_ON =
  "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
const VERSIONING_SUSPENDED =
  "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";

/** `osslab serve --data-dir dir` on a free port; resolves to { endpoint, stop }. */
async function serve(dir) {
  assert.ok(BIN, "OSSLAB_BIN must name the osslab binary (cargo build --profile server)");
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
  assert.ok(endpoint, "osslab serve --data-dir printed no 'listening on' line");
  return {
    endpoint,
    async stop() {
      proc.kill("SIGINT");
      await once(proc, "exit");
    },
  };
}

/** One unsigned request to the server (it checks no signatures without --access-key-id). */
async function serverRequest(endpoint, { method = "GET", path, query = "", body, headers }) {
  const res = await fetch(`${endpoint}${path}${query ? `?${query}` : ""}`, { method, body, headers });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** The entries of a ListObjectVersions body, in order: every field a listing shows. */
function entries(xml) {
  const field = (block, name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(block)?.[1] ?? null;
  return [...xml.matchAll(/<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g)].map(([, kind, block]) => ({
    kind,
    key: field(block, "Key"),
    versionId: field(block, "VersionId"),
    isLatest: field(block, "IsLatest"),
    lastModified: field(block, "LastModified"),
    etag: field(block, "ETag"),
    size: field(block, "Size"),
    storageClass: field(block, "StorageClass"),
  }));
}

const bucketNames = (xml) => [...xml.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]);

/**
 * What a client sees of the lab through `request` (the page's or the server's): the bucket
 * list, each bucket's version listing (raw and parsed) and the body of every version.
 */
async function observe(request) {
  const service = await request({ path: "/" });
  assert.equal(service.status, 200, service.body);
  const out = { buckets: bucketNames(service.body), listings: {}, parsed: {}, bodies: {} };
  for (const b of out.buckets) {
    const v = await request({ path: `/${b}`, query: "versions&max-keys=1000" });
    assert.equal(v.status, 200, v.body);
    out.listings[b] = v.body;
    out.parsed[b] = entries(v.body);
    for (const e of out.parsed[b]) {
      if (e.kind !== "Version") continue;
      const got = await request({
        path: `/${b}/${encodeURIComponent(e.key)}`,
        query: `versionId=${encodeURIComponent(e.versionId)}`,
      });
      assert.equal(got.status, 200, `${b}/${e.key}@${e.versionId}: ${got.body}`);
      out.bodies[`${b}/${e.key}@${e.versionId}`] = got.body;
    }
  }
  return out;
}

/** `request` for the page: `window.osslab.request` with the query as an object. */
const pageRequest = (page) => (o) =>
  page.evaluate(
    ({ method, path, query, body, headers }) =>
      osslab.request({
        method: method ?? "GET",
        path,
        query: Object.fromEntries(new URLSearchParams(query ?? "")),
        body,
        headers,
      }),
    o,
  );

/** The lab both directions build: a null version under later versions, a delete marker
 * on top of a stack, a deleted-then-rewritten key, a suspended bucket and a plain one. */
async function buildLab(request) {
  const ok = async (o) => {
    const r = await request(o);
    assert.ok(r.status === 200 || r.status === 204, `${o.method} ${o.path}?${o.query ?? ""}: ${r.status} ${r.body}`);
    return r;
  };
  await ok({ method: "PUT", path: "/moving" });
  await ok({ method: "PUT", path: "/moving/a.txt", body: "before versioning" });
  await ok({ method: "PUT", path: "/moving", query: "versioning", body: VERSIONING_ON });
  for (const b of ["one", "two", "three"]) await ok({ method: "PUT", path: "/moving/a.txt", body: b });
  await ok({ method: "DELETE", path: "/moving/a.txt" });
  await ok({ method: "PUT", path: "/moving/dir%2Fb.txt", body: "bee" });
  await ok({ method: "DELETE", path: "/moving/dir%2Fb.txt" });
  await ok({ method: "PUT", path: "/moving/dir%2Fb.txt", body: "bee again" });
  const c1 = await ok({ method: "PUT", path: "/moving/c.txt", body: "first c" });
  await ok({ method: "PUT", path: "/moving/c.txt", body: "second c" });
  // A version deleted by id: gone for good, not a marker.
  await ok({ method: "DELETE", path: "/moving/c.txt", query: `versionId=${c1.headers["x-oss-version-id"]}` });

  await ok({ method: "PUT", path: "/paused" });
  await ok({ method: "PUT", path: "/paused", query: "versioning", body: VERSIONING_ON });
  await ok({ method: "PUT", path: "/paused/k.txt", body: "kept version" });
  await ok({ method: "PUT", path: "/paused", query: "versioning", body: VERSIONING_SUSPENDED });
  await ok({ method: "PUT", path: "/paused/k.txt", body: "null while suspended" });
  await ok({ method: "DELETE", path: "/paused/k.txt" });

  await ok({ method: "PUT", path: "/plain-bucket" });
  await ok({ method: "PUT", path: "/plain-bucket/p.txt", body: "plain" });
}

/** The lab built by `buildLab` is what `seen` shows: checks the fixture, not the transfer. */
function assertShape(seen) {
  assert.deepEqual(seen.buckets, ["moving", "paused", "plain-bucket"]);
  const moving = seen.parsed.moving;
  const a = moving.filter((e) => e.key === "a.txt");
  assert.deepEqual(a.map((e) => [e.kind, e.isLatest]), [
    ["DeleteMarker", "true"], ["Version", "false"], ["Version", "false"], ["Version", "false"],
    ["Version", "false"],
  ]);
  assert.equal(a.at(-1).versionId, "null", "the object written before versioning is the null version");
  assert.equal(moving.filter((e) => e.key === "c.txt").length, 1);
  const paused = seen.parsed.paused.map((e) => [e.kind, e.versionId === "null", e.isLatest]);
  assert.deepEqual(paused, [["DeleteMarker", true, "true"], ["Version", false, "false"]]);
  assert.ok(Object.keys(seen.bodies).length >= 8);
}

/** `after` serves what `before` did: same buckets, listings, ids, markers, ETags, bodies. */
function assertSameLab(after, before) {
  assert.deepEqual(after.buckets, before.buckets, "bucket list");
  for (const b of before.buckets) {
    assert.deepEqual(after.parsed[b], before.parsed[b], `${b}: ListObjectVersions entries`);
    assert.equal(after.listings[b], before.listings[b], `${b}: ListObjectVersions body`);
  }
  assert.deepEqual(after.bodies, before.bodies, "version bodies");
}

async function importFile(page, name, buffer) {
  await page.click("[data-testid=storage-menu-toggle]");
  await page.setInputFiles("[data-testid=import-lab]", { name, mimeType: "application/json", buffer });
  await page.waitForSelector('[data-testid=storage-message][data-ok="true"]');
  await page.evaluate(() => osslab.storage.saved());
}

test("a browser export imports into osslab serve --data-dir and serves the same listings", async () => {
  const tmp = await mkdtemp(join(tmpdir(), "osslab-transfer-"));
  const { context, close } = await launchProfile();
  try {
    const app = await openIn(context);
    const { page } = app;
    await buildLab(pageRequest(page));
    await page.evaluate(() => osslab.storage.saved());
    const inBrowser = await observe(pageRequest(page));
    assertShape(inBrowser);

    await page.click("[data-testid=storage-menu-toggle]");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("[data-testid=export-lab]"),
    ]);
    const file = join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    await writeFile(join(ARTIFACTS, "e2e-transfer-browser.osslab.json"), await readFile(file));

    const dir = join(tmp, "data");
    const imported = await run(BIN, ["import", "--data-dir", dir, file]);
    assert.match(imported.stdout + imported.stderr, /3 buckets/);
    let server = await serve(dir);
    try {
      const served = await observe((o) => serverRequest(server.endpoint, o));
      assertSameLab(served, inBrowser);
    } finally {
      await server.stop();
    }
    // Served from disk after a restart as well (the import itself is durable).
    server = await serve(dir);
    try {
      assertSameLab(await observe((o) => serverRequest(server.endpoint, o)), inBrowser);
      // Version ids the server issues next do not collide with the browser's.
      const put = await serverRequest(server.endpoint, { method: "PUT", path: "/moving/a.txt", body: "new" });
      assert.equal(put.status, 200, put.body);
      const ids = inBrowser.parsed.moving.map((e) => e.versionId);
      assert.ok(!ids.includes(put.headers["x-oss-version-id"]), "a fresh version id");
    } finally {
      await server.stop();
    }
    await closeClean(app);
  } finally {
    await close();
    await rm(tmp, { recursive: true, force: true });
  }
});

test("osslab export of a served lab imports through the page's Lab storage menu", async () => {
  const tmp = await mkdtemp(join(tmpdir(), "osslab-transfer-"));
  const { context, close } = await launchProfile();
  try {
    const dir = join(tmp, "data");
    const server = await serve(dir);
    let served;
    try {
      await buildLab((o) => serverRequest(server.endpoint, o));
      served = await observe((o) => serverRequest(server.endpoint, o));
    } finally {
      await server.stop();
    }
    assertShape(served);
    const file = join(tmp, "served.osslab.json");
    const exported = await run(BIN, ["export", "--data-dir", dir, file]);
    assert.match(exported.stdout + exported.stderr, /3 buckets/);

    const app = await openIn(context);
    const { page } = app;
    await importFile(page, "served.osslab.json", await readFile(file));
    await page.waitForSelector('[data-testid=bucket-item][data-bucket="moving"]');
    assertSameLab(await observe(pageRequest(page)), served);
    // The browser's next version id is new too.
    const put = await page.evaluate(() =>
      osslab.request({ method: "PUT", path: "/moving/a.txt", body: "new" }),
    );
    assert.equal(put.status, 200, put.body);
    assert.ok(!served.parsed.moving.some((e) => e.versionId === put.headers["x-oss-version-id"]));
    await closeClean(app);
  } finally {
    await close();
    await rm(tmp, { recursive: true, force: true });
  }
});
