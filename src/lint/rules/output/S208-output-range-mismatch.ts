import { defineRule } from "../../rule.js";
import { KERAS_ACTIVATIONS, theDeepChecker } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S208",
    name: "output-range-mismatch",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "output layer activation", "training.y range"],
    messages: {
      rangeMismatch:
        "{layer} ({kind}) outputs {activation} values in {outputRange}, but the targets {labels} span {targetRange}: part of the targets cannot be reached",
    },
    options: {},
    docs: {
      summary: "The output activation's range cannot reach the targets' range.",
      whatItChecks:
        "For a single-output model trained with a regression loss on targets whose value range is known (a dataset's facts, a scaling on the way), the output activation's range (vocabulary ACTIVATIONS[a].range) must contain the targets' range: a sigmoid cannot produce -1 or 50, a ReLU cannot produce negatives. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "The model can never predict targets outside its output range; the loss stays high, and the gradient pushes bounded units into saturation, where they stop learning altogether.",
      example: [
        "(x_train, y_train), _ = keras.datasets.boston_housing.load_data()  # prices 5..50",
        "model = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(13,)),",
        "                          layers.Dense(1, activation='sigmoid')])",
        "model.compile(loss='mse', optimizer='adam')",
        "model.fit(x_train, y_train)",
      ].join("\n"),
      fix: "Use a linear output for unbounded targets (`layers.Dense(1)`), or scale the targets into the activation's range (and scale predictions back).",
      options: "",
      references: [theDeepChecker("wrong_activation (output)"), KERAS_ACTIVATIONS],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S208");
  },
});
