import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S118-batch-size-mismatch.js";

const lstm = { units: 32 };

ruleTester(rule, {
  valid: [
    { name: "no fixed batch dimension", program: model().layer("lstm", lstm, { input: [null, 10, 8] }).dense(1).fit({ batchSize: 64 }).program() },
    { name: "same batch size", program: model().layer("lstm", lstm, { input: [16, 10, 8] }).dense(1).fit({ batchSize: 16, x: { shape: [160, 10, 8] } }).program() },
    { name: "batch size unknown", program: model().layer("lstm", lstm, { input: [16, 10, 8] }).dense(1).fit({}).program() },
    { name: "same batch size, sample count unknown", program: model().layer("lstm", lstm, { input: [16, 10, 8] }).dense(1).fit({ batchSize: 16 }).program() },
    {
      name: "Python: batch_input_shape and batch_size agree",
      code: `
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        x = np.zeros((320, 10, 8))
        y = np.zeros((320, 1))
        model = keras.Sequential([layers.LSTM(32, batch_input_shape=(32, 10, 8), stateful=True), layers.Dense(1)])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y, batch_size=32, epochs=2, shuffle=False)
      `,
    },
  ],
  invalid: [
    {
      name: "fixed 16, fit with 64",
      program: model().layer("lstm", lstm, { input: [16, 10, 8] }).dense(1).fit({ batchSize: 64 }).program(),
      errors: [{ messageId: "batchSizeMismatch", line: 3, column: 1, data: { batchSize: 64, fixed: 16, layer: "lstm_0" } }],
    },
    {
      name: "train_on_batch with another number of rows",
      program: model().layer("dense", { units: 4 }, { input: [8, 3] }).fit({ driver: "batch-step", call: "train_on_batch", batchSize: 5 }).program(),
      errors: [{ messageId: "batchSizeMismatch", data: { method: "train_on_batch", batchSize: 5, fixed: 8 } }],
    },
    {
      name: "a last partial batch",
      program: model().layer("lstm", lstm, { input: [32, 10, 8] }).dense(1).fit({ batchSize: 32, x: { shape: [1000, 10, 8] } }).program(),
      errors: [{ messageId: "partialLastBatch", line: 3, data: { samples: 1000, remainder: 8 } }],
    },
    {
      name: "Python: batch_input_shape 16, fit's default 32",
      code: `
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        x = np.zeros((320, 10, 8))
        y = np.zeros((320, 1))
        model = keras.Sequential([layers.LSTM(32, batch_input_shape=(16, 10, 8), stateful=True), layers.Dense(1)])
        model.compile(loss='mse', optimizer='adam')
        model.fit(x, y, epochs=2)
      `,
      errors: [{ messageId: "batchSizeMismatch", line: 8, column: 1, data: { batchSize: 32, fixed: 16, method: "fit" } }],
    },
    {
      name: "Python: Input(batch_size=) differs from batch_size=",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        inputs = keras.Input(shape=(784,), batch_size=100)
        outputs = layers.Dense(10, activation='softmax')(inputs)
        model = keras.Model(inputs, outputs)
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, batch_size=128)
      `,
      errors: [{ messageId: "batchSizeMismatch", line: 7, data: { batchSize: 128, fixed: 100 } }],
    },
  ],
});
