import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S407-validation-is-training.js";

const net = () => model().dense(64, "relu").dense(10, "softmax").compile({ loss: "sparse_categorical_crossentropy" });
const train = { x: { variable: "x_train" }, y: { variable: "y_train" } };

ruleTester(rule, {
  valid: [
    {
      name: "held-out validation data",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train / 255.0, y_train, validation_data=(x_test / 255.0, y_test))
      `,
    },
    {
      name: "validation_split",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, validation_split=0.2)
      `,
    },
    { name: "other variables", program: net().fit({ ...train, validation: "data", validationVariables: ["x_val", "y_val"] }).program() },
    { name: "same inputs, other labels", program: net().fit({ ...train, validation: "data", validationVariables: ["x_train", "y_val"] }).program() },
    { name: "validation variables unknown", program: net().fit({ ...train, validation: "data" }).program() },
    { name: "training variables unknown", program: net().fit({ x: {}, y: {}, validation: "data", validationVariables: ["x_train", "y_train"] }).program() },
    { name: "only the labels name a variable", program: net().fit({ ...train, validation: "data", validationVariables: ["y_train"] }).program() },
    { name: "split, not data", program: net().fit({ ...train, validation: "split", validationVariables: ["x_train", "y_train"] }).program() },
  ],
  invalid: [
    {
      name: "validation_data=(x_train, y_train)",
      code: `
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train / 255.0
        model = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=5, validation_data=(x_train, y_train))
      `,
      errors: [{ messageId: "validationIsTraining", line: 6, column: 1, data: { method: "fit", data: "x_train, y_train" } }],
    },
    {
      name: "same variables as a list",
      program: net().fit({ ...train, validation: "data", validationVariables: ["x_train", "y_train"], line: 5 }).program(),
      errors: [{ messageId: "validationIsTraining", line: 5, column: 1, data: { data: "x_train, y_train" } }],
    },
    {
      name: "validation data facts name the training variables",
      program: net().fit({ ...train, validation: "data", validationData: { x: { variable: "x_train", transforms: [] }, y: { variable: "y_train", transforms: [] } } }).program(),
      errors: [{ messageId: "validationIsTraining", data: { data: "x_train, y_train" } }],
    },
    {
      name: "inputs of unknown value named at the call (a dict of arrays)",
      program: net().fit({ y: { variable: "y_train" }, dataVariables: { x: "train_inputs", y: "y_train" }, validation: "data", validationVariables: ["train_inputs", "y_train"] }).program(),
      errors: [{ messageId: "validationIsTraining", data: { data: "train_inputs, y_train" } }],
    },
    {
      name: "a generator validating on itself",
      program: net().fit({ driver: "generator", call: "fit_generator", x: { variable: "train_gen" }, validation: "data", validationVariables: ["train_gen"] }).program(),
      errors: [{ messageId: "validationIsTraining", data: { method: "fit_generator", data: "train_gen" } }],
    },
  ],
});
