#!/usr/bin/env node
/**
 * `node bench/simulate.js` (also the last step of `npm run bench`): `lint --simulate` on the clean programs —
 * every `bench/corpus/**\/*_fixed.py` and the examples that are not faulty on purpose — one at a time,
 * in-process, through the built library. For each program: what was simulated (models built, layers not
 * built, parameters, steps, what stopped the training), its wall time, and the simulated findings of
 * warning or error severity (a clean program should have none). Prints a markdown table with the machine
 * and writes bench/results/simulate.json.
 *
 *   --only <substring>   programs whose path contains it
 *   --steps <n>          simulation step budget (default: the simulation's default)
 *   --time-limit <s>     wall-time cap per program (default: the simulation's default)
 *   --no-preflight       without the preflight on each twin (`simulate.preflight: false`; it runs by
 *                        default); the results go to bench/results/simulate-no-preflight.json
 *   --batch-size <n>     the simulation's batch cap (`simulate.batchSize`, default 32): a cap above the
 *                        programs' batch sizes simulates each at its own; results in simulate-batch-<n>.json
 *   --faulty             the corpus programs with a fault (not `*_fixed.py`) instead of the clean ones: how
 *                        many the simulation flags; results in simulate-faulty[-batch-<n>].json
 * `--only` takes several substrings separated by commas.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listCorpusPrograms } from "./lib/corpus.js";
import { option } from "./lib/options.js";
import { median, quantile, round } from "./lib/stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Examples written with a fault, to show what lint reports: not clean programs. */
const FAULTY_EXAMPLES = new Set(["examples/mnist_missing_softmax.py"]);

const FAULTY = process.argv.includes("--faulty");

function programsToRun() {
  const corpus = listCorpusPrograms(path.join(root, "bench", "corpus"))
    .filter((p) => p.endsWith("_fixed.py") !== FAULTY)
    .map((p) => `bench/corpus/${p}`);
  const examples = readdirSync(path.join(root, "examples"))
    .filter((name) => name.endsWith(".py"))
    .map((name) => `examples/${name}`)
    .filter((p) => FAULTY_EXAMPLES.has(p) === FAULTY)
    .sort();
  const only = option("only", undefined)?.split(",");
  return [...corpus, ...examples].filter((p) => only === undefined || only.some((part) => p.includes(part)));
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cpus: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    loadAverage1m: round(os.loadavg()[0], 2),
  };
}

function settings() {
  const result = {};
  const steps = option("steps", undefined);
  const timeLimit = option("time-limit", undefined);
  const batchSize = option("batch-size", undefined);
  if (batchSize !== undefined) result.batchSize = Number(batchSize);
  if (steps !== undefined) result.steps = Number(steps);
  if (timeLimit !== undefined) result.timeLimit = Number(timeLimit);
  if (process.argv.includes("--no-preflight")) result.preflight = false;
  return result;
}

async function main() {
  const { lint } = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
  const programs = programsToRun();
  const loadBefore = round(os.loadavg()[0], 2);
  const rows = [];
  for (const program of programs) {
    const started = performance.now();
    const report = await lint([path.join(root, program)], { config: false, simulate: { settings: settings() } });
    const ms = performance.now() - started;
    const file = report.files[0];
    const models = file?.simulation?.models ?? [];
    const alarms = report.findings.filter((f) => f.simulated === true && f.severity !== "info");
    const failures = report.findings.filter((f) => f.name === "simulation-failed");
    rows.push({
      program,
      ms: round(ms, 0),
      simulationMs: file?.simulation?.timeMs,
      models: models.length,
      simulated: models.filter((m) => m.simulated).length,
      parameters: models.reduce((n, m) => n + (m.parameters ?? 0), 0),
      steps: models.map((m) => m.steps ?? 0),
      batchSizes: models.map((m) => m.batchSize ?? "-"),
      stoppedBy: models.map((m) => m.stoppedBy ?? "-"),
      notSimulated: models.filter((m) => !m.simulated).map((m) => `${m.model}: ${m.reason}`),
      notBuilt: models.flatMap((m) => (m.notBuilt ?? []).map((l) => `${l.layer}: ${l.reason}`)),
      alarms: alarms.map((f) => `${f.code}@${f.line} ${f.message}`),
      errors: failures.map((f) => f.message),
    });
    const last = rows[rows.length - 1];
    process.stderr.write(`${program}: ${last.simulated}/${last.models} simulated, ${last.ms} ms, ${last.alarms.length} alarms\n`);
  }
  const simulatedRows = rows.filter((r) => r.simulated > 0);
  const times = simulatedRows.map((r) => r.simulationMs ?? r.ms);
  const summary = {
    programs: rows.length,
    withModel: rows.filter((r) => r.models > 0).length,
    simulated: simulatedRows.length,
    modelsSimulated: rows.reduce((n, r) => n + r.simulated, 0),
    modelsNotSimulated: rows.reduce((n, r) => n + r.models - r.simulated, 0),
    programsWithAlarms: rows.filter((r) => r.alarms.length > 0).length,
    alarms: rows.reduce((n, r) => n + r.alarms.length, 0),
    simulationErrors: rows.reduce((n, r) => n + r.errors.length, 0),
    simulationMs: times.length === 0 ? undefined : { median: round(median(times), 0), p90: round(quantile(times, 0.9), 0), max: round(Math.max(...times), 0) },
    over10s: simulatedRows.filter((r) => (r.simulationMs ?? r.ms) > 10_000).map((r) => r.program),
  };
  const result = { version: 1, date: new Date().toISOString(), machine: { ...machine(), loadAverage1mBefore: loadBefore }, settings: settings(), summary, programs: rows };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const { batchSize, preflight } = result.settings;
  const name = `simulate${FAULTY ? "-faulty" : ""}${preflight === false ? "-no-preflight" : ""}${batchSize === undefined ? "" : `-batch-${batchSize}`}.json`;
  writeFileSync(path.join(root, "bench", "results", name), `${JSON.stringify(result, null, 2)}\n`);

  const m = result.machine;
  console.log(`\n## lint --simulate on the ${FAULTY ? "faulty" : "clean"} programs (${m.cpu}, ${m.cpus} cores, ${m.node}, load ${m.loadAverage1mBefore} before, ${m.loadAverage1m} after)\n`);
  console.log("| program | models simulated | parameters | steps | stopped by | simulation ms | warnings/errors |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const models = `${r.simulated}/${r.models}`;
    console.log(`| ${r.program} | ${models} | ${r.parameters} | ${r.steps.join(", ")} | ${r.stoppedBy.join(", ")} | ${r.simulationMs ?? "-"} | ${r.alarms.length === 0 ? "" : r.alarms.join("<br>")} |`);
  }
  console.log(`\n${summary.simulated} of ${summary.withModel} programs with a model simulated (${summary.modelsSimulated} models; ${summary.modelsNotSimulated} not simulated); ` +
    `${summary.alarms} simulated warnings/errors on ${summary.programsWithAlarms} programs; ${summary.simulationErrors} simulation failures.`);
  if (summary.simulationMs) console.log(`Simulation time per program: median ${summary.simulationMs.median} ms, p90 ${summary.simulationMs.p90} ms, max ${summary.simulationMs.max} ms; over 10 s: ${summary.over10s.length}.`);
  const reasons = new Map();
  for (const r of rows) for (const reason of r.notSimulated) {
    const key = reason.replace(/^[^:]*: /, "").replace(/\d+/g, "N");
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  if (reasons.size > 0) {
    console.log("\nModels not simulated, by reason:");
    for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`- ${count} × ${reason}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
