import { defineRule } from "../../rule.js";
import { DEEPFD, KERAS_LOSSES, neuralint } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S201",
    name: "missing-softmax",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "output layer activation", "output width"],
    messages: {
      noSoftmax: "{loss} expects probabilities, but {layer} ({kind}, {width}) has no softmax: its output activation is {activation}",
    },
    options: {},
    docs: {
      summary: "A multi-class loss that expects probabilities reads an output with no softmax.",
      whatItChecks:
        "For each model output trained with a multi-class cross-entropy that reads probabilities (categorical or sparse categorical cross-entropy without from_logits=True, KL divergence), the activation that last shapes the output, looking through Dropout, Flatten and linear Activation layers, must be softmax. A width-1 output is left to S203/S205 (and to S206 when the labels' classes say the width is wrong) when they run. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "The loss takes the log of what it assumes are probabilities. Linear or ReLU outputs are clipped to [epsilon, 1] and renormalised, so most of the output range gives no useful gradient: the loss plateaus or turns NaN and accuracy stays near chance.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(64, activation='relu', input_shape=(784,)),",
        "    layers.Dense(10),",
        "])",
        "model.compile(loss='categorical_crossentropy', optimizer='adam')",
      ].join("\n"),
      fix: [
        "Apply softmax on the output, or tell the loss it reads logits:",
        "",
        "    layers.Dense(10, activation='softmax'),",
        "    # or",
        "    model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True), optimizer='adam')",
      ].join("\n"),
      options: "",
      references: [neuralint("f008 (missing softmax layer before the loss)"), DEEPFD, KERAS_LOSSES],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S201");
  },
});
