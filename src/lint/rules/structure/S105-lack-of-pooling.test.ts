import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S105-lack-of-pooling.js";

const conv = { filters: 32, kernelSize: [3, 3], strides: [1, 1] };

ruleTester(rule, {
  valid: [
    {
      name: "conv blocks with pooling",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(64, 64, 3)),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, activation='relu'),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
    { name: "conv then max pooling", program: model().layer("conv2d", conv).layer("maxPooling2d").layer("flatten").dense(10, "softmax").program() },
    { name: "strided conv downsamples", program: model().layer("conv2d", conv).layer("conv2d", { ...conv, strides: [2, 2] }).layer("flatten").program() },
    { name: "global pooling", program: model().layer("conv2d", conv).layer("globalAveragePooling2d").dense(10, "softmax").program() },
    { name: "incomplete architecture", program: model().layer("conv2d", conv).layer("flatten").incomplete().program() },
    { name: "no convolutions", program: model().dense(10, "softmax").program() },
  ],
  invalid: [
    {
      name: "two convolutions straight into Flatten",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(64, 64, 3)),
            layers.Conv2D(64, 3, activation='relu'),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "noPooling", line: 4, column: 5, data: { layer: "conv2d", count: 2, dims: 2 } }],
    },
    {
      name: "two convolutions, no pooling",
      program: model().layer("conv2d", conv).layer("conv2d", conv).layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "noPooling", line: 1, column: 1, data: { count: 2, dims: 2 } }],
    },
    {
      name: "1-D pooling does not pool 2-D maps",
      program: model().layer("conv1d", { filters: 8, kernelSize: [3], strides: [1] }).layer("maxPooling1d").layer("conv2d", conv).layer("flatten").program(),
      errors: [{ messageId: "noPooling", line: 3, data: { dims: 2, count: 1 } }],
    },
  ],
});
