import { defineRule } from "../../rule.js";
import { DEFECTS4ML, KERAS_LOSSES } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S209",
    name: "label-encoding-mismatch",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "training.y encoding"],
    messages: {
      oneHotWithSparseLoss: "{loss} expects integer class indices, but the labels {labels} are one-hot encoded",
      integerWithCategoricalLoss: "{loss} expects one-hot labels, but the labels {labels} are integer class indices",
    },
    options: {},
    docs: {
      summary: "One-hot labels with a sparse categorical loss, or integer labels with a categorical loss.",
      whatItChecks:
        "Compares the label encoding the loss needs (vocabulary LOSSES[kind].labels) with the encoding known for the targets passed to fit (to_categorical gives one-hot; dataset loaders and randint give integers). Reported at the loss in compile. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "A sparse loss over one-hot labels fails with a shape error, or under some versions reads each 0/1 column as a class index and trains on garbage. A categorical loss over integer labels fails with a shape error, or with a width-1 label broadcasts it against every class, so the loss no longer identifies the right class.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()  # y_train holds digits 0..9",
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10, activation='softmax')])",
        "model.compile(loss='categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train / 255.0, y_train)",
      ].join("\n"),
      fix: [
        "Match the loss to the labels:",
        "",
        "    model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
        "    # or",
        "    y_train = keras.utils.to_categorical(y_train, 10)",
      ].join("\n"),
      options: "",
      references: [DEFECTS4ML, KERAS_LOSSES],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S209");
  },
});
