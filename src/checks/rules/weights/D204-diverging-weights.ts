import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { TDC } from "../references.js";

type Options = { maxMeanAbs: number; window: number; growth: number };

/** Weights blowing up: very large, or doubling at every sample. */
export default defineCheck<"huge" | "growing", Options>({
  meta: checkMeta({
    code: "D204",
    name: "diverging-weights",
    family: "weights",
    severity: "error",
    needs: ["tensors.weights", "tensors.bias"],
    messages: {
      huge: "{tensor} of layer {layer} has mean |w| = {value} (> {limit})",
      growing: "{tensor} of layer {layer} grew at least {growth}× at each of the last {window} samples (mean |w| now {value})",
    },
    options: {
      maxMeanAbs: option(1e8, "Mean |w| above which the weights have diverged."),
      window: option(5, "Number of successive ratios that must all reach `growth`."),
      growth: option(2, "Ratio of successive mean |w|, beyond linear growth from step 0, that counts as divergence."),
    },
    docs: {
      summary: "Weights or biases grow without bound.",
      whatItChecks: "Mean |w| of each parameter tensor: above 1e8, or growing ≥ 2× at each of the last 5 samples beyond linear growth from step 0 (each ratio divided by the ratio of the samples' steps: a bias initialised at zero grows linearly, and samples spaced ever wider by the sampling budget made that 2× a sample).",
      whyItMatters: "Diverging parameters overflow to Infinity and NaN a few steps later; the model's outputs are meaningless well before.",
      example: "optimizer: tf.train.sgd(10) on unnormalised inputs",
      fix: "Lower the learning rate, normalise inputs, add gradient clipping or weight decay.",
      options: "maxMeanAbs (1e8), window (5), growth (2).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of state.current("weights", "bias")) {
      const data = { tensor: entry.name, layer: entry.layer, limit: options.maxMeanAbs, growth: options.growth, window: options.window };
      const mav = entry.stats.meanAbs;
      if (isFiniteNumber(mav) && mav > options.maxMeanAbs) {
        report({ messageId: "huge", layer: entry.layer, subject: entry.name, value: mav, data: { ...data, value: formatNumber(mav) } });
        continue;
      }
      const samples = (state.series(entry.layer, entry.role, entry.name)?.samples ?? []).slice(-(options.window + 1));
      // Each ratio is taken beyond linear growth from step 0: a tensor initialised at zero (a bias) grows
      // linearly into its working range, and samples spaced ever wider by the sampling budget (steps 30, 60,
      // 120, 240) make that 2× a sample (a GRU's update-gate bias from scratch, mean |b| 0.013 to 0.30).
      const beyondLinear = (i: number): number => samples[i]!.stats.meanAbs / samples[i - 1]!.stats.meanAbs / ((samples[i]!.step + 1) / (samples[i - 1]!.step + 1));
      const measured = samples.length === options.window + 1 && samples.every((s) => isFiniteNumber(s.stats.meanAbs) && s.stats.meanAbs > 0);
      if (measured && samples.every((_, i) => i === 0 || beyondLinear(i) >= options.growth)) {
        report({ messageId: "growing", layer: entry.layer, subject: entry.name, value: mav, data: { ...data, value: formatNumber(mav) } });
      }
    }
  },
});
