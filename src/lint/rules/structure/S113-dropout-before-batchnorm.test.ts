import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S113-dropout-before-batchnorm.js";

ruleTester(rule, {
  valid: [
    { name: "batch normalisation then dropout", program: model().dense(64).layer("batchNormalization").layer("relu").layer("dropout", { rate: 0.5 }).dense(10, "softmax").program() },
    { name: "a Dense between dropout and normalisation", program: model().dense(64, "relu").layer("dropout", { rate: 0.5 }).dense(64).layer("batchNormalization").program() },
    { name: "dropout of rate 0", program: model().dense(64, "relu").layer("dropout", { rate: 0 }).layer("batchNormalization").program() },
    { name: "dropout before layer normalisation", program: model().dense(64, "relu").layer("dropout", { rate: 0.5 }).layer("layerNormalization").program() },
    { name: "a merge between", program: model().dense(64, "relu").layer("dropout", { rate: 0.5 }).layer("add", {}, { inbound: [0, 1] }).layer("batchNormalization").program() },
    {
      name: "Python: dropout after batch normalisation and its activation",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(256, input_shape=(784,)),
            layers.BatchNormalization(),
            layers.Activation('relu'),
            layers.Dropout(0.5),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
  ],
  invalid: [
    {
      name: "dropout directly before batch normalisation",
      program: model().dense(256, "relu").layer("dropout", { rate: 0.5 }).layer("batchNormalization").dense(10, "softmax").program(),
      errors: [{ messageId: "dropoutBeforeNorm", line: 2, column: 1, data: { layer: "dropout_1", norm: "batchNormalization_2", through: "" } }],
    },
    {
      name: "through an activation layer",
      program: model().layer("conv2d", { filters: 8 }).layer("spatialDropout", { rate: 0.2 }).layer("relu").layer("batchNormalization").program(),
      errors: [{ messageId: "dropoutBeforeNorm", line: 2, data: { through: " through relu_2" } }],
    },
    {
      name: "Python MLP with dropout before batch normalisation",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(256, activation='relu', input_shape=(784,)),
            layers.Dropout(0.5),
            layers.BatchNormalization(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "dropoutBeforeNorm", line: 5, column: 5, data: { layer: "dropout", norm: "batch_normalization" } }],
    },
    {
      name: "TF1: tf.nn.dropout straight before tf.layers.batch_normalization",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 100])
        h = tf.layers.dense(x, 64, activation=tf.nn.relu, use_bias=False)
        d = tf.nn.dropout(h, 0.7)
        n = tf.layers.batch_normalization(d, training=True)
        out = tf.layers.dense(n, 10)
      `,
      errors: [{ messageId: "dropoutBeforeNorm", line: 4, data: { layer: "dropout", norm: "batch_normalization" } }],
    },
  ],
});
