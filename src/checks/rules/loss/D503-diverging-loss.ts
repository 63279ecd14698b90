import { checkMeta, defineCheck, option } from "../../check.js";
import { isFiniteNumber } from "../../math.js";
import { TDC } from "../references.js";

type Options = { factor: number; window: number };

/** The loss climbs far above its best: training is diverging. */
export default defineCheck<"diverging", Options>({
  meta: checkMeta({
    code: "D503",
    name: "diverging-loss",
    family: "loss",
    severity: "error",
    needs: ["step.loss"],
    messages: { diverging: "the training loss is diverging: {factor}× its best ({best}) or more for {window} periods (now {current})" },
    options: {
      factor: option(2, "Ratio of the period loss to the best so far that counts as divergence."),
      window: option(5, "Consecutive periods the ratio must hold."),
    },
    docs: {
      summary: "The training loss rises far above its minimum and stays there.",
      whatItChecks: "Period means of the loss: L_t / min-so-far ≥ 2 for each of the last 5 periods (a best loss ≤ 1e-8 is not used as a reference).",
      whyItMatters: "A diverging loss means the optimiser overshoots: the model is getting worse with every step.",
      example: "optimizer: tf.train.sgd(3) on a regression with targets in the thousands",
      fix: "Lower the learning rate, normalise inputs and targets, clip gradients.",
      options: "factor (2), window (5).",
      references: [TDC],
    },
  }),
  on: ["period"],
  check({ state, options, report }) {
    const recent = state.periods.slice(-options.window);
    if (recent.length < options.window) return;
    const diverging = recent.every((p) => isFiniteNumber(p.meanLoss) && isFiniteNumber(p.minSoFar) && p.minSoFar > 1e-8 && p.meanLoss / p.minSoFar >= options.factor);
    if (diverging) {
      const last = recent[recent.length - 1]!;
      const ratio = last.meanLoss / last.minSoFar;
      report({
        messageId: "diverging",
        step: last.lastStep,
        value: ratio,
        data: { factor: options.factor, best: last.minSoFar.toPrecision(4), window: options.window, current: last.meanLoss.toPrecision(4) },
      });
    }
  },
});
