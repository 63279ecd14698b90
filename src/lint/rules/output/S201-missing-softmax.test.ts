import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S201-missing-softmax.js";

ruleTester(rule, {
  valid: [
    {
      name: "activation=keras.activations.softmax in a functional model",
      code: `
        from tensorflow import keras
        inp = keras.Input(shape=(16,))
        h = keras.layers.Dense(32, activation=keras.activations.relu)(inp)
        out = keras.layers.Dense(4, activation=keras.activations.softmax)(h)
        model = keras.Model(inputs=inp, outputs=out)
        model.compile(loss=keras.losses.CategoricalCrossentropy(), optimizer='adam')
      `,
    },
    {
      name: "the compile before fit counts: a later from_logits=True fixes the first",
      code: `
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(32, activation='relu', input_shape=(4,)), tf.keras.layers.Dense(3)])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer='adam')
        model.fit(x, y)
      `,
    },
    {
      name: "activation chosen by a function the interpreter cannot read stays silent",
      code: `
        from tensorflow import keras
        from mylib import pick_activation
        model = keras.Sequential([keras.layers.Dense(10, activation=pick_activation(), input_shape=(4,))])
        model.compile(loss='categorical_crossentropy', optimizer='adam')
      `,
    },
    {
      name: "output layer added under an unknown condition stays silent",
      code: `
        import sys
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential()
        model.add(Dense(32, activation='relu', input_dim=4))
        if len(sys.argv) > 1:
            model.add(Dense(3))
        else:
            model.add(Dense(3, activation='softmax'))
        model.compile(loss='categorical_crossentropy', optimizer='adam')
      `,
    },
    {
      name: "Activation(tf.nn.softmax) layer and the loss as a function",
      code: `
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)), tf.keras.layers.Activation(tf.nn.softmax)])
        model.compile(loss=tf.keras.losses.categorical_crossentropy, optimizer='adam')
      `,
    },
    {
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(64, activation='relu', input_shape=(784,)),
            layers.Dense(10, activation='softmax'),
        ])
        model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
      `,
    },
    {
      name: "Activation('softmax') as a separate layer",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense, Activation, Dropout
        model = Sequential()
        model.add(Dense(128, input_dim=20))
        model.add(Activation('relu'))
        model.add(Dense(3))
        model.add(Activation('softmax'))
        model.compile(loss='categorical_crossentropy', optimizer='sgd')
      `,
    },
    {
      name: "softmax via activation=tf.nn.softmax",
      code: `
        import tensorflow as tf
        model = tf.keras.models.Sequential([
            tf.keras.layers.Flatten(input_shape=(28, 28)),
            tf.keras.layers.Dense(128, activation=tf.nn.relu),
            tf.keras.layers.Dense(10, activation=tf.nn.softmax),
        ])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
      `,
    },
    {
      name: "from_logits=True with a linear output",
      code: `
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation='relu'), tf.keras.layers.Dense(10)])
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        model.compile(optimizer='adam', loss=loss_fn)
      `,
    },
    {
      name: "functional model with a Softmax layer",
      code: `
        from tensorflow import keras
        inputs = keras.Input(shape=(32,))
        x = keras.layers.Dense(64, activation='relu')(inputs)
        x = keras.layers.Dense(5)(x)
        outputs = keras.layers.Softmax()(x)
        model = keras.Model(inputs, outputs)
        model.compile(loss='categorical_crossentropy', optimizer='adam')
      `,
    },
    { name: "softmax output", program: model().dense(64, "relu").dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).program() },
    {
      name: "softmax as a separate Activation layer, then Dropout",
      program: model().dense(64, "relu").dense(10).layer("activation", {}, { activation: "softmax" }).layer("dropout", { rate: 0.1 })
        .compile({ loss: "categorical_crossentropy" }).program(),
    },
    { name: "Softmax advanced-activation layer", program: model().dense(10).layer("softmax").compile({ loss: "sparse_categorical_crossentropy" }).program() },
    { name: "from_logits=True with a linear output", program: model().dense(10).compile({ loss: "sparse_categorical_crossentropy", fromLogits: true }).program() },
    { name: "from_logits unknown stays silent", program: model().dense(10).compile({ loss: "categorical_crossentropy", fromLogits: "unknown" }).program() },
    {
      name: "from_logits from a command-line flag",
      code: `
        import argparse
        import tensorflow as tf
        args = argparse.ArgumentParser().parse_args()
        model = tf.keras.Sequential([tf.keras.layers.Dense(10, input_shape=(4,))])
        model.compile(optimizer='adam', loss=tf.keras.losses.CategoricalCrossentropy(from_logits=args.logits))
      `,
    },
    { name: "regression loss", program: model().dense(1).compile({ loss: "mean_squared_error" }).program() },
    { name: "unknown activation stays silent", program: model().layer("dense", { units: 10 }).compile({ loss: "categorical_crossentropy" }).program() },
    { name: "no loss known", program: model().dense(10).compile({}).program() },
    { name: "custom loss", program: model().dense(10).compile({ loss: "custom" }).program() },
    { name: "conditional output layer", program: model().dense(10, "linear", { conditional: true }).compile({ loss: "categorical_crossentropy" }).program() },
    { name: "output through a merge is unknown", program: model().dense(10, "softmax").dense(10, "softmax", { inbound: [] }).layer("add", {}, { inbound: [0, 1] }).compile({ loss: "categorical_crossentropy" }).program() },
    {
      name: "TF1: cross-entropy written with tf.log of the softmax",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        y = tf.placeholder(tf.float32, [None, 10])
        W = tf.Variable(tf.zeros([784, 10]))
        p = tf.nn.softmax(tf.matmul(x, W))
        loss = tf.reduce_mean(-tf.reduce_sum(y * tf.log(p), axis=1))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
      `,
    },
  ],
  invalid: [
    {
      name: "loss name held in a variable",
      code: `
        from tensorflow import keras
        LOSS = 'categorical_' + 'crossentropy'
        model = keras.Sequential([keras.layers.Dense(3, activation='relu', input_shape=(4,))])
        model.compile(loss=LOSS, optimizer='adam')
      `,
      errors: [{ messageId: "noSoftmax", line: 3, column: 27, data: { activation: "relu", width: "3 units" } }],
    },
    {
      name: "tf.keras Dense(10) with no activation",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(64, activation='relu', input_shape=(784,)),
            layers.Dense(10),
        ])
        model.compile(loss='categorical_crossentropy', optimizer='adam')
      `,
      errors: [{ messageId: "noSoftmax", line: 5, column: 5, data: { layer: "dense_1", kind: "Dense", width: "10 units", activation: "linear", loss: "categorical_crossentropy" } }],
    },
    {
      name: "Keras 1 style with a relu Activation layer last",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential()
        model.add(Dense(64, input_dim=100, activation='relu'))
        model.add(Dense(10))
        model.add(Activation('relu'))
        model.compile(loss='categorical_crossentropy', optimizer='rmsprop')
      `,
      errors: [{ messageId: "noSoftmax", line: 6, column: 11, data: { kind: "Activation", activation: "relu" } }],
    },
    {
      name: "sparse loss object without from_logits, output built in a helper",
      code: `
        import tensorflow as tf
        def build(n_classes):
            return tf.keras.Sequential([
                tf.keras.layers.Dense(32, activation='relu', input_shape=(8,)),
                tf.keras.layers.Dense(n_classes),
            ])
        model = build(4)
        model.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy())
      `,
      errors: [{ messageId: "noSoftmax", line: 5, column: 9, data: { width: "4 units" } }],
    },
    {
      name: "linear Dense(10) under categorical_crossentropy",
      program: model().dense(64, "relu").dense(10).compile({ loss: "categorical_crossentropy" }).program(),
      errors: [{ messageId: "noSoftmax", line: 2, column: 1, data: { layer: "dense_1", width: "10 units", activation: "linear" } }],
    },
    {
      name: "ReLU output through Dropout",
      program: model().dense(10, "relu").layer("dropout", { rate: 0.5 }).compile({ loss: "sparse_categorical_crossentropy", fromLogits: false }).program(),
      errors: [{ messageId: "noSoftmax", line: 1, data: { activation: "relu" } }],
    },
    {
      name: "sigmoid is not a distribution",
      program: model().dense(10, "sigmoid", { out: [null, 10] }).compile({ loss: "categorical_crossentropy" }).program(),
      errors: [{ messageId: "noSoftmax", data: { activation: "sigmoid", width: "10 units" } }],
    },
    {
      name: "an Activation('relu') layer is what the output applies",
      program: model().dense(10, "softmax").layer("activation", {}, { activation: "relu" }).compile({ loss: "kl_divergence" }).program(),
      errors: [{ messageId: "noSoftmax", line: 2, data: { layer: "activation_1", activation: "relu" } }],
    },
    {
      name: "single linear column under categorical CE, S205 not running",
      program: model().dense(1).compile({ loss: "categorical_crossentropy" }).program(),
      inactive: ["S205"],
      errors: [{ messageId: "noSoftmax", data: { activation: "linear" } }],
    },
    {
      name: "TF1: cross-entropy written with tf.log of the logits (no softmax)",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        y = tf.placeholder(tf.float32, [None, 10])
        W = tf.Variable(tf.zeros([784, 10]))
        logits = tf.matmul(x, W)
        loss = tf.reduce_mean(-tf.reduce_sum(y * tf.log(logits), axis=1))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
      `,
      errors: [{ messageId: "noSoftmax", line: 5, data: { kind: "tf.matmul", activation: "linear", width: "10 units" } }],
    },
  ],
});
