#!/usr/bin/env node
/**
 * `node bench/preflight.js [--only NAME]` (after `npm run build`; also the last part of `npm run bench`):
 * the preflight (D101-D113) on every TF.js example (examples/tfjs/) and re-created tfjs-examples training
 * (bench/trainings/), each run unmodified under `nncheck watch --preflight` with the default budget.
 * For each: the preflight's time (sum of its procedures' times, from the trace) and the slowest procedure,
 * the D1 findings at warning or error (on a clean program every one is a false alarm) and at info.
 * Faulty examples are listed too: their faults are training-time faults, not all of them within the
 * preflight's reach (a D1 finding there is not a false alarm when it names the example's fault).
 * Prints a markdown table; writes bench/results/preflight.json.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { option } from "./lib/options.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = option("only", undefined);

/** Programs and whether they are clean (every D1 warning on them is a false alarm). */
const programs = [
  ...readdirSync(path.join(root, "examples", "tfjs"))
    .filter((f) => f.endsWith(".js") && f !== "data.js")
    .map((f) => ({ name: `examples/tfjs/${f}`, script: path.join(root, "examples", "tfjs", f), args: [], clean: f.startsWith("clean-") })),
  ...readdirSync(path.join(root, "bench", "trainings"))
    .filter((f) => f.endsWith(".mjs"))
    .map((f) => ({ name: `bench/trainings/${f}`, script: path.join(root, "bench", "trainings", f), args: ["1"], clean: true })),
].filter((p) => only === undefined || p.name.includes(only));

const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-preflight-bench-"));
const rows = [];
try {
  for (const program of programs) {
    const trace = path.join(scratch, "trace.jsonl");
    const report = path.join(scratch, "report.json");
    const started = Date.now();
    try {
      execFileSync(process.execPath, [path.join(root, "bin", "nncheck.js"), "watch", "--preflight", "--quiet", "--no-config", "--fail-on", "never", "--format", "json", "--output", report, "--trace", trace, "--", "node", program.script, ...program.args], {
        cwd: path.dirname(program.script),
        stdio: ["ignore", "ignore", "pipe"],
      });
    } catch (error) {
      rows.push({ program: program.name, clean: program.clean, failed: String(error.stderr ?? error.message).slice(0, 500) });
      continue;
    }
    const wallMs = Date.now() - started;
    const records = readFileSync(trace, "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((r) => r.type === "preflight");
    const findings = JSON.parse(readFileSync(report, "utf8")).findings.filter((f) => /^D1\d\d$/.test(f.code));
    const slowest = records.reduce((a, r) => ((r.timeMs ?? 0) > (a?.timeMs ?? -1) ? r : a), undefined);
    rows.push({
      program: program.name,
      clean: program.clean,
      preflightMs: records.reduce((s, r) => s + (r.timeMs ?? 0), 0),
      slowest: slowest ? `${slowest.procedure} ${slowest.timeMs} ms` : "",
      skipped: records.filter((r) => r.skipped).map((r) => `${r.procedure}: ${r.skipped}`),
      cutByTime: records.filter((r) => r.stoppedBy === "time").map((r) => r.procedure),
      serious: findings.filter((f) => f.severity !== "info").map((f) => `${f.code} ${f.name}`),
      infos: findings.filter((f) => f.severity === "info").map((f) => `${f.code} ${f.name}`),
      wallMs,
    });
    console.error(`preflight bench: ${program.name} done`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`\n## Preflight (default budget) under \`nncheck watch --preflight\` — ${os.cpus().length} × ${cpu}, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}, TF.js cpu backend\n`);
console.log("| Program | Clean | Preflight time | Slowest procedure | D1 warnings/errors | D1 infos | Whole watch run |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) {
  if (r.failed) {
    console.log(`| ${r.program} | ${r.clean ? "yes" : "no"} | failed: ${r.failed.replace(/\s+/g, " ").slice(0, 120)} | | | | |`);
    continue;
  }
  const cut = r.cutByTime.length ? ` (cut by the time cap: ${r.cutByTime.join(", ")})` : "";
  console.log(`| ${r.program} | ${r.clean ? "yes" : "no"} | ${(r.preflightMs / 1000).toFixed(1)} s${cut} | ${r.slowest} | ${r.serious.join(", ") || "—"} | ${r.infos.join(", ") || "—"} | ${(r.wallMs / 1000).toFixed(1)} s |`);
}
const clean = rows.filter((r) => r.clean && !r.failed);
const falseAlarms = clean.filter((r) => r.serious.length > 0);
console.log(`\nClean programs: ${clean.length}, with a D1 warning or error (false alarm): ${falseAlarms.length}${falseAlarms.length ? ` (${falseAlarms.map((r) => r.program).join(", ")})` : ""}.`);

const outDir = path.join(root, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "preflight.json"), `${JSON.stringify({ machine: { cpus: os.cpus().length, cpu, node: process.version }, rows }, null, 2)}\n`);
if (rows.some((r) => r.failed)) process.exitCode = 2;
