import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { lastAll, varianceTestRejects } from "../../math.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { TDC } from "../references.js";

type Options = { minStd: number; maxStd: number; alpha: number; persist: number };

/** Hidden-layer outputs far from unit scale: signals shrink or blow up through the network. */
export default defineCheck<"low" | "high", Options>({
  meta: checkMeta({
    code: "D404",
    name: "unstable-activations",
    family: "activations",
    severity: "info",
    needs: ["tensors.activation"],
    messages: {
      low: "outputs of layer {layer} have std {std} (< {limit}, significant at α {alpha}) for {persist} samples",
      high: "outputs of layer {layer} have std {std} (> {limit}, significant at α {alpha}) for {persist} samples",
    },
    options: {
      minStd: option(0.5, "Lower end of the healthy std band."),
      maxStd: option(2, "Upper end of the healthy std band."),
      alpha: option(0.05, "Significance of the one-sided chi-square variance test against the violated bound."),
      persist: option(3, "Consecutive samples the condition must hold."),
    },
    docs: {
      summary: "A hidden layer's outputs have a standard deviation far from 1.",
      whatItChecks: "For hidden learning layers (not the output layer): the output std outside [0.5, 2] where a one-sided chi-square test rejects σ = the violated bound, for 3 samples. Info: TheDeepChecker's own logs show this on a clean CNN; it is a hint, not a fault.",
      whyItMatters: "Activations that shrink or grow layer after layer lead to vanishing or exploding gradients.",
      example: "tf.layers.dense({ units: 256, kernelInitializer: tf.initializers.randomNormal({ stddev: 1 }) }) on 784 inputs",
      fix: "Use the initialisation matching the activation (He for ReLU, Glorot for tanh), batch normalisation, normalised inputs.",
      options: "minStd (0.5), maxStd (2), alpha (0.05), persist (3).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of state.current("activation")) {
      const layer = state.layer(entry.layer);
      if (!layer || !LAYER_KINDS[layer.kind]?.learns || state.isOutputLayer(entry.layer)) continue;
      const samples = state.series(entry.layer, entry.role, entry.name)?.samples ?? [];
      const low = (s: (typeof samples)[number]) => s.stats.std < options.minStd && varianceTestRejects(s.stats.count - s.stats.nonFinite, s.stats.std ** 2, options.minStd ** 2, "below", options.alpha);
      const high = (s: (typeof samples)[number]) => s.stats.std > options.maxStd && varianceTestRejects(s.stats.count - s.stats.nonFinite, s.stats.std ** 2, options.maxStd ** 2, "above", options.alpha);
      const std = entry.stats.std;
      const data = { layer: entry.layer, std: formatNumber(std), alpha: options.alpha, persist: options.persist };
      if (lastAll(samples, options.persist, low)) {
        // The worst of a too-small std is the smallest one.
        report({ messageId: "low", layer: entry.layer, subject: `${entry.name}/low`, value: std, worse: "min", data: { ...data, limit: options.minStd } });
      } else if (lastAll(samples, options.persist, high)) {
        report({ messageId: "high", layer: entry.layer, subject: `${entry.name}/high`, value: std, worse: "max", data: { ...data, limit: options.maxStd } });
      }
    }
  },
});
