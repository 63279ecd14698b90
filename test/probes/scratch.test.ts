import { beforeAll, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { nncheckCallback } from "../../src/probes/tfjs/api.js";
import { classificationData, rng } from "./helpers.js";

beforeAll(async () => { await tf.setBackend("cpu"); });
const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
function dense(units: number, activation: "relu" | "sigmoid" | "softmax" | "linear" | "tanh", seed: number, extra: Record<string, unknown> = {}) {
  return tf.layers.dense({ units, activation, kernelInitializer: seeded(seed), ...extra });
}
async function run(label: string, model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, fit: tf.ModelFitArgs, cb: Record<string, unknown> = {}) {
  const t = performance.now();
  const steps: number[] = [];
  const callback = nncheckCallback({ checks: true, printFindings: false, sinks: [{ write: (r) => { if (r.type === "step") steps.push(r.loss); } }], ...cb });
  const h = await model.fit(xs, ys, { verbose: 0, callbacks: [callback], ...fit });
  const L = (callback as unknown as { probe: { } }).probe ? [] : [];
  void L;
  const f = callback.findings();
  console.log(`== ${label} ${(performance.now() - t).toFixed(0)}ms loss ${(h.history["loss"] as number[]).map((x) => x.toFixed(3)).join(",")} val ${((h.history["val_loss"] ?? []) as number[]).map((x) => x.toFixed(3)).join(",")} acc ${((h.history["acc"] ?? h.history["accuracy"] ?? []) as number[]).map((x) => x.toFixed(2)).join(",")}`);
  for (const P of [10, 20]) {
    const means: number[] = [], vars: number[] = [];
    for (let i = 0; i + P <= steps.length; i += P) { const w = steps.slice(i, i + P); const m = w.reduce((a, b) => a + b, 0) / P; means.push(m); vars.push(w.reduce((a, b) => a + (b - m) ** 2, 0) / (P - 1)); }
    const last = means.slice(-50), lv = vars.slice(-50);
    const d = last.slice(1).map((v, i) => v - last[i]!); const md = d.reduce((a, b) => a + b, 0) / d.length;
    const vd = d.reduce((a, b) => a + (b - md) ** 2, 0) / (d.length - 1);
    const noise = 2 * (lv.reduce((a, b) => a + b, 0) / lv.length) / P;
    console.log(`   P${P} ratio ${(vd / noise).toFixed(2)}`);
  }
  for (const x of f) console.log(`   ${x.severity} ${x.code} ${x.layer?.name ?? ""} ${x.message} ${JSON.stringify(x.steps)}`);
}
function images(n: number, seed: number) {
  // 8x8 one-channel images: the class is the quadrant holding a bright 3x3 blob (over noise).
  const r = rng(seed);
  const x = new Float32Array(n * 64), y = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(r() * 4);
    y[i * 4 + c] = 1;
    for (let p = 0; p < 64; p++) x[i * 64 + p] = (r() - 0.5) * 0.4;
    const oy = (c >> 1) * 4 + Math.floor(r() * 2), ox = (c & 1) * 4 + Math.floor(r() * 2);
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) x[i * 64 + (oy + dy) * 8 + ox + dx] += 1;
  }
  return { xs: tf.tensor4d(x, [n, 8, 8, 1]), ys: tf.tensor2d(y, [n, 4]) };
}
function sequences(n: number, steps: number, seed: number) {
  // The class is the sign of the sum of the sequence's first feature (over a second noise feature).
  const r = rng(seed);
  const x = new Float32Array(n * steps * 2), y = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < steps; t++) { const v = r() * 2 - 1; sum += v; x[(i * steps + t) * 2] = v; x[(i * steps + t) * 2 + 1] = r() * 2 - 1; }
    y[i * 2 + (sum > 0 ? 1 : 0)] = 1;
  }
  return { xs: tf.tensor3d(x, [n, steps, 2]), ys: tf.tensor2d(y, [n, 2]) };
}
it("scenarios", async () => {
  const { xs, ys } = classificationData(512, 20, 3, 7);
  for (const [name, opt] of [["sgd 3", () => tf.train.sgd(3)], ["sgd 4", () => tf.train.sgd(4)], ["adam .1", () => tf.train.adam(0.1)], ["adam .05", () => tf.train.adam(0.05)], ["mom", () => tf.train.momentum(0.5, 0.9)]] as const) {
    for (const seed of [5, 15]) {
    const m = tf.sequential({ layers: [dense(32, "relu", seed, { inputShape: [20] }), dense(3, "softmax", seed + 1)] });
    m.compile({ optimizer: opt(), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    await run(`${name} seed ${seed}`, m, xs, ys, { epochs: 8, batchSize: 16 });
    }
  }
}, 120000);
