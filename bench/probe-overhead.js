#!/usr/bin/env node
/**
 * `node bench/probe-overhead.js` (after `npm run build`; `npm run bench` runs it after the lint bench):
 * the cost of the TF.js probe on training steps, as a RATIO to an uninstrumented run of the same
 * training in the same process. On the wasm backend, an MLP (784-128-10, batch 64) and a small CNN
 * (28×28×1, two conv layers, batch 32) train for --steps steps per run under each configuration:
 *   baseline                  model.fit without nncheck
 *   baseline again (noise)    the same, a second time: how far from 1 a ratio strays by noise alone
 *   hooks only (never sampled) the probe's hooks installed, statistics only at step 0, no checks
 *   default (every 10)        nncheckCallback with the live checks, tensor statistics every 10 steps
 *   probe only, every step    statistics every step, no checks
 *   every check, every step   statistics every step and every check run on them
 * A minimal timing callback, first in every configuration (the baseline's too), times the steps from the
 * first one's start to the last one's end, so per-fit set-up and teardown are not charged to the steps.
 * Runs interleave: each round runs every configuration once, in alternating order (ABCD, then DCBA),
 * after one warm-up round. Each run is divided by the baseline run of its own round and the median of
 * those paired ratios over --rounds rounds is reported, so load from other processes drifting over
 * time affects both sides alike. Two clocks: wall time, and this process's CPU time (the wasm backend
 * is single-threaded in Node, so CPU time is the training's own work and barely moves with the load of
 * other processes on a shared machine). The probe also times itself (statistics, records, checks).
 * Prints a markdown table; writes bench/results/overhead.json.
 * Targets: ≤ 3 % at the default sampling, ≤ 25 % with every check every step.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { option } from "./lib/options.js";
import { median, round } from "./lib/stats.js";
import { machineInfo } from "./lib/machine.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Garbage one run leaves would be collected during the next (another configuration's) run: collect it
// between runs, which needs --expose-gc. Re-run this script with it when it is missing.
if (typeof globalThis.gc !== "function") {
  const child = spawnSync(process.execPath, ["--expose-gc", "--single-threaded-gc", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
const probe = await import(path.join(root, "dist", "live", "index.js")).catch((error) => {
  console.error(`probe-overhead: build nncheck first (npm run build): ${error.message}`);
  process.exit(2);
});

const rounds = Number(option("rounds", 9));
const stepsPerRun = Number(option("steps", 100));
const backend = process.argv.includes("--cpu") ? "cpu" : "wasm";

if (backend === "wasm") {
  if (!(await probe.useWasmBackend())) throw new Error("the wasm backend did not start");
} else {
  await tf.setBackend("cpu");
}

function mlp() {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 128, activation: "relu" }), tf.layers.dense({ units: 10, activation: "softmax" })] });
}
function cnn() {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
}

const models = [
  { name: "MLP 784-128-10", build: mlp, batch: 64, input: [784] },
  { name: "CNN 28x28 conv8-conv16", build: cnn, batch: 32, input: [28, 28, 1] },
];
const configs = [
  { name: "baseline", callback: () => undefined },
  // The same uninstrumented run again: its ratio to the baseline is the measurement's noise floor.
  { name: "baseline again (noise)", callback: () => undefined },
  // The hooks installed but never sampling after step 0: what being wrapped costs, apart from statistics.
  { name: "hooks only (never sampled)", callback: () => probe.nncheckCallback({ checks: false, samplingInterval: 1e9 }) },
  { name: "default (every 10)", target: 0.03, callback: () => probe.nncheckCallback({ checks: true, printFindings: false }) },
  { name: "probe only, every step", callback: () => probe.nncheckCallback({ checks: false, samplingInterval: 1 }) },
  { name: "every check, every step", target: 0.25, callback: () => probe.nncheckCallback({ checks: true, printFindings: false, samplingInterval: 1 }) },
];

/**
 * Times the steps of one fit: from the first step's start to the last step's end, on both clocks. It is
 * the first callback of every configuration, the baseline's included, so what nncheck pays once per fit
 * (creating the checks engine, summarising the model, removing its hooks) is not charged to the steps:
 * a real training amortises it over thousands of steps, these runs over 100.
 */
class StepTimer extends tf.Callback {
  async onBatchBegin(batch) {
    if (batch !== 0 || this.wall !== undefined) return;
    this.wall = performance.now();
    this.cpu = process.cpuUsage();
  }
  async onTrainEnd() {
    this.wallMs = performance.now() - this.wall;
    const cpu = process.cpuUsage(this.cpu);
    this.cpuMs = (cpu.user + cpu.system) / 1000;
  }
}

async function timeRun(model, xs, ys, batch, callback) {
  globalThis.gc();
  const timer = new StepTimer();
  await model.fit(xs, ys, { epochs: 1, batchSize: batch, shuffle: false, verbose: 0, callbacks: callback ? [timer, callback] : [timer] });
  // The probe's own time (statistics, records, live checks) per step: independent of other load's drift.
  const selfMs = callback?.probe ? callback.probe.selfTimeMs / stepsPerRun : 0;
  return { stepMs: timer.wallMs / stepsPerRun, cpuMs: timer.cpuMs / stepsPerRun, selfMs };
}

const results = [];
for (const spec of models) {
  const model = spec.build();
  model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
  const n = spec.batch * stepsPerRun;
  const xs = tf.randomUniform([n, ...spec.input]);
  const ys = tf.oneHot(tf.randomUniform([n], 0, 10, "int32"), 10).toFloat();
  const times = new Map(configs.map((c) => [c.name, []]));
  for (let r = 0; r <= rounds; r++) {
    const order = r % 2 === 0 ? configs : [...configs].reverse();
    const thisRound = new Map();
    for (const config of order) thisRound.set(config.name, await timeRun(model, xs, ys, spec.batch, config.callback()));
    if (r > 0) for (const [name, run] of thisRound) times.get(name).push(run); // round 0 warms up
  }
  const base = times.get("baseline");
  for (const config of configs) {
    const runs = times.get(config.name);
    const wallRatio = median(runs.map((run, i) => run.stepMs / base[i].stepMs));
    const cpuRatio = median(runs.map((run, i) => run.cpuMs / base[i].cpuMs));
    const share = median(runs.map((run) => run.selfMs / (run.stepMs - run.selfMs)));
    const result = {
      model: spec.name,
      batch: spec.batch,
      config: config.name,
      stepMs: round(median(runs.map((run) => run.stepMs)), 2),
      cpuMsPerStep: round(median(runs.map((run) => run.cpuMs)), 2),
      ratio: round(wallRatio, 3),
      cpuRatio: round(cpuRatio, 3),
      probeMsPerStep: round(median(runs.map((run) => run.selfMs)), 3),
      probeShare: round(share, 4),
    };
    if (config.target !== undefined) {
      result.target = config.target;
      // The CPU-time ratio is the verdict: wall time on a shared machine measures the neighbours too.
      result.meetsTarget = cpuRatio - 1 <= config.target;
    }
    results.push(result);
  }
  tf.dispose([xs, ys]);
  model.dispose();
}

// The wasm training kernels nncheck installs (both Conv2D gradients as forward convolutions) vs the stock cpu kernels.
const kernels = [];
if (backend === "wasm") {
  for (const [xShape, filterShape] of [
    [[32, 28, 28, 1], [3, 3, 1, 8]],
    [[32, 13, 13, 8], [3, 3, 8, 16]],
  ]) {
    const x = tf.randomUniform(xShape);
    const outShape = tf.backend_util.computeConv2DInfo(xShape, filterShape, 1, 1, "valid").outShape;
    const dy = tf.randomUniform(outShape);
    const filter = tf.randomUniform(filterShape);
    const time = (fn) => {
      const samples = [];
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        fn();
        if (i > 0) samples.push(performance.now() - t);
      }
      return median(samples);
    };
    const cases = [
      ["Conv2DBackpropFilter", { x, dy }, { strides: 1, pad: "valid", dataFormat: "NHWC", filterShape }],
      ["Conv2DBackpropInput", { dy, filter }, { strides: 1, pad: "valid", dataFormat: "NHWC", inputShape: xShape }],
    ];
    for (const [kernel, inputs, attrs] of cases) {
      const wasmMs = time(() => tf.engine().runKernel(kernel, inputs, attrs).dispose());
      const fallbackMs = time(() => {
        const out = probe.runOnCpu(kernel, { inputs, backend: tf.backend(), attrs });
        tf.backend().disposeData(out.dataId);
      });
      kernels.push({ kernel, x: xShape, filter: filterShape, wasmMs: round(wasmMs, 2), cpuFallbackMs: round(fallbackMs, 2), speedup: round(fallbackMs / wasmMs, 1) });
    }
    tf.dispose([x, dy, filter]);
  }
}

const percent = (ratio) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)} %`;
const rows = results.map((r) => {
  const verdict =
    r.target === undefined ? "" : r.meetsTarget ? `met (≤ ${r.target * 100} %)` : `NOT met (≤ ${r.target * 100} %; the probe's own time is ${(100 * r.probeShare).toFixed(1)} %)`;
  return `| ${r.model} | ${r.config} | ${r.stepMs} | ${r.cpuMsPerStep} | ${r.ratio.toFixed(3)}× (${percent(r.ratio)}) | ${r.cpuRatio.toFixed(3)}× (${percent(r.cpuRatio)}) | ${r.probeMsPerStep} | ${(100 * r.probeShare).toFixed(1)} % | ${verdict} |`;
});
console.log(`\n# Probe overhead on ${backend} (${stepsPerRun} steps per run, median of ${rounds} interleaved rounds; load average ${os.loadavg()[0].toFixed(2)})\n`);
console.log(
  "| model | configuration | wall ms/step | CPU ms/step | wall vs baseline | CPU time vs baseline | probe ms/step | probe time / training time | target (CPU time) |\n|---|---|---|---|---|---|---|---|---|\n" +
    rows.join("\n"),
);

if (kernels.length) {
  console.log("\n| kernel (wasm, as a convolution) | x | filter | wasm ms | cpu kernel ms | speed-up |\n|---|---|---|---|---|---|");
  for (const k of kernels) console.log(`| ${k.kernel} | ${k.x.join("×")} | ${k.filter.join("×")} | ${k.wasmMs} | ${k.cpuFallbackMs} | ${k.speedup}× |`);
}

const out = {
  date: new Date().toISOString(),
  machine: machineInfo(),
  backend,
  stepsPerRun,
  rounds,
  loadAverage: os.loadavg()[0],
  results,
  kernels,
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "overhead.json"), JSON.stringify(out, null, 2) + "\n");
console.log("\nwrote bench/results/overhead.json");
