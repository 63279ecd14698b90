import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S302-nonzero-bias-init.js";

ruleTester(rule, {
  valid: [
    {
      name: "default zeros bias",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(8, activation='relu', input_shape=(4,))])
      `,
    },
    { name: "zeros bias", program: model().dense(64, "relu", { biasInitializer: "zeros" }).program() },
    { name: "bias unknown", program: model().dense(64, "relu").program() },
  ],
  invalid: [
    {
      name: "random_normal bias",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(8, activation='relu', bias_initializer='random_normal', input_shape=(4,))])
      `,
      errors: [{ messageId: "nonzeroBias", line: 2, column: 27, data: { initializer: "random_normal" } }],
    },
    { name: "random_normal bias", program: model().dense(64, "relu", { biasInitializer: "random_normal" }).program(), errors: [{ messageId: "nonzeroBias", line: 1, column: 1, data: { initializer: "random_normal" } }] },
    { name: "ones bias on a conv", program: model().layer("conv2d", {}, { activation: "relu", biasInitializer: "ones" }).program(), errors: [{ messageId: "nonzeroBias", data: { kind: "Conv2d" } }] },
  ],
});
