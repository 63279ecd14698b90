#!/usr/bin/env node
/**
 * `node bench/probe-overhead.js` (after `npm run build`): the cost of the TF.js probe on training steps.
 * In one process on the wasm backend, an MLP (784-128-10, batch 64) and a small CNN (28×28×1, two conv
 * layers, batch 32) train for --steps steps per run under each configuration:
 *   baseline            model.fit without nncheck
 *   probe, every 10     nncheckCallback, tensor statistics every 10 steps (the default), no checks
 *   probe, every step   the same, every step
 *   probe+checks, 10    nncheckCallback with the live checks engine, every 10 steps
 * Runs alternate between configurations (--rounds rounds, after one warm-up round). The ratio is paired:
 * each run is divided by the baseline run of the same round, and the median of those ratios is reported
 * (robust to other load on the machine drifting over time). The probe also times itself (statistics,
 * records, live checks), which gives its overhead as a share of the training time even on a busy machine.
 * Prints a markdown table; writes bench/results/overhead.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { median, round } from "./lib/stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const probe = await import(path.join(root, "dist", "probes", "tfjs", "index.js")).catch((error) => {
  console.error(`probe-overhead: build nncheck first (npm run build): ${error.message}`);
  process.exit(2);
});

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}
const rounds = option("rounds", 5);
const stepsPerRun = option("steps", 40);
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
  { name: "probe, every 10", callback: () => probe.nncheckCallback({ checks: false }) },
  { name: "probe, every step", callback: () => probe.nncheckCallback({ checks: false, samplingInterval: 1 }) },
  { name: "probe+checks, every 10", callback: () => probe.nncheckCallback({ checks: true, printFindings: false }) },
];

async function timeRun(model, xs, ys, batch, callback) {
  const started = performance.now();
  await model.fit(xs, ys, { epochs: 1, batchSize: batch, shuffle: false, verbose: 0, ...(callback ? { callbacks: [callback] } : {}) });
  const stepMs = (performance.now() - started) / stepsPerRun;
  // The probe's own time (statistics, records, checks) per step: independent of other load's drift.
  const selfMs = callback?.probe ? callback.probe.selfTimeMs / stepsPerRun : 0;
  return { stepMs, selfMs };
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
    for (const config of configs) {
      const run = await timeRun(model, xs, ys, spec.batch, config.callback());
      if (r > 0) times.get(config.name).push(run); // round 0 warms up
    }
  }
  const base = times.get("baseline").map((r) => r.stepMs);
  for (const config of configs) {
    const runs = times.get(config.name).map((r) => r.stepMs);
    const self = times.get(config.name).map((r) => r.selfMs);
    const ratios = runs.map((ms, i) => ms / base[i]);
    results.push({
      model: spec.name,
      batch: spec.batch,
      config: config.name,
      stepMs: round(median(runs), 2),
      ratio: round(median(ratios), 3),
      probeMsPerStep: round(median(self), 3),
      probeShare: round(median(self.map((ms, i) => ms / (runs[i] - ms))), 4),
    });
  }
  tf.dispose([xs, ys]);
  model.dispose();
}

// The wasm training kernel nncheck adds: im2col Conv2DBackpropFilter vs running the stock cpu kernel.
const kernels = [];
if (backend === "wasm") {
  for (const [xShape, filterShape] of [
    [[32, 28, 28, 1], [3, 3, 1, 8]],
    [[32, 13, 13, 8], [3, 3, 8, 16]],
  ]) {
    const x = tf.randomUniform(xShape);
    const outShape = tf.backend_util.computeConv2DInfo(xShape, filterShape, 1, 1, "valid").outShape;
    const dy = tf.randomUniform(outShape);
    const attrs = { strides: 1, pad: "valid", dataFormat: "NHWC", filterShape };
    const time = (fn) => {
      const samples = [];
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        fn();
        if (i > 0) samples.push(performance.now() - t);
      }
      return median(samples);
    };
    const im2colMs = time(() => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, attrs).dispose());
    const fallbackMs = time(() => {
      const out = probe.runOnCpu("Conv2DBackpropFilter", { inputs: { x, dy }, backend: tf.backend(), attrs });
      tf.backend().disposeData(out.dataId);
    });
    kernels.push({ kernel: "Conv2DBackpropFilter", x: xShape, filter: filterShape, im2colMs: round(im2colMs, 2), cpuFallbackMs: round(fallbackMs, 2), speedup: round(fallbackMs / im2colMs, 1) });
    tf.dispose([x, dy]);
  }
}

const rows = results.map((r) => `| ${r.model} | ${r.config} | ${r.stepMs} | ${r.ratio.toFixed(3)}× | ${r.probeMsPerStep} | ${(100 * r.probeShare).toFixed(1)} % |`);
console.log(`Probe overhead on ${backend} (${stepsPerRun} steps per run, ${rounds} rounds; load average ${os.loadavg()[0].toFixed(2)})\n`);
console.log("| model | configuration | ms/step (median) | vs baseline (median of paired ratios) | probe ms/step | probe time / training time |\n|---|---|---|---|---|---|\n" + rows.join("\n"));

if (kernels.length) {
  console.log("\n| kernel (wasm) | x | filter | im2col ms | cpu fallback ms | speed-up |\n|---|---|---|---|---|---|");
  for (const k of kernels) console.log(`| ${k.kernel} | ${k.x.join("×")} | ${k.filter.join("×")} | ${k.im2colMs} | ${k.cpuFallbackMs} | ${k.speedup}× |`);
}

const out = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, os: `${os.type()} ${os.release()}` },
  backend,
  stepsPerRun,
  rounds,
  loadAverage: os.loadavg()[0],
  results,
  kernels,
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "overhead.json"), JSON.stringify(out, null, 2) + "\n");
