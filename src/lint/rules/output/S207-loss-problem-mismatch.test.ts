import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S207-loss-problem-mismatch.js";

ruleTester(rule, {
  valid: [
    {
      name: "autoencoder: mse on the images of a classification dataset",
      code: `
        from tensorflow import keras
        (x_train, _), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 784).astype('float32') / 255.0
        model = keras.Sequential([keras.layers.Dense(32, activation='relu', input_shape=(784,)), keras.layers.Dense(784, activation='sigmoid')])
        model.compile(optimizer='adam', loss='mse')
        model.fit(x_train, x_train, validation_split=0.1)
      `,
    },
    { name: "mse on regression targets", program: model().dense(1).compile({ loss: "mean_squared_error" }).fit({ y: { task: "regression", range: [5, 50] } }).program() },
    { name: "cross-entropy on one-hot labels", program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "one-hot", task: "classification" } }).program() },
    { name: "binary CE on continuous targets in [0, 1] (autoencoder)", program: model().dense(784, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: { encoding: "continuous", range: [0, 1] } }).program() },
    { name: "targets unknown", program: model().dense(1).compile({ loss: "mean_squared_error" }).fit({}).program() },
  ],
  invalid: [
    {
      name: "mse on mnist one-hot labels",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 784) / 255.0
        y_train = keras.utils.to_categorical(y_train, 10)
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(784,)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='mse', optimizer='sgd')
        model.fit(x_train, y_train, epochs=2)
      `,
      errors: [{ messageId: "regressionLossOnClasses", line: 6, column: 20, data: { loss: "mse", encoding: "one-hot", labels: "y_train" } }],
    },
    {
      name: "mse on one-hot labels",
      program: model().dense(10, "softmax").compile({ loss: "mean_squared_error", line: 5 }).fit({ y: { encoding: "one-hot", numClasses: 10, variable: "y_train" } }).program(),
      errors: [{ messageId: "regressionLossOnClasses", line: 5, column: 20, data: { labels: "y_train", encoding: "one-hot" } }],
    },
    {
      name: "categorical CE on a regression dataset",
      program: model().dense(1).compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { task: "regression", range: [5, 50] } }).program(),
      errors: [{ messageId: "crossEntropyOnContinuous", line: 2, data: { range: " in [5, 50]" } }],
    },
    {
      name: "binary CE on continuous targets beyond [0, 1]",
      program: model().dense(1, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: { encoding: "continuous", range: [-3, 3] } }).program(),
      errors: [{ messageId: "crossEntropyOnContinuous" }],
    },
  ],
});
