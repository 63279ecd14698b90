import { checkMeta, defineCheck, option } from "../../check.js";
import { TDC } from "../references.js";
import { LAYER_KINDS, type LayerKind } from "../../../model/vocabulary.js";
import { describeColumn, scaleProblem, type ScaleOptions } from "./scale.js";

/** Layers that take an input as it comes: an embedding reads token ids (indices, not features), a rescaling,
 * normalisation or batch-normalisation layer scales it inside the model. */
const TAKES_UNSCALED = new Set(["embedding", "preprocessing", "normalization"]);

function scaledByModel(feeds: readonly LayerKind[] | undefined): boolean {
  return feeds !== undefined && feeds.length > 0 && feeds.every((kind) => TAKES_UNSCALED.has(LAYER_KINDS[kind]?.category ?? ""));
}

/** Input features on a scale far from [0, 1], [−1, 1] or mean 0 / std 1. */
export default defineCheck<"unnormalized", ScaleOptions>({
  meta: checkMeta({
    code: "D102",
    name: "unnormalized-features",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.data.inputs"],
    messages: {
      unnormalized: "input {input} is not normalised: {off} of its {varying} varying feature(s) are neither within [−1, 1] nor standardised ({worst})",
    },
    options: {
      rangeTolerance: option(0.5, "How far beyond [−1, 1] a min-max scaled column may reach."),
      meanTolerance: option(0.25, "|mean| up to which a column counts as centred (a sample's mean wanders)."),
      stdRatio: option(3, "A centred column counts as standardised when its std is within this factor of 1 (a std of 0.6 trains as well as 1; 0-255 pixels or raw units are off by far more)."),
    },
    docs: {
      summary: "Input features are not scaled: neither within [0, 1] / [−1, 1] nor standardised.",
      whatItChecks:
        "Every feature column (per index of the last axis: a table's columns, an image's channels, a sequence's features) of the preflight's data sample: it counts as scaled when it lies within [−1, 1] (give or take rangeTolerance: data within ±1.5 trains as well as data within ±1; the fault is a scale off by orders of magnitude) or when its mean is near 0 (meanTolerance) and its std within a factor stdRatio of 1. Every column is checked (TheDeepChecker stopped at the first). A column inside [−1, 1] that does not reach the ends counts as scaled: a sample may miss the extremes, and a one-hot column never goes below 0. An input read only by embedding layers (token ids, not features) or by layers that scale it inside the model (Rescaling, Normalization, batch normalisation) is not judged.",
      whyItMatters: "Features in the hundreds or thousands saturate activations and make the first layer's gradients huge, so training diverges or crawls; features on different scales make the loss surface badly conditioned.",
      example: "const xs = tf.tensor2d(pixels, [n, 784]); // 0-255, never divided by 255",
      fix: "Scale the features: divide images by 255, standardise tabular columns with the training set's mean and std (tf.moments), or add a normalisation layer.",
      options: "rangeTolerance (0.5), meanTolerance (0.25), stdRatio (3).",
      references: [TDC + " (data checks: normalised features)"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "data" || record.skipped !== undefined) return;
    for (const input of record.inputs) {
      if (scaledByModel(input.feeds)) continue;
      const problem = scaleProblem(input, options);
      if (!problem) continue;
      report({ messageId: "unnormalized", subject: input.name, value: problem.worst.magnitude, data: { input: input.name, off: problem.off, varying: problem.varying, worst: describeColumn(input, problem) } });
    }
  },
});

