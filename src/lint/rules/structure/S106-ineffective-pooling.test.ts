import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model, type ModelBuilder } from "../../../../test/helpers/model-builder.js";
import type { LayerKind } from "../../../model/vocabulary.js";
import rule from "./S106-ineffective-pooling.js";

const conv = { filters: 32, kernelSize: [3, 3], strides: [1, 1] };

/** `blocks` × (conv, conv, pool) then a classifier head. */
function cnn(blocks: number, pool: LayerKind, builder: ModelBuilder = model()): ModelBuilder {
  for (let i = 0; i < blocks; i++) builder.layer("conv2d", conv, { activation: "relu" }).layer("conv2d", conv, { activation: "relu" }).layer(pool);
  return builder.layer("flatten").dense(10, "softmax");
}

ruleTester(rule, {
  valid: [
    { name: "deep CNN with max pooling", program: cnn(4, "maxPooling2d").program() },
    { name: "shallow CNN with average pooling (9 layers)", program: cnn(3, "averagePooling2d").program() },
    { name: "deep CNN, average pooling once and max pooling elsewhere", program: cnn(3, "maxPooling2d", cnn(1, "averagePooling2d")).program() },
    {
      name: "deep all-convolutional net with global average pooling only",
      program: (() => {
        const b = model();
        for (let i = 0; i < 10; i++) b.layer("conv2d", conv, { activation: "relu" });
        return b.layer("globalAveragePooling2d").dense(10, "softmax").program();
      })(),
    },
    { name: "incomplete architecture", program: cnn(4, "averagePooling2d").incomplete().program() },
    { name: "minLayers option raised", options: { minLayers: 13 }, program: cnn(4, "averagePooling2d").program() },
    {
      name: "deep CNN in Python with max pooling",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential()
        model.add(layers.Input(shape=(64, 64, 3)))
        for filters in (32, 64, 128, 256, 256):
            model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))
            model.add(layers.MaxPooling2D(2, padding='same'))
        model.add(layers.Flatten())
        model.add(layers.Dense(10, activation='softmax'))
      `,
    },
  ],
  invalid: [
    {
      name: "deep CNN with average pooling only",
      program: cnn(4, "averagePooling2d").program(),
      errors: [{ messageId: "noMaxPooling", line: 3, column: 1, data: { layer: "averagePooling2d_2", count: 12 } }],
    },
    {
      name: "deep CNN in Python averaging in a loop",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential()
        model.add(layers.Input(shape=(64, 64, 3)))
        for filters in (32, 64, 128, 256, 256):
            model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))
            model.add(layers.AveragePooling2D(2, padding='same'))
        model.add(layers.Flatten())
        model.add(layers.Dense(10, activation='softmax'))
      `,
      errors: [{ messageId: "noMaxPooling", line: 7, column: 15, data: { count: 10, kind: "AveragePooling2D" } }],
    },
    {
      name: "minLayers option lowered",
      options: { minLayers: 3 },
      program: cnn(1, "averagePooling2d").program(),
      errors: [{ messageId: "noMaxPooling", data: { count: 3 } }],
    },
  ],
});
