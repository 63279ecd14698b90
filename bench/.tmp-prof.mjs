import * as tf from "@tensorflow/tfjs";
const probe = await import("../dist/probes/tfjs/index.js");
await probe.useWasmBackend();
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 128, activation: "relu" }), tf.layers.dense({ units: 10, activation: "softmax" })] });
model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
const n = 64 * 40;
const xs = tf.randomUniform([n, 784]); const ys = tf.oneHot(tf.randomUniform([n], 0, 10, "int32"), 10).toFloat();
for (const opts of [{ activations: false }, { activations: true }]) {
  const cb = probe.nncheckCallback({ checks: false, samplingInterval: 1, ...opts });
  const t = performance.now();
  await model.fit(xs, ys, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0, callbacks: [cb] });
  console.log(JSON.stringify(opts), "step", ((performance.now() - t) / 40).toFixed(2), "probe", (cb.probe.selfTimeMs / 40).toFixed(2));
}
