// Bug: the learning rate is 0 (a scheduler set it to lr * 0): no parameter ever changes.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 16, activation: "relu", name: "hidden" }),
    tf.layers.dense({ units: 3, activation: "softmax", name: "output" }),
  ],
});
model.compile({ optimizer: tf.train.sgd(0), loss: "categoricalCrossentropy" });
const history = await model.fit(xs, ys, { epochs: 3, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
