import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S203-single-unit-softmax.js";

ruleTester(rule, {
  valid: [
    { name: "two-way softmax", program: model().dense(2, "softmax").compile({ loss: "categorical_crossentropy" }).program() },
    { name: "single sigmoid unit", program: model().dense(1, "sigmoid").compile({ loss: "binary_crossentropy" }).program() },
    { name: "softmax of unknown width", program: model().layer("dense", {}, { activation: "softmax" }).compile({ loss: "binary_crossentropy" }).program() },
    {
      name: "Python: one sigmoid unit with binary cross-entropy",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential()
        model.add(Dense(12, input_dim=8, activation='relu'))
        model.add(Dense(1, activation='sigmoid'))
        model.compile(loss='binary_crossentropy', optimizer='adam')
      `,
    },
  ],
  invalid: [
    {
      name: "no compile at all",
      program: model().dense(8, "relu").dense(1, "softmax").program(),
      errors: [{ messageId: "singleUnitSoftmax", line: 2, column: 1 }],
    },
    {
      name: "custom loss function",
      code: `
        from tensorflow import keras
        def my_loss(y_true, y_pred):
            return keras.backend.mean(y_pred - y_true)
        model = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])
        model.compile(loss=my_loss, optimizer='adam')
      `,
      errors: [{ messageId: "singleUnitSoftmax", line: 4, column: 27 }],
    },
    {
      name: "Dense(1, activation='softmax') with binary_crossentropy",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential()
        model.add(Dense(12, input_dim=8, activation='relu'))
        model.add(Dense(1, activation='softmax'))
        model.compile(loss='binary_crossentropy', optimizer='adam')
      `,
      errors: [{ messageId: "singleUnitSoftmax", line: 5, column: 11, data: { layer: "dense_1", kind: "Dense" } }],
    },
    {
      name: "Dense(1, softmax) with binary cross-entropy",
      program: model().dense(8, "relu").dense(1, "softmax").compile({ loss: "binary_crossentropy" }).program(),
      errors: [{ messageId: "singleUnitSoftmax", line: 2, column: 1, data: { layer: "dense_1", width: "1 unit" } }],
    },
    {
      name: "Softmax layer over a width inferred as 1",
      program: model().dense(8, "relu").layer("dense", {}, { activation: "linear", out: [null, 1] }).layer("softmax", {}, { out: [null, 1] })
        .compile({ loss: "categorical_crossentropy" }).program(),
      errors: [{ messageId: "singleUnitSoftmax", line: 3, data: { kind: "Softmax" } }],
    },
    {
      name: "even with a logits loss",
      program: model().dense(1, "softmax").compile({ loss: "binary_crossentropy", fromLogits: true }).program(),
      errors: [{ messageId: "singleUnitSoftmax" }],
    },
    {
      name: "TF1: a softmax over the one column of tf.matmul(h, W[128, 1])",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        W = tf.Variable(tf.truncated_normal([784, 1], stddev=0.1))
        b = tf.Variable(tf.zeros([1]))
        probabilities = tf.nn.softmax(tf.matmul(x, W) + b)
      `,
      errors: [{ messageId: "singleUnitSoftmax", line: 5 }],
    },
  ],
});
