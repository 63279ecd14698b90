import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S204-logits-loss-on-probabilities.js";

ruleTester(rule, {
  valid: [
    {
      name: "from_logits=True on logits",
      code: `
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(10)])
        model.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
      `,
    },
    { name: "linear logits", program: model().dense(10).compile({ loss: "sparse_categorical_crossentropy", fromLogits: true }).program() },
    { name: "softmax with a probability loss", program: model().dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" }).program() },
    { name: "from_logits=False explicitly", program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy", fromLogits: false }).program() },
    { name: "linear Activation layer keeps logits", program: model().dense(10).layer("activation", {}, { activation: "linear" }).compile({ loss: "softmax_cross_entropy_with_logits" }).program() },
    {
      name: "TF1: logits straight into softmax_cross_entropy_with_logits, the softmax only for predictions",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        y = tf.placeholder(tf.float32, [None, 10])
        W = tf.Variable(tf.zeros([784, 10]))
        logits = tf.matmul(x, W)
        prediction = tf.nn.softmax(logits)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
      `,
    },
  ],
  invalid: [
    {
      name: "softmax output under SparseCategoricalCrossentropy(from_logits=True)",
      code: `
        import tensorflow as tf
        model = tf.keras.Sequential([
            tf.keras.layers.Flatten(input_shape=(28, 28)),
            tf.keras.layers.Dense(128, activation='relu'),
            tf.keras.layers.Dense(10, activation='softmax'),
        ])
        model.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
      `,
      errors: [{ messageId: "activatedLogits", line: 5, column: 5, data: { activation: "softmax", layer: "dense_1" } }],
    },
    {
      name: "softmax under from_logits=True",
      program: model().dense(64, "relu").dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy", fromLogits: true }).program(),
      errors: [{ messageId: "activatedLogits", line: 2, column: 1, data: { activation: "softmax", width: "10 units" } }],
    },
    {
      name: "TF softmax_cross_entropy_with_logits on a Softmax layer",
      program: model().dense(10).layer("softmax").compile({ loss: "softmax_cross_entropy_with_logits" }).program(),
      errors: [{ messageId: "activatedLogits", line: 2, data: { kind: "Softmax" } }],
    },
    {
      name: "sigmoid under BinaryCrossentropy(from_logits=True)",
      program: model().dense(1, "sigmoid").compile({ loss: "binary_crossentropy", fromLogits: true }).program(),
      errors: [{ messageId: "activatedLogits", data: { activation: "sigmoid" } }],
    },
    {
      name: "width-1 softmax under a logits loss, S203 not running",
      program: model().dense(1, "softmax").compile({ loss: "binary_crossentropy", fromLogits: true }).program(),
      inactive: ["S203"],
      errors: [{ messageId: "activatedLogits", data: { activation: "softmax" } }],
    },
    {
      name: "TF1: the softmax output passed as logits (TF 0.x positional order)",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        y = tf.placeholder(tf.float32, [None, 10])
        W = tf.Variable(tf.zeros([784, 10]))
        pred = tf.nn.softmax(tf.matmul(x, W))
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(pred, y))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
      `,
      errors: [{ messageId: "activatedLogits", line: 5, data: { activation: "softmax" } }],
    },
  ],
});
