import { defineRule } from "../../rule.js";
import { DEEPFD, KERAS_LOSSES, neuralint } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S205",
    name: "probability-loss-on-logits",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "output layer activation", "output width"],
    messages: {
      binaryWidth:
        "{loss} expects independent probabilities, but {layer} ({kind}, {width}) outputs {activation} values: use a sigmoid (and 1 unit for a binary task)",
      multiclassWidthOne: "{loss} needs one output column per class, but {layer} ({kind}, {width}) has a single column ({activation})",
      notProbabilities: "{loss} expects probabilities, but {layer} ({kind}, {width}) outputs {activation} values",
    },
    options: {},
    docs: {
      summary: "A loss that expects probabilities reads logits, or an output whose width cannot fit the loss.",
      whatItChecks:
        "For each model output trained with a loss reading probabilities: binary cross-entropy over an output wider than 1 unit with no sigmoid; a multi-class cross-entropy over a single column; any other probability loss over a non-probability activation. These are reported in place of S201/S202; a single-column softmax is left to S203, and a single column the labels' classes say is too narrow to S206, when they run. The plain missing-softmax and missing-sigmoid cases are S201 and S202. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "The loss clips what it reads into (0, 1) and takes logarithms. Unbounded outputs lose their gradient outside that interval; a single column cannot hold a distribution over classes, so the loss is computed on a degenerate or broadcast target and the model learns nothing useful.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(64, activation='relu', input_shape=(100,)),",
        "    layers.Dense(5),",
        "])",
        "model.compile(loss='binary_crossentropy', optimizer='adam')  # multi-label targets",
      ].join("\n"),
      fix: [
        "Multi-label: one sigmoid per label. Binary: one sigmoid unit. Multi-class: k softmax units.",
        "",
        "    layers.Dense(5, activation='sigmoid'),",
      ].join("\n"),
      options: "",
      references: [neuralint("f020 (probability loss on unactivated output)"), DEEPFD, KERAS_LOSSES],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S205");
  },
});
