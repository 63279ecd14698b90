// A healthy MLP: normalised inputs, ReLU hidden layer, softmax output, Adam at its default rate.
import * as tf from "@tensorflow/tfjs";
import { classification } from "./data.js";

const { xs, ys } = classification();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", name: "hidden", kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
    tf.layers.dense({ units: 3, activation: "softmax", name: "output", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const history = await model.fit(xs, ys, { epochs: 10, batchSize: 32, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
