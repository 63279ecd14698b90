import type { ArgumentKind } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { DEFECTS4ML } from "../references.js";

const ARTICLES: Readonly<Record<ArgumentKind, string>> = {
  activation: "an activation",
  initializer: "an initializer",
  regularizer: "a regularizer",
  constraint: "a constraint",
  layer: "a layer",
  loss: "a loss",
  metric: "a metric",
  optimizer: "an optimizer",
  callback: "a callback",
  number: "a number",
  boolean: "a boolean",
  shape: "a shape",
  string: "a string",
  other: "another kind of value",
};

export default defineRule({
  meta: {
    code: "S607",
    name: "wrong-argument-kind",
    family: "api",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1"],
    needs: ["argument misuses recognised by the front end"],
    messages: {
      wrongKind: "{callee}: {parameter} takes {expected}, but {text} is {actual}",
      changedMeaning: "{callee}: the positional argument {text} was {legacyMeaning} in Keras 1, but is {parameter} in Keras 2 and tf.keras",
    },
    options: {},
    docs: {
      summary: "An argument of the wrong kind, or a Keras 1 positional argument whose meaning changed.",
      whatItChecks:
        "Arguments the front end recognised as wrong for their parameter: an object of another kind than the parameter takes (a constraint such as max_norm passed as kernel_regularizer, an initializer passed as activation, a layer as an optimizer), Keras 1 positional arguments that Keras 2 reads as something else (`Convolution2D(32, 3, 3)`: the second 3 was the kernel width, it is now strides), and positional arguments of TF1 layer functions that land on a parameter of another kind (`tf.layers.dropout(x, 0.5, is_training)`: the training flag becomes `noise_shape` and `training` keeps its default False, so the layer never drops anything).",
      whyItMatters:
        "Keras often accepts the wrong object without complaint: a constraint called as a regularizer returns a tensor of weights that is added to the loss as a huge penalty, an initializer called as an activation replaces the layer's output with random values. A Keras 1 convolution `Convolution2D(32, 3, 3)` under Keras 2 builds a 3×3 convolution with stride 3, which skips two thirds of every image axis and shrinks the feature map ninefold. Nothing fails; the model just trains badly.",
      example: [
        "from keras.constraints import max_norm",
        "model.add(Dense(64, kernel_regularizer=max_norm(3)))",
        "model.add(Convolution2D(32, 3, 3, activation='relu'))",
      ].join("\n"),
      fix: [
        "Pass each parameter what it takes, by keyword:",
        "",
        "    model.add(Dense(64, kernel_constraint=max_norm(3)))",
        "    model.add(Conv2D(32, (3, 3), activation='relu'))",
      ].join("\n"),
      options: "",
      references: [DEFECTS4ML],
    },
  },
  check(context) {
    for (const misuse of context.program.argumentMisuses ?? []) {
      if (misuse.problem === "changed-meaning") {
        context.report({
          messageId: "changedMeaning",
          span: misuse.span,
          data: { callee: misuse.callee, text: misuse.text, legacyMeaning: misuse.legacyMeaning ?? "something else", parameter: misuse.parameter },
        });
      } else {
        context.report({
          messageId: "wrongKind",
          span: misuse.span,
          data: {
            callee: misuse.callee,
            parameter: misuse.parameter,
            expected: ARTICLES[misuse.expected],
            text: misuse.text,
            actual: ARTICLES[misuse.actual ?? "other"],
          },
        });
      }
    }
  },
});
