import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S202-binary-missing-sigmoid.js";

ruleTester(rule, {
  valid: [
    {
      // Real-world false alarm: GAN generators are often compiled for form and only trained inside the
      // stacked model, so their own (tanh output, binary cross-entropy) compile never runs.
      name: "a generator compiled but trained only through the combined model",
      code: `
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        generator = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(16,)), layers.Dense(1, activation='tanh')])
        generator.compile(loss='binary_crossentropy', optimizer='adam')
        critic = keras.Sequential([layers.Dense(32, activation='relu', input_shape=(1,)), layers.Dense(1, activation='sigmoid')])
        critic.compile(loss='binary_crossentropy', optimizer='adam')
        critic.trainable = False
        noise = keras.Input(shape=(16,))
        stacked = keras.Model(noise, critic(generator(noise)))
        stacked.compile(loss='binary_crossentropy', optimizer='adam')
        for step in range(100):
            z = np.random.normal(size=(32, 16))
            stacked.train_on_batch(z, np.ones((32, 1)))
      `,
    },
    {
      code: `
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.Dense(16, activation='relu', input_shape=(20,)),
            keras.layers.Dense(1, activation='sigmoid'),
        ])
        model.compile(loss='binary_crossentropy', optimizer='adam')
      `,
    },
    {
      name: "BinaryCrossentropy(from_logits=True) on a linear unit",
      code: `
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation='relu', input_shape=(20,)), tf.keras.layers.Dense(1)])
        model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer='adam')
      `,
    },
    { name: "sigmoid unit", program: model().dense(16, "relu").dense(1, "sigmoid").compile({ loss: "binary_crossentropy" }).program() },
    { name: "hard_sigmoid unit", program: model().dense(1, "hard_sigmoid").compile({ loss: "binary_crossentropy" }).program() },
    { name: "from_logits=True with a linear unit", program: model().dense(1).compile({ loss: "binary_crossentropy", fromLogits: true }).program() },
    { name: "TF sigmoid_cross_entropy reads logits", program: model().dense(1).compile({ loss: "sigmoid_cross_entropy_with_logits" }).program() },
    { name: "wide linear output is S205's", program: model().dense(5).compile({ loss: "binary_crossentropy" }).program() },
    { name: "width-1 softmax is S203's", program: model().dense(1, "softmax").compile({ loss: "binary_crossentropy" }).program() },
    { name: "hinge reads raw scores", program: model().dense(1, "tanh").compile({ loss: "hinge" }).program() },
  ],
  invalid: [
    {
      name: "the trained model is still checked when another model is only compiled",
      code: `
        import numpy as np
        from tensorflow import keras
        helper = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_shape=(4,))])
        helper.compile(loss='binary_crossentropy', optimizer='adam')
        model = keras.Sequential([keras.layers.Dense(8, activation='relu', input_shape=(4,)), keras.layers.Dense(1, activation='relu')])
        model.compile(loss='binary_crossentropy', optimizer='adam')
        model.fit(np.random.rand(64, 4), np.random.randint(0, 2, size=(64, 1)), epochs=2)
      `,
      errors: [{ messageId: "noSigmoid", line: 5 }],
    },
    {
      name: "per-output losses: the linear head under binary_crossentropy",
      program: model().layer("input", {}, { input: [null, 8] }).dense(16, "relu").dense(1, "linear", { inbound: [1] }).dense(1, "linear", { inbound: [1] })
        .withOutputs([2, 3]).compile({ outputLosses: { 2: "binary_crossentropy", 3: "mean_squared_error" } }).program(),
      errors: [{ messageId: "noSigmoid", line: 3, data: { layer: "dense_2" } }],
    },
    {
      name: "Dense(1) with binary_crossentropy",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential()
        model.add(Dense(12, input_dim=8, activation='relu'))
        model.add(Dense(1))
        model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
      `,
      errors: [{ messageId: "noSigmoid", line: 5, column: 11, data: { layer: "dense_1", width: "1 unit", activation: "linear" } }],
    },
    {
      name: "linear unit",
      program: model().dense(16, "relu").dense(1).compile({ loss: "binary_crossentropy" }).program(),
      errors: [{ messageId: "noSigmoid", line: 2, column: 1, data: { width: "1 unit", activation: "linear" } }],
    },
    {
      name: "tanh unit behind an Activation layer",
      program: model().dense(1).layer("activation", {}, { activation: "tanh" }).compile({ loss: "binary_crossentropy", fromLogits: false }).program(),
      errors: [{ messageId: "noSigmoid", line: 2, data: { activation: "tanh" } }],
    },
    {
      name: "unknown width, relu",
      program: model().layer("conv2d", { kernelSize: [3, 3] }, { activation: "relu" }).compile({ loss: "binary_crossentropy" }).program(),
      errors: [{ messageId: "noSigmoid", data: { width: "unknown width" } }],
    },
    {
      name: "wide linear output, S205 not running",
      program: model().dense(5).compile({ loss: "binary_crossentropy" }).program(),
      inactive: ["S205"],
      errors: [{ messageId: "noSigmoid", data: { activation: "linear", width: "5 units" } }],
    },
    {
      name: "width-1 softmax, S203 not running",
      program: model().dense(1, "softmax").compile({ loss: "binary_crossentropy" }).program(),
      inactive: ["S203"],
      errors: [{ messageId: "noSigmoid", data: { activation: "softmax" } }],
    },
    {
      name: "TF1: tf.losses.log_loss on a linear single-unit output",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 30])
        y = tf.placeholder(tf.float32, [None, 1])
        out = tf.layers.dense(tf.layers.dense(x, 16, activation=tf.nn.relu), 1)
        step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.log_loss(y, out))
      `,
      errors: [{ messageId: "noSigmoid", line: 4 }],
    },
  ],
});
