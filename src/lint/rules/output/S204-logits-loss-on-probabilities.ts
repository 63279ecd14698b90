import { defineRule } from "../../rule.js";
import { DEEPFD, KERAS_LOSSES, neuralint } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S204",
    name: "logits-loss-on-probabilities",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss (from_logits)", "output layer activation"],
    messages: {
      activatedLogits: "{loss} expects logits, but {layer} ({kind}, {width}) already applies {activation}",
    },
    options: {},
    docs: {
      summary: "A loss that expects logits reads an already activated output.",
      whatItChecks:
        "For each model output trained with a loss that reads logits (from_logits=True, TF softmax_cross_entropy_with_logits, sigmoid_cross_entropy...), the activation that last shapes the output must be linear. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "The loss applies softmax or sigmoid itself. Feeding it probabilities applies the squashing twice: outputs live in [0, 1], so the implied probabilities can never approach 0 or 1, gradients shrink, and the model trains slowly to a poor optimum while the loss looks plausible.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(64, activation='relu', input_shape=(784,)),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
        "model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer='adam')",
      ].join("\n"),
      fix: [
        "Either output logits, or let the loss read probabilities:",
        "",
        "    layers.Dense(10),  # logits",
        "    # or",
        "    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(), optimizer='adam')",
      ].join("\n"),
      options: "",
      references: [neuralint("f015 (activated output fed to a loss on logits)"), DEEPFD, KERAS_LOSSES],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S204");
  },
});
