import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S211-output-target-shape-mismatch.js";

ruleTester(rule, {
  valid: [
    {
      name: "same-padded segmentation output",
      code: `
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        images = np.zeros((10, 128, 128, 1))
        masks = np.zeros((10, 128, 128, 1))
        inputs = keras.Input(shape=(128, 128, 1))
        x = layers.Conv2D(16, 3, padding='same', activation='relu')(inputs)
        outputs = layers.Conv2D(1, 1, activation='sigmoid')(x)
        model = keras.Model(inputs, outputs)
        model.compile(loss='binary_crossentropy', optimizer='adam')
        model.fit(images, masks, epochs=1)
      `,
    },
    {
      name: "mnist integer labels with a sparse loss",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train / 255.0, y_train)
      `,
    },
    { name: "cifar labels (n, 1) with a sparse loss", program: model().dense(10, "softmax", { out: [null, 10] }).compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { shape: [50000, 1] } }).program() },
    { name: "one-hot labels", program: model().dense(10, "softmax", { out: [null, 10] }).compile({ loss: "categorical_crossentropy" }).fit({ y: { shape: [60000, 10] } }).program() },
    { name: "rank-1 targets for a width-1 output", program: model().dense(1, "linear", { out: [null, 1] }).compile({ loss: "mean_squared_error" }).fit({ y: { shape: [404] } }).program() },
    { name: "unknown dimensions match", program: model().dense(1, "sigmoid", { out: [null, null, 1] }).compile({ loss: "binary_crossentropy" }).fit({ y: { shape: [100, 50, 1] } }).program() },
    { name: "sequence labelling with a sparse loss", program: model().dense(20, "softmax", { out: [null, 50, 20] }).compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { shape: [100, 50] } }).program() },
    { name: "output shape unknown", program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: { shape: [100, 3] } }).program() },
    { name: "custom loss", program: model().dense(3, "linear", { out: [null, 3] }).compile({ loss: "custom" }).fit({ y: { shape: [100] } }).program() },
    { name: "incomplete model", program: model().dense(3, "linear", { out: [null, 3] }).incomplete().compile({ loss: "mean_squared_error" }).fit({ y: { shape: [100, 5] } }).program() },
    { name: "wrong width with known classes is S206's", program: model().dense(8, "softmax", { out: [null, 8] }).compile({ loss: "categorical_crossentropy" }).fit({ y: { shape: [100, 10], encoding: "one-hot", numClasses: 10 } }).program() },
    { name: "one-hot labels under a sparse loss are S209's", program: model().dense(10, "softmax", { out: [null, 10] }).compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { shape: [100, 10], encoding: "one-hot", numClasses: 10 } }).program() },
    {
      name: "Dense reading a conv map is S101's",
      program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3] }, { out: [null, 26, 26, 8] }).dense(10, "softmax", { out: [null, 26, 26, 10] })
        .compile({ loss: "categorical_crossentropy" }).fit({ y: { shape: [100, 10] } }).program(),
    },
    {
      name: "inputs that do not fit the declared input are S119's",
      program: model().dense(10, "softmax", { input: [null, 60000, 784], out: [null, 60000, 10] }).compile({ loss: "categorical_crossentropy" })
        .fit({ x: { shape: [60000, 784] }, y: { shape: [60000, 10] } }).program(),
    },
  ],
  invalid: [
    {
      name: "valid-padded segmentation output smaller than the masks",
      code: `
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        images = np.zeros((10, 572, 572, 1))
        masks = np.zeros((10, 572, 572, 1))
        inputs = keras.Input(shape=(572, 572, 1))
        x = layers.Conv2D(64, 3, activation='relu')(inputs)
        x = layers.Conv2D(64, 3, activation='relu')(x)
        outputs = layers.Conv2D(1, 1, activation='sigmoid')(x)
        model = keras.Model(inputs, outputs)
        model.compile(loss='binary_crossentropy', optimizer='adam')
        model.fit(images, masks, epochs=1)
      `,
      errors: [{ messageId: "shapeMismatch", line: 9, column: 11, data: { layer: "conv2d_2", kind: "Conv2D", outputShape: "(None, 568, 568, 1)", expected: "(10, 568, 568, 1)", labels: "masks", targetShape: "(10, 572, 572, 1)" } }],
    },
    {
      name: "Embedding into Dense without pooling: one output per word",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)
        x_train = keras.preprocessing.sequence.pad_sequences(x_train, maxlen=200)
        model = keras.Sequential([keras.layers.Embedding(10000, 16, input_length=200), keras.layers.Dense(1, activation='sigmoid')])
        model.compile(loss='binary_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
      errors: [{ messageId: "shapeMismatch", line: 4, column: 80, data: { outputShape: "(None, 200, 1)", expected: "(25000, 200, 1)", targetShape: "(25000,)", labels: "y_train" } }],
    },
    {
      name: "a per-position convolution output for per-sample labels",
      program: model().layer("conv2d", { filters: 10, kernelSize: [3, 3] }, { out: [null, 26, 26, 10] }).compile({ loss: "categorical_crossentropy" }).fit({ y: { shape: [100, 10], variable: "y_train" } }).program(),
      errors: [{ messageId: "shapeMismatch", line: 1, column: 1, data: { layer: "conv2d_0", outputShape: "(None, 26, 26, 10)", expected: "(100, 26, 26, 10)", targetShape: "(100, 10)", labels: "y_train" } }],
    },
    {
      name: "regression output narrower than the targets",
      program: model().dense(64, "relu").dense(1, "linear", { out: [null, 1] }).compile({ loss: "mean_squared_error" }).fit({ y: { shape: [100, 3] } }).program(),
      errors: [{ messageId: "shapeMismatch", line: 2, data: { expected: "(100, 1)", targetShape: "(100, 3)", labels: "y" } }],
    },
    {
      name: "sparse loss over a sequence output with per-sample labels",
      program: model().dense(20, "softmax", { out: [null, 50, 20] }).compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { shape: [100] } }).program(),
      errors: [{ messageId: "shapeMismatch", data: { expected: "(100, 50)", targetShape: "(100,)" } }],
    },
    {
      name: "wrong width with known classes, S206 not running",
      program: model().dense(8, "softmax", { out: [null, 8] }).compile({ loss: "categorical_crossentropy" }).fit({ y: { shape: [100, 10], encoding: "one-hot", numClasses: 10 } }).program(),
      inactive: ["S206"],
      errors: [{ messageId: "shapeMismatch", data: { outputShape: "(None, 8)", targetShape: "(100, 10)" } }],
    },
    {
      name: "one-hot labels under a sparse loss, S209 not running",
      program: model().dense(10, "softmax", { out: [null, 10] }).compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { shape: [100, 10], encoding: "one-hot", numClasses: 10 } }).program(),
      inactive: ["S209"],
      errors: [{ messageId: "shapeMismatch", data: { expected: "(100,)" } }],
    },
    {
      name: "Dense reading a conv map, S101 not running",
      program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3] }, { out: [null, 26, 26, 8] }).dense(10, "softmax", { out: [null, 26, 26, 10] })
        .compile({ loss: "categorical_crossentropy" }).fit({ y: { shape: [100, 10] } }).program(),
      inactive: ["S101"],
      errors: [{ messageId: "shapeMismatch", data: { outputShape: "(None, 26, 26, 10)" } }],
    },
    {
      name: "inputs that do not fit the declared input, S119 not running",
      program: model().dense(10, "softmax", { input: [null, 60000, 784], out: [null, 60000, 10] }).compile({ loss: "categorical_crossentropy" })
        .fit({ x: { shape: [60000, 784] }, y: { shape: [60000, 10] } }).program(),
      inactive: ["S119"],
      errors: [{ messageId: "shapeMismatch", data: { outputShape: "(None, 60000, 10)" } }],
    },
  ],
});
