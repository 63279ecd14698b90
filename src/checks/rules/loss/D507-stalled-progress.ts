import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { accuracyName } from "./accuracy-metric.js";
import { AT, SMD } from "../references.js";

type Options = { minDelta: number; patience: number; valPatience: number; minAccuracyGain: number; lowAccuracy: number };

/** True when the best of the last `patience` values did not beat the best before by minDelta (relative). */
function stalled(values: number[], patience: number, minDelta: number): boolean {
  if (values.length <= patience) return false;
  const before = Math.min(...values.slice(0, -patience));
  const recent = Math.min(...values.slice(-patience));
  return recent > before - minDelta * Math.abs(before);
}

/** Training stopped making progress (or progresses too slowly to reach a useful accuracy). */
export default defineCheck<"train" | "val" | "slow", Options>({
  meta: checkMeta({
    code: "D507",
    name: "stalled-progress",
    family: "loss",
    severity: "info",
    needs: ["epoch.loss", "epoch.valLoss?", "epoch.metrics?"],
    messages: {
      train: "the training loss has not improved by {percent}% in {patience} epochs (best {best}, epoch {epoch})",
      val: "the validation loss has not improved by {percent}% in {patience} epochs (best {best}, epoch {epoch})",
      slow: "accuracy ({metric}) gains {gain} per epoch on average over {patience} epochs and is only {accuracy}",
    },
    options: {
      minDelta: option(0.01, "Relative improvement that counts as progress."),
      patience: option(5, "Epochs to wait for training-loss progress."),
      valPatience: option(10, "Epochs to wait for validation-loss progress."),
      minAccuracyGain: option(0.01, "Per-epoch accuracy gain below which convergence is slow (AUTOTRAINER)."),
      lowAccuracy: option(0.6, "...while accuracy is below this."),
    },
    docs: {
      summary: "Training stopped improving.",
      whatItChecks: "Per epoch: no relative improvement ≥ 0.01 of the best training loss within 5 epochs, or of the best validation loss within 10; and (AUTOTRAINER slow convergence) an accuracy metric gaining < 0.01 per epoch over 5 epochs while below 0.6. Info: a converged run stalls too; it says when to stop. Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game), and on a run whose targets come from a copy of the model that moves with it (a DQN's target network: its TD loss grows with the values it learns).",
      whyItMatters: "Epochs without progress waste compute; progress that stalls at low accuracy points at a learning rate, capacity or data problem.",
      example: "100 epochs of a model whose loss flattened at epoch 12",
      fix: "Stop early; if accuracy is still low, revisit the learning rate, the architecture or the data.",
      options: "minDelta (0.01), patience (5), valPatience (10), minAccuracyGain (0.01), lowAccuracy (0.6).",
      references: [SMD + " (Overtraining)", AT + " (slow convergence)"],
    },
  }),
  on: ["epoch"],
  check({ state, options, report }) {
    const epochs = state.epochs;
    const last = epochs[epochs.length - 1];
    if (!last) return;
    const step = last.step !== undefined ? { step: last.step } : {};
    const percent = options.minDelta * 100;
    const train = epochs.map((e) => e.loss);
    if (train.every(isFiniteNumber) && stalled(train, options.patience, options.minDelta)) {
      report({ messageId: "train", subject: "train", ...step, data: { percent, patience: options.patience, best: formatNumber(Math.min(...train), 4), epoch: last.epoch } });
    }
    const val = epochs.map((e) => e.valLoss).filter(isFiniteNumber);
    if (val.length === epochs.length && stalled(val, options.valPatience, options.minDelta)) {
      report({ messageId: "val", subject: "val", ...step, data: { percent, patience: options.valPatience, best: formatNumber(Math.min(...val), 4), epoch: last.epoch } });
    }
    const metric = accuracyName(last.metrics);
    if (!metric) return;
    const accuracy = epochs.map((e) => e.metrics[metric]).slice(-(options.patience + 1));
    if (accuracy.length < options.patience + 1 || !accuracy.every(isFiniteNumber)) return;
    const values = accuracy as number[];
    const gain = (values[values.length - 1]! - values[0]!) / options.patience;
    const current = values[values.length - 1]!;
    if (gain < options.minAccuracyGain && current < options.lowAccuracy) {
      report({ messageId: "slow", subject: "slow", ...step, data: { metric, gain: formatNumber(gain), patience: options.patience, accuracy: formatNumber(current) } });
    }
  },
});
