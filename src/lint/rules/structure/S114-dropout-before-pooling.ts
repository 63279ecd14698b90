import { categoryOf } from "../../../model/graph.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { dropoutFeeding } from "./_design-helpers.js";

export default defineRule({
  meta: {
    code: "S114",
    name: "dropout-before-pooling",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph"],
    messages: {
      dropoutBeforeMaxPool:
        "{layer} ({kind}) feeds the max pooling {pool} ({poolKind}){through}: pooling picks the rescaled survivors, so most of the dropout is undone and the pooled values are biased upward during training",
    },
    options: {},
    docs: {
      summary: "Dropout placed directly (or through an activation) before max pooling.",
      whatItChecks:
        "A max pooling layer (local or global) whose input comes from a Dropout or SpatialDropout layer (with a rate other than 0), directly or through activation layers only. The dropout layer is reported.",
      whyItMatters:
        "Max pooling keeps the largest value of each window. Dropout before it zeroes some units and multiplies the others by 1/(1 - rate), so the maximum is usually a surviving, inflated unit: a window is silenced only when all its units are dropped, the regularisation is much weaker than the rate says, and the pooled activations are larger in training than at inference. The dropout also runs on the full-size map, which costs more.",
      example: [
        "model.add(layers.Conv2D(32, 3, activation='relu'))",
        "model.add(layers.Dropout(0.25))",
        "model.add(layers.MaxPooling2D(2))",
      ].join("\n"),
      fix: "Apply dropout after the pooling layer: `Conv2D → MaxPooling2D → Dropout`.",
      options: "",
      references: [neuralint("f018 (dropout before max pooling)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      for (const pool of architecture.layers) {
        const category = categoryOf(pool);
        if ((category !== "pool" && category !== "global-pool") || LAYER_KINDS[pool.kind].pooling !== "max" || pool.conditional) continue;
        const found = dropoutFeeding(architecture, pool);
        if (!found) continue;
        const { dropout, through } = found;
        context.report({
          messageId: "dropoutBeforeMaxPool",
          span: dropout.span,
          layer: dropout,
          data: { layer: dropout.name, kind: dropout.frameworkName, pool: pool.name, poolKind: pool.frameworkName, through },
        });
      }
    }
  },
});
