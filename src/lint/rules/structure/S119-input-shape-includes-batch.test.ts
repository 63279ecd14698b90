import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S119-input-shape-includes-batch.js";

const mnistFlat = { shape: [60000, 784], variable: "x_train" };

ruleTester(rule, {
  valid: [
    { name: "per-sample shape matches", program: model().dense(64, "relu", { input: [null, 784] }).dense(10, "softmax").fit({ x: mnistFlat }).program() },
    { name: "variable-length sequences", program: model().layer("lstm", { units: 8 }, { input: [null, null, 16] }).dense(1).fit({ x: { shape: [500, 40, 16] } }).program() },
    { name: "1-D data into a (1,) input", program: model().dense(1, "linear", { input: [null, 1] }).fit({ x: { shape: [100] } }).program() },
    { name: "data shape unknown", program: model().dense(64, "relu", { input: [null, 784] }).fit({ x: { variable: "x" } }).program() },
    { name: "no declared input shape", program: model().dense(64, "relu").dense(10, "softmax").fit({ x: mnistFlat }).program() },
    {
      name: "Python: input_shape=x_train.shape[1:]",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 784) / 255.0
        model = keras.Sequential([layers.Dense(64, activation='relu', input_shape=x_train.shape[1:]), layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=2)
      `,
    },
  ],
  invalid: [
    {
      name: "input shape includes the sample count",
      program: model().dense(64, "relu", { input: [null, 60000, 784] }).dense(10, "softmax").fit({ x: mnistFlat }).program(),
      errors: [{ messageId: "includesSampleDimension", line: 1, column: 1, data: { declared: "(60000, 784)", dataShape: "(60000, 784)", suggested: "(784,)", expectedRank: 3 } }],
    },
    {
      name: "TF.js style: a null batch inside inputShape",
      program: model().dense(64, "relu", { input: [null, null, 784] }).fit({ x: mnistFlat }).program(),
      errors: [{ messageId: "includesSampleDimension", data: { declared: "(None, 784)", suggested: "(784,)" } }],
    },
    {
      name: "grayscale images without a channel axis into a Conv2D input",
      program: model().layer("conv2d", { filters: 8 }, { input: [null, 28, 28, 1] }).fit({ x: { shape: [60000, 28, 28], variable: "x_train" } }).program(),
      errors: [{ messageId: "dataShapeMismatch", line: 1, data: { declared: "(28, 28, 1)", actual: "(28, 28)", data: "x_train", method: "fit" } }],
    },
    {
      name: "a different feature count",
      program: model().dense(64, "relu", { input: [null, 784] }).fit({ x: { shape: [1000, 100] }, line: 5 }).program(),
      errors: [{ messageId: "dataShapeMismatch", line: 1, data: { actual: "(100,)", data: "the data" } }],
    },
    {
      name: "Python: input_shape=x_train.shape",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 784) / 255.0
        model = keras.Sequential([
            layers.Dense(64, activation='relu', input_shape=x_train.shape),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=2)
      `,
      errors: [{ messageId: "includesSampleDimension", line: 6, column: 5, data: { layer: "dense", declared: "(60000, 784)", suggested: "(784,)" } }],
    },
    {
      name: "Python: MNIST images fed to a (28, 28, 1) input without reshaping",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train / 255.0
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=2)
      `,
      errors: [{ messageId: "dataShapeMismatch", line: 6, data: { declared: "(28, 28, 1)", actual: "(28, 28)", data: "x_train" } }],
    },
  ],
});
