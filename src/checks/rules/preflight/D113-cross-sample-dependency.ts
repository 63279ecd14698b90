import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { TDC } from "../references.js";

/** One sample's output (or loss gradient) depends on the other samples of its batch. */
export default defineCheck<"output" | "loss", { tolerance: number }>({
  meta: checkMeta({
    code: "D113",
    name: "cross-sample-dependency",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.sample-dependency"],
    messages: {
      output: "sample 0's output depends on the other samples of its batch (gradient up to {others} with respect to their inputs, {self} with respect to its own): an op of the model mixes samples — a softmax, a sum or a normalisation over the batch axis",
      loss: "the loss gradient at sample 0's output changes by up to {change} (of {self}) when the other samples of the batch change: the loss mixes samples — a softmax or a normalisation over the batch axis",
    },
    options: { tolerance: option(1e-6, "Dependence on the other samples, relative to the dependence on sample 0 itself, above which samples are mixed.") },
    docs: {
      summary: "A sample's output or loss depends on the other samples in its batch.",
      whatItChecks:
        "On a batch of 32 samples of the preflight sample: the gradient of sample 0's output with respect to every sample's input (the model in inference mode, so batch normalisation — which mixes samples by design in training — uses its moving statistics and is excluded); and the gradient of the loss at sample 0's output before and after the other samples' outputs and targets are changed. Any dependence above tolerance × sample 0's own fires.",
      whyItMatters:
        "Samples of a batch are meant to be independent. An op over the wrong axis (softmax or a mean over axis 0 instead of −1) lets the model or the loss read the other samples: training still runs, but predictions change with the batch they are in and the model learns the wrong thing.",
      example: "const probs = tf.softmax(logits.transpose()).transpose(); // softmax over the batch axis",
      fix: "Apply softmax, normalisation and reductions over the feature axis (−1), and reduce over the batch only at the end of the loss.",
      options: "tolerance (1e-6).",
      references: [TDC + " (cross-sample dependency test)", "Karpathy, A Recipe for Training Neural Networks (2019): use backprop to chart dependencies"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "sample-dependency" || record.skipped !== undefined) return;
    const { output, loss } = record;
    if (output && output.others > options.tolerance * Math.max(output.self, Number.MIN_VALUE)) {
      report({ messageId: "output", subject: "output", value: output.others / Math.max(output.self, Number.MIN_VALUE), data: { others: formatNumber(output.others), self: formatNumber(output.self) } });
    }
    if (loss && loss.change > options.tolerance * Math.max(loss.self, Number.MIN_VALUE)) {
      report({ messageId: "loss", subject: "loss", value: loss.change / Math.max(loss.self, Number.MIN_VALUE), data: { change: formatNumber(loss.change), self: formatNumber(loss.self) } });
    }
  },
});
