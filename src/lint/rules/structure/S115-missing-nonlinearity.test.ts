import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S115-missing-nonlinearity.js";

ruleTester(rule, {
  valid: [
    {
      name: "linear Dense, BatchNormalization, Activation('relu')",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(64, input_shape=(20,)),
            layers.BatchNormalization(),
            layers.Activation('relu'),
            layers.Dense(1),
        ])
      `,
    },
    { name: "relu hidden layers", program: model().dense(64, "relu").dense(10, "softmax").program() },
    { name: "linear Dense, BatchNormalization, then ReLU", program: model().dense(64).layer("batchNormalization").layer("relu").dense(10, "softmax").program() },
    { name: "linear output head", program: model().dense(64, "relu").dense(1).program() },
    { name: "linear head behind an Activation", program: model().dense(64, "relu").dense(10).layer("activation", {}, { activation: "softmax" }).program() },
    { name: "linear conv then max pooling", program: model().layer("conv2d", {}, { activation: "linear" }).layer("maxPooling2d").layer("flatten").dense(10, "softmax").program() },
    { name: "unknown activation", program: model().layer("dense", { units: 64 }).dense(10, "softmax").program() },
    { name: "followed by an LSTM (own non-linearity)", program: model().dense(64).layer("lstm", { units: 8 }).dense(1, "sigmoid").program() },
    { name: "Conv, BN, Add, ReLU (residual)", program: model().layer("conv2d", {}, { activation: "linear" }).layer("batchNormalization").layer("add", {}, { inbound: [1] }).layer("relu").layer("conv2d", {}, { activation: "relu" }).program() },
    {
      // Real-world false alarm: chained 1×1 projection shortcuts (Xception-style blocks) meet additions.
      name: "linear 1x1 projection shortcuts added to a non-linear main path, block after block",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        inputs = keras.Input(shape=(64, 64, 3))
        x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
        shortcut = x
        for width in [32, 64]:
            x = layers.Conv2D(width, 3, padding="same", activation="relu")(x)
            x = layers.MaxPooling2D(2)(x)
            projected = layers.Conv2D(width, 1, strides=2, padding="same")(shortcut)
            x = layers.add([x, projected])
            shortcut = x
        x = layers.GlobalAveragePooling2D()(x)
        outputs = layers.Dense(5, activation="softmax")(x)
        model = keras.Model(inputs, outputs)
      `,
    },
  ],
  invalid: [
    {
      name: "hidden Dense layers with no activation",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(128, input_shape=(784,)),
            layers.Dense(64, activation='relu'),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "collapsesInto", line: 4, column: 5, data: { layer: "dense", next: "dense_1" } }],
    },
    {
      name: "two linear Dense layers",
      program: model().dense(128).dense(64, "relu").dense(10, "softmax").program(),
      errors: [{ messageId: "collapsesInto", line: 1, column: 1, data: { layer: "dense_0", next: "dense_1" } }],
    },
    {
      name: "linear conv, average pooling, Flatten, Dense: collapses at distance 3",
      program: model().layer("conv2d", {}, { activation: "linear" }).layer("averagePooling2d").layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "collapsesInto", line: 1, data: { next: "dense_3" } }],
    },
    {
      name: "no non-linearity within 3 layers",
      program: model().layer("conv2d", {}, { activation: "linear" }).layer("averagePooling2d").layer("dropout").layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "noNonlinearity", line: 1, data: { distance: 3 } }],
    },
    {
      name: "linear conv into Dense within the window",
      program: model().layer("conv2d", {}, { activation: "linear" }).layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "collapsesInto", data: { next: "dense_2" } }],
    },
    {
      name: "maxDistance option",
      options: { maxDistance: 1 },
      program: model().dense(64).layer("dropout", { rate: 0.5 }).layer("relu").dense(1).program(),
      errors: [{ messageId: "noNonlinearity", data: { distance: 1 } }],
    },
  ],
});
