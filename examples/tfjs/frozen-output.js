// Bug: `trainable: false` landed on the new classification head instead of the base it was meant for:
// the output layer keeps its random weights and only the hidden layer learns.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", name: "hidden" }),
    tf.layers.dense({ units: 3, activation: "softmax", name: "output", trainable: false }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
const history = await model.fit(xs, ys, { epochs: 3, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
