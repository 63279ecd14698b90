import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S116-double-activation.js";

ruleTester(rule, {
  valid: [
    {
      name: "attention: softmax over tanh scores, multiplied into the sequence",
      code: `
        from keras.layers import Input, Dense, LSTM, Flatten, Activation, RepeatVector, Permute, Multiply, Lambda
        from keras.models import Model
        import keras.backend as K
        inp = Input(shape=(50, 64))
        h = LSTM(32, return_sequences=True)(inp)
        a = Dense(1, activation='tanh')(h)
        a = Flatten()(a)
        a = Activation('softmax')(a)
        a = RepeatVector(32)(a)
        a = Permute([2, 1])(a)
        m = Multiply()([h, a])
        s = Lambda(lambda x: K.sum(x, axis=1))(m)
        out = Dense(1, activation='sigmoid')(s)
        model = Model(inp, out)
        model.compile(loss='binary_crossentropy', optimizer='adam')
      `,
    },
    {
      name: "linear Dense then Activation('relu')",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential()
        model.add(Dense(64, input_dim=20))
        model.add(Activation('relu'))
        model.add(Dense(1, activation='sigmoid'))
      `,
    },
    { name: "linear Dense then ReLU layer", program: model().dense(64).layer("relu").dense(10, "softmax").program() },
    { name: "relu Dense then BatchNormalization then ReLU", program: model().dense(64, "relu").layer("batchNormalization").layer("relu").program() },
    { name: "linear Activation layer", program: model().dense(64, "relu").layer("activation", {}, { activation: "linear" }).program() },
    { name: "unknown activation of the first", program: model().layer("dense", { units: 4 }).layer("relu").program() },
    { name: "activation after a merge", program: model().dense(4, "relu").dense(4, "relu", { inbound: [] }).layer("add", {}, { inbound: [0, 1] }).layer("relu").program() },
  ],
  invalid: [
    {
      name: "Dense(relu) then Activation('relu')",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential()
        model.add(Dense(64, input_dim=20, activation='relu'))
        model.add(Activation('relu'))
        model.add(Dense(1, activation='sigmoid'))
      `,
      errors: [{ messageId: "doubleActivation", line: 5, column: 11, data: { first: "relu", second: "relu", source: "dense" } }],
    },
    {
      name: "Dense(relu) then Activation('relu')",
      program: model().dense(64, "relu").layer("activation", {}, { activation: "relu" }).program(),
      errors: [{ messageId: "doubleActivation", line: 2, column: 1, data: { first: "relu", second: "relu", source: "dense_0" } }],
    },
    {
      name: "Conv(relu), MaxPooling, Dropout, LeakyReLU",
      program: model().layer("conv2d", {}, { activation: "relu" }).layer("maxPooling2d").layer("dropout").layer("leakyRelu").program(),
      errors: [{ messageId: "doubleActivation", line: 4, data: { second: "leaky_relu", first: "relu", sourceKind: "Conv2d" } }],
    },
    {
      name: "two activation layers in a row",
      program: model().dense(10).layer("activation", {}, { activation: "relu" }).layer("softmax").program(),
      errors: [{ messageId: "doubleActivation", line: 3, data: { first: "relu", second: "softmax", source: "activation_1" } }],
    },
    {
      name: "TF1: tf.nn.relu on a tf.layers.dense that already applies ReLU",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 100])
        h = tf.nn.relu(tf.layers.dense(x, 64, activation=tf.nn.relu))
        out = tf.layers.dense(h, 10)
      `,
      errors: [{ messageId: "doubleActivation", line: 3 }],
    },
  ],
});
