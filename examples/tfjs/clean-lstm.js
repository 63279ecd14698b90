// A healthy small LSTM: the class of a sequence is the sign of the sum of its first feature.
import * as tf from "@tensorflow/tfjs";
import { sequences } from "./data.js";

const { xs, ys } = sequences();
const model = tf.sequential({
  layers: [
    tf.layers.lstm({ inputShape: [8, 2], units: 8, name: "lstm" }),
    tf.layers.dense({ units: 2, activation: "softmax", name: "output" }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.02), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const history = await model.fit(xs, ys, { epochs: 8, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}, accuracy ${history.history.acc.at(-1).toFixed(3)}`);
