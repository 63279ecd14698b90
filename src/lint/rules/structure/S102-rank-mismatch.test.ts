import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S102-rank-mismatch.js";

ruleTester(rule, {
  valid: [
    {
      name: "Conv2D with a channel axis",
      code: `
        from keras.models import Sequential
        from keras.layers import Conv2D, Flatten, Dense
        model = Sequential()
        model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)))
        model.add(Flatten())
        model.add(Dense(10, activation='softmax'))
      `,
    },
    { name: "Conv2D on (28, 28, 1)", program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3] }, { input: [null, 28, 28, 1] }).program() },
    { name: "LSTM on a sequence", program: model().layer("embedding", { inputDim: 100, outputDim: 8 }, { input: [null, 20] }).layer("lstm", { units: 4 }, { inputShapes: [[null, 20, 8]] }).program() },
    { name: "shape unknown", program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3] }).program() },
    { name: "Dense accepts any rank", program: model().dense(4, "relu", { input: [null, 5, 5] }).program() },
  ],
  invalid: [
    {
      name: "Conv2D with input_shape=(28, 28)",
      code: `
        from keras.models import Sequential
        from keras.layers import Conv2D, Flatten, Dense
        model = Sequential()
        model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28)))
        model.add(Flatten())
        model.add(Dense(10, activation='softmax'))
      `,
      errors: [{ messageId: "rankMismatch", line: 4, column: 11, data: { expected: 4, rank: 3, shape: "(None, 28, 28)" } }],
    },
    {
      name: "LSTM after a Dense",
      code: `
        from tensorflow import keras
        inputs = keras.Input(shape=(20,))
        x = keras.layers.Dense(32, activation='relu')(inputs)
        x = keras.layers.LSTM(16)(x)
        model = keras.Model(inputs, keras.layers.Dense(1)(x))
      `,
      errors: [{ messageId: "rankMismatch", line: 4, column: 5, data: { expected: 3, rank: 2, shape: "(None, 32)" } }],
    },
    {
      name: "Conv2D with input_shape=(28, 28)",
      program: model().layer("conv2d", { filters: 8, kernelSize: [3, 3] }, { input: [null, 28, 28] }).program(),
      errors: [{ messageId: "rankMismatch", line: 1, column: 1, data: { expected: 4, rank: 3, shape: "(None, 28, 28)", layout: "(batch, height, width, channels)" } }],
    },
    {
      name: "LSTM fed a Dense output",
      program: model().dense(8, "relu", { input: [null, 10], out: [null, 8] }).layer("lstm", { units: 4 }, { inputShapes: [[null, 8]] }).program(),
      errors: [{ messageId: "rankMismatch", line: 2, data: { expected: 3, rank: 2 } }],
    },
    {
      name: "MaxPooling1D on an image",
      program: model().layer("maxPooling1d", { poolSize: [2] }, { input: [null, 28, 28, 1] }).program(),
      errors: [{ messageId: "rankMismatch", data: { expected: 3, rank: 4 } }],
    },
  ],
});
