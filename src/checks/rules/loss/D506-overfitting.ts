import { checkMeta, defineCheck, option } from "../../check.js";
import { formatFactor, formatNumber, formatPercent } from "../../format.js";
import { isFiniteNumber, noiseSigma } from "../../math.js";
import type { EarlyStoppingSummary, EpochRecord } from "../../../telemetry/schema.js";
import { SMD } from "../references.js";

type Options = { maxGap: number; epochs: number; minRise: number; noiseMultiple: number; noiseEpochs: number };

/** "84%" for moderate gaps; "12×" or "3.4e+5×" when the training loss is near zero. */
function describeGap(gap: number): string {
  if (gap < 10) return formatPercent(gap);
  return formatFactor(gap + 1);
}

/**
 * Whether the last `epochs` rises of the validation loss stand above its own epoch-to-epoch noise, measured
 * over the `noiseEpochs` epochs up to the first of them (a noisy plateau rises for three epochs now and
 * then). Too few epochs before the rise to measure it: not judged, the relative floor alone applies.
 */
function aboveNoise(validated: readonly EpochRecord[], options: Options): boolean {
  const start = validated.length - options.epochs - 1;
  const before = validated.slice(Math.max(0, start - options.noiseEpochs), start + 1).map((e) => e.valLoss!);
  const sigma = noiseSigma(before, 3);
  if (Number.isNaN(sigma)) return true;
  const rise = validated[validated.length - 1]!.valLoss! - validated[start]!.valLoss!;
  return rise > options.noiseMultiple * Math.SQRT2 * sigma;
}

/** The training's own early stopping, when it watches a validation metric: it ends an overfitting run. */
function validationEarlyStopping(early: EarlyStoppingSummary | undefined): EarlyStoppingSummary | undefined {
  return early !== undefined && early.monitor.startsWith("val") ? early : undefined;
}

export default defineCheck<"gap" | "diverging" | "divergingStopped", Options>({
  meta: checkMeta({
    code: "D506",
    name: "overfitting",
    family: "loss",
    severity: "warning",
    needs: ["epoch.valLoss"],
    messages: {
      gap: "validation loss {val} is {gap} above training loss {train}, the gap grew for {epochs} epochs and validation loss stopped improving (epoch {epoch})",
      diverging: "validation loss rose for {epochs} epochs while training loss fell (val {val}, train {train} at epoch {epoch}): the model is overfitting",
      divergingStopped: "validation loss rose for {epochs} epochs while training loss fell (val {val}, train {train} at epoch {epoch}): the model is overfitting; the training's early stopping on {monitor}{patience} ends it{kept}",
    },
    options: {
      maxGap: option(0.1, "(val − train) / train above which the gap is large (both forms need it)."),
      epochs: option(3, "Consecutive epochs the gap must grow / val rise while train falls."),
      minRise: option(0.01, "Relative rise of the validation loss over those epochs below which it is noise."),
      noiseMultiple: option(3, "The rise must exceed this many standard deviations of what the validation loss's own epoch-to-epoch noise gives a rise over those epochs (√2 σ)."),
      noiseEpochs: option(20, "Epochs before the rise from which that noise is measured (at least 5 needed to judge it)."),
    },
    docs: {
      summary: "The model overfits: validation loss departs from training loss.",
      whatItChecks:
        "Epoch records with a validation loss. Warning: the validation loss rose for 3 consecutive epochs (by ≥ 1 % in all) while the training loss fell, and it stands more than 10 % above the training loss (a validation loss that rises on a noisy plateau while it still tracks the training loss is noise: found on an abalone regression under SGD). The rise must also exceed 3× the standard deviation that the validation loss's own epoch-to-epoch noise gives a 3-epoch rise (√2 σ, σ from the median |second difference| over the 20 epochs before the rise, robust to a slowly bending trend): a validation loss on a noisy plateau rises for 3 epochs now and then (Dive into Deep Learning's RNN from scratch: 1.5 % at epoch 91 within ±2 % noise, then a new low). With fewer than 5 epochs before the rise its noise is unknown, and the 1 % floor alone applies. Info: (val − train)/train > 0.1, growing for 3 epochs, while the validation loss is above its best of those epochs (a gap that grows while validation still improves is normal and not reported). When the training stops itself early on a validation metric (a Keras or TF.js `EarlyStopping` among fit's callbacks, stated by the probe), the warning is an info: the program already ends an overfitting run (keras-io's time-series anomaly autoencoder overfits for 5 epochs before its EarlyStopping ends it). It says when the weights kept are the last epoch's rather than the best's. Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game), and on a run whose targets come from a copy of the model that moves with it (a DQN's target network: its TD loss grows with the values it learns).",
      whyItMatters: "Past this point further training makes the model worse on unseen data.",
      example: "a large MLP trained 200 epochs on 500 samples without regularisation",
      fix: "Early stopping, more data or augmentation, dropout or weight decay, a smaller model.",
      options: "maxGap (0.1), epochs (3), minRise (0.01), noiseMultiple (3), noiseEpochs (20).",
      references: [SMD + " (Overfit)"],
    },
  }),
  on: ["epoch"],
  check({ state, options, report }) {
    const validated = state.epochs.filter((e): e is EpochRecord & { loss: number } => isFiniteNumber(e.valLoss) && isFiniteNumber(e.loss) && e.loss > 0);
    const recent = validated.slice(-(options.epochs + 1));
    if (recent.length < options.epochs + 1) return;
    const first = recent[0]!;
    const last = recent[recent.length - 1]!;
    const step = last.step !== undefined ? { step: last.step } : {};
    const gaps = recent.map((e) => (e.valLoss! - e.loss) / e.loss);
    const gap = gaps[gaps.length - 1]!;
    const data = { epochs: options.epochs, val: formatNumber(last.valLoss!, 4), train: formatNumber(last.loss, 4), epoch: last.epoch };

    const valRising = recent.every((e, i) => i === 0 || e.valLoss! > recent[i - 1]!.valLoss!);
    const trainFalling = recent.every((e, i) => i === 0 || e.loss < recent[i - 1]!.loss);
    const rise = (last.valLoss! - first.valLoss!) / Math.abs(first.valLoss!);
    // The gap too: on a noisy plateau (full-batch-like SGD) validation loss can rise for a few epochs while
    // it still tracks the training loss; overfitting pulls it away.
    if (valRising && trainFalling && rise >= options.minRise && gap > options.maxGap && aboveNoise(validated, options)) {
      const early = validationEarlyStopping(state.runStart?.earlyStopping);
      if (early === undefined) {
        report({ messageId: "diverging", subject: "diverging", ...step, value: gap, data });
        return;
      }
      const patience = early.patience !== undefined ? ` (patience ${early.patience})` : "";
      const kept = early.restoresBest === false ? ", keeping the last epoch's weights, not the best epoch's" : "";
      report({ messageId: "divergingStopped", subject: "diverging", severity: "info", ...step, value: gap, data: { ...data, monitor: early.monitor, patience, kept } });
      return;
    }
    const growing = gaps.every((g, i) => i === 0 || g > gaps[i - 1]!);
    // A gap that grows while validation loss still reaches new lows is ordinary training, not overfitting.
    const bestVal = Math.min(...recent.map((e) => e.valLoss!));
    if (gap > options.maxGap && growing && last.valLoss! > bestVal) {
      report({ messageId: "gap", subject: "gap", severity: "info", ...step, value: gap, data: { ...data, gap: describeGap(gap) } });
    }
  },
});
