import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { judgedKernels } from "./kernels.js";
import { TDC, SMD } from "../references.js";

type Options = { maxTinyFraction: number; minSize: number };

/** A kernel almost entirely (near) zero: its units compute nothing. */
export default defineCheck<"dead", Options>({
  meta: checkMeta({
    code: "D202",
    name: "dead-weights",
    family: "weights",
    severity: "warning",
    needs: ["tensors.weights"],
    messages: { dead: "{percent}% of the kernel {tensor} of layer {layer} is (near) zero (|w| < 1e-5)" },
    options: {
      maxTinyFraction: option(0.95, "Fraction of |w| < 1e-5 above which the kernel is dead."),
      minSize: option(16, "Kernels with fewer values are not judged."),
    },
    docs: {
      summary: "A kernel whose weights are almost all zero.",
      whatItChecks: "The fraction of a kernel's weights with |w| < 1e-5 (the exact-zero fraction when the probe does not record it). Normalisation layers are skipped: their beta starts at zero by design.",
      whyItMatters: "A zero kernel gives every unit the same output and the same gradient, so the units never differentiate (or a strong penalty drove them to zero).",
      example: "tf.layers.dense({ units: 64, kernelInitializer: 'zeros' })",
      fix: "Use a random initialiser (glorot/he); lower an L1 penalty that zeroes the kernel.",
      options: "maxTinyFraction (0.95), minSize (16).",
      references: [TDC, SMD + " (AllZero)"],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of judgedKernels(state, options.minSize)) {
      const s = entry.stats;
      const tiny = s.tinyFraction ?? s.zeroFraction;
      if (tiny > options.maxTinyFraction) {
        report({
          messageId: "dead",
          layer: entry.layer,
          subject: entry.name,
          value: tiny,
          data: { tensor: entry.name, layer: entry.layer, percent: formatNumber(tiny * 100) },
        });
      }
    }
  },
});
