import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber, relativeSwing, smoothness } from "../../math.js";
import { AT, TDC } from "../references.js";

type Options = { minSmoothness: number; minSwing: number; window: number; minPeriods: number; scaleFloor: number; noiseRatio: number };

/** The loss swings up and down instead of descending. */
export default defineCheck<"oscillating", Options>({
  meta: checkMeta({
    code: "D504",
    name: "oscillating-loss",
    family: "loss",
    severity: "warning",
    needs: ["step.loss"],
    messages: { oscillating: "the training loss oscillates: smoothness {smoothness} (< {limit}) with swings of {swing}% per period over {periods} periods" },
    options: {
      minSmoothness: option(0.5, "Net change / total variation of the period means below which the loss oscillates."),
      minSwing: option(0.2, "Mean period-to-period change relative to the loss level needed too (noise on a converged loss is smaller)."),
      window: option(50, "Period means examined."),
      minPeriods: option(10, "Fewest periods before judging."),
      scaleFloor: option(0.25, "Swings are measured against the loss level, but never against less than this fraction of the run's first period loss."),
      noiseRatio: option(3, "Swings must exceed this many standard errors of the period means (what the spread of their steps' losses alone explains)."),
    },
    docs: {
      summary: "The training loss oscillates instead of decreasing.",
      whatItChecks: "Over the last (up to) 50 period means: smoothness (net change / total variation, 1 for a monotone curve) < 0.5, and mean swings of at least 20 % of the loss level — the second condition keeps the noise of a converged loss from firing. The level is never taken below a quarter of the run's first period loss: near convergence batch-to-batch noise is large relative to a small loss (found on real small-batch Adam trainings that learn well). The swings must also exceed 3 standard errors of the period means (their steps' spread / √steps): with batches of one or a few samples each step's loss is one sample's, and period means move by that noise alone (found on a batch-size-1 regression that learns well).",
      whyItMatters: "Large swings mean the steps overshoot the minimum back and forth: the learning rate is too high or the batches are too small/unshuffled.",
      example: "optimizer: tf.train.sgd(1.5) on a small MLP",
      fix: "Lower the learning rate (or decay it), shuffle the data, enlarge the batch.",
      options: "minSmoothness (0.5), minSwing (0.2), window (50), minPeriods (10), scaleFloor (0.25), noiseRatio (3).",
      references: [TDC, AT + " (oscillating loss)"],
    },
  }),
  on: ["period"],
  check({ state, options, report }) {
    const periods = state.periods.slice(-options.window);
    const recent = periods.map((p) => p.meanLoss);
    if (recent.length < options.minPeriods || !recent.every(isFiniteNumber)) return;
    const s = smoothness(recent);
    const swing = relativeSwing(recent, options.scaleFloor * (state.firstPeriodLoss ?? 0));
    if (s < options.minSmoothness && swing >= options.minSwing && !withinNoise(recent, periods.map((p) => p.standardError), options.noiseRatio)) {
      report({
        messageId: "oscillating",
        step: state.periods[state.periods.length - 1]!.lastStep,
        value: swing,
        data: { smoothness: formatNumber(s, 2), limit: options.minSmoothness, swing: formatNumber(swing * 100), periods: recent.length },
      });
    }
  },
});

/**
 * Whether the mean swing between consecutive period means is no more than `ratio` standard errors: the
 * steps' own spread explains it. Periods without a standard error (one step, a non-finite loss) decide nothing.
 */
function withinNoise(means: readonly number[], standardErrors: readonly number[], ratio: number): boolean {
  const errors = standardErrors.filter(isFiniteNumber);
  if (errors.length < standardErrors.length / 2) return false;
  const error = errors.reduce((a, b) => a + b, 0) / errors.length;
  let total = 0;
  for (let i = 1; i < means.length; i++) total += Math.abs(means[i]! - means[i - 1]!);
  return total / (means.length - 1) <= ratio * error;
}
