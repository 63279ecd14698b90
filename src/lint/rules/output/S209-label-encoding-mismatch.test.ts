import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S209-label-encoding-mismatch.js";

ruleTester(rule, {
  valid: [
    {
      name: "sparse labels with a sparse loss",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train / 255.0, y_train, epochs=1)
      `,
    },
    { name: "sparse labels with a sparse loss", program: model().dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { encoding: "integer", numClasses: 10 } }).program() },
    { name: "one-hot labels with a categorical loss", program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "one-hot", numClasses: 10 } }).program() },
    { name: "encoding unknown", program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: {} }).program() },
    { name: "binary labels with binary CE", program: model().dense(1, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: { encoding: "integer", numClasses: 2 } }).program() },
    {
      name: "LabelBinarizer over two classes is one 0/1 column, fine for a sparse loss",
      code: `
        import numpy as np
        from sklearn.preprocessing import LabelBinarizer
        from tensorflow import keras
        from tensorflow.keras import layers
        y = LabelBinarizer().fit_transform(["spam", "ham", "ham", "spam"])
        model = keras.Sequential([layers.Dense(8, activation="relu", input_shape=(5,)), layers.Dense(2, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.random.rand(4, 5), y, epochs=5)
      `,
    },
  ],
  invalid: [
    {
      name: "mnist integer labels with categorical_crossentropy",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='categorical_crossentropy', optimizer='adam')
        model.fit(x_train / 255.0, y_train, epochs=1)
      `,
      errors: [{ messageId: "integerWithCategoricalLoss", line: 4, column: 20, data: { labels: "y_train" } }],
    },
    {
      name: "one-hot labels with a sparse loss object",
      code: `
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.fashion_mnist.load_data()
        y = tf.keras.utils.to_categorical(y, num_classes=10)
        model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(10, activation='softmax')])
        model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(), optimizer='adam')
        model.fit(x / 255.0, y)
      `,
      errors: [{ messageId: "oneHotWithSparseLoss", line: 5, column: 20, data: { labels: "y" } }],
    },
    {
      name: "integer labels with categorical_crossentropy",
      program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "integer", numClasses: 10, variable: "y_train" } }).program(),
      errors: [{ messageId: "integerWithCategoricalLoss", line: 2, column: 20, data: { labels: "y_train", loss: "categorical_crossentropy" } }],
    },
    {
      name: "one-hot labels with a sparse loss",
      program: model().dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { encoding: "one-hot", numClasses: 10 } }).program(),
      errors: [{ messageId: "oneHotWithSparseLoss", data: { labels: "y" } }],
    },
    {
      name: "LabelBinarizer over three classes is one-hot: a sparse loss cannot read it",
      code: `
        import numpy as np
        from sklearn.preprocessing import LabelBinarizer
        from tensorflow import keras
        from tensorflow.keras import layers
        y = LabelBinarizer().fit_transform(["red", "green", "blue", "red"])
        model = keras.Sequential([layers.Dense(8, activation="relu", input_shape=(5,)), layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.random.rand(4, 5), y, epochs=5)
      `,
      errors: [{ messageId: "oneHotWithSparseLoss", line: 7 }],
    },
  ],
});
