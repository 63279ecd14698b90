import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import type { EpochRecord } from "../../../telemetry/schema.js";
import { accuracyName } from "./accuracy-metric.js";
import { chanceClasses } from "./chance.js";
import { rangeText, squashedLogits } from "../squashed-logits.js";
import { AT, TDC } from "../references.js";

type Options = { epochs: number; minSteps: number; tolerance: number; accuracyMargin: number };

/** The loss stays where a model that ignores its inputs would put it. */
export default defineCheck<"train" | "validation", Options>({
  meta: checkMeta({
    code: "D508",
    name: "chance-level-loss",
    family: "loss",
    severity: "warning",
    needs: ["run-start.model.loss", "run-start.model.task.classes", "epoch.loss", "epoch.metrics?", "epoch.valMetrics?"],
    messages: {
      train: "the training loss stayed at chance level for {epochs} epochs: {loss} where a model that guesses among {classes} classes scores ln {classes} = {chance}{accuracy} — {cause}",
      validation: "validation accuracy stayed at chance level for {epochs} epochs ({accuracy} for {classes} classes, chance {chance}) while the training loss fell to {loss}: the model memorises labels that do not follow from the inputs",
    },
    options: {
      epochs: option(3, "Consecutive epochs the loss (or validation accuracy) must stay at chance level."),
      minSteps: option(0, "Training steps those epochs must span at least (more epochs are then needed when epochs are short)."),
      tolerance: option(0.05, "Relative distance from ln C within which the epoch loss counts as chance level."),
      accuracyMargin: option(0.05, "Accuracy at most this far above 1/C counts as chance level (checked when the run has an accuracy metric)."),
    },
    docs: {
      summary: "A cross-entropy loss stays at the value of a model that guesses.",
      whatItChecks:
        "For cross-entropy losses with a known number of classes C (binary cross-entropy counts as C = 2 per output): the training loss of each of the last 3 epochs within 5 % of ln C — and, when an accuracy metric is recorded, accuracy at most 1/C + 0.05. Also (when the run has a validation accuracy): validation accuracy at most 1/C + 0.05 for 3 epochs while the training loss falls below chance (the model memorises the training labels). A model that predicts the class frequencies of imbalanced data scores below ln C: the check stays silent there rather than guess the frequencies. When the output layer's activation bounds what a loss that expects logits reads (a ReLU or a softmax before PyTorch's CrossEntropyLoss), the message names it as the likely cause. Silent on an adversarial run (a GAN's optimizer alternating with another that steps on a loss of its own: the loss is one side of a game), and on a run whose targets come from a copy of the model that moves with it (a DQN's target network: its TD loss grows with the values it learns).",
      whyItMatters:
        "ln C is what a model scores when its predictions carry no information about the input. A loss that stays there means nothing is learned: labels that do not match their inputs (shuffled, misaligned after a sort or a split, read from the wrong column), or a model that never sees the inputs (zeroed, constant, detached).",
      example: "tf.util.shuffle(labels) // on its own, after the features were loaded in another order",
      fix: "Check that features and labels stay aligned through loading, shuffling and splitting (shuffle them together); check that the model's input is the data (not zeros or a constant) and reaches the output; a loss that takes logits needs the last layer linear (no ReLU or softmax after it).",
      options:
        "epochs (3), minSteps (0; `lint --simulate` uses 90 % of its step budget: its epochs over 1024 synthetic samples are short, and healthy models sit at ln C for their first 100–160 steps before they learn), tolerance (0.05), accuracyMargin (0.05).",
      references: [TDC + " (its data-dependency test: a model that ignores its inputs)", AT + " (training stuck at low accuracy)"],
    },
  }),
  on: ["epoch"],
  check({ state, options, report }) {
    const model = state.runStart?.model;
    const classes = chanceClasses(model?.loss, model?.task?.classes);
    if (classes === undefined) return;
    const count = epochsSpanning(state.epochs, options.epochs, options.minSteps);
    if (count === undefined) return;
    const recent = state.epochs.slice(-count);
    if (!recent.every((e): e is EpochRecord & { loss: number } => isFiniteNumber(e.loss))) return;
    const chance = Math.log(classes);
    const chanceAccuracy = 1 / classes;
    const last = recent[recent.length - 1]!;
    const step = last.step !== undefined ? { step: last.step } : {};
    const atChanceAccuracy = (value: number | undefined) => isFiniteNumber(value) && value <= chanceAccuracy + options.accuracyMargin;
    const trainAccuracy = accuracyName(last.metrics);
    const lossAtChance = recent.every((e) => Math.abs(e.loss - chance) <= options.tolerance * chance);
    if (lossAtChance && (trainAccuracy === undefined || recent.every((e) => atChanceAccuracy(e.metrics[trainAccuracy])))) {
      const accuracy = trainAccuracy === undefined ? "" : ` (accuracy ${formatNumber(last.metrics[trainAccuracy]!)}, chance ${formatNumber(chanceAccuracy)})`;
      const squashing = squashedLogits(state);
      report({
        messageId: "train",
        subject: "train",
        ...step,
        // The loss itself: its worst is the epoch loss nearest the chance level the message names.
        value: last.loss,
        worse: "max",
        data: {
          epochs: count,
          loss: formatNumber(last.loss, 4),
          classes,
          chance: formatNumber(chance, 4),
          accuracy,
          cause: squashing
            ? `the output layer ${squashing.layer} ends in ${squashing.activation} (values ${rangeText(squashing.range)}) where the loss reads logits, which must be free to take any value; or the labels may not match the inputs`
            : "the labels may not match the inputs, or the model ignores its inputs",
        },
      });
      return;
    }
    const valAccuracy = last.valMetrics ? accuracyName(last.valMetrics) : undefined;
    if (valAccuracy === undefined) return;
    const valAtChance = recent.every((e: EpochRecord) => atChanceAccuracy(e.valMetrics?.[valAccuracy]));
    if (valAtChance && last.loss < chance * (1 - options.tolerance)) {
      report({
        messageId: "validation",
        subject: "validation",
        ...step,
        value: last.valMetrics![valAccuracy]!,
        worse: "min",
        data: { epochs: count, accuracy: formatNumber(last.valMetrics![valAccuracy]!), classes, chance: formatNumber(chanceAccuracy), loss: formatNumber(last.loss, 4) },
      });
    }
  },
});

/**
 * How many of the last epochs the check reads: at least `epochs`, and as many more as needed for them to span
 * `minSteps` training steps (counted from the end of the epoch before them, or from step 0). Undefined when
 * the run has not had that many yet. Epochs without a step count only as epochs.
 */
function epochsSpanning(epochs: readonly EpochRecord[], least: number, minSteps: number): number | undefined {
  if (epochs.length < least) return undefined;
  const lastStep = epochs[epochs.length - 1]!.step;
  if (minSteps <= 0 || lastStep === undefined) return least;
  for (let count = least; count <= epochs.length; count++) {
    const start = count < epochs.length ? epochs[epochs.length - count - 1]!.step : 0;
    if (start === undefined) return count;
    if (lastStep - start >= minSteps) return count;
  }
  return undefined;
}
