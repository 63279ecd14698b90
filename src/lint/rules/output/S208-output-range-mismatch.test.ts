import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S208-output-range-mismatch.js";

ruleTester(rule, {
  valid: [
    {
      name: "boston housing with a linear output",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1)])
        model.compile(loss='mse', optimizer='adam', metrics=['mae'])
        model.fit(x_train, y_train, epochs=10)
      `,
    },
    { name: "linear output for house prices", program: model().dense(64, "relu").dense(1).compile({ loss: "mean_squared_error" }).fit({ y: { task: "regression", range: [5, 50] } }).program() },
    { name: "sigmoid for targets in [0, 1]", program: model().dense(1, "sigmoid").compile({ loss: "mean_absolute_error" }).fit({ y: { range: [0, 1] } }).program() },
    { name: "tanh for targets in [-1, 1]", program: model().dense(1, "tanh").compile({ loss: "mean_squared_error" }).fit({ y: { range: [-1, 1] } }).program() },
    { name: "classification losses compare class indices, not values", program: model().dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { range: [0, 9] } }).program() },
    { name: "range unknown", program: model().dense(1, "sigmoid").compile({ loss: "mean_squared_error" }).fit({ y: { task: "regression" } }).program() },
  ],
  invalid: [
    {
      name: "boston housing prices through a sigmoid",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1, activation='sigmoid')])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x_train, y_train, epochs=10)
      `,
      errors: [{ messageId: "rangeMismatch", line: 3, column: 89, data: { activation: "sigmoid", labels: "y_train" } }],
    },
    {
      name: "sigmoid for prices in [5, 50]",
      program: model().dense(64, "relu").dense(1, "sigmoid").compile({ loss: "mean_squared_error" }).fit({ y: { range: [5, 50], variable: "y_train" } }).program(),
      errors: [{ messageId: "rangeMismatch", line: 2, column: 1, data: { activation: "sigmoid", outputRange: "[0, 1]", targetRange: "[5, 50]", labels: "y_train" } }],
    },
    {
      name: "ReLU for negative targets",
      program: model().dense(1, "relu").compile({ loss: "huber" }).fit({ y: { range: [-2.5, 2.5] } }).program(),
      errors: [{ messageId: "rangeMismatch", data: { outputRange: "[0, ∞]", targetRange: "[-2.5, 2.5]" } }],
    },
    {
      name: "sigmoid Activation layer for targets in [-1, 1]",
      program: model().dense(1).layer("activation", {}, { activation: "sigmoid" }).compile({ loss: "mean_squared_error" }).fit({ y: { range: [-1, 1] } }).program(),
      errors: [{ messageId: "rangeMismatch", line: 2 }],
    },
  ],
});
