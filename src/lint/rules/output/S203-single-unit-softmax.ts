import { defineRule } from "../../rule.js";
import { KERAS_ACTIVATIONS, neuralint } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S203",
    name: "single-unit-softmax",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "output layer activation", "output width"],
    messages: {
      singleUnitSoftmax:
        "{layer} ({kind}, {width}) applies softmax over a last dimension of 1: it always outputs 1.0, so nothing can be learned",
    },
    options: {},
    docs: {
      summary: "Softmax over a last dimension of 1 always outputs 1.0.",
      whatItChecks:
        "For each model output whose last activation is softmax (whatever the loss, or with no compile at all), the output's last dimension must be larger than 1. Reported in place of S202, S204 and S205 when they would also apply (they report the case when S203 does not run). A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "Softmax normalises over the last axis; over a single value it returns exactly 1.0 whatever the input. The prediction is constant, the gradient is zero, and nothing is learned. The usual intent is a binary classifier, which needs a sigmoid.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(32, activation='relu', input_shape=(20,)),",
        "    layers.Dense(1, activation='softmax'),",
        "])",
        "model.compile(loss='binary_crossentropy', optimizer='adam')",
      ].join("\n"),
      fix: [
        "For a binary task use one sigmoid unit; for k classes use k softmax units:",
        "",
        "    layers.Dense(1, activation='sigmoid'),",
      ].join("\n"),
      options: "",
      references: [neuralint("f017 (softmax on a single output unit)"), KERAS_ACTIVATIONS],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S203");
  },
});
