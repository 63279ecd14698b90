import { checkMeta, defineCheck, option } from "../../check.js";
import { TDC } from "../references.js";
import { describeColumn, scaleProblem, type ScaleOptions } from "./scale.js";

/** Regression targets on a scale far from [0, 1], [−1, 1] or mean 0 / std 1. */
export default defineCheck<"unnormalized", ScaleOptions & { warnAbove: number }>({
  meta: checkMeta({
    code: "D104",
    name: "unnormalized-targets",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.data.targets.values"],
    messages: {
      unnormalized: "the regression targets are not normalised: {off} of {varying} target column(s) are neither within [−1, 1] nor standardised ({worst})",
    },
    options: {
      rangeTolerance: option(0.5, "How far beyond [−1, 1] a min-max scaled target may reach."),
      meanTolerance: option(0.25, "|mean| up to which a target counts as centred."),
      stdRatio: option(3, "A centred target counts as standardised when its std is within this factor of 1 (a std of 0.6 trains as well as 1; 0-255 pixels or raw units are off by far more)."),
      warnAbove: option(100, "Targets reaching beyond ±warnAbove (or with a larger std) are a warning; closer ones are info (targets in the tens train, slowly)."),
    },
    docs: {
      summary: "Regression targets are not scaled: neither within [0, 1] / [−1, 1] nor standardised.",
      whatItChecks: "The regression targets of the preflight's sample, column by column, with D102's test. Targets reaching beyond ±100 (or spread wider) are a warning; targets in the tens train, if slowly, and are reported as info.",
      whyItMatters:
        "Targets in the hundreds make the initial loss and its gradients huge (a mean squared error of 10⁴ at init): training needs a tiny learning rate or diverges, and the output layer spends its first epochs just reaching the targets' scale.",
      example: "const ys = tf.tensor2d(prices, [n, 1]); // house prices in dollars",
      fix: "Standardise the targets with the training set's mean and std (and undo it on the predictions), or predict log(target).",
      options: "rangeTolerance (0.5), meanTolerance (0.25), stdRatio (3), warnAbove (100).",
      references: [TDC + " (data checks: normalised targets)"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    const values = record?.procedure === "data" && record.skipped === undefined ? record.targets?.values : undefined;
    if (!values) return;
    const problem = scaleProblem(values, options);
    if (!problem) return;
    report({ messageId: "unnormalized", value: problem.worst.magnitude, severity: problem.worst.magnitude > options.warnAbove ? "warning" : "info", data: { off: problem.off, varying: problem.varying, worst: describeColumn(values, problem) } });
  },
});
