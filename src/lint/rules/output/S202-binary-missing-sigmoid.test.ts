import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S202-binary-missing-sigmoid.js";

ruleTester(rule, {
  valid: [
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
  ],
});
