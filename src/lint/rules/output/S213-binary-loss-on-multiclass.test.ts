import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S213-binary-loss-on-multiclass.js";

const oneHot = (numClasses: number) => ({ encoding: "one-hot" as const, numClasses, variable: "y_train" });

ruleTester(rule, {
  valid: [
    {
      name: "softmax with categorical cross-entropy",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        y_train = keras.utils.to_categorical(y_train, 10)
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
        model.fit(x_train / 255.0, y_train)
      `,
    },
    { name: "one sigmoid unit on binary labels", program: model().dense(1, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: { encoding: "integer", numClasses: 2 } }).program() },
    { name: "sigmoids on multi-hot targets (multi-label)", program: model().dense(20, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: { encoding: "multi-hot", numClasses: 20 } }).program() },
    { name: "two sigmoids on one-hot binary labels", program: model().dense(2, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: oneHot(2) }).program() },
    { name: "encoding unknown", program: model().dense(10, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: {} }).program() },
    { name: "ReLU output is S205's", program: model().dense(10, "relu").compile({ loss: "binary_crossentropy" }).fit({ y: oneHot(10) }).program() },
    { name: "width differs from the classes (S206)", program: model().dense(8, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: oneHot(10) }).program() },
    { name: "sigmoid output with a logits loss is S204's", program: model().dense(10, "sigmoid").compile({ loss: "binary_crossentropy", fromLogits: true }).fit({ y: oneHot(10) }).program() },
  ],
  invalid: [
    {
      name: "sigmoid + binary_crossentropy on to_categorical labels",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        y_train = keras.utils.to_categorical(y_train, 10)
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='sigmoid')])
        model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
        model.fit(x_train / 255.0, y_train)
      `,
      errors: [{ messageId: "eachClassAlone", line: 5, column: 20, data: { loss: "binary_crossentropy", activation: "sigmoid", classes: 10, labels: "y_train" } }],
    },
    {
      name: "softmax + binary_crossentropy on one-hot labels",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        y_train = keras.utils.to_categorical(y_train)
        model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
        model.fit(x_train / 255.0, y_train)
      `,
      errors: [{ messageId: "softmaxWithBinaryLoss", line: 5, column: 20, data: { layer: "dense", classes: 10 } }],
    },
    {
      name: "sigmoid outputs",
      program: model().dense(64, "relu").dense(5, "sigmoid").compile({ loss: "binary_crossentropy", line: 3 }).fit({ y: oneHot(5) }).program(),
      errors: [{ messageId: "eachClassAlone", line: 3, column: 20, data: { classes: 5, activation: "sigmoid" } }],
    },
    {
      name: "linear logits with a sigmoid cross-entropy on logits",
      program: model().dense(5).compile({ loss: "binary_crossentropy", fromLogits: true }).fit({ y: oneHot(5) }).program(),
      errors: [{ messageId: "eachClassAlone", data: { activation: "linear" } }],
    },
    {
      name: "classes from the output width",
      program: model().dense(4, "sigmoid").compile({ loss: "binary_focal_crossentropy" }).fit({ y: { encoding: "one-hot" } }).program(),
      errors: [{ messageId: "eachClassAlone", data: { classes: 4, labels: "y" } }],
    },
    {
      name: "2-way softmax with one-hot labels: info",
      program: model().dense(2, "softmax").compile({ loss: "binary_crossentropy" }).fit({ y: oneHot(2) }).program(),
      errors: [{ messageId: "twoWaySoftmax", severity: "info", data: { layer: "dense_0" } }],
    },
    {
      name: "width differs from the classes, S206 not running",
      program: model().dense(8, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: oneHot(10) }).program(),
      inactive: ["S206"],
      errors: [{ messageId: "eachClassAlone", data: { classes: 10 } }],
    },
  ],
});
