import { defineRule } from "../../rule.js";
import { DEEPFD, KERAS_LOSSES, neuralint } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S202",
    name: "binary-missing-sigmoid",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "output layer activation", "output width"],
    messages: {
      noSigmoid: "{loss} expects a probability, but {layer} ({kind}, {width}) has no sigmoid: its output activation is {activation}",
    },
    options: {},
    docs: {
      summary: "A binary loss that expects probabilities reads an output with no sigmoid.",
      whatItChecks:
        "For each model output trained with binary cross-entropy (or focal / log loss) reading probabilities, the activation that last shapes a 1-unit (or unknown-width) output must be a probability (sigmoid). Wider non-sigmoid outputs are left to S205, a 1-unit softmax to S203, when they run. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "Binary cross-entropy takes log(p) and log(1 - p). A linear or ReLU output is clipped into (0, 1), so outputs above 1 or below 0 get no gradient: training stalls with accuracy stuck at the majority class.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(16, activation='relu', input_shape=(20,)),",
        "    layers.Dense(1),",
        "])",
        "model.compile(loss='binary_crossentropy', optimizer='adam')",
      ].join("\n"),
      fix: [
        "Apply a sigmoid on the output, or tell the loss it reads logits:",
        "",
        "    layers.Dense(1, activation='sigmoid'),",
        "    # or",
        "    model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), optimizer='adam')",
      ].join("\n"),
      options: "",
      references: [neuralint("f012 (missing sigmoid before binary cross-entropy)"), DEEPFD, KERAS_LOSSES],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S202");
  },
});
