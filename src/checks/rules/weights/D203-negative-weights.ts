import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { judgedKernels } from "./kernels.js";
import { TDC } from "../references.js";

type Options = { maxNegativeFraction: number; minSize: number };

/** Nearly all weights negative: with ReLU after them, the units are off for positive inputs. */
export default defineCheck<"negative", Options>({
  meta: checkMeta({
    code: "D203",
    name: "negative-weights",
    family: "weights",
    severity: "warning",
    needs: ["tensors.weights"],
    messages: { negative: "{percent}% of the kernel {tensor} of layer {layer} is negative" },
    options: {
      maxNegativeFraction: option(0.95, "Fraction of negative weights above which the check fires."),
      minSize: option(16, "Kernels with fewer values are not judged."),
    },
    docs: {
      summary: "A kernel whose weights are almost all negative.",
      whatItChecks: "The fraction of a kernel's weights below zero (falls back to p95 < 0 when the fraction is not recorded). Normalisation layers are skipped.",
      whyItMatters: "With non-negative inputs (images, ReLU outputs) such a layer outputs negative pre-activations, which a ReLU turns into dead units.",
      example: "tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 0 }) })",
      fix: "Use a zero-centred initialiser; check a custom update rule's sign.",
      options: "maxNegativeFraction (0.95), minSize (16).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of judgedKernels(state, options.minSize)) {
      const s = entry.stats;
      const negative = s.negativeFraction ?? (s.percentiles && s.percentiles.p95 < 0 ? 1 : undefined);
      if (negative !== undefined && negative > options.maxNegativeFraction) {
        report({
          messageId: "negative",
          layer: entry.layer,
          subject: entry.name,
          value: negative,
          data: { tensor: entry.name, layer: entry.layer, percent: formatNumber(negative * 100) },
        });
      }
    }
  },
});
