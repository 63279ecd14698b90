import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { TDC } from "../references.js";

/** The loss grows with the number of samples it is computed on: a sum where a mean belongs. */
export default defineCheck<"sum", { minGrowth: number }>({
  meta: checkMeta({
    code: "D107",
    name: "loss-sum-reduction",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.loss-scaling.losses"],
    messages: {
      sum: "the loss grows with the batch size: {losses} on the same samples repeated {repeats} times — it sums over the samples instead of averaging, so the effective learning rate depends on the batch size",
    },
    options: { minGrowth: option(1.5, "Ratio of the loss on the most repeated sample to the loss on the sample at or above which the loss counts as growing.") },
    docs: {
      summary: "The loss is summed over the samples of a batch instead of averaged.",
      whatItChecks:
        "The loss of the untrained model, computed as training computes it, on the preflight sample and on the same sample repeated ×2, ×4 and ×8. Repeating samples does not change a mean; a sum doubles with each repetition. Fires when the loss rises at every repetition and the last is at least minGrowth times the first.",
      whyItMatters:
        "With a summed loss the gradient grows with the batch size: the learning rate that suits one batch size diverges at a larger one, and the last, smaller batch of an epoch weighs less. Learning-rate advice and defaults all assume a mean.",
      example: "model.compile({ optimizer: 'adam', loss: (y, p) => tf.sum(tf.square(tf.sub(y, p))) })",
      fix: "Average over the batch (tf.mean, or return per-sample losses and let TF.js reduce them); if a sum is meant, scale the learning rate by 1/batchSize.",
      options: "minGrowth (1.5).",
      references: [TDC + " (loss checks: the loss does not depend on the batch size)"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "loss-scaling" || record.skipped !== undefined) return;
    const losses = [...record.losses].sort((a, b) => a.repeat - b.repeat);
    if (losses.length < 2 || !losses.every((l) => isFiniteNumber(l.loss))) return;
    const first = losses[0]!.loss;
    const last = losses[losses.length - 1]!.loss;
    if (!(first > 0)) return;
    const rising = losses.every((l, i) => i === 0 || l.loss > losses[i - 1]!.loss);
    const growth = last / first;
    if (!rising || growth < options.minGrowth) return;
    report({ messageId: "sum", value: growth, data: { losses: losses.map((l) => formatNumber(l.loss, 4)).join(", "), repeats: losses.map((l) => `×${l.repeat}`).join(", ") } });
  },
});
