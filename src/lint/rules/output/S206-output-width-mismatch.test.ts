import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S206-output-width-mismatch.js";

const oneHot10 = { encoding: "one-hot" as const, numClasses: 10, shape: [60000, 10], variable: "y_train" };
const integer10 = { encoding: "integer" as const, numClasses: 10, shape: [60000], variable: "y_train" };

ruleTester(rule, {
  valid: [
    {
      name: "two classes into one sigmoid column with binary cross-entropy",
      code: `
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense
        x = np.random.rand(100, 8)
        y = np.random.randint(0, 2, size=(100,))
        model = Sequential([Dense(8, activation='relu', input_shape=(8,)), Dense(1, activation='sigmoid')])
        model.compile(optimizer='adam', loss='binary_crossentropy')
        model.fit(x, y)
      `,
    },
    {
      name: "mnist with to_categorical and 10 outputs",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(60000, 784).astype('float32') / 255
        y_train = keras.utils.to_categorical(y_train, 10)
        model = keras.Sequential([keras.layers.Dense(512, activation='relu', input_shape=(784,)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, batch_size=128, epochs=5)
      `,
    },
    { name: "10 softmax units for 10 one-hot classes", program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: oneHot10 }).program() },
    { name: "10 units for 10 integer classes", program: model().dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: integer10 }).program() },
    { name: "classes unknown", program: model().dense(8, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "one-hot" } }).program() },
    { name: "binary labels on one sigmoid unit", program: model().dense(1, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: { encoding: "integer", numClasses: 2 } }).program() },
    {
      // Real-world false alarm: Keras 0 spelled Dense(input_dim, output_dim); the width is the second number.
      name: "Keras 0 Dense(input_dim, output_dim) ending in 5 classes",
      code: `
        import numpy as np
        from keras.models import Sequential
        from keras.layers.core import Dense, Activation
        from keras.utils import np_utils
        x = np.random.rand(300, 64)
        y = np_utils.to_categorical(np.random.randint(0, 5, size=(300,)), 5)
        model = Sequential()
        model.add(Dense(64, 32, init='normal'))
        model.add(Activation('relu'))
        model.add(Dense(32, 5, init='normal'))
        model.add(Activation('softmax'))
        model.compile(loss='categorical_crossentropy', optimizer='adadelta')
        model.fit(x, y, nb_epoch=2)
      `,
    },
    {
      // Real-world false alarm: digits filtered by a mask (< 4) hold 4 classes, whatever the dataset had.
      name: "to_categorical(labels[mask], 4) of a masked dataset subset",
      code: `
        from tensorflow import keras
        (x_all, y_all), _ = keras.datasets.mnist.load_data()
        x_low = x_all[y_all < 4].reshape(-1, 784).astype('float32') / 255
        y_low = keras.utils.to_categorical(y_all[y_all < 4], 4)
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(784,)), keras.layers.Dense(4, activation='softmax')])
        model.compile(loss='categorical_crossentropy', optimizer='adam')
        model.fit(x_low, y_low, epochs=2)
      `,
    },
    {
      name: "multi-output models are skipped (labels per output unknown)",
      program: model().dense(8, "softmax").dense(3, "softmax", { inbound: [] }).withOutputs([0, 1]).compile({ loss: "categorical_crossentropy" }).fit({ y: oneHot10 }).program(),
    },
  ],
  invalid: [
    {
      name: "ten digit classes into one sigmoid column with binary cross-entropy",
      code: `
        from keras.datasets import mnist
        from keras.models import Sequential
        from keras.layers import Dense
        (x_train, y_train), _ = mnist.load_data()
        x_train = x_train.reshape(60000, 784) / 255.0
        model = Sequential([Dense(64, activation='relu', input_shape=(784,)), Dense(1, activation='sigmoid')])
        model.compile(optimizer='adam', loss='binary_crossentropy')
        model.fit(x_train, y_train, epochs=5)
      `,
      errors: [{ messageId: "widthMismatch", line: 6, data: { width: 1, classes: 10, encoding: "integer", labels: "y_train" } }],
    },
    {
      name: "randint labels with 5 classes, 3 outputs",
      code: `
        import numpy as np
        from tensorflow import keras
        x = np.random.rand(100, 8)
        y = np.random.randint(0, 5, size=(100,))
        model = keras.Sequential([keras.layers.Dense(16, activation='relu', input_shape=(8,)), keras.layers.Dense(3, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x, y)
      `,
      errors: [{ messageId: "widthMismatch", line: 5, data: { width: 3, classes: 5, encoding: "integer", labels: "y" } }],
    },
    {
      name: "cifar10 labels one-hot, 8 outputs",
      code: `
        from tensorflow import keras
        from tensorflow.keras.utils import to_categorical
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        x_train = x_train / 255.0
        y_train = to_categorical(y_train)
        model = keras.Sequential()
        model.add(keras.layers.Flatten(input_shape=(32, 32, 3)))
        model.add(keras.layers.Dense(8, activation='softmax'))
        model.compile(loss='categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=3)
      `,
      errors: [{ messageId: "widthMismatch", line: 8, column: 11, data: { width: 8, classes: 10, labels: "y_train" } }],
    },
    {
      name: "8 units for 10 one-hot classes",
      program: model().dense(64, "relu").dense(8, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: oneHot10 }).program(),
      errors: [{ messageId: "widthMismatch", line: 2, column: 1, data: { width: 8, classes: 10, labels: "y_train", encoding: "one-hot" } }],
    },
    {
      name: "width from the inferred shape, through an Activation layer",
      program: model().layer("dense", { units: 5 }, { activation: "linear" }).layer("activation", {}, { activation: "softmax", out: [null, 5] })
        .compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: integer10 }).program(),
      errors: [{ messageId: "widthMismatch", line: 1, data: { width: 5, encoding: "integer" } }],
    },
    {
      name: "a single column for 10 classes (reported here, not as S205)",
      program: model().dense(1, "sigmoid").compile({ loss: "categorical_crossentropy" }).fit({ y: oneHot10 }).program(),
      errors: [{ messageId: "widthMismatch", data: { width: 1 } }],
    },
    {
      name: "TF1: five outputs for the ten one-hot classes fed to the training run",
      code: `
        import tensorflow as tf
        (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
        y_onehot = tf.keras.utils.to_categorical(y_train, 10)
        x = tf.placeholder(tf.float32, [None, 28, 28])
        y = tf.placeholder(tf.float32, [None, None])
        logits = tf.layers.dense(tf.layers.flatten(x / 255.0), 5)
        step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.softmax_cross_entropy(y, logits))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(0, 60000, 100):
                sess.run(step, feed_dict={x: x_train[i:i + 100], y: y_onehot[i:i + 100]})
      `,
      errors: [{ messageId: "widthMismatch", line: 6, data: { width: 5, classes: 10 } }],
    },
  ],
});
