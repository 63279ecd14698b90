#!/usr/bin/env node
/**
 * `node bench/python-preflight.js` (after `npm run build`): the Python preflight (`nncheck_probe.preflight`)
 * on small Keras and PyTorch models — an MLP, a CNN and an LSTM on seeded synthetic data each can learn —
 * with the default budget (1000 single-batch iterations, 200 data-dependency iterations per run, 512
 * samples, a 60 s cap). bench/python-preflight.py runs them, one process per framework; this script reads
 * each trace: the preflight's wall time, each procedure's time, procedures cut by the cap, and the D1
 * findings as check-trace decides them (every warning or error on these clean models is a false alarm).
 * `--budget JSON` overrides the budget. The interpreter: NNCHECK_PYTHON, else .venv/bin/python (as the
 * tests); a framework it lacks is skipped, and said so. Writes bench/results/python-preflight.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pythonSuites } from "../scripts/python-env.js";
import { option } from "./lib/options.js";
import { round } from "./lib/stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { checkTrace } = await import(path.join(root, "dist", "checks", "check-trace.js")).catch((error) => {
  console.error(`python-preflight: build nncheck first (npm run build): ${error.message}`);
  process.exit(2);
});

const budget = option("budget", "{}");
const suites = pythonSuites();
const frameworks = [suites.keras ? "keras" : undefined, suites.torch ? "torch" : undefined].filter(Boolean);
if (frameworks.length < 2) console.log(`python-preflight: ${frameworks.length ? `only ${frameworks.join(", ")}` : "nothing"} measured (${suites.reason})`);
if (frameworks.length === 0) process.exit(0);

const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-python-preflight-"));
const results = [];
const versions = {};
try {
  for (const framework of frameworks) {
    const run = spawnSync(suites.python, [path.join(root, "bench", "python-preflight.py"), framework, scratch, "--budget", budget], {
      cwd: root,
      env: { ...process.env, PYTHONPATH: path.join(root, "python"), TF_CPP_MIN_LOG_LEVEL: "3", PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    });
    if (run.status !== 0) throw new Error(`bench/python-preflight.py ${framework} exited with ${run.status}: ${run.stderr.slice(-3000)}`);
    const measured = JSON.parse(run.stdout);
    versions[framework] = measured.version;
    for (const model of measured.models) {
      const records = readFileSync(model.trace, "utf8").trim().split("\n").map((line) => JSON.parse(line));
      const procedures = {};
      for (const r of records) if (r.procedure !== "model") procedures[r.procedure] = r.skipped !== undefined ? `skipped: ${r.skipped}` : round(r.timeMs / 1000, 2);
      const cut = records.filter((r) => r.stoppedBy === "time").map((r) => r.procedure);
      const findings = checkTrace(model.trace).findings.filter((f) => f.code.startsWith("D1"));
      results.push({
        framework: framework === "torch" ? "PyTorch" : "Keras",
        model: model.name,
        seconds: model.seconds,
        procedures,
        cutByTime: cut,
        serious: findings.filter((f) => f.severity !== "info").map((f) => `${f.code} ${f.message}`),
        infos: [...new Set(findings.filter((f) => f.severity === "info").map((f) => f.code))],
      });
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`\n# Python preflight (budget ${budget === "{}" ? "default" : budget}; load average ${os.loadavg()[0].toFixed(2)})\n`);
console.log(`Keras ${versions.keras ?? "-"}, PyTorch ${versions.torch ?? "-"}; ${suites.python}\n`);
console.log("| framework | model | preflight s | overfit-batch s | data-dependency s | cut by the cap | D1 warnings/errors | D1 infos |\n|---|---|---|---|---|---|---|---|");
for (const r of results) {
  console.log(`| ${r.framework} | ${r.model} | ${r.seconds} | ${r.procedures["overfit-batch"]} | ${r.procedures["data-dependency"]} | ${r.cutByTime.join(", ") || "—"} | ${r.serious.join("; ") || "none"} | ${r.infos.join(", ") || "—"} |`);
}

const out = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, os: `${os.type()} ${os.release()}` },
  // Where the interpreter lives on this machine is not a result: inside the checkout, its relative path.
  python: suites.python.startsWith(root) ? path.relative(root, suites.python) : "NNCHECK_PYTHON",
  versions,
  budget: JSON.parse(budget),
  loadAverage: os.loadavg()[0],
  results,
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "python-preflight.json"), JSON.stringify(out, null, 2) + "\n");
console.log("\nwrote bench/results/python-preflight.json");
