import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { recentPerUnit } from "./per-unit.js";
import { AT, DD, SMD, TDC } from "../references.js";

type Options = { maxP95Abs: number; maxDeadFraction: number; window: number; minSamples: number };

/** Most ReLU units of a layer never activate. */
export default defineCheck<"dead", Options>({
  meta: checkMeta({
    code: "D402",
    name: "dead-units",
    family: "activations",
    severity: "warning",
    needs: ["tensors.activation.perUnit.p95Abs", "run-start.layers.activation"],
    messages: { dead: "{dead} of {units} units ({percent}%) of layer {layer} ({activation}) are dead over the last {samples} samples" },
    options: {
      maxP95Abs: option(1e-5, "A unit is dead when the 95th percentile of its |activation| stays below this."),
      maxDeadFraction: option(0.7, "Fraction of dead units above which the layer is flagged (AUTOTRAINER's 70 %, as D305). Calibrated on real trainings: a 16-unit ReLU layer over multi-hot text that learns to 99 % validation accuracy kept 9 of 16 units dead."),
      window: option(5, "Samples a unit must be dead in (the buffer)."),
      minSamples: option(3, "Fewest samples before judging."),
    },
    docs: {
      summary: "Most units of a ReLU-family layer never activate.",
      whatItChecks: "For layers with a ReLU-like activation (their own, or a ReLU layer): a unit is dead when its 95th-percentile |activation| is < 1e-5 at every one of the last (up to) 5 samples; the layer is flagged when more than 70 % of its units are dead. Each layer is judged by its own activation. A minority of dead units is ordinary in healthy trainings (small ReLU layers over sparse inputs lose about half of them and still learn well).",
      whyItMatters: "Dead ReLUs output zero and pass no gradient: the layer's capacity is gone and it does not recover.",
      example: "a large learning rate pushing biases strongly negative in a ReLU layer",
      fix: "Lower the learning rate, use He initialisation, LeakyReLU/ELU, or batch normalisation before the activation.",
      options: "maxP95Abs (1e-5), maxDeadFraction (0.7), window (5), minSamples (3).",
      references: [TDC, SMD + " (DeadRelu)", DD, AT],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of state.current("activation")) {
      const spec = state.activationSpecOf(entry.layer);
      if (!spec || !("reluLike" in spec) || !spec.reluLike) continue;
      const samples = recentPerUnit(state, entry, options.window, options.minSamples, (stats) => stats.perUnit?.p95Abs);
      if (!samples) continue;
      const units = samples[0]!.length;
      let dead = 0;
      for (let u = 0; u < units; u++) if (samples.every((p) => p[u]! < options.maxP95Abs)) dead++;
      const fraction = dead / units;
      if (fraction > options.maxDeadFraction) {
        report({
          messageId: "dead",
          layer: entry.layer,
          subject: entry.name,
          value: fraction,
          data: { dead, units, percent: formatNumber(fraction * 100), layer: entry.layer, activation: state.activationOf(entry.layer) ?? "relu", samples: samples.length },
        });
      }
    }
  },
});
