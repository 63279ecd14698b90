import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S110-non-increasing-filters.js";

const conv = (filters: number, k = 3) => ({ filters, kernelSize: [k, k], strides: [1, 1], padding: "same" as const });

ruleTester(rule, {
  valid: [
    { name: "32, 64, 128", program: model().layer("conv2d", conv(32)).layer("maxPooling2d").layer("conv2d", conv(64)).layer("conv2d", conv(128)).layer("flatten").dense(10, "softmax").program() },
    { name: "bottleneck 1x1 projection", program: model().layer("conv2d", conv(256)).layer("conv2d", conv(64, 1)).layer("conv2d", conv(256)).program() },
    { name: "decoder narrows after upsampling", program: model().layer("conv2d", conv(128)).layer("upSampling2d").layer("conv2d", conv(64)).program() },
    { name: "segmentation head sized to the classes", program: model().layer("conv2d", conv(64)).layer("conv2d", conv(3), { activation: "softmax" }).program() },
    { name: "filters unknown", program: model().layer("conv2d", { kernelSize: [3, 3] }).layer("conv2d", conv(16)).layer("flatten").program() },
    {
      name: "Python CNN doubling its filters",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation='relu'),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
  ],
  invalid: [
    {
      name: "128 then 64",
      program: model().layer("conv2d", conv(128)).layer("maxPooling2d").layer("conv2d", conv(64)).layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "fewerFilters", line: 3, column: 1, data: { layer: "conv2d_2", filters: 64, earlier: "conv2d_0", earlierFilters: 128 } }],
    },
    {
      name: "the wider of two branches counts",
      program: model().layer("conv2d", conv(16)).layer("conv2d", conv(64), { inbound: [0] }).layer("conv2d", conv(32), { inbound: [0] }).layer("concatenate", {}, { inbound: [1, 2] }).layer("conv2d", conv(48)).layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "fewerFilters", line: 5, data: { filters: 48, earlier: "conv2d_1", earlierFilters: 64 } }],
    },
    {
      name: "Python CNN with a reversed filter list",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Input(shape=(32, 32, 3))])
        for filters in [128, 64, 32]:
            model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))
            model.add(layers.MaxPooling2D(2))
        model.add(layers.Flatten())
        model.add(layers.Dense(10, activation='softmax'))
      `,
      errors: [
        { messageId: "fewerFilters", line: 5, column: 15, data: { layer: "conv2d_1", filters: 64, earlierFilters: 128 } },
        { messageId: "fewerFilters", line: 5, column: 15, data: { layer: "conv2d_2", filters: 32, earlierFilters: 64 } },
      ],
    },
  ],
});
