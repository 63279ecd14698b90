import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S205-probability-loss-on-logits.js";

ruleTester(rule, {
  valid: [
    { name: "multi-label sigmoids", program: model().dense(5, "sigmoid").compile({ loss: "binary_crossentropy" }).program() },
    { name: "binary CE over a 2-way softmax is another rule's", program: model().dense(2, "softmax").compile({ loss: "binary_crossentropy" }).program() },
    { name: "linear 1-unit output under binary CE is S202's", program: model().dense(1).compile({ loss: "binary_crossentropy" }).program() },
    { name: "wide linear output with from_logits=True", program: model().dense(5).compile({ loss: "binary_crossentropy", fromLogits: true }).program() },
    { name: "multi-class linear output is S201's", program: model().dense(10).compile({ loss: "categorical_crossentropy" }).program() },
    {
      name: "width-1 categorical output defers to S206 when the classes are known",
      program: model().dense(1, "sigmoid").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "one-hot", numClasses: 10, shape: [100, 10] } }).program(),
    },
    {
      name: "Python: sigmoid outputs with binary cross-entropy",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(100,))])
        model.add(keras.layers.Dense(5, activation='sigmoid'))
        model.compile(loss='binary_crossentropy', optimizer='adam')
      `,
    },
  ],
  invalid: [
    {
      name: "binary_crossentropy on 5 linear units",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(100,))])
        model.add(keras.layers.Dense(5))
        model.compile(loss='binary_crossentropy', optimizer='adam')
      `,
      errors: [{ messageId: "binaryWidth", line: 3, column: 11, data: { width: "5 units", activation: "linear" } }],
    },
    {
      name: "binary CE on a wide linear output",
      program: model().dense(64, "relu").dense(5).compile({ loss: "binary_crossentropy" }).program(),
      errors: [{ messageId: "binaryWidth", line: 2, column: 1, data: { width: "5 units", activation: "linear" } }],
    },
    {
      name: "categorical CE on one sigmoid column",
      program: model().dense(1, "sigmoid").compile({ loss: "categorical_crossentropy" }).program(),
      errors: [{ messageId: "multiclassWidthOne", line: 1, data: { activation: "sigmoid" } }],
    },
    {
      name: "binary CE on a wide relu output",
      program: model().dense(3, "relu").compile({ loss: "binary_crossentropy" }).program(),
      errors: [{ messageId: "binaryWidth", data: { activation: "relu" } }],
    },
    {
      name: "width-1 categorical output with known classes, S206 not running",
      program: model().dense(1, "sigmoid").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "one-hot", numClasses: 10, shape: [100, 10] } }).program(),
      inactive: ["S206"],
      errors: [{ messageId: "multiclassWidthOne", data: { activation: "sigmoid" } }],
    },
    {
      name: "width-1 softmax under categorical CE, S203 not running",
      program: model().dense(1, "softmax").compile({ loss: "categorical_crossentropy" }).program(),
      inactive: ["S203"],
      errors: [{ messageId: "multiclassWidthOne", data: { activation: "softmax" } }],
    },
  ],
});
