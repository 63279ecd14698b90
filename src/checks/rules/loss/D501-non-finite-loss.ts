import { checkMeta, defineCheck } from "../../check.js";
import { SMD, TDC } from "../references.js";

/** The training loss is NaN or Infinity. */
export default defineCheck({
  meta: checkMeta({
    code: "D501",
    name: "non-finite-loss",
    family: "loss",
    severity: "error",
    needs: ["step.loss"],
    messages: { nonFinite: "the training loss is {loss}, first at epoch {epoch}, batch {batch}" },
    docs: {
      summary: "The training loss becomes NaN or Infinity.",
      whatItChecks: "The loss of every step.",
      whyItMatters: "A non-finite loss means non-finite gradients: the weights are about to be destroyed, if they are not already.",
      example: "loss: (y, p) => tf.losses.logLoss(y, p, undefined, 0) with p reaching 0",
      fix: "Lower the learning rate, normalise inputs, use numerically stable losses (from logits), clip gradients.",
      references: [TDC, SMD + " (LossNotDecreasing/NaN checks)"],
    },
  }),
  on: ["step"],
  check({ state, report }) {
    const step = state.lastStepRecord;
    // A loss the probe could not know (schema 1.4: absent) is not a non-finite one.
    if (!step || step.loss === undefined || Number.isFinite(step.loss)) return;
    report({ messageId: "nonFinite", step: step.step, data: { loss: String(step.loss), step: step.step, epoch: step.epoch, batch: step.batch } });
  },
});
