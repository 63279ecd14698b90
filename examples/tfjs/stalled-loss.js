// Bug: a learning rate of 1e-4 for plain SGD (meant: 1e-1): the loss hardly moves in 8 epochs.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", name: "hidden" }),
    tf.layers.dense({ units: 3, activation: "softmax", name: "output" }),
  ],
});
model.compile({ optimizer: tf.train.sgd(1e-4), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const history = await model.fit(xs, ys, { epochs: 8, batchSize: 16, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
