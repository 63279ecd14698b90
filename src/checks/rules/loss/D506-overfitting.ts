import { checkMeta, defineCheck, option } from "../../check.js";
import { isFiniteNumber } from "../../math.js";
import { SMD } from "../references.js";

type Options = { maxGap: number; epochs: number };

/** Validation loss pulls away from training loss. */
export default defineCheck<"gap" | "diverging", Options>({
  meta: checkMeta({
    code: "D506",
    name: "overfitting",
    family: "loss",
    severity: "info",
    needs: ["epoch.valLoss"],
    messages: {
      gap: "validation loss is {gap}% above training loss and the gap grew for {epochs} epochs (epoch {epoch})",
      diverging: "validation loss rose for {epochs} epochs while training loss fell (val {val}, train {train} at epoch {epoch})",
    },
    options: {
      maxGap: option(0.1, "(val − train) / train above which the gap is large."),
      epochs: option(3, "Consecutive epochs the gap must grow / val rise while train falls."),
    },
    docs: {
      summary: "The model overfits: validation loss departs from training loss.",
      whatItChecks: "Epoch records with a validation loss: (val − train)/train > 0.1 and growing for 3 epochs, or val rising for 3 epochs while train falls. Info: overfitting is a property of how long one trains, not a program fault.",
      whyItMatters: "Past this point further training makes the model worse on unseen data.",
      example: "a large MLP trained 200 epochs on 500 samples without regularisation",
      fix: "Early stopping, more data or augmentation, dropout or weight decay, a smaller model.",
      options: "maxGap (0.1), epochs (3).",
      references: [SMD + " (Overfit)"],
    },
  }),
  on: ["epoch"],
  check({ state, options, report }) {
    const recent = state.epochs.filter((e) => isFiniteNumber(e.valLoss) && isFiniteNumber(e.loss) && e.loss > 0).slice(-(options.epochs + 1));
    if (recent.length < options.epochs + 1) return;
    const last = recent[recent.length - 1]!;
    const gaps = recent.map((e) => (e.valLoss! - e.loss) / e.loss);
    const growing = gaps.every((g, i) => i === 0 || g > gaps[i - 1]!);
    const step = last.step;
    if (gaps[gaps.length - 1]! > options.maxGap && growing) {
      const gap = gaps[gaps.length - 1]!;
      report({ messageId: "gap", ...(step !== undefined ? { step } : {}), value: gap, data: { gap: (gap * 100).toFixed(0), epochs: options.epochs, epoch: last.epoch } });
      return;
    }
    const valRising = recent.every((e, i) => i === 0 || e.valLoss! > recent[i - 1]!.valLoss!);
    const trainFalling = recent.every((e, i) => i === 0 || e.loss < recent[i - 1]!.loss);
    if (valRising && trainFalling) {
      report({
        messageId: "diverging",
        ...(step !== undefined ? { step } : {}),
        value: gaps[gaps.length - 1]!,
        data: { epochs: options.epochs, val: last.valLoss!.toPrecision(4), train: last.loss.toPrecision(4), epoch: last.epoch },
      });
    }
  },
});
