// Bug: SGD with momentum 0.9 at a learning rate of 0.5: every step overshoots and the loss swings up
// and down instead of descending.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", name: "hidden" }),
    tf.layers.dense({ units: 3, activation: "softmax", name: "output" }),
  ],
});
model.compile({ optimizer: tf.train.momentum(0.5, 0.9), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const history = await model.fit(xs, ys, { epochs: 8, batchSize: 16, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
