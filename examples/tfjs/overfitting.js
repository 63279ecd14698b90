// Bug: 32 training samples for a wide two-layer MLP trained for 15 epochs: it memorises them, and the
// validation loss turns up after a few epochs while the training loss keeps falling.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const train = classification(32, 20, 3, 11);
const validation = classification(128, 20, 3, 12);
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 64, activation: "relu", name: "hidden_1" }),
    tf.layers.dense({ units: 64, activation: "relu", name: "hidden_2" }),
    tf.layers.dense({ units: 3, activation: "softmax", name: "output" }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
const history = await model.fit(train.xs, train.ys, { epochs: 15, batchSize: 32, verbose: 0, validationData: [validation.xs, validation.ys] });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}, validation loss ${history.history.val_loss.at(-1).toFixed(4)}`);
