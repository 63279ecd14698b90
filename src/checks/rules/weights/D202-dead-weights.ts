import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { judgedKernels } from "./kernels.js";
import { fractionBelow } from "./magnitudes.js";
import { TDC, SMD } from "../references.js";

type Options = { maxTinyFraction: number; minSize: number; tinyThreshold: number };

/** A kernel almost entirely (near) zero: its units compute nothing. */
export default defineCheck<"dead", Options>({
  meta: checkMeta({
    code: "D202",
    name: "dead-weights",
    family: "weights",
    severity: "warning",
    needs: ["tensors.weights"],
    messages: { dead: "{percent}% of the kernel {tensor} of layer {layer} is (near) zero (|w| < {threshold})" },
    options: {
      maxTinyFraction: option(0.95, "Fraction of |w| < tinyThreshold above which the kernel is dead."),
      tinyThreshold: option(1e-5, "|w| below which a weight counts as (near) zero."),
      minSize: option(16, "Kernels with fewer values are not judged."),
    },
    docs: {
      summary: "A kernel whose weights are almost all zero.",
      whatItChecks: "The fraction of a kernel's weights with |w| < 1e-5 (option tinyThreshold), read from the distribution of |w| over powers of ten that the probe records. Normalisation layers are skipped: their beta starts at zero by design.",
      whyItMatters: "A zero kernel gives every unit the same output and the same gradient, so the units never differentiate (or a strong penalty drove them to zero).",
      example: "tf.layers.dense({ units: 64, kernelInitializer: 'zeros' })",
      fix: "Use a random initialiser (glorot/he); lower an L1 penalty that zeroes the kernel.",
      options: "maxTinyFraction (0.95), minSize (16), tinyThreshold (1e-5).",
      references: [TDC, SMD + " (AllZero)"],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of judgedKernels(state, options.minSize)) {
      const tiny = fractionBelow(entry.stats, options.tinyThreshold);
      if (tiny > options.maxTinyFraction) {
        report({
          messageId: "dead",
          layer: entry.layer,
          subject: entry.name,
          value: tiny,
          data: { tensor: entry.name, layer: entry.layer, percent: formatNumber(tiny * 100), threshold: formatNumber(options.tinyThreshold) },
        });
      }
    }
  },
});
