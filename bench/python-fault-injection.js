#!/usr/bin/env node
/**
 * `node bench/python-fault-injection.js` (after `npm run build`): the TF.js fault-injection bench
 * (bench/fault-injection.js) for Keras 3 and PyTorch. Four trainings re-created after public examples
 * (bench/python-trainings/: Keras's mnist_convnet, the Boston housing MLP of "Deep Learning with Python",
 * PyTorch's examples/mnist, the concise MLP of "Dive into Deep Learning"), on seeded synthetic data, each run
 * unmodified under `nncheck watch` through bench/python-trainings/inject.py, which patches one fault into the
 * framework: learning rate ×1000, learning rate 0, ReLU biases at −10, NaN inputs, shuffled labels, an L2
 * penalty of 10 (only those that apply: no shuffled labels in a regression). A fault is detected when one of
 * its codes fires at warning or error; named when the report's likely root cause (the lead of diagnosis
 * group 1) is one of them. Each training also runs once as written: any warning or error there is a false
 * alarm. Runs one at a time. The interpreter: NNCHECK_PYTHON, else .venv/bin/python; a training whose
 * framework it lacks is skipped, and said so. `--only NAME` runs the trainings whose file name contains
 * NAME; `--keep DIR` keeps each run's report and trace in DIR. Writes bench/results/python-fault-injection.json
 * (not with --only).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pythonSuites } from "../scripts/python-env.js";
import { FAULTS, findingLabel, runLine, scoreRun } from "./lib/faults.js";
import { machineInfo } from "./lib/machine.js";
import { option } from "./lib/options.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const folder = path.join(root, "bench", "python-trainings");
const ALL = Object.keys(FAULTS);

/** The trainings and the faults that apply to them (no classes to shuffle in the housing regression). */
const TRAININGS = [
  { script: "keras_mnist_convnet.py", framework: "keras", faults: ALL },
  { script: "keras_housing_mlp.py", framework: "keras", faults: ALL.filter((f) => f !== "shuffled-labels") },
  { script: "torch_mnist.py", framework: "torch", faults: ALL },
  { script: "torch_d2l_mlp.py", framework: "torch", faults: ALL },
];

if (!existsSync(path.join(root, "dist", "cli", "main.js"))) {
  console.error("python-fault-injection: build nncheck first (npm run build)");
  process.exit(2);
}
const suites = pythonSuites();
const only = option("only", undefined);
const keep = option("keep", undefined);
const trainings = TRAININGS.filter((t) => only === undefined || t.script.includes(only));
const runnable = trainings.filter((t) => suites[t.framework]);
for (const t of trainings.filter((t) => !suites[t.framework])) console.log(`python-fault-injection: ${t.script} skipped (${suites.reason})`);
if (runnable.length === 0) {
  console.log("python-fault-injection: nothing to run");
  process.exit(0);
}

const versions = frameworkVersions(suites.python);
const scratch = keep ?? mkdtempSync(path.join(os.tmpdir(), "nncheck-python-fault-injection-"));
mkdirSync(scratch, { recursive: true });

/** One run of a training under `nncheck watch` with one fault ("none": as written): its findings and what inject.py changed. */
function run(training, fault) {
  const stem = `${training.script.replace(/\.py$/, "")}-${fault}`;
  const report = path.join(scratch, `${stem}.json`);
  const trace = path.join(scratch, `${stem}.jsonl`);
  rmSync(report, { force: true });
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [path.join(root, "bin", "nncheck.js"), "watch", "--quiet", "--no-config", "--fail-on", "never", "--format", "json", "--output", report, "--trace", trace, "--", suites.python, path.join(folder, "inject.py"), fault, path.join(folder, training.script)],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, NNCHECK_INJECT: fault, TF_CPP_MIN_LOG_LEVEL: "3", PYTHONDONTWRITEBYTECODE: "1" },
    },
  );
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const load = Number(os.loadavg()[0].toFixed(2));
  const applied = (child.stderr ?? "")
    .split("\n")
    .filter((line) => line.startsWith("nncheck-inject: "))
    .map((line) => line.slice("nncheck-inject: ".length));
  let findings;
  try {
    findings = JSON.parse(readFileSync(report, "utf8")).findings;
  } catch {
    // A training the fault made crash still leaves its report; no report is nncheck's failure.
    return { seconds, load, exit: child.status, applied, findings: undefined, stderr: (child.stderr ?? "").slice(-2000) };
  }
  return { seconds, load, exit: child.status, applied, findings, probeFailed: probeFailure(findings) };
}

/** The probe's own failure, when it reported one (nncheck-internal-error): its message. */
function probeFailure(findings) {
  return findings.find((f) => f.code === "nncheck-internal-error")?.message;
}

const rows = [];
const clean = [];
const started = performance.now();
for (const training of runnable) {
  const none = run(training, "none");
  const alarms = (none.findings ?? []).filter((f) => f.severity !== "info");
  const cleanRow = {
    training: training.script,
    seconds: none.seconds,
    load: none.load,
    exit: none.exit,
    ...(none.probeFailed ? { probeFailed: none.probeFailed } : {}),
    ...(none.findings === undefined ? { error: "no report", stderr: none.stderr } : {}),
    alarms: alarms.map((f) => ({ code: f.code, severity: f.severity, layer: f.layer?.name ?? null, message: f.message })),
    infos: [...new Set((none.findings ?? []).filter((f) => f.severity === "info").map((f) => f.code))].sort(),
  };
  clean.push(cleanRow);
  console.log(`${training.script.padEnd(24)} ${"none".padEnd(16)} ${none.findings === undefined ? "NO REPORT" : alarms.length ? `FALSE ALARM ${alarms.map(findingLabel).join(", ")}` : "clean"}  (${none.seconds} s)`);
  for (const fault of training.faults) {
    const result = run(training, fault);
    const row =
      result.findings === undefined
        ? { training: training.script, fault, detected: false, named: false, root: null, codes: [], error: "no report", stderr: result.stderr }
        : { training: training.script, fault, ...scoreRun(result.findings, fault) };
    Object.assign(row, { applied: result.applied, exit: result.exit, seconds: result.seconds, load: result.load });
    if (result.probeFailed) row.probeFailed = result.probeFailed;
    if (result.applied.length === 0) row.warning = "inject.py said no change: the fault was not injected";
    rows.push(row);
    console.log(`${runLine(training.script, fault, row)}  (${result.seconds} s)${row.warning ? `  ${row.warning}` : ""}`);
  }
}
const wallSeconds = Number(((performance.now() - started) / 1000).toFixed(0));
const detected = rows.filter((r) => r.detected).length;
const named = rows.filter((r) => r.named).length;
const falseAlarms = clean.filter((c) => c.alarms.length > 0).length;
const probeFailures = [...clean, ...rows].filter((r) => r.probeFailed).length;

console.log("\n| training | fault | detected | named | likely root cause | warning and error codes |");
console.log("|---|---|---|---|---|---|");
const failed = (r) => (r.probeFailed ? " (the probe failed)" : "");
for (const c of clean) console.log(`| ${c.training} | none | ${c.alarms.length ? "false alarm" : "clean"}${failed(c)} | | | ${[...new Set(c.alarms.map((a) => a.code))].join(" ")} |`);
for (const r of rows) console.log(`| ${r.training} | ${r.fault} | ${r.detected ? "yes" : "**no**"}${failed(r)} | ${r.named ? "yes" : "no"} | ${r.root ?? "—"} | ${r.codes.join(" ")} |`);
console.log(`\n${detected}/${rows.length} injected faults detected, ${named}/${rows.length} named as the likely root cause; ${falseAlarms}/${clean.length} clean runs with a warning or error (${wallSeconds} s)`);
if (probeFailures > 0) console.log(`the probe failed in ${probeFailures} run(s) (nncheck-internal-error): ${[...new Set([...clean, ...rows].filter((r) => r.probeFailed).map((r) => r.probeFailed))].join("; ")}`);
if (keep !== undefined) console.log(`reports and traces kept in ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });

if (only === undefined) {
  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    python: { source: suites.source, ...versions },
    rows,
    clean,
    summary: { runs: rows.length, detected, named, cleanRuns: clean.length, falseAlarms, probeFailures, wallSeconds },
  };
  writeFileSync(path.join(root, "bench", "results", "python-fault-injection.json"), JSON.stringify(result, null, 2) + "\n");
}

/** The Python, NumPy, Keras, TensorFlow and PyTorch versions the interpreter has (imported: a few seconds). */
function frameworkVersions(python) {
  const code = [
    "import importlib, json, platform",
    "v = {'python': platform.python_version()}",
    "for n in ('numpy', 'tensorflow', 'keras', 'torch'):",
    "    try: v[n] = importlib.import_module(n).__version__",
    "    except Exception: pass",
    "print(json.dumps(v))",
  ].join("\n");
  const probe = spawnSync(python, ["-c", code], { encoding: "utf8", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" } });
  try {
    return JSON.parse(probe.stdout.trim().split("\n").at(-1));
  } catch {
    return {};
  }
}
