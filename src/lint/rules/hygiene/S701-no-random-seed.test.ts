import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S701-no-random-seed.js";

ruleTester(rule, {
  valid: [
    {
      name: "tf.random.set_seed",
      code: `
        import tensorflow as tf
        tf.random.set_seed(42)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y)
      `,
    },
    {
      name: "np.random.seed",
      code: `
        import numpy as np
        import tensorflow as tf
        np.random.seed(0)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y)
      `,
    },
    { name: "seed set", program: model().dense(1).fit({}).program({ seedSet: true }) },
    { name: "seed unknown", program: model().dense(1).fit({}).program() },
    { name: "no training", program: model().dense(1).program({ seedSet: false }) },
  ],
  invalid: [
    {
      name: "no seed anywhere",
      code: `
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y)
      `,
      errors: [{ messageId: "noSeed", line: 4, column: 1 }],
    },
    { name: "training without a seed", program: model().dense(1).fit({}).fit({}).program({ seedSet: false }), errors: [{ messageId: "noSeed", line: 2, column: 1, data: { method: "fit" } }] },
  ],
});
