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
        model.compile(loss='mse', optimizer=Adam(lr=0.1))
      `,
      errors: [{ messageId: "tooHigh", line: 6, data: { learningRate: 0.1, optimizer: "Adam" } }],
    },
    { name: "Adam 0.1", program: model().dense(1).compile({ optimizer: "adam", learningRate: 0.1, line: 3 }).program(), errors: [{ messageId: "tooHigh", line: 3, column: 40, data: { learningRate: 0.1, high: 0.01 } }] },
    { name: "SGD 1e-7", program: model().dense(1).compile({ optimizer: "sgd", learningRate: 1e-7 }).program(), errors: [{ messageId: "tooLow", data: { low: 1e-5 } }] },
  ],
});
