import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { dropoutFeeding } from "./_design-helpers.js";

export default defineRule({
  meta: {
    code: "S113",
    name: "dropout-before-batchnorm",
    family: "structure",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph"],
    messages: {
      dropoutBeforeNorm:
        "{layer} ({kind}) feeds {norm} ({normKind}){through}: the normalisation learns its statistics on dropped-out values and sees different ones at inference (variance shift)",
    },
    options: {},
    docs: {
      summary: "Dropout placed directly (or through an activation) before batch normalisation.",
      whatItChecks:
        "A BatchNormalization layer whose input comes from a Dropout or SpatialDropout layer (with a rate other than 0), directly or through activation layers only. The dropout layer is reported.",
      whyItMatters:
        "During training, dropout zeroes units and scales the others up, which changes the variance of what batch normalisation sees; its moving variance is learned on that. At inference dropout is off, the variance is different, and the normalised values are shifted: accuracy at test time falls below what training suggested (Li et al., 'Understanding the Disharmony between Dropout and Batch Normalization by Variance Shift', CVPR 2019).",
      example: [
        "model.add(layers.Dense(256, activation='relu'))",
        "model.add(layers.Dropout(0.5))",
        "model.add(layers.BatchNormalization())",
      ].join("\n"),
      fix: "Put dropout after the last batch normalisation (before the classifier), or drop one of the two: `Dense → BatchNormalization → ReLU → Dropout`.",
      options: "",
      references: [
        neuralint("f006 (dropout before batch normalisation)"),
        "X. Li, S. Chen, X. Hu, J. Yang. Understanding the Disharmony between Dropout and Batch Normalization by Variance Shift. CVPR 2019",
      ],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      for (const norm of architecture.layers) {
        if (norm.kind !== "batchNormalization" || norm.conditional) continue;
        const found = dropoutFeeding(architecture, norm);
        if (!found) continue;
        const { dropout, through } = found;
        context.report({
          messageId: "dropoutBeforeNorm",
          span: dropout.span,
          layer: dropout,
          data: { layer: dropout.name, kind: dropout.frameworkName, norm: norm.name, normKind: norm.frameworkName, through },
        });
      }
    }
  },
});
