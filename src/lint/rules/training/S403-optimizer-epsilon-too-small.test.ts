import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S403-optimizer-epsilon-too-small.js";

ruleTester(rule, {
  valid: [
    {
      name: "Adam default epsilon",
      code: `
        import tensorflow as tf
        opt = tf.keras.optimizers.Adam(1e-3)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer=opt)
      `,
    },
    { name: "default epsilon", program: model().dense(1).compile({ optimizer: "adam", epsilon: 1e-7 }).program() },
    { name: "SGD has no epsilon", program: model().dense(1).compile({ optimizer: "sgd", epsilon: 1e-12 }).program() },
  ],
  invalid: [
    {
      name: "Adam(epsilon=1e-12)",
      code: `
        import tensorflow as tf
        opt = tf.keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-12)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer=opt)
      `,
      // The optimizer is located where it is constructed, not where compile receives it.
      errors: [{ messageId: "epsilonTooSmall", line: 2, column: 7, data: { epsilon: 1e-12 } }],
    },
    { name: "Adam 1e-12", program: model().dense(1).compile({ optimizer: "adam", epsilon: 1e-12 }).program(), errors: [{ messageId: "epsilonTooSmall", line: 2, column: 40, data: { epsilon: 1e-12 } }] },
    { name: "option minEpsilon", options: { minEpsilon: 1e-6 }, program: model().dense(1).compile({ optimizer: "rmsprop", epsilon: 1e-7 }).program(), errors: [{ messageId: "epsilonTooSmall", data: { minEpsilon: 1e-6 } }] },
  ],
});
