import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { recentPerUnit } from "./per-unit.js";
import { mean } from "../../math.js";
import { SMD, TDC } from "../references.js";

type Options = { minSaturation: number; maxSaturatedFraction: number; window: number; minSamples: number; includeOutputLayer: boolean };

/** Sigmoid/tanh units stuck at the ends of their range, where their derivative vanishes. */
export default defineCheck<"saturated", Options>({
  meta: checkMeta({
    code: "D403",
    name: "saturated-units",
    family: "activations",
    severity: "warning",
    needs: ["tensors.activation.saturation", "run-start.layers.activation"],
    messages: { saturated: "{saturated} of {units} units ({percent}%) of layer {layer} ({activation}) are saturated (ρ > {limit})" },
    options: {
      minSaturation: option(0.85, "Saturation ρ above which a unit is saturated."),
      maxSaturatedFraction: option(0.5, "Fraction of saturated units above which the layer is flagged."),
      window: option(5, "Samples averaged per unit."),
      minSamples: option(3, "Fewest samples before judging."),
      includeOutputLayer: option(false, "Also judge the output layer (a confident sigmoid head is saturated by design)."),
    },
    docs: {
      summary: "Most units of a sigmoid/tanh layer sit at the ends of their range.",
      whatItChecks: "For layers with a saturating activation (sigmoid, hard sigmoid, tanh, softsign): the per-unit saturation ρ the probe records (a 50-bin histogram over the activation's own range — [0, 1] for sigmoid, [−1, 1] for tanh), averaged over the last (up to) 5 samples; flagged when more than half the units exceed 0.85. The output layer is skipped by default.",
      whyItMatters: "A saturated unit's derivative is ~0: gradients stop flowing through it and the layers before it stop learning.",
      example: "tf.layers.dense({ units: 64, activation: 'tanh' }) on inputs in [0, 255]",
      fix: "Normalise inputs, use Glorot initialisation, lower the learning rate, or switch to ReLU-family activations.",
      options: "minSaturation (0.85), maxSaturatedFraction (0.5), window (5), minSamples (3), includeOutputLayer (false).",
      references: [TDC, SMD + " (tanh/sigmoid saturation)"],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of state.current("activation")) {
      const spec = state.activationSpecOf(entry.layer);
      if (!spec || !("saturating" in spec) || !spec.saturating) continue;
      if (!options.includeOutputLayer && state.isOutputLayer(entry.layer)) continue;
      const samples = recentPerUnit(state, entry, options.window, options.minSamples, (stats) => stats.saturation);
      if (!samples) continue;
      const units = samples[0]!.length;
      let saturated = 0;
      for (let u = 0; u < units; u++) if (mean(samples.map((p) => p[u]!)) > options.minSaturation) saturated++;
      const fraction = saturated / units;
      if (fraction > options.maxSaturatedFraction) {
        report({
          messageId: "saturated",
          layer: entry.layer,
          subject: entry.name,
          value: fraction,
          data: { saturated, units, percent: formatNumber(fraction * 100), layer: entry.layer, activation: state.activationOf(entry.layer) ?? "sigmoid", limit: options.minSaturation },
        });
      }
    }
  },
});
