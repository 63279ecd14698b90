import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S503-no-shuffle.js";

ruleTester(rule, {
  valid: [
    {
      name: "shuffle=True",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y, shuffle=True)
      `,
    },
    { name: "default shuffle", program: model().dense(1).fit({}).program() },
    { name: "stateful LSTM needs order", program: model().layer("lstm", { units: 4, extra: { stateful: true } }).dense(1).fit({ shuffle: false }).program() },
  ],
  invalid: [
    {
      name: "shuffle=False",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y, shuffle=False)
      `,
      errors: [{ messageId: "noShuffle", line: 4, column: 1 }],
    },
    { name: "shuffle=False", program: model().dense(1).fit({ shuffle: false }).program(), errors: [{ messageId: "noShuffle", line: 2, column: 1 }] },
  ],
});
