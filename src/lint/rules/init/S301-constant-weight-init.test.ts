import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S301-constant-weight-init.js";

ruleTester(rule, {
  valid: [
    {
      name: "he_normal kernels",
      code: `
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.Dense(64, activation='relu', kernel_initializer='he_normal', input_shape=(10,)),
            keras.layers.Dense(1, kernel_initializer='glorot_normal', bias_initializer='zeros'),
        ])
      `,
    },
    {
      // Real-world false alarm: Constant(matrix) loads pretrained vectors; the units do not start identical.
      name: "an Embedding initialised with Constant(pretrained matrix)",
      code: `
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras.initializers import Constant
        vectors = np.random.normal(size=(5000, 50))
        inputs = keras.Input(shape=(80,), dtype='int32')
        x = keras.layers.Embedding(5000, 50, embeddings_initializer=Constant(vectors), trainable=False)(inputs)
        x = keras.layers.GlobalAveragePooling1D()(x)
        outputs = keras.layers.Dense(3, activation='softmax')(x)
        model = keras.Model(inputs, outputs)
      `,
    },
    { name: "default initialisers", program: model().dense(64, "relu", { kernelInitializer: "glorot_uniform" }).dense(10, "softmax").program() },
    { name: "zero bias is fine", program: model().dense(64, "relu", { biasInitializer: "zeros" }).dense(10, "softmax").program() },
    { name: "BatchNormalization is not a kernel", program: model().dense(64, "relu").layer("batchNormalization", {}, { kernelInitializer: "ones" }).dense(10, "softmax").program() },
    {
      name: "TF1: tf.get_variable with its default (Glorot) initializer",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        W1 = tf.get_variable('W1', [784, 256])
        h = tf.nn.relu(tf.matmul(x, W1))
        out = tf.layers.dense(h, 10)
      `,
    },
  ],
  invalid: [
    {
      name: "zeros and Constant initialisers",
      code: `
        from tensorflow import keras
        from tensorflow.keras import initializers
        model = keras.Sequential([
            keras.layers.Dense(64, activation='relu', kernel_initializer='zeros', input_shape=(10,)),
            keras.layers.Dense(32, activation='relu', kernel_initializer=initializers.Constant(0.5)),
            keras.layers.Dense(1, kernel_initializer='zeros'),
        ])
      `,
      errors: [
        { messageId: "constantHidden", line: 4, column: 5, data: { initializer: "zeros" } },
        { messageId: "constantHidden", line: 5, column: 5 },
        { messageId: "constantOutput", line: 6, column: 5, severity: "info" },
      ],
    },
    {
      name: "zeros on a hidden layer",
      program: model().dense(64, "relu", { kernelInitializer: "zeros" }).dense(10, "softmax").program(),
      errors: [{ messageId: "constantHidden", line: 1, column: 1, data: { initializer: "zeros" } }],
    },
    {
      name: "ones on a hidden conv",
      program: model().layer("conv2d", { filters: 8 }, { activation: "relu", kernelInitializer: "ones" }).layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "constantHidden", line: 1, data: { kind: "Conv2d" } }],
    },
    {
      name: "zero-initialised output head is info",
      program: model().dense(64, "relu").dense(10, "linear", { kernelInitializer: "zeros" }).layer("activation", {}, { activation: "softmax" }).program(),
      errors: [{ messageId: "constantOutput", line: 2, severity: "info" }],
    },
    {
      name: "TF1: a hidden tf.matmul layer whose weights start at tf.zeros",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        W1 = tf.Variable(tf.zeros([784, 256]))
        h = tf.nn.relu(tf.matmul(x, W1))
        W2 = tf.Variable(tf.truncated_normal([256, 10], stddev=0.1))
        out = tf.matmul(h, W2)
      `,
      errors: [{ messageId: "constantHidden", line: 4, data: { initializer: "zeros", kind: "tf.matmul" } }],
    },
    {
      name: "TF1: tf.get_variable with a constant initializer on a convolution",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        W = tf.get_variable('W', [3, 3, 1, 8], initializer=tf.constant_initializer(0.1))
        h = tf.nn.relu(tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='SAME'))
        out = tf.layers.dense(tf.layers.flatten(h), 10)
      `,
      errors: [{ messageId: "constantHidden", line: 4, data: { kind: "tf.nn.conv2d" } }],
    },
  ],
});
