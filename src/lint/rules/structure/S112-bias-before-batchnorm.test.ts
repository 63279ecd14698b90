import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S112-bias-before-batchnorm.js";

const conv = { filters: 32, kernelSize: [3, 3], useBias: true };

ruleTester(rule, {
  valid: [
    { name: "use_bias=False before batch normalisation", program: model().layer("conv2d", { ...conv, useBias: false }, { activation: "linear" }).layer("batchNormalization").layer("relu").program() },
    { name: "ReLU between the bias and the normalisation", program: model().layer("conv2d", conv, { activation: "relu" }).layer("batchNormalization").program() },
    { name: "ReLU layer between", program: model().dense(64).layer("relu").layer("batchNormalization").program() },
    { name: "layer normalisation does not cancel a per-feature bias", program: model().dense(64).layer("layerNormalization").program() },
    { name: "batch normalisation 4 layers later", program: model().dense(64).layer("dropout").layer("activation", {}, { activation: "linear" }).layer("dropout").layer("batchNormalization").program() },
    { name: "activation unknown", program: model().layer("dense", { units: 64, useBias: true }).layer("batchNormalization").program() },
    {
      name: "Python: Conv2D(use_bias=False), BN, ReLU",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, use_bias=False, input_shape=(28, 28, 1)),
            layers.BatchNormalization(),
            layers.Activation('relu'),
        ])
      `,
    },
  ],
  invalid: [
    {
      name: "linear Dense right before batch normalisation",
      program: model().layer("dense", { units: 64, useBias: true }, { activation: "linear" }).layer("batchNormalization").layer("relu").program(),
      errors: [{ messageId: "cancelledBias", line: 1, column: 1, data: { layer: "dense_0", norm: "batchNormalization_1" } }],
    },
    {
      name: "through max pooling and dropout",
      program: model().layer("conv2d", conv, { activation: "linear" }).layer("maxPooling2d").layer("dropout", { rate: 0.1 }).layer("batchNormalization").program(),
      errors: [{ messageId: "cancelledBias", line: 1, data: { norm: "batchNormalization_3" } }],
    },
    {
      name: "maxDistance option",
      options: { maxDistance: 1 },
      program: model().layer("conv2d", conv, { activation: "linear" }).layer("batchNormalization").layer("conv2d", conv, { activation: "linear" }).layer("dropout").layer("batchNormalization").program(),
      errors: [{ messageId: "cancelledBias", line: 1 }],
    },
    {
      name: "Python: Conv2D with its default bias, BN, ReLU",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, input_shape=(28, 28, 1)),
            layers.BatchNormalization(),
            layers.Activation('relu'),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "cancelledBias", line: 4, column: 5, data: { layer: "conv2d", kind: "Conv2D", norm: "batch_normalization" } }],
    },
  ],
});
