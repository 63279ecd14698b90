#!/usr/bin/env node
/**
 * `node bench/dynamic-alarms.js [--seeds N]` (after `npm run build`): detection and false alarms of the
 * dynamic checks on small real TF.js trainings (cpu backend, synthetic data, a few seconds each).
 * Every scenario runs with N seeds (initialisers and data; batches shuffled as fit does by default).
 * Then the re-created tensorflow/tfjs-examples trainings in bench/trainings/ (the examples' models, loops
 * and hyper-parameters on seeded synthetic data of the same layout) run unmodified under `nncheck watch`,
 * N seeds each: all are healthy, so any warning or error they raise is a false alarm.
 * A buggy run is detected when its expected check fires at warning or error; any other warning or error
 * on a buggy run is listed; any warning or error on a clean run is a false alarm (infos are listed apart:
 * they never fail `nncheck watch`).
 * Prints a markdown table; writes bench/results/dynamic.json.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { option } from "./lib/options.js";
import { classification as exampleClassification, images, sequences } from "../examples/tfjs/data.js";
import { machineInfo } from "./lib/machine.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const probe = await import(pathToFileURL(path.join(root, "dist", "live", "index.js")).href).catch((error) => {
  console.error(`dynamic-alarms: build nncheck first (npm run build): ${error.message}`);
  process.exit(2);
});
const seeds = Number(option("seeds", 3));
await tf.setBackend("cpu");

/** n samples of 20 features, 3 classes (the examples' data); `poison` puts a NaN in one feature. */
function classification(n, seed, poison = false) {
  const data = exampleClassification(n, 20, 3, seed);
  if (!poison) return data;
  const x = data.xs.dataSync().slice();
  x[3 * 20 + 5] = NaN;
  data.xs.dispose();
  return { xs: tf.tensor2d(x, [n, 20]), ys: data.ys };
}

const dense = (units, activation, seed, extra = {}) => tf.layers.dense({ units, activation, kernelInitializer: tf.initializers.glorotUniform({ seed }), ...extra });
const classifier = (seed, hidden, optimizer) => {
  const model = tf.sequential({ layers: [...hidden, dense(3, "softmax", seed + 100, { name: "output" })] });
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
};
const asRegression = (ys, scale) => tf.tidy(() => ys.argMax(1).toFloat().reshape([-1, 1]).mul(scale));

/** Each scenario: build(seed) → { model, data, fit args }; `expect` is the check a buggy run must raise. */
const scenarios = [
  { name: "clean MLP (Adam 0.01)", build: (s) => ({ model: classifier(s, [dense(32, "relu", s, { inputShape: [20] })], tf.train.adam(0.01)), data: classification(512, s), args: { epochs: 10, batchSize: 32 } }) },
  { name: "clean MLP + validation", build: (s) => ({ model: classifier(s, [dense(32, "relu", s, { inputShape: [20] })], tf.train.adam(0.01)), data: classification(512, s), args: { epochs: 10, batchSize: 32, validationSplit: 0.25 } }) },
  { name: "clean deep MLP (4×ReLU, SGD 0.1)", build: (s) => ({ model: classifier(s, [dense(32, "relu", s, { inputShape: [20] }), dense(32, "relu", s + 1), dense(32, "relu", s + 2), dense(32, "relu", s + 3)], tf.train.sgd(0.1)), data: classification(512, s), args: { epochs: 10, batchSize: 32 } }) },
  { name: "clean tanh MLP (RMSprop)", build: (s) => ({ model: classifier(s, [dense(32, "tanh", s, { inputShape: [20] })], tf.train.rmsprop(0.005)), data: classification(512, s), args: { epochs: 8, batchSize: 32 } }) },
  {
    name: "clean regression MLP",
    build: (s) => {
      const model = tf.sequential({ layers: [dense(32, "relu", s, { inputShape: [20] }), dense(1, "linear", s + 1)] });
      model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
      const d = classification(512, s);
      return { model, data: { xs: d.xs, ys: asRegression(d.ys, 0.5) }, args: { epochs: 10, batchSize: 32 } };
    },
  },
  {
    name: "clean CNN",
    build: (s) => {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, activation: "relu", kernelInitializer: tf.initializers.heNormal({ seed: s }) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          dense(4, "softmax", s + 1),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
      return { model, data: images(256, s), args: { epochs: 6, batchSize: 32, validationSplit: 0.2 } };
    },
  },
  {
    name: "clean LSTM",
    build: (s) => {
      const model = tf.sequential({ layers: [tf.layers.lstm({ inputShape: [8, 2], units: 8, kernelInitializer: tf.initializers.glorotUniform({ seed: s }), recurrentInitializer: tf.initializers.orthogonal({ seed: s + 1 }) }), dense(2, "softmax", s + 2)] });
      model.compile({ optimizer: tf.train.adam(0.02), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
      return { model, data: sequences(256, 8, s), args: { epochs: 8, batchSize: 32 } };
    },
  },
  { name: "clean frozen base (transfer learning)", build: (s) => ({ model: classifier(s, [dense(32, "relu", s, { inputShape: [20], trainable: false })], tf.train.adam(0.01)), data: classification(512, s), args: { epochs: 5, batchSize: 32 } }) },
  {
    name: "exploding gradients (SGD 1, deep ReLU regression)",
    expect: "D303",
    build: (s) => {
      const model = tf.sequential({ layers: [dense(64, "relu", s, { inputShape: [20] }), dense(64, "relu", s + 1), dense(64, "relu", s + 2), dense(1, "linear", s + 3)] });
      model.compile({ optimizer: tf.train.sgd(1), loss: "meanSquaredError" });
      const d = classification(512, s);
      return { model, data: { xs: d.xs, ys: asRegression(d.ys, 10) }, args: { epochs: 1, batchSize: 32 }, sampling: 1 };
    },
  },
  {
    name: "vanishing gradients (10 sigmoid layers)",
    expect: "D302",
    build: (s) => {
      const hidden = [dense(32, "sigmoid", s, { inputShape: [20] })];
      for (let i = 1; i < 10; i++) hidden.push(dense(32, "sigmoid", s + i));
      return { model: classifier(s, hidden, tf.train.sgd(0.01)), data: classification(512, s), args: { epochs: 3, batchSize: 32 } };
    },
  },
  { name: "dead ReLUs (bias −10)", expect: "D402", build: (s) => ({ model: classifier(s, [dense(32, "relu", s, { inputShape: [20], biasInitializer: tf.initializers.constant({ value: -10 }) })], tf.train.adam(0.01)), data: classification(512, s), args: { epochs: 3, batchSize: 32 } }) },
  { name: "zero learning rate", expect: "D205", build: (s) => ({ model: classifier(s, [dense(16, "relu", s, { inputShape: [20] })], tf.train.sgd(0)), data: classification(512, s), args: { epochs: 3, batchSize: 32 } }) },
  { name: "frozen output layer", expect: "D205", build: (s) => ({ model: tf.sequential({ layers: [dense(32, "relu", s, { inputShape: [20] }), dense(3, "softmax", s + 1, { trainable: false })] }), compile: true, data: classification(512, s), args: { epochs: 3, batchSize: 32 } }) },
  { name: "NaN in the features", expect: "D501", build: (s) => ({ model: classifier(s, [dense(16, "relu", s, { inputShape: [20] })], tf.train.adam(0.001)), data: classification(512, s, true), args: { epochs: 1, batchSize: 32 } }) },
  { name: "stalled loss (SGD 1e-4)", expect: "D502", build: (s) => ({ model: classifier(s, [dense(32, "relu", s, { inputShape: [20] })], tf.train.sgd(1e-4)), data: classification(512, s), args: { epochs: 8, batchSize: 16 } }) },
  { name: "oscillating loss (momentum 0.9, lr 0.5)", expect: "D504", build: (s) => ({ model: classifier(s, [dense(32, "relu", s, { inputShape: [20] })], tf.train.momentum(0.5, 0.9)), data: classification(512, s), args: { epochs: 8, batchSize: 16 } }) },
  {
    name: "overfitting (32 samples, wide MLP)",
    expect: "D506",
    build: (s) => {
      const validation = classification(128, s + 1000);
      return { model: classifier(s, [dense(64, "relu", s, { inputShape: [20] }), dense(64, "relu", s + 1)], tf.train.adam(0.01)), data: classification(32, s), args: { epochs: 15, batchSize: 32, validationData: [validation.xs, validation.ys] }, extra: [validation.xs, validation.ys] };
    },
  },
  {
    name: "sigmoid output for targets up to 10",
    expect: "D408",
    build: (s) => {
      const model = tf.sequential({ layers: [dense(16, "relu", s, { inputShape: [20] }), dense(1, "sigmoid", s + 1)] });
      model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
      const d = classification(512, s);
      return { model, data: { xs: d.xs, ys: asRegression(d.ys, 5) }, args: { epochs: 4, batchSize: 32 } };
    },
  },
];

const rows = [];
const started = performance.now();
for (const scenario of scenarios) {
  const row = { scenario: scenario.name, kind: scenario.expect ? "buggy" : "clean", expect: scenario.expect ?? null, runs: 0, detected: 0, runsWithOther: 0, serious: {}, infos: {} };
  for (let i = 0; i < seeds; i++) {
    const seed = 1 + 17 * i;
    const built = scenario.build(seed);
    if (built.compile) built.model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const callback = probe.nncheckCallback({ checks: true, printFindings: false, ...(built.sampling ? { samplingInterval: built.sampling } : {}) });
    await built.model.fit(built.data.xs, built.data.ys, { verbose: 0, callbacks: [callback], ...built.args });
    const findings = callback.findings();
    row.runs++;
    if (findings.some((f) => f.code === scenario.expect && f.severity !== "info")) row.detected++;
    if (findings.some((f) => f.severity !== "info" && f.code !== scenario.expect)) row.runsWithOther++;
    for (const f of findings) {
      const bucket = f.severity === "info" ? row.infos : row.serious;
      if (f.code === scenario.expect && f.severity !== "info") continue;
      bucket[f.code] = (bucket[f.code] ?? 0) + 1;
    }
    tf.dispose([built.data.xs, built.data.ys, ...(built.extra ?? [])]);
    built.model.dispose();
  }
  rows.push(row);
}

/** The re-created tfjs-examples trainings: each script takes a seed and trains as its example does. */
const realTrainings = [
  { name: "abalone-node (sigmoid MLP regression, SGD)", script: "abalone.mjs" },
  { name: "baseball-node pitch type (3×ReLU MLP, sparse labels)", script: "baseball-pitch.mjs" },
  { name: "sentiment multihot (ReLU MLP on multi-hot text)", script: "sentiment-multihot.mjs" },
  { name: "jena-weather GRU (MAE regression)", script: "jena-gru.mjs" },
  { name: "lstm-text-generation (one fit call per epoch)", script: "text-lstm.mjs" },
  { name: "fashion-mnist-vae (custom loop, optimizer.minimize)", script: "vae-minimize.mjs" },
  { name: "date-conversion-attention (LSTM seq2seq with attention)", script: "date-conversion.mjs" },
];
const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-dynamic-alarms-"));
for (const training of realTrainings) {
  const row = { scenario: `${training.name} — under watch`, kind: "clean", expect: null, runs: 0, detected: 0, runsWithOther: 0, serious: {}, infos: {} };
  for (let i = 0; i < seeds; i++) {
    const seed = 1 + 17 * i;
    const report = path.join(scratch, `${training.script}-${seed}.json`);
    try {
      execFileSync(process.execPath, [path.join(root, "bin", "nncheck.js"), "watch", "--quiet", "--no-config", "--fail-on", "never", "--format", "json", "--output", report, "--", "node", path.join(root, "bench", "trainings", training.script), String(seed)], { stdio: ["ignore", "ignore", "pipe"] });
    } catch (error) {
      console.error(`dynamic-alarms: ${training.script} ${seed} failed under watch: ${error.stderr ?? error.message}`);
      row.serious["watch-failed"] = (row.serious["watch-failed"] ?? 0) + 1;
      row.runs++;
      row.runsWithOther++;
      continue;
    }
    const findings = JSON.parse(readFileSync(report, "utf8")).findings;
    row.runs++;
    if (findings.some((f) => f.severity !== "info")) row.runsWithOther++;
    for (const f of findings) {
      const bucket = f.severity === "info" ? row.infos : row.serious;
      bucket[f.code] = (bucket[f.code] ?? 0) + 1;
    }
  }
  rows.push(row);
}
rmSync(scratch, { recursive: true, force: true });

const list = (counts) => Object.entries(counts).sort().map(([code, n]) => `${code}×${n}`).join(", ") || "—";
const clean = rows.filter((r) => r.kind === "clean");
const buggy = rows.filter((r) => r.kind === "buggy");
const cleanRuns = clean.reduce((n, r) => n + r.runs, 0);
const falseAlarmRuns = clean.reduce((n, r) => n + r.runsWithOther, 0);
console.log(`\n# Dynamic checks on real TF.js trainings (cpu backend, ${seeds} seeds each, ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
console.log("| scenario | runs | expected | detected | runs with other warnings/errors | those codes (findings) | infos (findings) |\n|---|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.scenario} | ${r.runs} | ${r.expect ?? "nothing"} | ${r.expect ? `${r.detected}/${r.runs}` : "—"} | ${r.runsWithOther} | ${list(r.serious)} | ${list(r.infos)} |`);
const detected = buggy.reduce((n, r) => n + r.detected, 0);
const buggyRuns = buggy.reduce((n, r) => n + r.runs, 0);
console.log(`\nBuggy runs detected: ${detected}/${buggyRuns}. Clean runs with a warning or error (false alarms): ${falseAlarmRuns}/${cleanRuns}.`);

const out = { date: new Date().toISOString(), machine: machineInfo(), backend: "cpu", seeds, rows, summary: { buggyRuns, detected, cleanRuns, falseAlarmRuns } };
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "dynamic.json"), JSON.stringify(out, null, 2) + "\n");
console.log("wrote bench/results/dynamic.json");
