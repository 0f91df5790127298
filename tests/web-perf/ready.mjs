// Time to ready with a stored lab: how long after navigation `osslab.ready` resolves (the saved
// lab loaded from IndexedDB and drawn, the page usable), for an empty lab and for one with 10,000
// stored versions, with the CPU as is and slowed 4x (Lighthouse's mobile CPU). Loopback, no
// network throttling: the difference between the two labs is the loading itself.
//
//   node ready.mjs URL [RELOADS]        (prints a table; scripts/bench-web runs it)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const url = process.argv[2];
const reloads = Number(process.argv[3] ?? 5);
const VERSIONS = 10000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function withProfile(fn) {
  const dir = await mkdtemp(join(tmpdir(), "osslab-ready-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Milliseconds from navigation start to `osslab.ready`, one fresh load. */
async function timeToReady(page) {
  await page.goto(url);
  await page.waitForFunction(() => window.osslab);
  return page.evaluate(async () => {
    await window.osslab.ready;
    return performance.now();
  });
}

async function measure(context, cpuRate) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuRate });
  const times = [];
  await timeToReady(page); // warm the HTTP cache's revalidation and the compiled-code cache alike
  for (let i = 0; i < reloads; i++) times.push(await timeToReady(page));
  await page.close();
  return times;
}

async function fill(context) {
  const page = await context.newPage();
  await timeToReady(page);
  const status = await page.evaluate(async (n) => {
    await osslab.request({ method: "PUT", path: "/big" });
    await osslab.request({
      method: "PUT", path: "/big", query: { versioning: "" },
      body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    });
    let last;
    for (let i = 0; i < n; i++) {
      last = osslab.request({ method: "PUT", path: "/big/hot.txt", body: `version ${i}` });
    }
    return (await last).status; // resolves once saved
  }, VERSIONS);
  if (status !== 200) throw new Error(`filling the lab: HTTP ${status}`);
  await page.close();
}

const rows = [];
for (const cpuRate of [1, 4]) {
  const empty = await withProfile((c) => measure(c, cpuRate));
  const full = await withProfile(async (c) => {
    await fill(c);
    return measure(c, cpuRate);
  });
  rows.push({
    cpu: cpuRate === 1 ? "as is" : `${cpuRate}x slower`,
    "empty lab ms (median)": Math.round(median(empty)),
    [`${VERSIONS} versions ms (median)`]: Math.round(median(full)),
    "difference ms": Math.round(median(full) - median(empty)),
    runs: `${empty.map(Math.round).join(" ")} | ${full.map(Math.round).join(" ")}`,
  });
}
console.table(rows);
