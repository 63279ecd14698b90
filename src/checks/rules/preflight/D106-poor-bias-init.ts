import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { normalizedPerplexity } from "../../math.js";
import { TDC } from "../references.js";

type Options = { minPerplexity: number; zeroTolerance: number };

/** The output layer's biases do not fit the task's class balance. */
export default defineCheck<"noBias" | "zeroImbalanced" | "nonZeroBalanced", Options>({
  meta: checkMeta({
    code: "D106",
    name: "poor-bias-init",
    family: "preflight",
    severity: "info",
    needs: ["preflight.init.layers.bias", "preflight.data.targets.classCounts?"],
    messages: {
      noBias: "the output layer {layer} has no biases: its outputs cannot shift to the targets' mean or the class priors",
      zeroImbalanced: "the output biases of {layer} start at 0 while the classes are imbalanced (normalised perplexity {perplexity}): the first epochs are spent learning the class priors; start the biases at log(class frequency)",
      nonZeroBalanced: "the output biases of {layer} start away from 0 (mean |b| {meanAbs}) while the classes are balanced: the model starts preferring some classes for no reason",
    },
    options: {
      minPerplexity: option(0.5, "Normalised perplexity of the class counts below which the classes are imbalanced (as D103)."),
      zeroTolerance: option(1e-6, "Mean |bias| up to which the biases count as zero."),
    },
    docs: {
      summary: "The output layer has no biases, or its biases do not match the class balance.",
      whatItChecks:
        "The biases of the model's output layer at initialisation: none at all; all zero while the sample's classes are imbalanced (normalised perplexity below 0.5); non-zero while the classes are balanced. Hidden layers built without biases are not reported: a layer followed by batch normalisation needs none.",
      whyItMatters:
        "The output bias is what lets the model predict the class priors (or the targets' mean) from the first step. Zero biases with imbalanced classes make the initial loss high and the first epochs chase the priors; random biases with balanced classes start the model with a preference it must unlearn.",
      example: "tf.layers.dense({ units: 10, activation: 'softmax', useBias: false })",
      fix: "Keep useBias on the output layer; with imbalanced classes, initialise its bias to log(class frequency) (biasInitializer: tf.initializers.constant / a custom tensor); with balanced classes keep it zero.",
      options: "minPerplexity (0.5), zeroTolerance (1e-6).",
      references: [TDC + " (bias initialisation checks)", "Karpathy, A Recipe for Training Neural Networks (2019): init well"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "init" || record.skipped !== undefined) return;
    const outputName = state.preflightModel?.model.outputs?.[0];
    const learning = record.layers.filter((l) => l.kernel !== undefined);
    const output = outputName !== undefined ? record.layers.find((l) => l.layer === outputName) : learning[learning.length - 1];
    if (!output || output.kernel === undefined) return;
    if (!output.hasBias) {
      report({ messageId: "noBias", layer: output.layer, data: { layer: output.layer } });
      return;
    }
    const counts = state.preflightResult("data")?.targets?.classCounts;
    if (!output.bias || !counts || counts.length < 2) return;
    const perplexity = normalizedPerplexity(counts);
    const zero = output.bias.meanAbs <= options.zeroTolerance;
    if (perplexity < options.minPerplexity && zero) {
      report({ messageId: "zeroImbalanced", layer: output.layer, value: perplexity, worse: "min", data: { layer: output.layer, perplexity: formatNumber(perplexity) } });
    } else if (perplexity >= options.minPerplexity && !zero) {
      report({ messageId: "nonZeroBalanced", layer: output.layer, value: output.bias.meanAbs, data: { layer: output.layer, meanAbs: formatNumber(output.bias.meanAbs) } });
    }
  },
});
