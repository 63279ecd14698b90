import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { lastAll } from "../../math.js";
import { AT } from "../references.js";
import type { CheckState } from "../../state.js";
import { currentKernelGradients } from "./gradient-series.js";

type Options = { minZeroFraction: number; persist: number; unitZeroFraction: number };

/** A unit fires when its 95th-percentile |output| reaches this (D402's threshold for a dead unit). */
const FIRING_P95 = 1e-5;

/**
 * Which of the layer's `units` fired in its output recorded at the current step (per-unit 95th percentile of
 * |output|), when that output is recorded per unit with as many units as its kernel's.
 */
function firingUnits(state: CheckState, layer: string, units: number): boolean[] | undefined {
  const output = state.current("activation").find((e) => e.layer === layer);
  const p95 = output?.stats.perUnit?.p95Abs;
  return p95 && p95.length === units ? p95.map((v) => v >= FIRING_P95) : undefined;
}

/** Most of a ReLU layer's kernel gradient exactly zero: its units have died. */
export default defineCheck<"dying" | "dyingUnits", Options>({
  meta: checkMeta({
    code: "D305",
    name: "dying-relu-gradients",
    family: "gradients",
    severity: "warning",
    needs: ["tensors.gradient", "run-start.layers.activation"],
    messages: {
      dying: "{percent}% of the gradient of layer {layer} ({activation}) is exactly zero for {persist} samples: its units are dying",
      dyingUnits: "{dead} of {units} units of layer {layer} ({activation}) passed no gradient for {persist} samples: they are dying",
    },
    options: {
      minZeroFraction: option(0.7, "Fraction of the layer's units (or, in traces without per-unit statistics, of its gradient entries) that must be dying (AUTOTRAINER)."),
      unitZeroFraction: option(1, "Fraction of a unit's gradient entries (its kernel column) that are exactly zero for the unit to count as dying."),
      persist: option(3, "Consecutive samples the condition must hold."),
    },
    docs: {
      summary: "Most of a ReLU-family layer's gradient is exactly zero.",
      whatItChecks: "Layers with a ReLU-like activation: the units whose kernel-gradient column is entirely zero (no sample of the batch passed gradient through them), ≥ 70 % of the units for 3 samples. Per unit, not per entry: sparse inputs (multi-hot text, one-hot features) zero whole rows of a first layer's gradient, however alive its units are — found on a multi-hot sentiment MLP that learns well. A unit whose output the same sample shows firing (95th-percentile |output| ≥ 1e-5, recorded per unit) is not counted: it passes no gradient because none reaches the layer from above (D302), not because it died (keras-io's time-series Transformer, whose normalisations over a 1-wide axis output constants while its Conv1D ReLUs fire). Traces without per-unit statistics fall back to AUTOTRAINER's form: ≥ 70 % of the gradient entries exactly zero.",
      whyItMatters: "A ReLU unit whose input is always negative passes no gradient and never recovers; a layer of such units stops learning.",
      example: "tf.layers.dense({ units: 64, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -10 }) })",
      fix: "Lower the learning rate, use He initialisation, LeakyReLU/ELU, or batch normalisation.",
      options: "minZeroFraction (0.7), persist (3), unitZeroFraction (1).",
      references: [AT],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const series of currentKernelGradients(state)) {
      const spec = state.activationSpecOf(series.layer);
      if (!spec || !("reluLike" in spec) || !spec.reluLike) continue;
      const activation = state.activationOf(series.layer) ?? "relu";
      const last = series.samples[series.samples.length - 1]!.stats;
      if (last.perUnit?.zeroFraction) {
        const deadOf = (zeros: number[] | undefined) => (zeros && zeros.length > 0 ? zeros.filter((z) => z >= options.unitZeroFraction).length / zeros.length : NaN);
        if (lastAll(series.samples, options.persist, (s) => deadOf(s.stats.perUnit?.zeroFraction) >= options.minZeroFraction)) {
          const units = last.perUnit.zeroFraction.length;
          const fraction = deadOf(last.perUnit.zeroFraction);
          // Units that pass no gradient while they fire are not dying: no gradient reaches the layer from
          // above (D302 says so). keras-io's time-series Transformer: its normalisations over a 1-wide axis
          // output constants, its Conv1D ReLUs fire (output spread 0.2) and get no gradient.
          const firing = firingUnits(state, series.layer, units);
          if (firing !== undefined && last.perUnit.zeroFraction.filter((z, u) => z >= options.unitZeroFraction && !firing[u]).length / units < options.minZeroFraction) continue;
          report({
            messageId: "dyingUnits",
            layer: series.layer,
            subject: series.name,
            value: fraction,
            data: { layer: series.layer, activation, dead: Math.round(fraction * units), units, persist: options.persist },
          });
        }
        continue;
      }
      if (lastAll(series.samples, options.persist, (s) => s.stats.zeroFraction >= options.minZeroFraction)) {
        report({
          messageId: "dying",
          layer: series.layer,
          subject: series.name,
          value: last.zeroFraction,
          data: { layer: series.layer, activation, percent: formatNumber(last.zeroFraction * 100), persist: options.persist },
        });
      }
    }
  },
});
