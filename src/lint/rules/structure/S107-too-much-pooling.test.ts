import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model, type ModelBuilder } from "../../../../test/helpers/model-builder.js";
import rule from "./S107-too-much-pooling.js";

const conv = { filters: 32, kernelSize: [3, 3], strides: [1, 1], padding: "same" as const };

/** `blocks` × (`convsPerBlock` convolutions, max pooling), then a classifier. */
function cnn(blocks: number, convsPerBlock: number, builder: ModelBuilder = model()): ModelBuilder {
  for (let i = 0; i < blocks; i++) {
    for (let j = 0; j < convsPerBlock; j++) builder.layer("conv2d", conv, { activation: "relu" });
    builder.layer("maxPooling2d");
  }
  return builder.layer("flatten").dense(10, "softmax");
}

ruleTester(rule, {
  valid: [
    { name: "two convolutions per block", program: cnn(4, 2).program() },
    { name: "shallow CNN pooling after each convolution (8 layers)", program: cnn(4, 1).program() },
    { name: "one block with two convolutions among single-conv blocks", program: cnn(4, 1, cnn(1, 2)).program() },
    { name: "incomplete architecture", program: cnn(5, 1).incomplete().program() },
    {
      name: "a branch: the convolution feeds two layers",
      program: (() => {
        const b = cnn(5, 1);
        b.layer("conv2d", conv, { inbound: [0] }).layer("maxPooling2d");
        return b.program();
      })(),
    },
    {
      name: "VGG-style blocks in Python",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Input(shape=(64, 64, 3))])
        for filters in (32, 64, 128, 256):
            model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))
            model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))
            model.add(layers.MaxPooling2D(2))
        model.add(layers.Flatten())
        model.add(layers.Dense(10, activation='softmax'))
      `,
    },
  ],
  invalid: [
    {
      name: "five single-convolution blocks",
      program: cnn(5, 1).program(),
      errors: [{ messageId: "poolAfterEveryConv", line: 1, column: 1, data: { layer: "conv2d_0", convs: 5, pools: 5 } }],
    },
    {
      name: "batch normalisation and activation between convolution and pooling",
      program: (() => {
        const b = model();
        for (let i = 0; i < 5; i++) b.layer("conv2d", conv).layer("batchNormalization").layer("relu").layer("maxPooling2d");
        return b.layer("globalAveragePooling2d").dense(10, "softmax").program();
      })(),
      errors: [{ messageId: "poolAfterEveryConv", line: 1, data: { convs: 5, pools: 5 } }],
    },
    {
      name: "pooling after every convolution in a Python loop",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Input(shape=(128, 128, 3))])
        for filters in (32, 64, 128, 256, 512):
            model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))
            model.add(layers.MaxPooling2D(2))
        model.add(layers.Flatten())
        model.add(layers.Dense(10, activation='softmax'))
      `,
      errors: [{ messageId: "poolAfterEveryConv", line: 5, column: 15, data: { layer: "conv2d", convs: 5, pools: 5 } }],
    },
    {
      name: "minLayers option lowered",
      options: { minLayers: 4 },
      program: cnn(2, 1).program(),
      errors: [{ messageId: "poolAfterEveryConv", data: { convs: 2 } }],
    },
  ],
});
