// tfjs-examples lstm-text-generation: an LSTM over one-hot character windows → softmax over the
// characters, RMSprop, categorical cross-entropy; trained one fit call per epoch, as the example does.
import * as tf from "@tensorflow/tfjs";
import { characterWindows, seedArg } from "./data.js";

await tf.setBackend("cpu");
const seed = seedArg();
const chars = 24;
const model = tf.sequential({
  layers: [
    tf.layers.lstm({ inputShape: [16, chars], units: 32, kernelInitializer: tf.initializers.glorotUniform({ seed }), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }) }),
    tf.layers.dense({ units: chars, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
  ],
});
model.compile({ optimizer: tf.train.rmsprop(0.01), loss: "categoricalCrossentropy" });
const { xs, ys } = characterWindows(512, 16, chars, seed);
let loss = NaN;
for (let epoch = 0; epoch < 4; epoch++) {
  const history = await model.fit(xs, ys, { epochs: 1, batchSize: 128, validationSplit: 0.0625, verbose: 0 });
  loss = history.history.loss[0];
}
console.log(`final loss ${loss.toFixed(3)}`);
