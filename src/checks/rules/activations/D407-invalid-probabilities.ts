import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { LOSSES } from "../../../model/vocabulary.js";
import { TDC } from "../references.js";

type Options = { tolerance: number; sumTolerance: number };

/** A classifier's outputs, read as probabilities by its loss, are not probabilities. */
export default defineCheck<"range" | "sums", Options>({
  meta: checkMeta({
    code: "D407",
    name: "invalid-probabilities",
    family: "activations",
    severity: "error",
    needs: ["tensors.activation", "run-start.model.lossExpects|layers.activation"],
    messages: {
      range: "outputs of {layer} span [{min}, {max}] but are used as probabilities ({why})",
      sums: "rows of {layer}'s output sum to [{low}, {high}], not 1 ± {tolerance}, but are used as a probability distribution ({why})",
    },
    options: {
      tolerance: option(1e-3, "Slack outside [0, 1]."),
      sumTolerance: option(0.05, "Slack of row sums around 1 for a distribution."),
    },
    docs: {
      summary: "Classification outputs are not valid probabilities.",
      whatItChecks: "When the output layer is a probability head (softmax/sigmoid) or the loss reads probabilities (cross-entropy without from_logits): outputs outside [0, 1], and, for a distribution (softmax, or a categorical loss), row sums outside 1 ± 0.05. Silent for logits heads whose loss expects logits.",
      whyItMatters: "A probability loss fed raw scores computes log of negatives or of values above 1: the loss is meaningless and training optimises the wrong thing.",
      example: "tf.layers.dense({ units: 10 }) as output with loss 'categoricalCrossentropy'",
      fix: "Add a softmax (or sigmoid) to the output layer, or use a loss that takes logits (from_logits=True).",
      options: "tolerance (1e-3), sumTolerance (0.05).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    const output = state.outputLayer();
    const model = state.runStart?.model;
    if (!output || !model) return;
    const spec = state.activationSpecOf(output.name);
    const headProbability = spec && "probability" in spec ? spec.probability : undefined;
    const lossReadsProbabilities = model.lossExpects === "probabilities" && model.task?.kind !== "regression";
    if (!headProbability && !lossReadsProbabilities) return;
    const categoricalLoss = model.loss !== undefined && LOSSES[model.loss]?.problem === "multiclass";
    const distribution = headProbability === "distribution" || (lossReadsProbabilities && categoricalLoss);
    const why = headProbability ? `${state.activationOf(output.name)} output` : `loss ${model.loss ?? "?"} expects probabilities`;
    for (const entry of state.currentOutputs()) {
      const { min, max, rowSums } = entry.stats;
      if (isFiniteNumber(min) && isFiniteNumber(max) && (min < -options.tolerance || max > 1 + options.tolerance)) {
        const value = Math.max(-min, max - 1);
        report({ messageId: "range", layer: entry.layer, subject: entry.name, value, data: { layer: entry.layer, min: formatNumber(min, 4), max: formatNumber(max, 4), why } });
        continue;
      }
      if (distribution && rowSums && isFiniteNumber(rowSums.min) && isFiniteNumber(rowSums.max) && (Math.abs(rowSums.min - 1) > options.sumTolerance || Math.abs(rowSums.max - 1) > options.sumTolerance)) {
        const value = Math.max(Math.abs(rowSums.min - 1), Math.abs(rowSums.max - 1));
        report({
          messageId: "sums",
          layer: entry.layer,
          subject: entry.name,
          value,
          data: { layer: entry.layer, low: formatNumber(rowSums.min, 4), high: formatNumber(rowSums.max, 4), tolerance: options.sumTolerance, why },
        });
      }
    }
  },
});
