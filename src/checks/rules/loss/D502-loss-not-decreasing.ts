import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { SMD, TDC } from "../references.js";

type Options = { minDecrease: number; window: number; minSteps: number };

/** The loss does not go down from the start: the model is not learning at all. */
export default defineCheck<"flat", Options>({
  meta: checkMeta({
    code: "D502",
    name: "loss-not-decreasing",
    family: "loss",
    severity: "warning",
    needs: ["step.loss"],
    messages: { flat: "the training loss has not decreased: {window} periods of {period} steps each improved by less than {percent}% (loss {first} at the start, {current} now)" },
    options: {
      minDecrease: option(0.05, "Relative decrease per period below which a period counts as not decreasing."),
      window: option(5, "Consecutive periods that must all be below `minDecrease`."),
      minSteps: option(200, "Fewest training steps before judging (a slow but healthy start is not a fault)."),
    },
    docs: {
      summary: "The training loss does not decrease.",
      whatItChecks: "Period means of the loss (a period is the sampling interval but at least 10 steps, or the engine's `period`; when one step's loss is noisy — batches of one sample — periods are merged into blocks whose mean is precise to about 10 %): each of the last 5 periods decreased by less than 5 % relative, and, after at least 200 steps, the loss is still within 5 % of the run's first period — the model never started learning. A loss that decreased and then converged is not flagged (that is D507's concern). Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game).",
      whyItMatters: "A loss flat from the start means the updates do not reach the parameters or do not help: zero or tiny learning rate, a detached loss, wrong labels, or dead units.",
      example: "optimizer: tf.train.sgd(0)",
      fix: "Check the learning rate, that the loss depends on the weights, the labels' encoding, and D205/D402 findings.",
      options: "minDecrease (0.05), window (5), minSteps (200).",
      references: [TDC, SMD + " (LossNotDecreasing)"],
    },
  }),
  on: ["period"],
  check({ state, options, report }) {
    const periods = state.lossBlocks();
    if (periods.length < options.window + 1 || periods[periods.length - 1]!.lastStep + 1 < options.minSteps) return;
    // The run's first period, not the oldest one kept: a run longer than the kept history would be judged
    // against a loss it had long reached (a converged cubic fit, 30,000 steps in).
    const first = state.firstPeriodLoss ?? NaN;
    const recent = periods.slice(-(options.window + 1)).map((p) => p.meanLoss);
    if (!isFiniteNumber(first) || first === 0 || !recent.every(isFiniteNumber)) return;
    const current = recent[recent.length - 1]!;
    let flat = true;
    for (let i = 1; i < recent.length; i++) {
      const previous = recent[i - 1]!;
      if (previous !== 0 && (previous - recent[i]!) / Math.abs(previous) >= options.minDecrease) flat = false;
    }
    const neverImproved = (first - current) / Math.abs(first) < options.minDecrease;
    if (flat && neverImproved) {
      report({
        messageId: "flat",
        step: periods[periods.length - 1]!.lastStep,
        value: current,
        data: { window: options.window, period: state.period * state.blockPeriods(), percent: options.minDecrease * 100, first: formatNumber(first, 4), current: formatNumber(current, 4) },
      });
    }
  },
});
