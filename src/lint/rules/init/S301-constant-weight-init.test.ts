import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S301-constant-weight-init.js";

ruleTester(rule, {
  valid: [
    {
      name: "he_normal kernels",
      code: `
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.Dense(64, activation='relu', kernel_initializer='he_normal', input_shape=(10,)),
            keras.layers.Dense(1, kernel_initializer='glorot_normal', bias_initializer='zeros'),
        ])
      `,
    },
    { name: "default initialisers", program: model().dense(64, "relu", { kernelInitializer: "glorot_uniform" }).dense(10, "softmax").program() },
    { name: "zero bias is fine", program: model().dense(64, "relu", { biasInitializer: "zeros" }).dense(10, "softmax").program() },
    { name: "BatchNormalization is not a kernel", program: model().dense(64, "relu").layer("batchNormalization", {}, { kernelInitializer: "ones" }).dense(10, "softmax").program() },
  ],
  invalid: [
    {
      name: "zeros and Constant initialisers",
      code: `
        from tensorflow import keras
        from tensorflow.keras import initializers
        model = keras.Sequential([
            keras.layers.Dense(64, activation='relu', kernel_initializer='zeros', input_shape=(10,)),
            keras.layers.Dense(32, activation='relu', kernel_initializer=initializers.Constant(0.5)),
            keras.layers.Dense(1, kernel_initializer='zeros'),
        ])
      `,
      errors: [
        { messageId: "constantHidden", line: 4, column: 5, data: { initializer: "zeros" } },
        { messageId: "constantHidden", line: 5, column: 5 },
        { messageId: "constantOutput", line: 6, column: 5, severity: "info" },
      ],
    },
    {
      name: "zeros on a hidden layer",
      program: model().dense(64, "relu", { kernelInitializer: "zeros" }).dense(10, "softmax").program(),
      errors: [{ messageId: "constantHidden", line: 1, column: 1, data: { initializer: "zeros" } }],
    },
    {
      name: "ones on a hidden conv",
      program: model().layer("conv2d", { filters: 8 }, { activation: "relu", kernelInitializer: "ones" }).layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "constantHidden", line: 1, data: { kind: "Conv2d" } }],
    },
    {
      name: "zero-initialised output head is info",
      program: model().dense(64, "relu").dense(10, "linear", { kernelInitializer: "zeros" }).layer("activation", {}, { activation: "softmax" }).program(),
      errors: [{ messageId: "constantOutput", line: 2, severity: "info" }],
    },
  ],
});
