import { checkMeta, defineCheck, option } from "../../check.js";
import { isFiniteNumber } from "../../math.js";
import { formatFactor, formatNumber } from "../../format.js";
import { TDC } from "../references.js";

type Options = { factor: number; window: number; minOfStart: number };

/** The loss climbs far above its best: training is diverging. */
export default defineCheck<"diverging" | "risingFromStart" | "risingFromFirstStep", Options>({
  meta: checkMeta({
    code: "D503",
    name: "diverging-loss",
    family: "loss",
    severity: "error",
    needs: ["step.loss"],
    messages: {
      diverging: "the training loss is diverging: now {current}, {factor} its best running mean of {window} periods ({best}), and at least {limit}× for {window} periods",
      risingFromStart: "the training loss rose from the start: now {current}, {factor} its mean over the first {periods} period(s) ({best}), and at least {limit}× for {window} periods",
      risingFromFirstStep: "the training loss rose within the first {period} steps: now {current}, {factor} the untrained model's loss at the first step ({first}), and at least {limit}× for {window} periods",
    },
    options: {
      factor: option(2, "Ratio of the period loss to the best so far that counts as divergence."),
      window: option(5, "Consecutive periods the ratio must hold."),
      minOfStart: option(0.1, "A loss that stays below this fraction of where it started (the first step's loss, or the first period's if higher) is noise around a fit, not divergence."),
    },
    docs: {
      summary: "The training loss rises far above its minimum and stays there.",
      whatItChecks: "Period means of the loss: L_t / best ≥ 2 for each of the last 5 periods, where best is the lowest running mean of 5 period means before them (robust to one lucky period on a noisy run; a best ≤ 1e-8 is not used as a reference). Early in a run, when fewer than 5 periods precede the window, the reference is the mean of those first periods and the message says the loss rose from the start rather than from a running mean. A loss that rose within the first period (its mean already ≥ 2× the first step's loss: a learning rate far too high blows up in a few updates) leaves no low period to compare with: the reference is then the first step's loss, the untrained model's, which the first update has not touched. Not judged: a loss whose recent periods average below 10 % of where it started (a classifier near zero loss whose rare hard batches triple a period's mean), and, when one step's loss is noisy (batches of one sample), periods are merged into blocks whose mean is precise to about 10 %. Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game), and on a run whose targets come from a copy of the model that moves with it (a DQN's target network: its TD loss grows with the values it learns).",
      whyItMatters: "A diverging loss means the optimiser overshoots: the model is getting worse with every step.",
      example: "optimizer: tf.train.sgd(3) on a regression with targets in the thousands",
      fix: "Lower the learning rate, normalise inputs and targets, clip gradients.",
      options: "factor (2), window (5), minOfStart (0.1).",
      references: [TDC],
    },
  }),
  on: ["period"],
  check({ state, options, report }) {
    const periods = state.lossBlocks();
    const recent = periods.slice(-options.window);
    if (recent.length < options.window || !recent.every((p) => isFiniteNumber(p.meanLoss))) return;
    const starts = [state.firstPeriodLoss, state.firstStepLoss].filter((v): v is number => v !== undefined && Number.isFinite(v));
    const recentMean = recent.reduce((sum, p) => sum + p.meanLoss, 0) / recent.length;
    if (starts.length > 0 && recentMean < options.minOfStart * Math.max(...starts)) return;
    // The reference is the best running mean of `window` periods before the window, not the single
    // lowest period: on a noisy (small-batch, high learning rate) run one lucky period would otherwise
    // make every ordinary period look like divergence.
    const before = periods.slice(0, -options.window).map((p) => p.meanLoss);
    const best = bestRunningMean(before, options.window);
    if (!(best > 1e-8)) return;
    const last = recent[recent.length - 1]!;
    const above = (reference: number) => recent.every((p) => p.meanLoss / reference >= options.factor);
    if (above(best)) {
      const ratio = last.meanLoss / best;
      // Fewer periods than a running mean spans: the reference is the start-up level, and the message says so.
      const fromStart = before.length < options.window;
      report({
        messageId: fromStart ? "risingFromStart" : "diverging",
        step: last.lastStep,
        value: ratio,
        data: { factor: formatFactor(ratio), limit: options.factor, best: formatNumber(best, 4), window: options.window, current: formatNumber(last.meanLoss, 4), periods: before.length },
      });
      return;
    }
    // AdamW at a learning rate of 20 on an LSTM language model: 9.8 at the first step, 6,149 ten steps
    // later. Every period is high, so no running mean is low; the first step's loss, before any update, is.
    const first = state.firstStepLoss;
    const blewUpAtOnce = first !== undefined && first > 1e-8 && state.firstPeriodLoss !== undefined && state.firstPeriodLoss / first >= options.factor;
    if (blewUpAtOnce && above(first)) {
      const ratio = last.meanLoss / first;
      report({
        messageId: "risingFromFirstStep",
        step: last.lastStep,
        value: ratio,
        data: { factor: formatFactor(ratio), limit: options.factor, first: formatNumber(first, 4), window: options.window, current: formatNumber(last.meanLoss, 4), period: state.period },
      });
    }
  },
});

/** The lowest mean of `width` consecutive finite values (of all, when fewer); NaN when there is none. */
function bestRunningMean(values: number[], width: number): number {
  let best = NaN;
  for (let end = Math.min(width, values.length); end <= values.length && end > 0; end++) {
    const slice = values.slice(Math.max(0, end - width), end);
    if (!slice.every(isFiniteNumber)) continue;
    const m = slice.reduce((a, b) => a + b, 0) / slice.length;
    if (!(m >= best)) best = m;
  }
  return best;
}
