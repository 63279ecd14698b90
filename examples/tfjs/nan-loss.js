// Bug: a missing value (NaN) in the features reaches the model: the loss is NaN from the first step on.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs: clean, ys } = classification();
const values = clean.arraySync();
values[3][5] = NaN; // e.g. a CSV cell that failed to parse
const xs = tf.tensor2d(values);
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 16, activation: "relu" }),
    tf.layers.dense({ units: 3, activation: "softmax" }),
  ],
});
model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
const history = await model.fit(xs, ys, { epochs: 2, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1)}`);
