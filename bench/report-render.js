#!/usr/bin/env node
/**
 * `node bench/report-render.js` (after `npm run build`): the HTML report of a long run. Writes a synthetic
 * trace of --steps steps (default 100,000; tensor statistics every --interval steps, default 10; two
 * faults, see lib/long-trace.js), checks it and renders the page as `nncheck report` does (timed), then
 * opens the page --runs times (default 3) in headless Chromium, each in a fresh tab, and reads the
 * page's own clocks: from navigation start to its script's end (charts built) and to the first frame
 * painted after it. Reports medians, the page's size and what it plots. Target: painted in under 2 s,
 * page under a few MB. `--keep FILE` keeps a copy of the page. Prints a markdown table; writes
 * bench/results/report.json.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkTraceDetailed } from "../dist/checks/check-trace.js";
import { formatHtml } from "../dist/report/html/index.js";
import { launchChromium, openPage } from "../scripts/chromium.js";
import { writeLongTrace } from "./lib/long-trace.js";
import { option } from "./lib/options.js";
import { median, round } from "./lib/stats.js";
import { machineInfo } from "./lib/machine.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const steps = Number(option("steps", "100000"));
const interval = Number(option("interval", "10"));
const runs = Number(option("runs", "3"));
/** --keep FILE: keep a copy of the page. */
const keep = option("keep", undefined);

const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-report-bench-"));
try {
  const trace = path.join(scratch, "long.jsonl");
  let t = performance.now();
  const records = writeLongTrace(trace, { steps, interval });
  const traceBytes = statSync(trace).size;
  t = performance.now();
  const { report } = checkTraceDetailed(trace);
  const checkMs = performance.now() - t;
  t = performance.now();
  const html = formatHtml(report, { toolVersion: "bench" });
  const renderMs = performance.now() - t;
  const page = path.join(scratch, "report.html");
  writeFileSync(page, html);
  const pageBytes = Buffer.byteLength(html);
  if (keep !== undefined) writeFileSync(path.resolve(keep), html);
  const digest = report.trace;
  const points = [
    ...Object.values(digest.train),
    ...Object.values(digest.epoch),
    ...digest.layerStats.flatMap((l) => Object.values(l.stats)),
  ].reduce((sum, s) => sum + s.step.length, 0);

  const browser = await launchChromium();
  const built = [];
  const painted = [];
  let charts = 0;
  let markers = 0;
  let consoleErrors = [];
  try {
    for (let i = 0; i < runs; i++) {
      const { page: tab, errors } = await openPage(browser.context);
      await tab.goto(`file://${page}`);
      await tab.waitForSelector("html[data-rendered='1']", { timeout: 60_000 });
      await tab.waitForFunction(() => typeof window.nncheckPaintedMs === "number");
      const times = await tab.evaluate(() => ({ built: window.nncheckRenderMs, painted: window.nncheckPaintedMs }));
      built.push(times.built);
      painted.push(times.painted);
      charts = await tab.locator("figure.chart[data-drawn='1']").count();
      markers = await tab.locator(".marker").count();
      consoleErrors = errors;
      await tab.close();
    }
  } finally {
    await browser.close();
  }

  const result = {
    steps,
    interval,
    records,
    traceMB: round(traceBytes / 1e6, 1),
    checkAndDigestMs: Math.round(checkMs),
    htmlRenderMs: Math.round(renderMs),
    pageKB: Math.round(pageBytes / 1024),
    plottedPoints: points,
    findings: report.findings.length,
    charts,
    markers,
    browserBuiltMs: Math.round(median(built)),
    browserPaintedMs: Math.round(median(painted)),
    browserPaintedRunsMs: painted.map((v) => Math.round(v)),
    consoleErrors,
    machine: machineInfo(),
  };
  console.log(`| steps | trace | check + digest | html | page | points | charts | markers | built in browser | painted (median of ${runs}) |`);
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  console.log(`| ${steps.toLocaleString("en")} | ${result.traceMB} MB | ${result.checkAndDigestMs} ms | ${result.htmlRenderMs} ms | ${result.pageKB} kB | ${points} | ${charts} | ${markers} | ${result.browserBuiltMs} ms | ${result.browserPaintedMs} ms |`);
  if (consoleErrors.length > 0) console.log(`console errors: ${consoleErrors.join("; ")}`);
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", "report.json"), `${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = consoleErrors.length > 0 || result.browserPaintedMs >= 2000 ? 1 : 0;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
