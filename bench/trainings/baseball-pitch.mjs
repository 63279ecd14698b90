// tfjs-examples baseball-node pitch type: 8 → 250 → 175 → 150 ReLU → 7 softmax, Adam, sparse categorical
// cross-entropy, batches of 100.
import * as tf from "@tensorflow/tfjs";
import { pitches, seedArg } from "./data.js";

await tf.setBackend("cpu");
const seed = seedArg();
const init = (k) => tf.initializers.glorotUniform({ seed: seed + k });
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [8], units: 250, activation: "relu", kernelInitializer: init(0) }),
    tf.layers.dense({ units: 175, activation: "relu", kernelInitializer: init(1) }),
    tf.layers.dense({ units: 150, activation: "relu", kernelInitializer: init(2) }),
    tf.layers.dense({ units: 7, activation: "softmax", kernelInitializer: init(3) }),
  ],
});
model.compile({ optimizer: tf.train.adam(), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
const { xs, ys } = pitches(1500, seed);
const history = await model.fit(xs, ys, { epochs: 4, batchSize: 100, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(3)}`);
