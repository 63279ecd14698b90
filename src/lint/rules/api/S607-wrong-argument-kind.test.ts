import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import type { ArgumentMisuse } from "../../../model/program.js";
import rule from "./S607-wrong-argument-kind.js";

function misuse(line: number, column: number, fields: Omit<ArgumentMisuse, "span">): ArgumentMisuse {
  return { ...fields, span: { file: "model.py", line, column, endLine: line, endColumn: column + fields.text.length } };
}

const net = () => model().dense(64, "relu").dense(10, "softmax");

ruleTester(rule, {
  valid: [
    { name: "no misuse recorded", program: net().program({ argumentMisuses: [] }) },
    { name: "front end did not look", program: net().program() },
    {
      name: "Python: a constraint passed as kernel_constraint",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.constraints import max_norm
        model = Sequential()
        model.add(Dense(64, kernel_constraint=max_norm(3), input_shape=(20,)))
        model.add(Dense(1, activation='sigmoid'))
      `,
    },
    {
      name: "TF1: the training flag by keyword",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 20])
        is_training = tf.placeholder(tf.bool)
        h = tf.layers.dropout(tf.layers.dense(x, 16), 0.3, training=is_training)
      `,
    },
  ],
  invalid: [
    {
      name: "a constraint passed as a regularizer",
      program: net().program({
        argumentMisuses: [misuse(1, 30, { callee: "Dense", parameter: "kernel_regularizer", problem: "wrong-kind", expected: "regularizer", actual: "constraint", text: "max_norm(3)" })],
      }),
      errors: [{ messageId: "wrongKind", line: 1, column: 30, data: { callee: "Dense", parameter: "kernel_regularizer", expected: "a regularizer", actual: "a constraint", text: "max_norm(3)" } }],
    },
    {
      name: "an initializer passed as an activation, actual kind unknown for the second",
      program: net().program({
        argumentMisuses: [
          misuse(1, 20, { callee: "Dense", parameter: "activation", problem: "wrong-kind", expected: "activation", actual: "initializer", text: "'he_normal'" }),
          misuse(2, 20, { callee: "Dense", parameter: "kernel_initializer", problem: "wrong-kind", expected: "initializer", text: "relu" }),
        ],
      }),
      errors: [
        { messageId: "wrongKind", line: 1, data: { expected: "an activation", actual: "an initializer" } },
        { messageId: "wrongKind", line: 2, data: { expected: "an initializer", actual: "another kind of value" } },
      ],
    },
    {
      name: "Keras 1 Convolution2D(32, 3, 3)",
      program: model().layer("conv2d", { filters: 32, kernelSize: [3, 3], strides: [3, 3] }).program({
        argumentMisuses: [misuse(1, 25, { callee: "Convolution2D", parameter: "strides", problem: "changed-meaning", expected: "shape", legacyMeaning: "nb_col (the kernel width)", text: "3" })],
      }),
      errors: [{ messageId: "changedMeaning", line: 1, column: 25, data: { callee: "Convolution2D", text: "3", legacyMeaning: "nb_col (the kernel width)", parameter: "strides" } }],
    },
    {
      name: "Python: a constraint passed as kernel_regularizer",
      code: `
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.constraints import max_norm
        model = Sequential()
        model.add(Dense(64, kernel_regularizer=max_norm(3), input_shape=(20,)))
        model.add(Dense(1, activation='sigmoid'))
      `,
      errors: [{ messageId: "wrongKind", line: 5, column: 40, data: { callee: "Dense", parameter: "kernel_regularizer", expected: "a regularizer", actual: "a constraint", text: "max_norm(3)" } }],
    },
    {
      name: "TF1: tf.layers.dropout(x, rate, is_training): the flag lands on noise_shape",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 20])
        is_training = tf.placeholder(tf.bool)
        h = tf.layers.dropout(tf.layers.dense(x, 16), 0.3, is_training)
      `,
      errors: [{ messageId: "wrongKind", line: 4, column: 52, data: { callee: "tf.layers.dropout", parameter: "noise_shape", expected: "a shape", actual: "a boolean", text: "is_training" } }],
    },
  ],
});
