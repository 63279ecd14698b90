import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S114-dropout-before-pooling.js";

const conv = { filters: 32, kernelSize: [3, 3] };

ruleTester(rule, {
  valid: [
    { name: "pooling then dropout", program: model().layer("conv2d", conv, { activation: "relu" }).layer("maxPooling2d").layer("dropout", { rate: 0.25 }).program() },
    { name: "dropout before average pooling", program: model().layer("conv2d", conv, { activation: "relu" }).layer("dropout", { rate: 0.25 }).layer("averagePooling2d").program() },
    { name: "a convolution between", program: model().layer("dropout", { rate: 0.2 }).layer("conv2d", conv).layer("maxPooling2d").program() },
    { name: "dropout of rate 0", program: model().layer("conv2d", conv).layer("dropout", { rate: 0 }).layer("maxPooling2d").program() },
    {
      name: "Python: Conv2D, MaxPooling2D, Dropout",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),
            layers.MaxPooling2D(2),
            layers.Dropout(0.25),
        ])
      `,
    },
  ],
  invalid: [
    {
      name: "dropout directly before max pooling",
      program: model().layer("conv2d", conv, { activation: "relu" }).layer("dropout", { rate: 0.25 }).layer("maxPooling2d").program(),
      errors: [{ messageId: "dropoutBeforeMaxPool", line: 2, column: 1, data: { layer: "dropout_1", pool: "maxPooling2d_2", through: "" } }],
    },
    {
      name: "through an activation, into global max pooling",
      program: model().layer("conv1d", { filters: 8 }).layer("dropout", { rate: 0.5 }).layer("activation", {}, { activation: "relu" }).layer("globalMaxPooling1d").program(),
      errors: [{ messageId: "dropoutBeforeMaxPool", line: 2, data: { pool: "globalMaxPooling1d_3", through: " through activation_2" } }],
    },
    {
      name: "Python CNN with dropout before pooling",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),
            layers.Dropout(0.25),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "dropoutBeforeMaxPool", line: 5, column: 5, data: { layer: "dropout", pool: "max_pooling2d", kind: "Dropout" } }],
    },
  ],
});
