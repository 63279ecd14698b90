import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import type { DataFacts, DataTransform, InferenceCall, ProgramModel } from "../../../model/program.js";
import rule from "./S505-inconsistent-preprocessing.js";

const divide255: DataTransform = { op: "scale", detail: "/ 255", span: { file: "model.py", line: 2, column: 11, endLine: 2, endColumn: 20 } };
const standardise: DataTransform = { op: "standardize", detail: "StandardScaler", span: { file: "model.py", line: 2, column: 11, endLine: 2, endColumn: 20 } };
const scaledTrain = { variable: "x_train", origin: "mnist", range: [0, 1] as [number, number], transforms: [divide255] };
const rawTest: DataFacts = { variable: "x_test", origin: "mnist", range: [0, 255], transforms: [] };

const net = () => model().layer("flatten", {}, { input: [null, 28, 28] }).dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" });

/** The program with inference calls appended, each on its own line after the model's. */
function withInference(program: ProgramModel, calls: { method: InferenceCall["method"]; x: DataFacts; line: number }[]): ProgramModel {
  for (const { method, x, line } of calls) {
    program.models[0]!.inference.push({ method, x, span: { file: "model.py", line, column: 1, endLine: line, endColumn: 20 } });
  }
  return program;
}

ruleTester(rule, {
  valid: [
    {
      name: "both splits divided by 255",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train / 255.0
        x_test = x_test / 255.0
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
        model.evaluate(x_test, y_test)
        model.predict(x_test[:5])
      `,
    },
    {
      name: "neither split scaled (S501's business)",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
        model.evaluate(x_test, y_test)
      `,
    },
    { name: "standardised both (ranges unknown, both scaled)", program: withInference(net().fit({ x: { origin: "boston_housing", transforms: [standardise] } }).program(), [{ method: "predict", x: { origin: "boston_housing", transforms: [standardise] }, line: 5 }]) },
    { name: "predict on data of unknown range and origin", program: withInference(net().fit({ x: scaledTrain }).program(), [{ method: "predict", x: { variable: "img", transforms: [] }, line: 5 }]) },
    { name: "ranges within the ratio", program: withInference(net().fit({ x: { range: [-1, 1], transforms: [] } }).program(), [{ method: "evaluate", x: { range: [0, 3], transforms: [] }, line: 5 }]) },
    { name: "different datasets, one scaled, ranges unknown", program: withInference(net().fit({ x: { origin: "mnist", transforms: [standardise] } }).program(), [{ method: "evaluate", x: { origin: "fashion_mnist", transforms: [] }, line: 5 }]) },
    { name: "no training inputs known", program: withInference(net().program(), [{ method: "evaluate", x: rawTest, line: 5 }]) },
  ],
  invalid: [
    {
      name: "training inputs scaled, test inputs raw",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train / 255.0
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=5)
        model.evaluate(x_test, y_test)
        predictions = model.predict(x_test)
      `,
      errors: [
        { messageId: "inconsistentInput", line: 7, column: 1, data: { data: "x_test", method: "evaluate", prep: "not scaled, values in [0, 255]", train: "x_train", trainPrep: "scaled by / 255, values in [0, 1]" } },
        { messageId: "inconsistentInput", line: 8, column: 15, data: { data: "x_test", method: "predict" } },
      ],
    },
    {
      name: "test inputs scaled, training inputs raw",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
        x_test = x_test.astype('float32') / 255
        model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
        model.evaluate(x_test, y_test)
      `,
      errors: [{ messageId: "inconsistentInput", line: 7, data: { data: "x_test", prep: "scaled by / 255, values in [0, 1]", trainPrep: "not scaled, values in [0, 255]" } }],
    },
    {
      name: "evaluate on raw data",
      program: withInference(net().fit({ x: scaledTrain }).program(), [{ method: "evaluate", x: rawTest, line: 6 }]),
      errors: [{ messageId: "inconsistentInput", line: 6, column: 1, data: { data: "x_test", method: "evaluate", train: "x_train" } }],
    },
    {
      name: "same dataset, standardised for training only (ranges unknown)",
      program: withInference(net().fit({ x: { variable: "x_train", origin: "boston_housing", transforms: [standardise] } }).program(), [{ method: "predict", x: { variable: "x_test", origin: "boston_housing", transforms: [] }, line: 6 }]),
      errors: [{ messageId: "inconsistentInput", data: { prep: "not scaled", trainPrep: "scaled by standardisation (StandardScaler)" } }],
    },
    {
      name: "validation data prepared differently",
      program: net().fit({ x: scaledTrain, validation: "data", validationData: { x: { ...rawTest, variable: "x_val" } }, line: 4 }).program(),
      errors: [{ messageId: "inconsistentInput", line: 4, data: { data: "x_val", method: "the validation data of fit" } }],
    },
    {
      name: "ranges far apart, origins unknown",
      program: withInference(net().fit({ x: { range: [0, 1], transforms: [] } }).program(), [{ method: "predict", x: { range: [0, 255], transforms: [] }, line: 5 }]),
      errors: [{ messageId: "inconsistentInput", data: { data: "the input", train: "of fit" } }],
    },
    {
      name: "options: minRatio",
      options: { minRatio: 2 },
      program: withInference(net().fit({ x: { range: [-1, 1], transforms: [] } }).program(), [{ method: "evaluate", x: { range: [0, 3], transforms: [] }, line: 5 }]),
      errors: [{ messageId: "inconsistentInput" }],
    },
  ],
});
