import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { chanceClasses } from "../loss/chance.js";
import { TDC } from "../references.js";

/** The untrained classifier's loss is far from ln C, the loss of a uniform guess. */
export default defineCheck<"off" | "nonFinite", { factor: number }>({
  meta: checkMeta({
    code: "D108",
    name: "initial-loss-off",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.initial-loss.loss", "preflight.model.model.loss", "preflight.model.model.task.classes"],
    messages: {
      off: "the loss at initialisation is {loss} where an untrained model that guesses among {classes} classes scores ln {classes} = {chance}: the output layer, its activation or the loss do not fit together (or the init is too large)",
      nonFinite: "the loss at initialisation is {loss}: it is not finite before any training",
    },
    options: { factor: option(1, "|L0 − ln C| at or above factor × ln C fires.") },
    docs: {
      summary: "A classifier's loss before training is far from ln C.",
      whatItChecks: "For cross-entropy losses with a known number of classes C (binary cross-entropy: C = 2 per output), the loss of the untrained model on the preflight sample, as the first training step sees it (in training mode when the model has batch normalisation: inference would use moving statistics still at 0 and 1, leaving a deep model un-normalised): it fires when |L0 − ln C| ≥ factor × ln C, or when L0 is not finite.",
      whyItMatters:
        "An untrained classifier should spread its predictions evenly, scoring about ln C. A much larger initial loss means confident wrong predictions from the start: a softmax fed to a loss expecting logits (or the reverse), labels of the wrong encoding, an oversized last layer init or unscaled inputs; a much smaller one, labels the model can read without learning.",
      example: "model.compile({ loss: 'categoricalCrossentropy' }) // on a linear output layer: raw scores read as probabilities",
      fix: "Check the output activation against the loss (softmax + categoricalCrossentropy, sigmoid + binaryCrossentropy), the label encoding (one-hot vs integer), the output layer's init scale and the input scaling.",
      options: "factor (1).",
      references: [TDC + " (initial loss check)", "Karpathy, A Recipe for Training Neural Networks (2019): verify loss @ init"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "initial-loss" || record.skipped !== undefined) return;
    const model = state.preflightModel?.model;
    const classes = chanceClasses(model?.loss, model?.task?.classes);
    if (classes === undefined) return;
    if (!isFiniteNumber(record.loss)) {
      report({ messageId: "nonFinite", value: Infinity, data: { loss: String(record.loss) } });
      return;
    }
    const chance = Math.log(classes);
    const distance = Math.abs(record.loss - chance);
    if (distance < options.factor * chance) return;
    report({ messageId: "off", value: distance / chance, data: { loss: formatNumber(record.loss, 4), classes, chance: formatNumber(chance, 4) } });
  },
});
