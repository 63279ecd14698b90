import { it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { classificationData, collector, rng } from "../probes/helpers.js";
import { nncheckCallback } from "../../src/probes/tfjs/api.js";
import { runChecks } from "../../src/checks/testing/synthetic-run.js";

async function run(title: string, model: tf.LayersModel, data: { xs: tf.Tensor; ys: tf.Tensor }, epochs: number, interval = 10) {
  const sink = collector();
  const t0 = Date.now();
  await model.fit(data.xs, data.ys, { epochs, batchSize: 32, validationSplit: 0.2, callbacks: [nncheckCallback({ sinks: [sink], samplingInterval: interval }) as unknown as tf.Callback], verbose: 0 });
  const f = runChecks(sink.records);
  console.log(`== ${title}: ${sink.records.filter((r) => r.type === "step").length} steps ${Date.now() - t0}ms`);
  for (const x of f) console.log(`  ${x.code} ${x.severity} ${x.layer?.name ?? ""} ${JSON.stringify(x.steps)} ${x.message}`);
}
function images(n: number, scale: number) {
  const r = rng(9);
  const x = new Float32Array(n * 8 * 8), y = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) { const c = i % 2; for (let p = 0; p < 64; p++) { const row = Math.floor(p / 8); x[i * 64 + p] = scale * Math.min(1, Math.max(0, (c ? row / 8 : 1 - row / 8) + 0.3 * (r() - 0.5))); } y[i * 2 + c] = 1; }
  return { xs: tf.tensor4d(x, [n, 8, 8, 1]), ys: tf.tensor2d(y, [n, 2]) };
}

it("real", async () => {
  await tf.setBackend("cpu");
  const cnn = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, activation: "relu" }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dropout({ rate: 0.2 }),
    tf.layers.dense({ units: 16, activation: "relu" }),
    tf.layers.batchNormalization(),
    tf.layers.dense({ units: 2, activation: "softmax" }),
  ] });
  cnn.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  await run("clean CNN", cnn, images(800, 1), 10);
  const emb = tf.sequential({ layers: [
    tf.layers.embedding({ inputDim: 500, outputDim: 8, inputLength: 6 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 16, activation: "relu" }),
    tf.layers.dense({ units: 2, activation: "softmax" }),
  ] });
  emb.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const r = rng(4); const n = 1000; const tok = new Float32Array(n * 6), lab = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < 6; j++) { const t = Math.floor(r() * 500); tok[i * 6 + j] = t; s += t < 250 ? 1 : 0; } lab[i * 2 + (s >= 3 ? 1 : 0)] = 1; }
  await run("clean embedding", emb, { xs: tf.tensor2d(tok, [n, 6]), ys: tf.tensor2d(lab, [n, 2]) }, 10);
  const sig = tf.sequential({ layers: [tf.layers.dense({ inputShape: [20], units: 32, activation: "sigmoid" }), tf.layers.dense({ units: 3, activation: "softmax" })] });
  sig.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  await run("clean sigmoid hidden", sig, classificationData(1600, 20), 10);
  // Bugs
  const unnorm = tf.sequential({ layers: [tf.layers.dense({ inputShape: [20], units: 32, activation: "tanh" }), tf.layers.dense({ units: 3, activation: "softmax" })] });
  unnorm.compile({ optimizer: tf.train.sgd(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const d = classificationData(1600, 20);
  await run("BUG unnormalised x*255 tanh", unnorm, { xs: d.xs.mul(255), ys: d.ys }, 5);
  const deadb = tf.sequential({ layers: [tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", biasInitializer: tf.initializers.constant({ value: -10 }) }), tf.layers.dense({ units: 3, activation: "softmax" })] });
  deadb.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  await run("BUG dead relu bias -10", deadb, classificationData(1600, 20), 5);
  const regRelu = tf.sequential({ layers: [tf.layers.dense({ inputShape: [20], units: 32, activation: "relu" }), tf.layers.dense({ units: 1, activation: "relu" })] });
  regRelu.compile({ optimizer: "adam", loss: "meanSquaredError" });
  const dx = classificationData(1600, 20);
  await run("BUG regression relu head, negative targets", regRelu, { xs: dx.xs, ys: dx.xs.sum(1, true).sub(1) }, 5);
  const expl = tf.sequential({ layers: [tf.layers.dense({ inputShape: [20], units: 32, activation: "relu" }), tf.layers.dense({ units: 1 })] });
  expl.compile({ optimizer: tf.train.sgd(0.05), loss: "meanSquaredError" });
  await run("BUG exploding regression (targets x1000)", expl, { xs: dx.xs, ys: dx.xs.sum(1, true).mul(1000) }, 5);
});
