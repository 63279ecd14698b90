import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber, pearson } from "../../math.js";
import { TDC } from "../references.js";
import { isAccuracy } from "./accuracy-metric.js";

type Options = { minCorrelation: number; minTrend: number; window: number; minPeriods: number; perfectMargin: number };

/** The loss goes down but the metric does not follow: the loss does not measure the task. */
export default defineCheck<"unrepresentative", Options>({
  meta: checkMeta({
    code: "D505",
    name: "unrepresentative-loss",
    family: "loss",
    severity: "info",
    needs: ["step.loss", "step.metrics"],
    messages: { unrepresentative: "the loss and the metric {metric} are uncorrelated (|r| = {r} < {limit}) over {periods} periods while the loss fell {trend}%" },
    options: {
      minCorrelation: option(0.5, "|Pearson r| between period means of loss and metric below which the loss is unrepresentative."),
      minTrend: option(0.2, "The loss must have fallen by this fraction over the window (a flat loss has no correlation to speak of)."),
      window: option(50, "Period means examined."),
      minPeriods: option(10, "Fewest periods before judging."),
      perfectMargin: option(0.005, "An accuracy within this of 1 at every period is perfect: it has nowhere to follow the loss."),
    },
    docs: {
      summary: "The loss and the training metric do not move together.",
      whatItChecks: "Pearson correlation of the period means of the loss and of each metric over the last (up to) 50 periods, when the loss fell by at least 20 % over them; |r| < 0.5 fires. Low severity. An accuracy that stayed perfect (within 0.005 of 1) over the window is not judged: a converged classifier's loss keeps falling toward 0 with nothing left for its accuracy to gain. Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game), and on a run whose targets come from a copy of the model that moves with it (a DQN's target network: its TD loss grows with the values it learns).",
      whyItMatters: "When optimising the loss does not improve the metric, the loss is the wrong one for the task (e.g. a regression loss on class indices) or the metric is computed wrongly.",
      example: "loss: 'meanSquaredError' on one-hot labels with softmax, metric accuracy stuck",
      fix: "Use the loss that matches the task and label encoding; check the metric's inputs.",
      options: "minCorrelation (0.5), minTrend (0.2), window (50), minPeriods (10), perfectMargin (0.005).",
      references: [TDC],
    },
  }),
  on: ["period"],
  check({ state, options, report }) {
    const periods = state.periods.slice(-options.window);
    if (periods.length < options.minPeriods) return;
    const losses = periods.map((p) => p.meanLoss);
    if (!losses.every(isFiniteNumber)) return;
    const first = losses[0]!;
    const trend = first === 0 ? 0 : (first - losses[losses.length - 1]!) / Math.abs(first);
    if (trend < options.minTrend) return;
    for (const metric of Object.keys(periods[periods.length - 1]!.metrics)) {
      const values = periods.map((p) => p.metrics[metric]);
      if (!values.every(isFiniteNumber)) continue;
      if (isAccuracy(metric) && values.every((v) => (v as number) >= 1 - options.perfectMargin)) continue;
      const r = pearson(losses, values as number[]);
      // A metric that never moved (NaN r) while the loss fell is the clearest case of all.
      const abs = Number.isNaN(r) ? 0 : Math.abs(r);
      if (abs < options.minCorrelation) {
        report({
          messageId: "unrepresentative",
          subject: metric,
          step: periods[periods.length - 1]!.lastStep,
          value: abs,
          data: { metric, r: formatNumber(abs, 2), limit: options.minCorrelation, periods: periods.length, trend: formatNumber(trend * 100) },
        });
      }
    }
  },
  worst: "min",
});
