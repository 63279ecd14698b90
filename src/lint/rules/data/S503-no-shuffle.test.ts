import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S503-no-shuffle.js";

ruleTester(rule, {
  valid: [
    {
      name: "tf.data pipeline with shuffle",
      code: `
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.mnist.load_data()
        ds = tf.data.Dataset.from_tensor_slices((x / 255.0, y)).shuffle(10000).batch(32)
        model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(ds, epochs=3)
      `,
    },
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
    { name: "stateful LSTM needs order", program: model().layer("lstm", { units: 4, stateful: true }).dense(1).fit({ shuffle: false }).program() },
  ],
  invalid: [
    {
      name: "tf.data pipeline never shuffled",
      code: `
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.mnist.load_data()
        ds = tf.data.Dataset.from_tensor_slices((x / 255.0, y)).batch(32)
        model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(ds, epochs=3)
      `,
      errors: [{ messageId: "noShuffle", line: 6, column: 1 }],
    },
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
