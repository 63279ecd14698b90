import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import type { DataTransform } from "../../../model/program.js";
import rule from "./S502-double-normalization.js";

function at(line: number, op: DataTransform["op"], detail?: string, factor?: number): DataTransform {
  const t: DataTransform = { op, span: { file: "model.py", line, column: 11, endLine: line, endColumn: 30 } };
  if (detail !== undefined) t.detail = detail;
  if (factor !== undefined) t.factor = factor;
  return t;
}

const net = () => model().layer("flatten", {}, { input: [null, 28, 28] }).dense(128, "relu").dense(10, "softmax");

ruleTester(rule, {
  valid: [
    {
      name: "divided by 255 once",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train.astype('float32') / 255
        x_test = x_test.astype('float32') / 255
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
        model.evaluate(x_test, y_test)
      `,
    },
    {
      name: "centred then divided: one normalisation",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = (x_train - 127.5) / 127.5
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
    },
    { name: "scaled then standardised (adaptive, harmless)", program: net().fit({ x: { transforms: [at(3, "scale", "/ 255"), at(4, "standardize", "StandardScaler")] } }).program() },
    { name: "scaled then mapped to [-1, 1]", program: net().fit({ x: { range: [-1, 1], transforms: [at(3, "scale", "/ 255"), at(4, "scale", "* 2"), at(4, "scale", "- 1")] } }).program() },
    { name: "a small divisor is not a normalisation", program: net().fit({ x: { transforms: [at(3, "scale", "/ 255"), at(4, "scale", "/ 2")] } }).program() },
    { name: "16-bit data divided by 255 twice is still of normal size", program: net().fit({ x: { range: [0, 1.0078], transforms: [at(3, "scale", "/ 255"), at(4, "scale", "/ 255")] } }).program() },
    { name: "Rescaling layer over raw data", program: model().layer("rescaling", { scale: 1 / 255 }).layer("flatten").dense(10, "softmax").fit({ x: { range: [0, 255], transforms: [at(3, "astype", "float32")] } }).program() },
    { name: "Rescaling after the first learning layer is not input scaling", program: model().dense(64, "relu").layer("rescaling", { scale: 1 / 255 }).dense(10, "softmax").fit({ x: { transforms: [at(3, "scale", "/ 255")] } }).program() },
    { name: "no transforms known", program: net().fit({ x: {} }).program() },
  ],
  invalid: [
    {
      name: "mnist divided by 255 twice",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.astype('float32') / 255
        x_train = x_train / 255.0
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
      errors: [{ messageId: "scaledTwice", line: 4, column: 11, data: { data: "x_train", first: "/ 255", second: "/ 255", firstLine: 3, range: ": values now in [0, 0.003922]" } }],
    },
    {
      name: "divided inside the fit call after an in-place division",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
        x_train = x_train.astype('float32')
        x_train /= 255
        model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train / 255.0, y_train)
      `,
      errors: [{ messageId: "scaledTwice", line: 7, column: 11, data: { first: "/ 255", second: "/ 255", firstLine: 4 } }],
    },
    {
      name: "Rescaling layer over data already divided",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        x_train = x_train / 255.0
        model = keras.Sequential([keras.layers.Rescaling(1. / 255, input_shape=(32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
      errors: [{ messageId: "rescaledInModel", line: 4, column: 27, data: { layer: "rescaling", scale: 0.003922, data: "x_train", first: "/ 255", firstLine: 3 } }],
    },
    {
      name: "standardised, then divided by 255",
      program: net().fit({ x: { variable: "x", transforms: [at(3, "standardize", "StandardScaler"), at(5, "scale", "/ 255")] } }).program(),
      errors: [{ messageId: "scaledTwice", line: 5, column: 11, data: { data: "x", first: "standardisation (StandardScaler)", second: "/ 255", firstLine: 3, range: "" } }],
    },
    {
      name: "a recorded factor counts when the description says nothing",
      program: net().fit({ x: { transforms: [at(3, "scale", "to [0, 1]", 1 / 255), at(6, "scale", "rescale", 1 / 255)] } }).program(),
      errors: [{ messageId: "scaledTwice", line: 6, data: { data: "the input", first: "* (1/255)", second: "* (1/255)" } }],
    },
    {
      name: "the same transform seen by fit and evaluate is reported once",
      program: (() => {
        const p = net().fit({ x: { variable: "x", transforms: [at(3, "scale", "/ 255"), at(4, "scale", "/ 255")] } }).program();
        p.models[0]!.inference.push({ method: "evaluate", x: { variable: "x", transforms: [at(3, "scale", "/ 255"), at(4, "scale", "/ 255")] }, span: { file: "model.py", line: 9, column: 1, endLine: 9, endColumn: 5 } });
        return p;
      })(),
      errors: [{ messageId: "scaledTwice", line: 4 }],
    },
    {
      name: "options: minDivisor",
      options: { minDivisor: 2 },
      program: net().fit({ x: { transforms: [at(3, "scale", "/ 4"), at(4, "scale", "/ 2")] } }).program(),
      errors: [{ messageId: "scaledTwice", data: { first: "/ 4", second: "/ 2" } }],
    },
  ],
});
