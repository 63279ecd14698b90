import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S402-learning-rate-out-of-range.js";

ruleTester(rule, {
  valid: [
    {
      name: "SGD(0.1, momentum=0.9)",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer=keras.optimizers.SGD(0.1, momentum=0.9))
      `,
    },
    { name: "Adam 1e-3", program: model().dense(1).compile({ optimizer: "adam", learningRate: 1e-3 }).program() },
    { name: "SGD 0.1", program: model().dense(1).compile({ optimizer: "sgd", learningRate: 0.1 }).program() },
    { name: "learning rate unknown", program: model().dense(1).compile({ optimizer: "adam" }).program() },
    { name: "unknown optimizer", program: model().dense(1).compile({ optimizer: "unknown", learningRate: 5 }).program() },
    {
      // Real-world false alarm: Adam at 0.02-0.05 on a small regression trains well.
      name: "Adam 0.05 on a small regression",
      code: `
        import numpy as np
        from tensorflow import keras
        features = np.random.rand(200, 3)
        prices = features @ np.array([2.0, -1.0, 0.5]) + 0.1
        model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(3,)), keras.layers.Dense(1)])
        model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=0.05))
        model.fit(features, prices, epochs=50, validation_split=0.2)
      `,
    },
    { name: "Adam 0.1 (a linear model in TensorFlow's regression tutorial)", program: model().dense(1).compile({ optimizer: "adam", learningRate: 0.1 }).program() },
    { name: "RMSprop 0.02", program: model().dense(1).compile({ optimizer: "rmsprop", learningRate: 0.02 }).program() },
    { name: "Adamax 0.002 (its Keras 2 default)", program: model().dense(1).compile({ optimizer: "adamax", learningRate: 0.002 }).program() },
    { name: "SGD 3.0 (a sigmoid network with a squared error)", program: model().dense(1, "sigmoid").compile({ optimizer: "sgd", learningRate: 3 }).program() },
    { name: "SGD 1e-7 (a linear regression on unscaled features)", program: model().dense(1).compile({ optimizer: "sgd", learningRate: 1e-7 }).program() },
    { name: "Adadelta 1.0 (Keras 2's default, the paper's form)", program: model().dense(1).compile({ optimizer: "adadelta", learningRate: 1 }).program() },
    { name: "Adadelta 0.001 (tf.keras's default)", program: model().dense(1).compile({ optimizer: "adadelta", learningRate: 0.001 }).program() },
    { name: "Adagrad 0.1", program: model().dense(1).compile({ optimizer: "adagrad", learningRate: 0.1 }).program() },
    { name: "a wider Adam range from the options", options: { adamMax: 1 }, program: model().dense(1).compile({ optimizer: "adam", learningRate: 0.5 }).program() },
  ],
  invalid: [
    {
      name: "Keras 1 Adam(lr=0.1)",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.optimizers import Adam
        model = Sequential()
        model.add(Dense(1, input_dim=4))
        model.compile(loss='mse', optimizer=Adam(lr=0.5))
      `,
      errors: [{ messageId: "tooHigh", line: 6, data: { learningRate: 0.5, optimizer: "Adam" } }],
    },
    { name: "Adam 0.5", program: model().dense(1).compile({ optimizer: "adam", learningRate: 0.5, line: 3 }).program(), errors: [{ messageId: "tooHigh", line: 3, column: 40, data: { learningRate: 0.5, high: 0.1 } }] },
    { name: "SGD 1e-8", program: model().dense(1).compile({ optimizer: "sgd", learningRate: 1e-8 }).program(), errors: [{ messageId: "tooLow", data: { low: 1e-7 } }] },
    { name: "RMSprop 1e-8", program: model().dense(1).compile({ optimizer: "rmsprop", learningRate: 1e-8 }).program(), errors: [{ messageId: "tooLow", data: { low: 1e-6 } }] },
    { name: "SGD 10", program: model().dense(1).compile({ optimizer: "sgd", learningRate: 10 }).program(), errors: [{ messageId: "tooHigh", data: { high: 5 } }] },
    { name: "Adagrad 2", program: model().dense(1).compile({ optimizer: "adagrad", learningRate: 2 }).program(), errors: [{ messageId: "tooHigh", data: { high: 1 } }] },
    { name: "Adadelta 50", program: model().dense(1).compile({ optimizer: "adadelta", learningRate: 50 }).program(), errors: [{ messageId: "tooHigh", data: { high: 10 } }] },
    { name: "a tighter Adam range from the options", options: { adamMax: 0.01 }, program: model().dense(1).compile({ optimizer: "nadam", learningRate: 0.02 }).program(), errors: [{ messageId: "tooHigh", data: { high: 0.01 } }] },
    { name: "a tighter SGD range from the options", options: { sgdMin: 1e-4 }, program: model().dense(1).compile({ optimizer: "sgd", learningRate: 1e-5 }).program(), errors: [{ messageId: "tooLow", data: { low: 1e-4 } }] },
  ],
});
