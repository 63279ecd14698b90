import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S108-asymmetric-conv-block.js";

const conv = (filters: number, k: number) => ({ filters, kernelSize: [k, k], strides: [1, 1], padding: "same" as const });

ruleTester(rule, {
  valid: [
    { name: "uniform blocks, width changes between blocks", program: model().layer("conv2d", conv(32, 3)).layer("conv2d", conv(32, 3)).layer("maxPooling2d").layer("conv2d", conv(64, 3)).layer("conv2d", conv(64, 3)).layer("maxPooling2d").program() },
    { name: "batch normalisation and activation inside a block", program: model().layer("conv2d", conv(32, 3)).layer("batchNormalization").layer("relu").layer("conv2d", conv(32, 3)).layer("maxPooling2d").program() },
    { name: "widening inside a block (Keras' MNIST example)", program: model().layer("conv2d", conv(32, 3)).layer("conv2d", conv(64, 3)).layer("maxPooling2d").program() },
    { name: "1x1 bottleneck inside a block", program: model().layer("conv2d", conv(64, 1)).layer("relu").layer("conv2d", conv(16, 3)).layer("relu").layer("conv2d", conv(64, 1)).layer("maxPooling2d").program() },
    { name: "kernel unknown", program: model().layer("conv2d", { filters: 32 }).layer("conv2d", conv(32, 5)).layer("maxPooling2d").program() },
    { name: "a merge between", program: model().layer("conv2d", conv(32, 3)).layer("conv2d", conv(32, 3)).layer("add", {}, { inbound: [0, 1] }).layer("conv2d", conv(32, 5)).layer("maxPooling2d").program() },
    { name: "different kinds (depthwise then conv)", program: model().layer("depthwiseConv2d", { kernelSize: [3, 3] }).layer("conv2d", conv(64, 5)).layer("maxPooling2d").program() },
    { name: "no pooling closes the run", program: model().layer("conv1d", { filters: 128, kernelSize: [7] }).layer("conv1d", { filters: 128, kernelSize: [3] }).layer("flatten").dense(1, "sigmoid").program() },
    {
      name: "Python: the same kernel size through the block",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', padding='same', input_shape=(32, 32, 3)),
            layers.Conv2D(64, 3, activation='relu', padding='same'),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
  ],
  invalid: [
    {
      name: "kernel changes inside a block",
      program: model().layer("conv2d", conv(32, 3)).layer("conv2d", conv(32, 5)).layer("maxPooling2d").program(),
      errors: [{ messageId: "asymmetricBlock", line: 2, column: 1, data: { layer: "conv2d_1", previous: "conv2d_0", differences: "kernel 5×5 after 3×3" } }],
    },
    {
      name: "kernel and filters change through BN and ReLU, dropout before the pooling",
      program: model().layer("conv2d", conv(32, 3)).layer("batchNormalization").layer("relu").layer("conv2d", conv(64, 5)).layer("dropout", { rate: 0.2 }).layer("maxPooling2d").program(),
      errors: [{ messageId: "asymmetricBlock", line: 4, data: { differences: "kernel 5×5 after 3×3, 64 filters after 32" } }],
    },
    {
      name: "Python block with a different kernel",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', padding='same', input_shape=(32, 32, 3)),
            layers.Conv2D(64, (5, 5), activation='relu', padding='same'),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "asymmetricBlock", line: 5, column: 5, data: { layer: "conv2d_1", previous: "conv2d", differences: "kernel 5×5 after 3×3, 64 filters after 32" } }],
    },
  ],
});
