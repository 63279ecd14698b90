// tfjs-examples sentiment, multihot model: vocabulary → 16 ReLU → 16 ReLU → 1 sigmoid, Adam, binary
// cross-entropy, batches of 128, validation split 0.2, 10 epochs.
import * as tf from "@tensorflow/tfjs";
import { multiHotReviews, seedArg } from "./data.js";

await tf.setBackend("cpu");
const seed = seedArg();
const vocabulary = 2000;
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [vocabulary], units: 16, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    tf.layers.dense({ units: 16, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
  ],
});
model.compile({ optimizer: tf.train.adam(), loss: "binaryCrossentropy", metrics: ["acc"] });
const { xs, ys } = multiHotReviews(2500, vocabulary, 60, seed);
const history = await model.fit(xs, ys, { epochs: 10, batchSize: 128, validationSplit: 0.2, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(3)} val acc ${history.history.val_acc.at(-1).toFixed(3)}`);
