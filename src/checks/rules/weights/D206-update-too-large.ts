import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { SMD, TDC } from "../references.js";
import { onlyKernelLayer } from "../linear-model.js";
import { updateRatios } from "./update-ratio.js";

type Options = { maxLog10Ratio: number; window: number };

/** Each step rewrites a large part of the weights: the learning rate is too high for this layer. */
export default defineCheck<"large", Options>({
  meta: checkMeta({
    code: "D206",
    name: "update-too-large",
    family: "weights",
    severity: "warning",
    needs: ["tensors.update", "tensors.weights"],
    messages: { large: "updates of {tensor} (layer {layer}) average 10^{ratio} of the weights per step (limit 10^{limit})" },
    options: {
      maxLog10Ratio: option(-1, "Upper bound of log10(mean |ΔW| / mean |W|)."),
      window: option(5, "Samples averaged."),
    },
    docs: {
      summary: "Weight updates are large relative to the weights.",
      whatItChecks: "log10(mean |ΔW| / mean |W|) per step for each kernel, averaged over the last 5 samples, against −1 (one tenth of the weights per step). Biases and normalisation parameters are skipped (they start at 0, so the ratio is undefined). So are linear models (a single layer with a kernel: linear or logistic regression): their loss is convex, weights that start near zero grow by large relative steps while the model fits, and a learning rate too high for them shows in the loss (D503, D504).",
      whyItMatters: "A healthy update moves weights by about 1e-3 of their size; much larger steps make training unstable and oscillate or diverge.",
      example: "optimizer: tf.train.adam(0.5)",
      fix: "Lower the learning rate (or use a schedule/warm-up); normalise inputs.",
      options: "maxLog10Ratio (−1), window (5).",
      references: [TDC, SMD + " (WeightUpdateRatio)"],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    // A linear model's weights grow from near zero by large relative steps while it fits (see linear-model.ts).
    if (onlyKernelLayer(state.learningLayers()) !== undefined) return;
    for (const { series, log10Ratio } of updateRatios(state, options.window)) {
      if (log10Ratio > options.maxLog10Ratio) {
        report({
          messageId: "large",
          layer: series.layer,
          subject: series.name,
          value: log10Ratio,
          data: { tensor: series.name, layer: series.layer, ratio: formatNumber(log10Ratio), limit: options.maxLog10Ratio },
        });
      }
    }
  },
});
