import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model, type ModelBuilder } from "../../../../test/helpers/model-builder.js";
import type { ProgramModel, RegularizerSpec } from "../../../model/program.js";
import rule from "./S406-excessive-regularisation.js";

/** The builder's program with kernel regularisers set on the layers given by index. */
function regularised(builder: ModelBuilder, regularizers: Record<number, Omit<RegularizerSpec, "frameworkName"> & { frameworkName?: string }>): ProgramModel {
  const program = builder.program();
  for (const [index, spec] of Object.entries(regularizers)) {
    const layer = program.models[0]!.architecture.layers[Number(index)]!;
    layer.kernelRegularizer = { frameworkName: spec.kind, ...spec };
  }
  return program;
}

const mlp = () => model().dense(256, "relu").dense(256, "relu").dense(10, "softmax");

ruleTester(rule, {
  valid: [
    {
      name: "small l2 factors",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers, regularizers
        model = keras.Sequential([
            layers.Dense(256, activation='relu', kernel_regularizer=regularizers.l2(1e-4), input_shape=(784,)),
            layers.Dense(10, activation='softmax', kernel_regularizer=regularizers.l2(1e-4)),
        ])
      `,
    },
    { name: "no regularisers", program: mlp().program() },
    { name: "1e-4 everywhere", program: regularised(mlp(), { 0: { kind: "l2", l2: 1e-4 }, 1: { kind: "l2", l2: 1e-4 }, 2: { kind: "l2", l2: 1e-4 } }) },
    { name: "heavy on one layer of three", program: regularised(mlp(), { 1: { kind: "l2", l2: 0.1 } }) },
    { name: "heavy on exactly half", program: regularised(model().dense(64, "relu").dense(1, "sigmoid"), { 0: { kind: "l1", l1: 0.05 } }) },
    { name: "factor unknown", program: regularised(mlp(), { 0: { kind: "unknown" }, 1: { kind: "unknown" }, 2: { kind: "unknown" } }) },
    { name: "model incomplete", program: regularised(mlp().incomplete(), { 0: { kind: "l2", l2: 0.1 }, 1: { kind: "l2", l2: 0.1 } }) },
    {
      name: "batch normalisation layers are not weight layers",
      program: regularised(model().dense(64, "relu").layer("batchNormalization").layer("batchNormalization").dense(1, "sigmoid"), { 1: { kind: "l2", l2: 0.1 }, 2: { kind: "l2", l2: 0.1 } }),
    },
  ],
  invalid: [
    {
      name: "l2(0.01) on every Dense layer",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers, regularizers
        model = keras.Sequential([
            layers.Dense(256, activation='relu', kernel_regularizer=regularizers.l2(0.01), input_shape=(784,)),
            layers.Dense(256, activation='relu', kernel_regularizer=regularizers.l2(0.01)),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "excessiveRegularisation", line: 4, column: 61, data: { count: 2, total: 3, largest: 0.01, layer: "dense" } }],
    },
    {
      name: "Keras default l2() is 0.01",
      code: `
        from keras.models import Sequential
        from keras.layers import Conv2D, Dense, Flatten
        from keras.regularizers import l2
        model = Sequential()
        model.add(Conv2D(32, (3, 3), activation='relu', kernel_regularizer=l2(), input_shape=(28, 28, 1)))
        model.add(Flatten())
        model.add(Dense(10, activation='softmax', kernel_regularizer=l2()))
      `,
      errors: [{ messageId: "excessiveRegularisation", line: 5, data: { count: 2, total: 2, largest: 0.01 } }],
    },
    {
      name: "heavy on all three layers, l1_l2 counted by its larger factor",
      program: regularised(mlp(), { 0: { kind: "l2", l2: 0.01 }, 1: { kind: "l1_l2", l1: 0.001, l2: 0.05 }, 2: { kind: "l1", l1: 0.02 } }),
      errors: [{ messageId: "excessiveRegularisation", line: 1, column: 1, data: { count: 3, total: 3, largest: 0.05, minFactor: 0.01, layer: "dense_0" } }],
    },
    {
      name: "the first heavy layer is where it points",
      program: regularised(mlp(), { 1: { kind: "l2", l2: 0.1 }, 2: { kind: "l2", l2: 0.1 } }),
      errors: [{ messageId: "excessiveRegularisation", line: 2, data: { count: 2, layer: "dense_1" } }],
    },
    {
      name: "options: a lower threshold",
      options: { minFactor: 0.001 },
      program: regularised(mlp(), { 0: { kind: "l2", l2: 0.005 }, 1: { kind: "l2", l2: 0.005 } }),
      errors: [{ messageId: "excessiveRegularisation", data: { count: 2, minFactor: 0.001 } }],
    },
  ],
});
