// A healthy small CNN: 8×8 images whose class is the quadrant holding a bright blob.
import * as tf from "@tensorflow/tfjs";
import { images } from "./data.js";

const { xs, ys } = images();
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, activation: "relu", kernelInitializer: "heNormal", name: "conv" }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 4, activation: "softmax", name: "output" }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const history = await model.fit(xs, ys, { epochs: 6, batchSize: 32, verbose: 0, validationSplit: 0.2 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}, validation accuracy ${history.history.val_acc.at(-1).toFixed(3)}`);
