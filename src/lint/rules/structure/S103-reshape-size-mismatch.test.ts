import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S103-reshape-size-mismatch.js";

const after784 = (targetShape: number[]) =>
  model().dense(784, "relu", { input: [null, 100], out: [null, 784] }).layer("reshape", { targetShape }, { inputShapes: [[null, 784]] }).program();

ruleTester(rule, {
  valid: [
    {
      name: "Dense(784) reshaped to 28x28x1",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(784, activation='relu', input_shape=(100,)), keras.layers.Reshape((28, 28, 1))])
      `,
    },
    { name: "784 to 28x28x1", program: after784([28, 28, 1]) },
    { name: "784 to -1x28", program: after784([-1, 28]) },
    { name: "input unknown", program: model().layer("reshape", { targetShape: [28, 28, 3] }).program() },
    {
      name: "TF1: tf.reshape flattening the whole map, and folding time steps into the batch",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        pool = tf.layers.max_pooling2d(tf.layers.conv2d(x, 64, 3, padding='same'), 2, 2)
        flat = tf.reshape(pool, [-1, 14 * 14 * 64])
        seq = tf.placeholder(tf.float32, [None, 20, 100])
        steps = tf.reshape(seq, [-1, 100])
      `,
    },
  ],
  invalid: [
    {
      name: "Dense(784) reshaped to 28x28x3",
      code: `
        from tensorflow import keras
        model = keras.Sequential()
        model.add(keras.layers.Dense(784, activation='relu', input_shape=(100,)))
        model.add(keras.layers.Reshape((28, 28, 3)))
      `,
      errors: [{ messageId: "sizeMismatch", line: 4, column: 11, data: { size: 784, targetSize: 2352, shape: "(None, 784)" } }],
    },
    { name: "784 to 28x28x3", program: after784([28, 28, 3]), errors: [{ messageId: "sizeMismatch", line: 2, column: 1, data: { size: 784, targetSize: 2352, target: "(28, 28, 3)" } }] },
    { name: "784 to -1x5", program: after784([-1, 5]), errors: [{ messageId: "notDivisible", data: { known: 5 } }] },
    { name: "batch dimension in the target", program: after784([-1, 28, 28, 1]), errors: [{ messageId: "includesBatch", line: 2 }] },
    { name: "two -1", program: model().layer("reshape", { targetShape: [-1, -1] }).program(), errors: [{ messageId: "severalUnknown", line: 1 }] },
    {
      name: "TF1: tf.reshape to a flat size that is not the map's",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        conv = tf.layers.conv2d(x, 64, 3, padding='same')
        pool = tf.layers.max_pooling2d(conv, 2, 2)
        flat = tf.reshape(pool, [-1, 7 * 7 * 64])
      `,
      errors: [{ messageId: "sizeMismatch", line: 5, column: 8, data: { shape: "(None, 14, 14, 64)", size: 12544, targetSize: 3136 } }],
    },
  ],
});
