// tfjs-examples abalone-node: a sigmoid MLP regressing ring counts, SGD 0.01, MSE, batches of 500, a validation split.
import * as tf from "@tensorflow/tfjs";
import { abalone, seedArg } from "./data.js";

await tf.setBackend("cpu");
const seed = seedArg();
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [8], units: 50, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    tf.layers.dense({ units: 50, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
  ],
});
model.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError" });
const { xs, ys } = abalone(4177, seed);
const history = await model.fit(xs, ys, { epochs: 40, batchSize: 500, validationSplit: 0.16, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(3)} val ${history.history.val_loss.at(-1).toFixed(3)}`);
