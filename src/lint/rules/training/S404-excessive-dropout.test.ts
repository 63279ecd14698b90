import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S404-excessive-dropout.js";

ruleTester(rule, {
  valid: [
    {
      name: "Dropout(0.5)",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(8, activation='relu', input_shape=(4,)), keras.layers.Dropout(0.5)])
      `,
    },
    { name: "0.5", program: model().dense(64, "relu").layer("dropout", { rate: 0.5 }).program() },
    { name: "rate unknown", program: model().dense(64, "relu").layer("dropout").program() },
  ],
  invalid: [
    {
      name: "Keras 1 Dropout(p=0.9)",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense, Dropout
        model = Sequential()
        model.add(Dense(8, activation='relu', input_dim=4))
        model.add(Dropout(p=0.9))
      `,
      errors: [{ messageId: "excessiveDropout", line: 5, column: 11, data: { rate: 0.9 } }],
    },
    { name: "0.8", program: model().dense(64, "relu").layer("dropout", { rate: 0.8 }).program(), errors: [{ messageId: "excessiveDropout", line: 2, column: 1, data: { rate: 0.8, maxRate: 0.5 } }] },
    { name: "SpatialDropout 0.6", program: model().layer("spatialDropout", { rate: 0.6 }).program(), errors: [{ messageId: "excessiveDropout", line: 1 }] },
  ],
});
