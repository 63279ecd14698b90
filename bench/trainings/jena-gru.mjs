// tfjs-examples jena-weather, GRU model: a GRU of 32 units over windows of 14 features → 1, RMSprop,
// mean absolute error, a validation split.
import * as tf from "@tensorflow/tfjs";
import { seedArg, weatherWindows } from "./data.js";

await tf.setBackend("cpu");
const seed = seedArg();
const model = tf.sequential({
  layers: [
    tf.layers.gru({ inputShape: [16, 14], units: 32, kernelInitializer: tf.initializers.glorotUniform({ seed }), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }) }),
    tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
  ],
});
model.compile({ optimizer: tf.train.rmsprop(0.002), loss: "meanAbsoluteError" });
const { xs, ys } = weatherWindows(480, 16, seed);
const history = await model.fit(xs, ys, { epochs: 5, batchSize: 64, validationSplit: 0.2, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(3)} val ${history.history.val_loss.at(-1).toFixed(3)}`);
