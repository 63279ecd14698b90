import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S111-increasing-dense-widths.js";

ruleTester(rule, {
  valid: [
    { name: "256, 128, 10", program: model().dense(256, "relu").dense(128, "relu").dense(10, "softmax").program() },
    { name: "equal widths", program: model().dense(128, "relu").layer("dropout", { rate: 0.2 }).dense(128, "relu").dense(10, "softmax").program() },
    { name: "output wider than the hidden layer", program: model().dense(32, "relu").dense(100, "softmax").program() },
    { name: "units unknown", program: model().layer("dense", {}, { activation: "relu" }).dense(256, "relu").dense(10, "softmax").program() },
    {
      name: "autoencoder trained on fit(x, x)",
      program: model().dense(128, "relu").dense(32, "relu").dense(128, "relu").dense(784, "sigmoid").fit({ x: { variable: "x_train" }, y: { variable: "x_train" } }).program(),
    },
    {
      name: "GAN generator widening from its noise input to the pixels",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.optimizers import Adam
        gen = Sequential([
            Dense(128, input_shape=(50,), activation='relu'),
            Dense(256, activation='relu'),
            Dense(1024, activation='sigmoid'),
        ])
        disc = Sequential([
            Dense(256, input_shape=(1024,), activation='relu'),
            Dense(1, activation='sigmoid'),
        ])
        disc.compile(Adam(1e-4), "binary_crossentropy")
        gan = Sequential([gen, disc])
        gan.compile(Adam(1e-4), "binary_crossentropy")
      `,
    },
  ],
  invalid: [
    {
      name: "64 then 256",
      program: model().dense(64, "relu").dense(256, "relu").dense(10, "softmax").program(),
      errors: [{ messageId: "widerLater", line: 2, column: 1, data: { layer: "dense_1", units: 256, earlier: "dense_0", earlierUnits: 64 } }],
    },
    {
      name: "through dropout and batch normalisation",
      program: model().dense(32, "relu").layer("dropout", { rate: 0.5 }).layer("batchNormalization").dense(64, "relu").dense(1, "sigmoid").program(),
      errors: [{ messageId: "widerLater", line: 4, data: { units: 64, earlierUnits: 32 } }],
    },
    {
      name: "Python MLP with widening hidden layers",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(32, activation='relu', input_shape=(20,)),
            layers.Dense(128, activation='relu'),
            layers.Dense(1, activation='sigmoid'),
        ])
      `,
      errors: [{ messageId: "widerLater", line: 5, column: 5, data: { layer: "dense_1", earlier: "dense", units: 128, earlierUnits: 32 } }],
    },
  ],
});
