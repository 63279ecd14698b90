// tfjs-examples fashion-mnist-vae: an encoder (dense ReLU → mean and log-variance of a 2-d latent) and a
// decoder (dense ReLU → sigmoid pixels) trained by a custom loop of optimizer.minimize on the
// reconstruction cross-entropy plus the KL divergence.
import * as tf from "@tensorflow/tfjs";
import { seedArg, strokes } from "./data.js";

await tf.setBackend("cpu");
const seed = seedArg();
const pixels = 144;
const init = (k) => tf.initializers.glorotUniform({ seed: seed + k });
const input = tf.input({ shape: [pixels] });
const hidden = tf.layers.dense({ units: 64, activation: "relu", kernelInitializer: init(0) }).apply(input);
const zMean = tf.layers.dense({ units: 2, kernelInitializer: init(1), name: "z_mean" }).apply(hidden);
const zLogVar = tf.layers.dense({ units: 2, kernelInitializer: init(2), name: "z_log_var" }).apply(hidden);
const encoder = tf.model({ inputs: input, outputs: [zMean, zLogVar], name: "encoder" });
const latent = tf.input({ shape: [2] });
const expanded = tf.layers.dense({ units: 64, activation: "relu", kernelInitializer: init(3) }).apply(latent);
const image = tf.layers.dense({ units: pixels, activation: "sigmoid", kernelInitializer: init(4) }).apply(expanded);
const decoder = tf.model({ inputs: latent, outputs: image, name: "decoder" });

function vaeLoss(x) {
  const [mean, logVar] = encoder.apply(x);
  const epsilon = tf.randomNormal(mean.shape, 0, 1, "float32", seed);
  const z = mean.add(logVar.mul(0.5).exp().mul(epsilon));
  const reconstruction = decoder.apply(z);
  const crossEntropy = tf.metrics.binaryCrossentropy(x, reconstruction).mul(pixels);
  const kl = logVar.add(1).sub(mean.square()).sub(logVar.exp()).sum(-1).mul(-0.5);
  return crossEntropy.add(kl).mean();
}

const data = strokes(1024, 12, seed);
const optimizer = tf.train.adam(0.0005);
let last = NaN;
for (let epoch = 0; epoch < 6; epoch++) {
  for (let b = 0; b < 1024; b += 128) {
    const batch = data.slice([b, 0], [128, pixels]);
    const cost = optimizer.minimize(() => vaeLoss(batch), true);
    last = cost.dataSync()[0];
    tf.dispose([batch, cost]);
  }
}
console.log(`final loss ${last.toFixed(3)}`);
