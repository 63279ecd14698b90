import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S210-accuracy-on-regression.js";

ruleTester(rule, {
  valid: [
    {
      name: "mae metric",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, input_shape=(13,))])
        model.compile(loss='mse', optimizer='adam', metrics=['mae'])
      `,
    },
    { name: "mae metric on mse", program: model().dense(1).compile({ loss: "mean_squared_error", metrics: ["mean_absolute_error"] }).program() },
    { name: "accuracy on cross-entropy", program: model().dense(10, "softmax").compile({ loss: "categorical_crossentropy", metrics: ["accuracy"] }).program() },
    { name: "mse on class labels is S207's", program: model().dense(10, "softmax").compile({ loss: "mean_squared_error", metrics: ["accuracy"] }).fit({ y: { encoding: "one-hot" } }).program() },
  ],
  invalid: [
    {
      name: "accuracy with mse on boston housing",
      code: `
        from tensorflow import keras
        (x, y), _ = keras.datasets.boston_housing.load_data()
        model = keras.Sequential([keras.layers.Dense(1, input_shape=(13,))])
        model.compile(loss='mse', optimizer='adam', metrics=['accuracy'])
        model.fit(x, y)
      `,
      // Column not asserted: the front end gives every metric the span of the whole metrics list.
      errors: [{ messageId: "accuracyOnRegression", line: 4, data: { metric: "accuracy", loss: "mse" } }],
    },
    {
      name: "accuracy with mse",
      program: model().dense(1).compile({ loss: "mean_squared_error", metrics: ["accuracy"], line: 4 }).program(),
      errors: [{ messageId: "accuracyOnRegression", line: 4, column: 60, data: { metric: "accuracy", loss: "mean_squared_error" } }],
    },
  ],
});
