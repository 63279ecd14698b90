import { categoryOf } from "../../../model/graph.js";
import { defineRule } from "../../rule.js";
import { UMLAUT } from "../references.js";

export default defineRule({
  meta: {
    code: "S404",
    name: "excessive-dropout",
    family: "training",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["dropout rates"],
    messages: {
      excessiveDropout: "{layer} ({kind}) drops {rate} of its inputs, above {maxRate}: most of the signal is discarded at every step",
    },
    options: {
      maxRate: { description: "Largest dropout rate (fraction dropped) not reported.", default: 0.5 },
    },
    docs: {
      summary: "A dropout rate above 0.5.",
      whatItChecks:
        "Every Dropout / SpatialDropout layer whose rate (the fraction dropped; Keras 1 `p`, TF1 1 - keep_prob) is known and above maxRate.",
      whyItMatters:
        "With most units dropped the network trains on a tiny random sub-network each step: the loss stays high and noisy, convergence is very slow, and the model underfits. The usual cause is reading the rate as a keep probability (TF1's keep_prob=0.8 written as Dropout(0.8)).",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(128, activation='relu', input_shape=(784,)),",
        "    layers.Dropout(0.8),  # meant: keep 80%",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: "Use the fraction to drop, typically 0.1-0.5: `layers.Dropout(0.2)`.",
      options: "maxRate (default 0.5): the largest dropout rate not reported.",
      references: [UMLAUT],
    },
  },
  check(context) {
    const maxRate = Number(context.options.maxRate);
    for (const model of context.program.models) {
      for (const layer of model.architecture.layers) {
        if (categoryOf(layer) !== "dropout" || layer.kind === "gaussianNoise") continue;
        const rate = layer.config.rate;
        if (rate === undefined || !(rate > maxRate)) continue;
        context.report({ messageId: "excessiveDropout", span: layer.span, layer, data: { layer: layer.name, kind: layer.frameworkName, rate, maxRate } });
      }
    }
  },
});
