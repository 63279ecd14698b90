import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { SMD, TDC } from "../references.js";

type Options = { minDecrease: number; window: number; minSteps: number; recovered: number };

/** The loss does not go down from the start: the model is not learning at all. */
export default defineCheck<"flat" | "slowStart", Options>({
  meta: checkMeta({
    code: "D502",
    name: "loss-not-decreasing",
    family: "loss",
    severity: "warning",
    needs: ["step.loss"],
    messages: {
      flat: "the training loss has not decreased: {window} periods of {period} steps each improved by less than {percent}% (loss {first} at the start, {current} now)",
      slowStart: "the training loss stayed where it started for a while, then fell to {current}, {percent}% below its start ({first}): a slow start, not a model that cannot learn",
    },
    options: {
      minDecrease: option(0.05, "Relative decrease per period below which a period counts as not decreasing."),
      window: option(5, "Consecutive periods that must all be below `minDecrease`."),
      minSteps: option(200, "Fewest training steps before judging (a slow but healthy start is not a fault)."),
      recovered: option(0.2, "Share below its start the loss must fall to settle an earlier finding as a slow start (information)."),
    },
    docs: {
      summary: "The training loss does not decrease.",
      whatItChecks: "Period means of the loss (a period is the sampling interval but at least 10 steps, or the engine's `period`; when one step's loss is noisy — batches of one sample — periods are merged into blocks whose mean is precise to about 10 %): each of the last 5 periods decreased by less than 5 % relative, and, after at least 200 steps, the loss is still within 5 % of the run's first period — the model never started learning. A loss that decreased and then converged is not flagged (that is D507's concern). A loss that was flagged and later falls at least 20 % below its first period (keras-io's text classifier: flat at ln 2 for its first 200 steps, then 0.69 to 0.13) started late, not never: the finding stays, as information, saying so. Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game), and on a run whose targets come from a copy of the model that moves with it (a DQN's target network: its TD loss grows with the values it learns).",
      whyItMatters: "A loss flat from the start means the updates do not reach the parameters or do not help: zero or tiny learning rate, a detached loss, wrong labels, or dead units.",
      example: "optimizer: tf.train.sgd(0)",
      fix: "Check the learning rate, that the loss depends on the weights, the labels' encoding, and D205/D402 findings.",
      options: "minDecrease (0.05), window (5), minSteps (200), recovered (0.2).",
      references: [TDC, SMD + " (LossNotDecreasing)"],
    },
  }),
  on: ["period"],
  check({ state, options, report, settle }) {
    const periods = state.lossBlocks();
    if (periods.length < options.window + 1 || periods[periods.length - 1]!.lastStep + 1 < options.minSteps) return;
    // The run's first period, not the oldest one kept: a run longer than the kept history would be judged
    // against a loss it had long reached (a converged cubic fit, 30,000 steps in).
    const first = state.firstPeriodLoss ?? NaN;
    const recent = periods.slice(-(options.window + 1)).map((p) => p.meanLoss);
    if (!isFiniteNumber(first) || first === 0 || !recent.every(isFiniteNumber)) return;
    const current = recent[recent.length - 1]!;
    if ((first - current) / Math.abs(first) >= options.recovered) {
      // Learning has started since: a finding of this run was a slow start.
      settle({ messageId: "slowStart", data: { current: formatNumber(current, 4), first: formatNumber(first, 4), percent: Math.round(((first - current) / Math.abs(first)) * 100) } });
      return;
    }
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
