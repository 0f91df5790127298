// Prints what scripts/bench-web measured: for each Lighthouse preset, the median run (by
// performance score) with its category scores, metrics and transferred bytes, the range of the
// performance score over the runs, and every failing accessibility or best-practices audit.
//
//   node summary.mjs REPORT.json...   (file names contain "-mobile-" or "-desktop-")
import { readFileSync } from "node:fs";

const byPreset = new Map();
for (const file of process.argv.slice(2)) {
  const preset = file.includes("-desktop-") ? "desktop" : "mobile";
  const lhr = JSON.parse(readFileSync(file, "utf8"));
  if (lhr.runtimeError) {
    console.error(`${file}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    process.exitCode = 1;
    continue;
  }
  if (!byPreset.has(preset)) byPreset.set(preset, []);
  byPreset.get(preset).push(lhr);
}

const score = (lhr, id) => Math.round((lhr.categories[id]?.score ?? NaN) * 100);
const ms = (lhr, id) => Math.round(lhr.audits[id].numericValue);
const kb = (bytes) => (bytes / 1000).toFixed(1);

const rows = [];
for (const [preset, runs] of byPreset) {
  runs.sort((a, b) => score(a, "performance") - score(b, "performance"));
  const lhr = runs[Math.floor(runs.length / 2)];
  const requests = lhr.audits["network-requests"].details.items;
  const wasm = requests.find((r) => r.url.endsWith(".wasm"));
  const perfs = runs.map((r) => score(r, "performance"));
  rows.push({
    preset,
    runs: runs.length,
    performance: `${score(lhr, "performance")} (${Math.min(...perfs)}–${Math.max(...perfs)})`,
    a11y: score(lhr, "accessibility"),
    "best pr.": score(lhr, "best-practices"),
    seo: score(lhr, "seo"),
    "FCP ms": ms(lhr, "first-contentful-paint"),
    "LCP ms": ms(lhr, "largest-contentful-paint"),
    "TBT ms": ms(lhr, "total-blocking-time"),
    CLS: lhr.audits["cumulative-layout-shift"].numericValue.toFixed(3),
    "SI ms": ms(lhr, "speed-index"),
    "TTI ms": ms(lhr, "interactive"),
    "transfer KB": kb(lhr.audits["total-byte-weight"].numericValue),
    "wasm KB": wasm ? `${kb(wasm.transferSize)} of ${kb(wasm.resourceSize)}` : "-",
  });
  for (const category of ["accessibility", "best-practices"]) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        console.log(`${preset}: ${category} audit failed: ${ref.id}: ${audit.title}`);
      }
    }
  }
  const lcp = lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node;
  if (lcp) console.log(`${preset}: LCP element ${lcp.selector}: ${(lcp.nodeLabel ?? "").slice(0, 60)}`);
}
console.table(rows);
