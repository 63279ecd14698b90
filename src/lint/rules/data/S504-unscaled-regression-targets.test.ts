import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S504-unscaled-regression-targets.js";

const prices = { range: [14999, 500001] as [number, number], task: "regression" as const, encoding: "continuous" as const, variable: "y_train" };
const regressor = (activation: "linear" | "sigmoid" | "relu" = "linear") => model().dense(64, "relu").dense(1, activation);

ruleTester(rule, {
  valid: [
    {
      name: "boston housing targets (5 to 50)",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1)])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x_train, y_train, epochs=10)
      `,
    },
    {
      name: "targets scaled down before fit",
      code: `
        import numpy as np
        from tensorflow import keras
        x = np.random.rand(1000, 8)
        y = np.random.uniform(15000, 500000, size=(1000,))
        y = y / 100000.0
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(8,)), keras.layers.Dense(1)])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y, epochs=10)
      `,
    },
    { name: "standardised targets (range unknown)", program: regressor().compile({ loss: "mean_squared_error" }).fit({ y: { task: "regression" } }).program() },
    { name: "classification loss", program: model().dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" }).fit({ y: { range: [0, 5000], encoding: "integer" } }).program() },
    { name: "class labels under a regression loss are S207's", program: regressor().compile({ loss: "mean_squared_error" }).fit({ y: { range: [0, 9999], encoding: "integer" } }).program() },
    { name: "range within the limit", program: regressor().compile({ loss: "mean_absolute_error" }).fit({ y: { range: [-900, 900], task: "regression" } }).program() },
    { name: "no loss and targets not known to be continuous", program: regressor().fit({ y: { range: [0, 5000] } }).program() },
  ],
  invalid: [
    {
      name: "uniform prices in dollars with mse",
      code: `
        import numpy as np
        from tensorflow import keras
        x = np.random.rand(1000, 8)
        y = np.random.uniform(15000, 500000, size=(1000,))
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(8,)), keras.layers.Dense(1)])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y, epochs=10)
      `,
      errors: [{ messageId: "unscaledTargets", line: 7, column: 1, data: { labels: "y", range: "[15000, 500000]", method: "fit" } }],
    },
    {
      name: "boston targets multiplied into dollars, sigmoid output",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        y_train = y_train * 1000
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(13,)), keras.layers.Dense(1, activation='sigmoid')])
        model.compile(loss='mae', optimizer='adam')
        model.fit(x_train, y_train, epochs=10)
      `,
      errors: [{ messageId: "boundedOutput", line: 6, column: 1, severity: "error", data: { labels: "y_train", range: "[5000, 50000]", layer: "dense_1", activation: "sigmoid", outputRange: "[0, 1]" } }],
    },
    {
      name: "linear output",
      program: regressor().compile({ loss: "mean_squared_error" }).fit({ y: prices, line: 4 }).program(),
      errors: [{ messageId: "unscaledTargets", line: 4, column: 1, data: { labels: "y_train", method: "fit" } }],
    },
    {
      name: "ReLU output reaches positive targets: a warning",
      program: regressor("relu").compile({ loss: "huber" }).fit({ y: prices }).program(),
      errors: [{ messageId: "unscaledTargets" }],
    },
    {
      name: "sigmoid output cannot reach them: an error",
      program: regressor("sigmoid").compile({ loss: "mean_squared_error" }).fit({ y: prices }).program(),
      errors: [{ messageId: "boundedOutput", severity: "error", data: { layer: "dense_1", activation: "sigmoid", outputRange: "[0, 1]" } }],
    },
    {
      name: "no compile, continuous targets",
      program: regressor().fit({ y: { range: [-2e4, 10], encoding: "continuous" } }).program(),
      errors: [{ messageId: "unscaledTargets", data: { labels: "y" } }],
    },
    {
      name: "options: maxMagnitude",
      options: { maxMagnitude: 10 },
      program: regressor().compile({ loss: "mean_squared_error" }).fit({ y: { range: [5, 50], task: "regression" } }).program(),
      errors: [{ messageId: "unscaledTargets", data: { range: "[5, 50]" } }],
    },
  ],
});
