/**
 * A long synthetic training trace for the HTML report's benchmark: a 20 → 64 → 32 → 16 → 3 classifier
 * trained for `steps` steps, the loss decaying with noise, tensor statistics every `interval` steps and
 * an epoch (with validation) every `stepsPerEpoch`. Two faults, so the page has findings to lay on the
 * curves: the second layer's ReLU units die at 60 % of the run (zero activations and gradients), and
 * the loss spikes for one step at 70 %.
 */
import { closeSync, openSync, writeSync } from "node:fs";

const LAYERS = [
  { name: "dense_1", activation: "relu", units: 64, fanIn: 20 },
  { name: "dense_2", activation: "relu", units: 32, fanIn: 64 },
  { name: "dense_3", activation: "tanh", units: 16, fanIn: 32 },
  { name: "dense_4", activation: "softmax", units: 3, fanIn: 16 },
];

function noise(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

const r5 = (v) => Number(v.toPrecision(5));

/** Activation bounds that respect each activation's range (relu ≥ 0, tanh in [−1, 1], softmax in [0, 1]). */
const ACTIVATION_RANGE = { relu: [0, 2], tanh: [-0.9, 0.9], softmax: [0.01, 0.98] };

function stats(meanAbs, std, extra = {}) {
  return { count: 1024, mean: 0, std: r5(std), meanAbs: r5(meanAbs), l2: r5(meanAbs * 32), min: r5(-3 * std), max: r5(3 * std), zeroFraction: 0, nonFinite: 0, sampled: false, ...extra };
}

/** Writes the trace to `file`; returns its number of records. */
export function writeLongTrace(file, { steps = 100_000, interval = 10, stepsPerEpoch = 1000 } = {}) {
  const rand = noise(42);
  const fd = openSync(file, "w");
  let records = 0;
  let pending = [];
  const put = (record) => {
    pending.push(JSON.stringify(record));
    records++;
    if (pending.length >= 512) {
      writeSync(fd, pending.join("\n") + "\n");
      pending = [];
    }
  };
  const dieAt = Math.floor(steps * 0.6);
  const spikeAt = Math.floor(steps * 0.7);
  const start = Date.parse("2026-01-01T00:00:00Z");
  put({
    type: "run-start", v: 1, framework: "tfjs", backend: "wasm", time: new Date(start).toISOString(),
    config: { samplingInterval: interval }, producer: { name: "bench-long-trace" },
    model: {
      layers: [{ name: "input", kind: "input", index: 0, outputShape: [null, 20], params: 0, activation: "linear" },
        ...LAYERS.map((l, i) => ({ name: l.name, kind: "dense", index: i + 1, outputShape: [null, l.units], params: l.units * (l.fanIn + 1), activation: l.activation, className: "Dense" }))],
      task: { kind: "classification", classes: 3 }, loss: "categorical_crossentropy", lossExpects: "probabilities", optimizer: "adam",
    },
  });
  const lossAt = (s) => 0.3 + 0.8 * Math.exp(-s / (steps / 8));
  for (let step = 0; step < steps; step++) {
    const epoch = Math.floor(step / stepsPerEpoch);
    const loss = step === spikeAt ? 40 : lossAt(step) * (1 + 0.15 * rand());
    put({ type: "step", v: 1, step, epoch, batch: step % stepsPerEpoch, loss: r5(loss), metrics: { acc: r5(Math.min(1, 0.95 - 0.6 * Math.exp(-step / (steps / 8)) + 0.05 * rand())) }, learningRate: 0.001, timeMs: r5(4 + rand()) });
    if (step % interval === 0) {
      const tensors = [];
      for (const layer of LAYERS) {
        const dead = layer.name === "dense_2" && step >= dieAt;
        const g = dead ? 0 : 0.01 * Math.exp(-step / steps) * (1 + 0.2 * rand());
        const w = 0.1 + 0.02 * (step / steps);
        const [lo, hi] = ACTIVATION_RANGE[layer.activation];
        const act = { count: 1024, sampled: false, min: dead ? 0 : lo, max: dead ? 0 : hi, ...(layer.activation === "softmax" ? { rowSums: { min: 1, max: 1 } } : {}) };
        const perUnit = layer.activation === "relu" ? { p95Abs: Array.from({ length: layer.units }, () => (dead ? 0 : r5(0.5 + 0.3 * rand()))) } : undefined;
        const saturation = layer.activation === "tanh" ? Array.from({ length: layer.units }, () => r5(0.3 + 0.1 * rand())) : undefined;
        tensors.push(
          { layer: layer.name, role: "activation", name: `${layer.name}/output`, shape: [32, layer.units], stats: { ...stats(dead ? 0 : 0.4, dead ? 0 : 0.6 + 0.05 * rand(), { zeroFraction: dead ? 1 : 0.4 }), ...act, ...(perUnit ? { perUnit } : {}), ...(saturation ? { saturation } : {}) } },
          { layer: layer.name, role: "gradient", name: `${layer.name}/kernel`, parameter: "weights", shape: [layer.fanIn, layer.units], stats: stats(g, g * 1.3, dead ? { zeroFraction: 1 } : {}) },
          { layer: layer.name, role: "weights", name: `${layer.name}/kernel`, shape: [layer.fanIn, layer.units], stats: stats(w, w * 1.2) },
          { layer: layer.name, role: "update", name: `${layer.name}/kernel`, parameter: "weights", shape: [layer.fanIn, layer.units], stats: stats(dead ? 0 : w * 1e-3 * (1 + 0.2 * rand()), w * 1e-3) },
        );
      }
      put({ type: "tensors", v: 1, step, tensors });
    }
    if (step % stepsPerEpoch === stepsPerEpoch - 1) {
      put({ type: "epoch", v: 1, epoch, step, loss: r5(lossAt(step)), metrics: { acc: r5(0.95 - 0.6 * Math.exp(-step / (steps / 8))) }, valLoss: r5(lossAt(step) * 1.1 + 0.02 * (step / steps)), valMetrics: { acc: r5(0.92 - 0.6 * Math.exp(-step / (steps / 8))) } });
    }
  }
  put({ type: "run-end", v: 1, status: "completed", steps, time: new Date(start + steps * 4).toISOString() });
  writeSync(fd, pending.join("\n") + "\n");
  closeSync(fd);
  return records;
}
