import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { TDC } from "../references.js";

type Options = { window: number; tolerance: number };

/** Regression targets the output activation cannot produce (negative targets behind a ReLU, targets > 1 behind a sigmoid). */
export default defineCheck<"inexpressive", Options>({
  meta: checkMeta({
    code: "D408",
    name: "inexpressive-regression-output",
    family: "activations",
    severity: "error",
    needs: ["tensors.target", "tensors.activation", "run-start.model.task"],
    messages: { inexpressive: "regression targets reach [{tmin}, {tmax}] but the {activation} output of {layer} is confined to [{lo}, {hi}] and never left it in {window} samples" },
    options: {
      window: option(5, "Samples (periods) over which targets exceed and outputs never do."),
      tolerance: option(1e-3, "Slack beyond the activation's bounds."),
    },
    docs: {
      summary: "The regression output's activation cannot produce the targets.",
      whatItChecks: "For regression: targets outside the output activation's range (negative with ReLU/sigmoid/softmax, beyond ±1 with tanh, above 1 with sigmoid) at each of the last 5 samples while the outputs stayed inside it. Linear (unbounded) outputs are never flagged, so slow early growth is not mistaken for a fault.",
      whyItMatters: "Targets the output cannot reach leave an error that no amount of training removes.",
      example: "tf.layers.dense({ units: 1, activation: 'relu' }) predicting standardised (partly negative) targets",
      fix: "Use a linear output for regression, or scale the targets into the activation's range.",
      options: "window (5), tolerance (1e-3).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    const output = state.outputLayer();
    const task = state.runStart?.model.task;
    if (!output || task?.kind !== "regression") return;
    const kind = state.activationOf(output.name);
    const spec = state.activationSpecOf(output.name);
    if (!kind || !spec) return;
    const [lo, hi] = spec.range;
    if (!isFiniteNumber(lo) && !isFiniteNumber(hi)) return;
    const targets = state.seriesOfRole("target")[0];
    const outputs = state.currentOutputs()[0];
    if (!targets || !outputs) return;
    const outSeries = state.series(outputs.layer, outputs.role, outputs.name);
    const recentTargets = targets.samples.slice(-options.window);
    const recentOutputs = outSeries?.samples.slice(-options.window) ?? [];
    if (recentTargets.length < options.window || recentOutputs.length < options.window) return;
    const slackLo = options.tolerance * Math.max(1, Math.abs(lo));
    const slackHi = options.tolerance * Math.max(1, Math.abs(hi));
    const targetsBelow = isFiniteNumber(lo) && recentTargets.every((t) => t.stats.min < lo - slackLo);
    const targetsAbove = isFiniteNumber(hi) && recentTargets.every((t) => t.stats.max > hi + slackHi);
    const outputsStayed = recentOutputs.every(
      (o) => (!targetsBelow || o.stats.min >= lo - slackLo) && (!targetsAbove || o.stats.max <= hi + slackHi),
    );
    if ((targetsBelow || targetsAbove) && outputsStayed) {
      const t = recentTargets[recentTargets.length - 1]!.stats;
      report({
        messageId: "inexpressive",
        layer: output.name,
        subject: outputs.name,
        value: Math.max(targetsBelow ? lo - t.min : 0, targetsAbove ? t.max - hi : 0),
        data: { tmin: formatNumber(t.min, 4), tmax: formatNumber(t.max, 4), activation: kind, layer: output.name, lo: formatNumber(lo), hi: formatNumber(hi), window: options.window },
      });
    }
  },
});
