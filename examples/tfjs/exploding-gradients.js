// Bug: a learning rate of 1 with plain SGD on a deep ReLU regression net: each update overshoots, the
// gradients grow by orders of magnitude per step and the loss reaches Infinity within a few steps.
// The growth itself shows with `nncheck watch --sampling 1 -- node exploding-gradients.js`.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 64, activation: "relu" }),
    tf.layers.dense({ units: 64, activation: "relu" }),
    tf.layers.dense({ units: 64, activation: "relu" }),
    tf.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: tf.train.sgd(1), loss: "meanSquaredError" });
const targets = ys.argMax(1).toFloat().reshape([-1, 1]).mul(10);
const history = await model.fit(xs, targets, { epochs: 5, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1)}`);
