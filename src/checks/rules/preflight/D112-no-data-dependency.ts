import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber, mannWhitneyP, mean } from "../../math.js";
import { TDC } from "../references.js";

type Options = { alpha: number; minLosses: number; minImprovement: number; minHeldOut: number };

/** Training on the real inputs does no better than training on zeros. */
export default defineCheck<"independent", Options>({
  meta: checkMeta({
    code: "D112",
    name: "no-data-dependency",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.data-dependency.real", "preflight.data-dependency.zeroed"],
    messages: {
      independent: "the loss does not depend on the input: trained on the real inputs the last {count} held-out losses (mean {real}) are no better than those trained on zeroed inputs (mean {zeroed}; Mann-Whitney p = {p}) — the model ignores its input, or the labels do not follow from it",
    },
    options: {
      alpha: option(0.05, "Significance of the two-sided Mann-Whitney U test between the two runs' last losses."),
      minLosses: option(20, "Losses each run needs for the test."),
      minImprovement: option(0.1, "Relative improvement of the mean held-out loss over the zeroed run's below which the inputs made no real difference."),
      minHeldOut: option(8, "Held-out samples the comparison needs: on fewer (a dataset of a few samples, such as XOR's 4), what the others teach need not carry over to them."),
    },
    docs: {
      summary: "The model learns no better from its real inputs than from zeros.",
      whatItChecks:
        "The probe trains two copies of the model from the same initial weights on the same batches of the sample, one with the real inputs and one with every input set to zero, and after each step measures the loss on held-out samples of the sample (a quarter, at most one batch). The last losses of each run (up to 100) are compared with a two-sided Mann-Whitney U test (α 0.05): the check fires unless the real inputs give significantly lower losses, lower by at least 10 % on average (the held-out batch is the same at every step, so a tiny systematic difference is already significant). With fewer than 8 held-out samples (a sample of under 32, such as XOR's 4 rows) nothing is judged: a dataset that small does not say whether what some samples teach carries over to the others. In a simulation (lint --simulate) minImprovement is 0 unless configured: the synthetic labels follow the inputs by construction, so only a model that ignores its input learns no better than from zeros, and a slow learner's few per cent must not read as that. TheDeepChecker compares training losses; those fall even for labels that do not follow from the inputs, as the model memorises them, so nncheck measures held-out losses. (TheDeepChecker's version of this test was unreachable in its code.)",
      whyItMatters:
        "A model whose loss is the same with and without its inputs predicts from the labels' distribution alone: the input never reaches the output (a detached branch, a layer that multiplies by zero, the wrong tensor fed), or the labels do not follow from the inputs (misaligned after a shuffle or a split).",
      example: "const ys = tf.tensor1d(tf.util.shuffle([...labels])); // labels no longer match xs",
      fix: "Check that the model's input reaches its output (model.summary, the layer connections) and that features and labels stay aligned through loading, shuffling and splitting.",
      options: "alpha (0.05), minLosses (20), minImprovement (0.1), minHeldOut (8). The iterations are a preflight budget setting.",
      references: [TDC + " (data dependency test)"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "data-dependency" || record.skipped !== undefined || record.stoppedBy !== "iterations") return;
    const real = record.real.filter(isFiniteNumber);
    const zeroed = record.zeroed.filter(isFiniteNumber);
    if (real.length < options.minLosses || zeroed.length < options.minLosses || real.length < record.real.length) return;
    if (record.heldOut !== undefined && record.heldOut < options.minHeldOut) return;
    const p = mannWhitneyP(real, zeroed);
    // The fault is learning no better from the inputs than from zeros: worse is no better.
    // The held-out batch is the same at every step, so its losses differ between runs by any small,
    // systematic amount: the improvement must also be large enough to matter.
    const improvement = (mean(zeroed) - mean(real)) / Math.abs(mean(zeroed));
    if (p < options.alpha && improvement >= options.minImprovement) return;
    report({ messageId: "independent", value: p, worse: "max", data: { count: real.length, real: formatNumber(mean(real), 4), zeroed: formatNumber(mean(zeroed), 4), p: formatNumber(p) } });
  },
});
