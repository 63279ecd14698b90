import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S405-no-validation.js";

ruleTester(rule, {
  valid: [
    {
      name: "validation_data given",
      code: `
        from tensorflow import keras
        (x, y), (xt, yt) = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x / 255.0, y, validation_data=(xt / 255.0, yt))
      `,
    },
    { name: "validation_split", program: model().dense(1).fit({ validation: "split" }).program() },
    { name: "validation unknown", program: model().dense(1).fit({}).program() },
    { name: "one of two calls validates", program: model().dense(1).fit({ validation: "none" }).fit({ validation: "data" }).program() },
    { name: "no training", program: model().dense(1).program() },
  ],
  invalid: [
    {
      name: "fit without validation",
      code: `
        from tensorflow import keras
        (x, y), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x / 255.0, y, epochs=3)
      `,
      errors: [{ messageId: "noValidation", line: 5, column: 1, data: { method: "fit" } }],
    },
    { name: "fit without validation", program: model().dense(1).fit({ validation: "none", line: 9 }).program(), errors: [{ messageId: "noValidation", line: 9, column: 1, data: { method: "fit" } }] },
  ],
});
