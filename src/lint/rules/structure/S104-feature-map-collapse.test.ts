import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S104-feature-map-collapse.js";

ruleTester(rule, {
  valid: [
    {
      name: "a CNN that fits its 32x32 input",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(32, 32, 3)),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation='relu'),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
    {
      // Real-world false alarm: a Theano-era (1, 28, 28) input is S120's warning; the collapse it implies under
      // channels_last is the same mistake (or no mistake at all under a 'th' keras.json), not a second error.
      name: "a channels-first declared input under the channels_last default",
      code: `
        from keras.models import Sequential
        from keras.layers import Convolution2D, Activation, Flatten, Dense
        model = Sequential()
        model.add(Convolution2D(16, 3, 3, border_mode='valid', input_shape=(1, 28, 28)))
        model.add(Activation('relu'))
        model.add(Flatten())
        model.add(Dense(10, activation='softmax'))
      `,
    },
    { name: "3x3 valid conv on 8x8", program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3], padding: "valid" }, { input: [null, 8, 8, 1], out: [null, 6, 6, 8] }).program() },
    { name: "kernel larger than the input with same padding", program: model().layer("conv2d", { filters: 8, kernelSize: [5, 5], padding: "same" }, { input: [null, 3, 3, 1], out: [null, 3, 3, 8] }).program() },
    { name: "pool equal to the input", program: model().layer("maxPooling2d", { poolSize: [2, 2], padding: "valid" }, { input: [null, 2, 2, 4], out: [null, 1, 1, 4] }).program() },
    { name: "channels_first spatial dims", program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3], padding: "valid", dataFormat: "channels_first" }, { input: [null, 1, 28, 28] }).program() },
    { name: "shapes unknown", program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3], padding: "valid" }).program() },
  ],
  invalid: [
    {
      name: "too many valid stages for an 8x8 input",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(8, 8, 1)),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation='relu'),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation='relu'),
            layers.Flatten(),
        ])
      `,
      errors: [{ messageId: "windowExceedsInput", line: 7, column: 5, data: { windowSize: "2×2", inputSize: "1×1", window: "pooling window" } }],
    },
    {
      name: "2x2 pool over a 1x1 map",
      program: model()
        .layer("conv2d", { filters: 8, kernelSize: [3, 3], padding: "valid" }, { input: [null, 3, 3, 1], out: [null, 1, 1, 8] })
        .layer("maxPooling2d", { poolSize: [2, 2], padding: "valid" }, { inputShapes: [[null, 1, 1, 8]], out: [null, 0, 0, 8] })
        .layer("conv2d", { filters: 8, kernelSize: [3, 3], padding: "valid" }, { inputShapes: [[null, 0, 0, 8]], out: [null, -2, -2, 8] })
        .program(),
      errors: [{ messageId: "windowExceedsInput", line: 2, column: 1, data: { windowSize: "2×2", window: "pooling window", inputSize: "1×1" } }],
    },
    {
      name: "dilated kernel",
      program: model().layer("conv1d", { filters: 4, kernelSize: [3], dilationRate: [4], padding: "valid" }, { input: [null, 8, 1] }).program(),
      errors: [{ messageId: "windowExceedsInput", data: { windowSize: "9", window: "dilated kernel" } }],
    },
    {
      name: "cropping to nothing (padding unknown: read the output shape)",
      program: model().layer("cropping2d", { cropping: [[2, 2], [2, 2]] }, { input: [null, 4, 4, 3], out: [null, 0, 0, 3] }).program(),
      errors: [{ messageId: "mapCollapsed", data: { dim: 0, shape: "(None, 0, 0, 3)" } }],
    },
    {
      name: "TF1: tf.nn.max_pool windows that overrun a strided map",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        W = tf.Variable(tf.truncated_normal([5, 5, 1, 16], stddev=0.1))
        c = tf.nn.relu(tf.nn.conv2d(x, W, strides=[1, 6, 6, 1], padding='VALID'))
        p = tf.nn.max_pool(c, ksize=[1, 6, 6, 1], strides=[1, 2, 2, 1], padding='VALID')
      `,
      errors: [{ messageId: "windowExceedsInput", line: 5, data: { window: "pooling window" } }],
    },
  ],
});
