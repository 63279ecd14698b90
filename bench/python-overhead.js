#!/usr/bin/env node
/**
 * `node bench/python-overhead.js` (after `npm run build`; `npm run bench` runs it after the TF.js overhead
 * bench): the cost of the Python probe on training steps, as a RATIO to the same training unrecorded in the
 * same process, for Keras (TensorFlow CPU) and PyTorch (CPU): an MLP (784-128-10, batch 64) and a small CNN
 * (28×28×1, conv 8 and conv 16, batch 32) — the TF.js bench's models, whose millisecond steps show the
 * probe's cost per step at its largest — and models the size of the frameworks' own MNIST examples (an MLP
 * 784-512-512-10, batch 128; Keras's mnist_convnet, batch 128; PyTorch's examples/mnist network, batch 64). bench/python-overhead.py measures,
 * one process per framework, interleaved paired runs (see there); this script takes the median of the paired
 * ratios (a recorded run against the mean of its round's two unrecorded runs, which lie on either side of it
 * in time as the order alternates), on the wall clock and on the process's CPU clock (one thread per framework, so CPU time is the
 * training's own work; on a shared 2-core machine wall time also measures the neighbours), and reports
 * beside them the probe's own time and the noise: a second unrecorded run's ratio to the first. The first
 * steps of each run, where the probe pays what it pays once per run (PyTorch: describing the model; Keras:
 * tracing its two step functions at a model's first recorded fit, 2.5 s for mnist_convnet), are not timed; their wall time is reported apart.
 * The checks run in `nncheck watch`'s process, not in the training's: their time per step, measured here by
 * checking each every-step trace as check-trace does, is reported apart.
 * Targets, judged on CPU time: ≤ 3 % at the default sampling (every 10 steps for the first 4 samples, then as
 * often as the probe's 2 % sampling budget allows), ≤ 25 % with every step sampled. A fixed interval of 10 is
 * measured too, for what a sample costs on these small models.
 * The Python process runs with glibc's allocator keeping freed memory (ALLOCATOR below, for every configuration);
 * a second, shorter pass runs the small models' unrecorded and default configurations with the allocator's own
 * settings, as a user's training runs: there the probe's allocations can make the allocator return memory and
 * fault it in again (page faults a step are reported), which the first pass cannot show.
 * The interpreter: NNCHECK_PYTHON, else .venv/bin/python (as the tests); a framework it lacks is skipped,
 * and said so. Writes bench/results/python-overhead.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pythonSuites } from "../scripts/python-env.js";
import { option } from "./lib/options.js";
import { median, round } from "./lib/stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { checkTraceDetailed } = await import(path.join(root, "dist", "checks", "check-trace.js")).catch((error) => {
  console.error(`python-overhead: build nncheck first (npm run build): ${error.message}`);
  process.exit(2);
});

const rounds = option("rounds", "5");
const steps = option("steps", "3000");
const shortSteps = option("short-steps", "300");
const exampleRounds = option("example-rounds", "5");
const exampleSteps = option("example-steps", "1000");
const exampleShortSteps = option("example-short-steps", "60");
const TARGETS = { "default (2 % budget)": 0.03, "every step": 0.25 };
// glibc's allocator keeps freed memory for reuse, in the recorded and the plain runs alike. By default it maps
// buffers over its (adaptive) threshold afresh and returns them: the PyTorch examples/mnist step then spent
// 16–33 ms of its 55–110 ms in the kernel zeroing new pages (5,500 page faults a step), and identical runs
// differed by a third, more than the probe costs. The probe's cost is measured; the kernel's churn is not.
const ALLOCATOR = { MALLOC_MMAP_THRESHOLD_: "33554432", MALLOC_TRIM_THRESHOLD_: "4294967296" };

const suites = pythonSuites();
const frameworks = [suites.keras ? "keras" : undefined, suites.torch ? "torch" : undefined].filter(Boolean);
if (frameworks.length < 2) console.log(`python-overhead: ${frameworks.length ? `only ${frameworks.join(", ")}` : "nothing"} measured (${suites.reason})`);
if (frameworks.length === 0) process.exit(0);

const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-python-overhead-"));
const results = [];
const versions = {};
// The passes: [allocator, its environment, what is measured].
const PASSES = [
  ["kept", ALLOCATOR, []],
  ["glibc defaults", {}, ["--sizes", "small", "--configs", "baseline,noise,default"]],
];
try {
  for (const [allocator, allocatorEnv, only] of PASSES) for (const framework of frameworks) {
    const env = { ...process.env, PYTHONPATH: path.join(root, "python"), TF_CPP_MIN_LOG_LEVEL: "3", PYTHONDONTWRITEBYTECODE: "1", ...allocatorEnv };
    if (allocator !== "kept") for (const name of Object.keys(ALLOCATOR)) delete env[name];
    const run = spawnSync(suites.python, [path.join(root, "bench", "python-overhead.py"), framework, scratch, "--rounds", rounds, "--steps", steps, "--short-steps", shortSteps, "--example-rounds", exampleRounds, "--example-steps", exampleSteps, "--example-short-steps", exampleShortSteps, ...only], {
      cwd: root,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    });
    if (run.status !== 0) throw new Error(`bench/python-overhead.py ${framework} exited with ${run.status}: ${run.stderr.slice(-3000)}`);
    const measured = JSON.parse(run.stdout);
    versions[framework] = measured.version;
    for (const model of measured.models) {
      const base = model.runs["baseline"];
      const again = model.runs["baseline again (noise)"];
      for (const [config, runs] of Object.entries(model.runs)) {
        // The noise row compares the two unrecorded runs; a recorded run is compared with their mean, which
        // halves the drift of a single reference on this shared machine.
        const reference = (i, key) => (config.startsWith("baseline") ? base[i][key] : (base[i][key] + again[i][key]) / 2);
        const result = {
          framework: framework === "torch" ? "PyTorch" : "Keras",
          model: model.name,
          size: model.size,
          batch: model.batch,
          rounds: model.rounds,
          config,
          allocator,
          steps: runs[0].steps,
          stepMs: round(median(runs.map((r) => r.wallMs)), 3),
          cpuMsPerStep: round(median(runs.map((r) => r.cpuMs)), 3),
          ratio: round(median(runs.map((r, i) => r.wallMs / reference(i, "wallMs"))), 3),
          cpuRatio: round(median(runs.map((r, i) => r.cpuMs / reference(i, "cpuMs"))), 3),
          probeMsPerStep: round(median(runs.map((r) => r.selfMs)), 3),
          pageFaultsPerStep: round(median(runs.map((r) => r.faults)), 1),
          // The untimed first steps (PyTorch 1, Keras 2), wall ms: what the probe pays once per run (the
          // model described; Keras: its two step functions traced) beside what the plain run pays there.
          untimedMs: round(median(runs.map((r) => r.setupMs)), 1),
        };
        if (config === "every step") {
          // The checks' own time per step, in watch's process: the every-step trace checked as check-trace does.
          const trace = path.join(scratch, `${model.trace}-every.jsonl`);
          const stepCount = readFileSync(trace, "utf8").split("\n").filter((line) => line.startsWith('{"type":"step"')).length;
          const checked = checkTraceDetailed(trace);
          // Reading and decoding the records included: watch does both.
          result.checksMsPerStep = round(checked.report.summary.durationMs / Math.max(1, stepCount), 3);
        }
        if (TARGETS[config] !== undefined) {
          result.target = TARGETS[config];
          result.meetsTarget = result.cpuRatio - 1 <= TARGETS[config];
        }
        results.push(result);
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const percent = (ratio) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)} %`;
console.log(
  `\n# Python probe overhead (small models: ${steps} steps per run, ${shortSteps} at fixed intervals, ${rounds} rounds; example-size models: ${exampleSteps} and ${exampleShortSteps} steps, ${exampleRounds} rounds; median of interleaved rounds; load average ${os.loadavg()[0].toFixed(2)})\n`,
);
console.log(`Keras ${versions.keras ?? "-"}, PyTorch ${versions.torch ?? "-"}; ${suites.python}\n`);
console.log("| framework | model | configuration | allocator | wall ms/step | CPU ms/step | wall vs baseline | CPU time vs baseline | probe ms/step | page faults/step | checks ms/step (watch) | untimed first steps, wall ms | target (CPU time) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of results) {
  const verdict = r.target === undefined ? "" : `${r.meetsTarget ? "met" : "NOT met"} (≤ ${r.target * 100} %)`;
  console.log(
    `| ${r.framework} | ${r.model} | ${r.config} | ${r.allocator} | ${r.stepMs} | ${r.cpuMsPerStep} | ${r.ratio.toFixed(3)}× (${percent(r.ratio)}) | ${r.cpuRatio.toFixed(3)}× (${percent(r.cpuRatio)}) | ${r.probeMsPerStep} | ${r.pageFaultsPerStep} | ${r.checksMsPerStep ?? ""} | ${r.untimedMs} | ${verdict} |`,
  );
}

const out = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, os: `${os.type()} ${os.release()}` },
  // Where the interpreter lives on this machine is not a result: inside the checkout, its relative path.
  python: suites.python.startsWith(root) ? path.relative(root, suites.python) : "NNCHECK_PYTHON",
  versions,
  stepsPerRun: Number(steps),
  stepsPerRunAtFixedIntervals: Number(shortSteps),
  rounds: Number(rounds),
  exampleStepsPerRun: Number(exampleSteps),
  exampleStepsPerRunAtFixedIntervals: Number(exampleShortSteps),
  exampleRounds: Number(exampleRounds),
  loadAverage: os.loadavg()[0],
  allocator: ALLOCATOR,
  results,
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "python-overhead.json"), JSON.stringify(out, null, 2) + "\n");
console.log("\nwrote bench/results/python-overhead.json");
