import { defineRule } from "../../rule.js";
import { KERAS_LOSSES, theDeepChecker } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S207",
    name: "loss-problem-mismatch",
    family: "output",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "training.y (task, encoding, range)"],
    messages: {
      regressionLossOnClasses: "{loss} is a regression loss, but the targets {labels} are {encoding} class labels",
      crossEntropyOnContinuous: "{loss} is a classification loss, but the targets {labels} are continuous values{range}",
    },
    options: {},
    docs: {
      summary: "A regression loss on a classification task, or a cross-entropy on continuous targets.",
      whatItChecks:
        "Compares the problem the loss is made for (vocabulary LOSSES[kind].problem) with what is known of the targets passed to fit: class labels (a classification dataset, one-hot or integer encoding) under a regression loss (mse, mae...), or continuous targets (a regression dataset) under a cross-entropy. Binary cross-entropy on targets within [0, 1] is accepted. Reported at the loss in compile. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "Mean squared error on class labels treats classes as ordered numbers and gives small, badly shaped gradients through a softmax; training converges slowly to poorly calibrated scores. Cross-entropy on continuous targets outside [0, 1] has no meaning: the loss can go negative and the model learns nothing sensible.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "y_train = keras.utils.to_categorical(y_train, 10)",
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10, activation='softmax')])",
        "model.compile(loss='mse', optimizer='adam')",
        "model.fit(x_train / 255.0, y_train)",
      ].join("\n"),
      fix: "Use a classification loss for class labels (`categorical_crossentropy` with one-hot labels) and a regression loss (`mse`, `mae`, `huber`) for continuous targets.",
      options: "",
      references: [theDeepChecker("wrong_loss_selection"), KERAS_LOSSES],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S207");
  },
});
