// Bug: ten stacked sigmoid layers; the gradient shrinks by ~4x per layer and the first layers barely learn.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const layers = [tf.layers.dense({ inputShape: [20], units: 32, activation: "sigmoid", name: "sigmoid_1" })];
for (let i = 2; i <= 10; i++) layers.push(tf.layers.dense({ units: 32, activation: "sigmoid", name: `sigmoid_${i}` }));
layers.push(tf.layers.dense({ units: 3, activation: "softmax", name: "output" }));
const model = tf.sequential({ layers });
model.compile({ optimizer: tf.train.sgd(0.01), loss: "categoricalCrossentropy" });
const history = await model.fit(xs, ys, { epochs: 3, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
