import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S101-missing-flatten.js";

const perSample = { y: { shape: [60000, 10], variable: "y_train" } };
const conv = (b: ReturnType<typeof model>) =>
  b.layer("conv2d", { filters: 32, kernelSize: [3, 3] }, { activation: "relu", input: [null, 28, 28, 1], out: [null, 26, 26, 32] })
    .layer("maxPooling2d", { poolSize: [2, 2] }, { inputShapes: [[null, 26, 26, 32]], out: [null, 13, 13, 32] });

ruleTester(rule, {
  valid: [
    {
      name: "sequence tagging: per-position integer labels",
      code: `
        import numpy as np
        from tensorflow import keras
        x = np.random.rand(100, 50, 8)
        y = np.random.randint(0, 5, size=(100, 50))
        model = keras.Sequential([
            keras.layers.Conv1D(32, 3, padding='same', activation='relu', input_shape=(50, 8)),
            keras.layers.Dense(5, activation='softmax'),
        ])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x, y, validation_split=0.1)
      `,
    },
    {
      name: "CNN with Flatten on mnist",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 28, 28, 1) / 255.0
        model = keras.Sequential([
            layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)),
            layers.MaxPooling2D((2, 2)),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=1)
      `,
    },
    { name: "Flatten before Dense", program: conv(model()).layer("flatten").dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit(perSample).program() },
    { name: "global pooling before Dense", program: conv(model()).layer("globalAveragePooling2d").dense(10, "softmax").fit(perSample).program() },
    { name: "labels unknown", program: conv(model()).dense(10, "softmax").fit({}).program() },
    { name: "per-position labels (segmentation)", program: conv(model()).dense(10, "softmax").fit({ y: { shape: [100, 13, 13, 10] } }).program() },
    { name: "Dense per position, then Flatten", program: conv(model()).dense(16, "relu").layer("flatten").dense(10, "softmax").fit(perSample).program() },
    { name: "Dense on a rank-2 input", program: model().dense(32, "relu", { input: [null, 20] }).dense(1, "sigmoid").fit({ y: { shape: [100] } }).program() },
    {
      name: "TF1: tf.layers.flatten between the pooling and the classifier",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        y = tf.placeholder(tf.float32, [None, 10])
        pool = tf.layers.max_pooling2d(tf.layers.conv2d(x, 16, 3, activation=tf.nn.relu), 2, 2)
        logits = tf.layers.dense(tf.layers.flatten(pool), 10)
        step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.softmax_cross_entropy(y, logits))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(100):
                sess.run(step)
      `,
    },
  ],
  invalid: [
    {
      name: "CNN with no Flatten on mnist",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 28, 28, 1) / 255.0
        model = keras.Sequential([
            layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)),
            layers.MaxPooling2D((2, 2)),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=1)
      `,
      errors: [{ messageId: "missingFlatten", line: 8, column: 5, data: { layer: "dense", source: "max_pooling2d", map: " (None, 13, 13, 32)", labels: "y_train", labelShape: "(60000,)" } }],
    },
    {
      name: "MaxPooling2D straight into Dense",
      program: conv(model()).layer("dense", { units: 10 }, { activation: "softmax", inputShapes: [[null, 13, 13, 32]] }).fit(perSample).program(),
      errors: [{ messageId: "missingFlatten", line: 3, column: 1, data: { source: "maxPooling2d_1", map: " (None, 13, 13, 32)", labels: "y_train", labelShape: "(60000, 10)" } }],
    },
    {
      name: "cifar10 labels of shape (n, 1)",
      program: conv(model()).dense(10, "softmax").fit({ y: { shape: [50000, 1], encoding: "integer" } }).program(),
      errors: [{ messageId: "missingFlatten", line: 3, data: { labelShape: "(50000, 1)" } }],
    },
    {
      name: "Conv1D through Dropout and BatchNormalization",
      program: model().layer("conv1d", { filters: 8, kernelSize: [3] }, { activation: "relu", input: [null, 100, 4] })
        .layer("dropout", { rate: 0.2 }).layer("batchNormalization").dense(1, "sigmoid").fit({ y: { shape: [500] } }).program(),
      errors: [{ messageId: "missingFlatten", line: 4, data: { source: "conv1d_0", map: "" } }],
    },
    {
      name: "TF1: tf.layers.dense on the pooled map, per-sample labels from the placeholder",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        y = tf.placeholder(tf.float32, [None, 10])
        pool = tf.layers.max_pooling2d(tf.layers.conv2d(x, 16, 3, activation=tf.nn.relu), 2, 2)
        logits = tf.layers.dense(pool, 10)
        step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.softmax_cross_entropy(y, logits))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(100):
                sess.run(step)
      `,
      errors: [{ messageId: "missingFlatten", line: 5, data: { layer: "dense", source: "max_pooling2d", map: " (None, 13, 13, 16)" } }],
    },
    {
      name: "TF1: the map's sizes unknown, its rank alone decides",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, None, None, 3])
        y = tf.placeholder(tf.float32, [None, 5])
        conv = tf.layers.conv2d(x, 16, 3, activation=tf.nn.relu)
        logits = tf.layers.dense(conv, 5)
        step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.softmax_cross_entropy(y, logits))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(100):
                sess.run(step)
      `,
      errors: [{ messageId: "missingFlatten", line: 5, data: { map: " (None, None, None, 16)" } }],
    },
  ],
});
