// Bug: a bias initialiser of -10 (a mistyped constant) keeps every ReLU unit below zero: the layer is dead.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", biasInitializer: tf.initializers.constant({ value: -10 }), name: "dead_relu" }),
    tf.layers.dense({ units: 3, activation: "softmax", name: "output" }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
const history = await model.fit(xs, ys, { epochs: 3, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
