import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { SMD, TDC } from "../references.js";
import { updateRatios } from "./update-ratio.js";

type Options = { minLog10Ratio: number; window: number };

/** Updates so small relative to the weights that training barely moves. */
export default defineCheck<"small", Options>({
  meta: checkMeta({
    code: "D207",
    name: "update-too-small",
    family: "weights",
    severity: "info",
    needs: ["tensors.update", "tensors.weights"],
    messages: { small: "updates of {tensor} (layer {layer}) average 10^{ratio} of the weights per step (below 10^{limit})" },
    options: {
      minLog10Ratio: option(-4, "Lower bound of log10(mean |ΔW| / mean |W|)."),
      window: option(5, "Samples averaged."),
    },
    docs: {
      summary: "Weight updates are tiny relative to the weights.",
      whatItChecks: "log10(mean |ΔW| / mean |W|) per step for each kernel, averaged over the last 5 samples, against −4. Info: late in a converged SGD run updates legitimately shrink this far.",
      whyItMatters: "With updates four orders of magnitude below the weights, training progresses too slowly to get anywhere in a normal budget.",
      example: "optimizer: tf.train.sgd(1e-7)",
      fix: "Raise the learning rate; check for vanishing gradients (D302).",
      options: "minLog10Ratio (−4), window (5).",
      references: [TDC, SMD + " (WeightUpdateRatio)"],
    },
  }),
  on: ["tensors"],
  worst: "min",
  check({ state, options, report }) {
    for (const { series, log10Ratio } of updateRatios(state, options.window)) {
      if (log10Ratio < options.minLog10Ratio) {
        report({
          messageId: "small",
          layer: series.layer,
          subject: series.name,
          value: log10Ratio,
          data: { tensor: series.name, layer: series.layer, ratio: formatNumber(log10Ratio), limit: options.minLog10Ratio },
        });
      }
    }
  },
});
