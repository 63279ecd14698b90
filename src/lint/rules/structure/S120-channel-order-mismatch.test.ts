import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S120-channel-order-mismatch.js";

const conv = { filters: 32, kernelSize: [3, 3] };

ruleTester(rule, {
  valid: [
    { name: "channels_last input", program: model().layer("conv2d", conv, { input: [null, 32, 32, 3] }).program() },
    { name: "channels_first input with data_format='channels_first'", program: model().layer("conv2d", { ...conv, dataFormat: "channels_first" }, { input: [null, 3, 32, 32] }).program() },
    { name: "channels_first input under a global channels_first format", program: model().layer("conv2d", conv, { input: [null, 3, 32, 32] }).program({ imageDataFormat: "channels_first" }) },
    { name: "no convolution of that rank (a (3, 100) sequence into Dense)", program: model().dense(8, "relu", { input: [null, 3, 50, 100] }).program() },
    { name: "layer format agrees with the global one", program: model().layer("conv2d", { ...conv, dataFormat: "channels_first" }).program({ imageDataFormat: "channels_first" }) },
    { name: "BatchNormalization(axis=1) on channels_first maps", program: model().layer("conv2d", { ...conv, dataFormat: "channels_first" }).layer("batchNormalization", { axis: 1 }).program() },
    { name: "BatchNormalization(axis=1) after Dense (rank 2)", program: model().dense(64, "relu", { out: [null, 64] }).layer("batchNormalization", { axis: 1 }, { inputShapes: [[null, 64]] }).program() },
    { name: "BatchNormalization() on channels_last maps", program: model().layer("conv2d", conv).layer("batchNormalization", { axis: -1 }).program() },
    {
      name: "Python: global channels_first, layers without data_format",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        keras.backend.set_image_data_format('channels_first')
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(1, 28, 28)),
            layers.BatchNormalization(axis=1),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
  ],
  invalid: [
    {
      name: "a (3, 32, 32) input under channels_last",
      program: model().layer("conv2d", conv, { input: [null, 3, 32, 32] }).program(),
      errors: [{ messageId: "channelsFirstShape", line: 1, column: 1, data: { declared: "(3, 32, 32)", channels: 3, spatial: "3×32", readAsChannels: 32 } }],
    },
    {
      name: "a layer's data_format against the global format",
      program: model().layer("conv2d", conv).layer("maxPooling2d", { dataFormat: "channels_last" }).program({ imageDataFormat: "channels_first" }),
      errors: [{ messageId: "formatDisagreesWithGlobal", line: 2, data: { layerFormat: "channels_last", globalFormat: "channels_first" } }],
    },
    {
      name: "BatchNormalization(axis=1) through an activation after a channels_last conv",
      program: model().layer("conv2d", conv).layer("relu").layer("batchNormalization", { axis: 1 }).program(),
      errors: [{ messageId: "batchNormOnSpatialAxis", line: 3, data: { source: "conv2d_0" } }],
    },
    {
      name: "Python: MNIST as (1, 28, 28) with the default format",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, (3, 3), activation='relu', input_shape=(1, 28, 28)),
            layers.BatchNormalization(axis=1),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [
        { messageId: "channelsFirstShape", line: 4, column: 5, data: { layer: "conv2d", declared: "(1, 28, 28)", spatial: "1×28", readAsChannels: 28 } },
        { messageId: "batchNormOnSpatialAxis", line: 5, column: 5, data: { layer: "batch_normalization", source: "conv2d" } },
      ],
    },
    {
      name: "Python: global channels_first, one layer channels_last",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        from keras import backend as K
        K.set_image_data_format('channels_first')
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(3, 32, 32)),
            layers.MaxPooling2D(2, data_format='channels_last'),
        ])
      `,
      errors: [{ messageId: "formatDisagreesWithGlobal", line: 7, column: 5, data: { layer: "max_pooling2d", layerFormat: "channels_last" } }],
    },
  ],
});
