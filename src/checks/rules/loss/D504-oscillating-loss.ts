import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber, mean, meanAbsChange, relativeSwing, smoothness } from "../../math.js";
import { chanceClasses } from "./chance.js";
import type { LossPeriod } from "../../state.js";
import { AT, TDC } from "../references.js";

type Options = { minSmoothness: number; minSwing: number; window: number; minPeriods: number; scaleFloor: number; noiseMultiple: number; descending: number; cameDown: number };

/** Mean |difference| of two independent normal means, in units of their standard error: √2 · √(2/π). */
const NOISE_SWING = 2 / Math.sqrt(Math.PI);

/**
 * Whether the swings between successive period means stay below `multiple` times what sampling noise alone
 * gives them (NOISE_SWING standard errors, the standard error from the periods' own step-loss variance). False
 * when a period's variance is not known.
 */
function noiseLevelSwings(periods: readonly LossPeriod[], periodSteps: number, multiple: number): boolean {
  const variances = periods.map((p) => p.lossVariance);
  if (!variances.every((v): v is number => v !== undefined && isFiniteNumber(v))) return false;
  const standardError = Math.sqrt(mean(variances) / periodSteps);
  return meanAbsChange(periods.map((p) => p.meanLoss)) < multiple * NOISE_SWING * standardError;
}

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
      scaleFloor: option(0.25, "Swings are measured against the loss level, but never against less than this fraction of the run's first period loss, nor, for a classifier, of the loss of a uniform guess (ln C)."),
      noiseMultiple: option(2, "Swings below this multiple of what sampling noise alone gives (1.13 standard errors of a period mean, from the steps' loss spread over the same periods) are noise-level."),
      cameDown: option(0.6, "Noise-level swings on a loss whose window averages below this fraction of where it started (the first period's loss, or ln C for a classifier) are a noisy descent, not an oscillation."),
      descending: option(0.5, "A loss whose last quarter of the window averages below this fraction of its first quarter descends through its swings: not judged."),
    },
    docs: {
      summary: "The training loss oscillates instead of decreasing.",
      whatItChecks: "Over the last (up to) 50 period means: smoothness (net change / total variation, 1 for a monotone curve) < 0.5, and mean swings of at least 20 % of the loss level — the second condition keeps the noise of a converged loss from firing. The level is never taken below a quarter of the run's first period loss, nor, for a classifier, a quarter of a uniform guess's loss (ln C: a run that starts from a trained model has a small first loss): near convergence batch-to-batch noise is large relative to a small loss (found on real small-batch Adam trainings that learn well). Swings that sampling noise explains (below 2× the 1.13 standard errors by which two period means differ on average, the standard error taken from the steps' loss spread over the same periods) are not judged once the loss has come down (its window averaging below 0.6 of where it started): with batches of one sample, period means differ that much from sampling alone while the loss falls over thousands of steps (a character-level RNN trained name by name: swings at 0.98× noise over its 500-step windows, at most 1.53× in 3,900 of them, its loss down from 2.9 to 0.12). Noise-level swings on a loss that stays where it started are judged: the steps' spread is then the instability itself (SGD with momentum 0.9 at 0.5, a loss jumping between 0.1 and 3.5 around ln 3). Not judged: a loss that descends through its swings, its last quarter of the window averaging below half its first quarter (a bidirectional LSTM that bumps from 0.24 back to 0.72 once, then falls to 0.02). Not judged once a step's loss has been negative: such a loss (a policy gradient's or an actor-critic's surrogate objective, a negative log-density) has no level that swings can be measured against, and it swings with each episode's returns while the agent learns (pytorch/examples' REINFORCE and actor-critic). Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game), and on a run whose targets come from a copy of the model that moves with it (a DQN's target network: its TD loss grows with the values it learns).",
      whyItMatters: "Large swings mean the steps overshoot the minimum back and forth: the learning rate is too high or the batches are too small/unshuffled.",
      example: "optimizer: tf.train.sgd(1.5) on a small MLP",
      fix: "Lower the learning rate (or decay it), shuffle the data, enlarge the batch.",
      options: "minSmoothness (0.5), minSwing (0.2), window (50), minPeriods (10), scaleFloor (0.25), noiseMultiple (2), descending (0.5), cameDown (0.6).",
      references: [TDC, AT + " (oscillating loss)"],
    },
  }),
  on: ["period"],
  check({ state, options, report }) {
    const periods = state.periods.slice(-options.window);
    const recent = periods.map((p) => p.meanLoss);
    if (recent.length < options.minPeriods || !recent.every(isFiniteNumber)) return;
    // A loss that goes below 0 has no level to measure swings against: REINFORCE's and an actor-critic's
    // losses swing with each episode's returns while the agent learns (pytorch/examples, rewards 10 → 441).
    if (state.negativeLossSeen) return;
    // Swings on the way down are not "instead of descending" (one bump, then a steady fall).
    const quarter = Math.max(1, Math.floor(recent.length / 4));
    if (mean(recent.slice(-quarter)) < options.descending * mean(recent.slice(0, quarter))) return;
    const s = smoothness(recent);
    // A run that starts converged (a trained model trained on) has a small first loss: a classifier's scale is
    // then the loss of a uniform guess.
    const model = state.runStart?.model;
    const classes = chanceClasses(model?.loss, model?.task?.classes);
    const scale = Math.max(state.firstPeriodLoss ?? 0, classes === undefined ? 0 : Math.log(classes));
    const swing = relativeSwing(recent, options.scaleFloor * scale);
    // Swings that the steps' own noise explains, on a loss that has come down, are a noisy descent: with
    // batches of one sample, period means differ by about 1.13 standard errors from sampling alone. Noise
    // taken over the same periods as the swings (the older ones of a falling loss are noisier). Not read in
    // blocks as D502 and D503 do: an oscillation lasts a few steps, and blocks average it away.
    if (mean(recent) < options.cameDown * scale && noiseLevelSwings(periods, state.period, options.noiseMultiple)) return;
    if (s < options.minSmoothness && swing >= options.minSwing) {
      report({
        messageId: "oscillating",
        step: state.periods[state.periods.length - 1]!.lastStep,
        value: swing,
        data: { smoothness: formatNumber(s, 2), limit: options.minSmoothness, swing: formatNumber(swing * 100), periods: recent.length },
      });
    }
  },
});
