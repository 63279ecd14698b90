import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { TDC } from "../references.js";

type Options = { maxRatio: number; window: number; extremeRatio: number };

/** The penalty's gradient dominates the data's: the model optimises the regulariser, not the task. */
export default defineCheck<"overwhelming" | "extreme", Options>({
  meta: checkMeta({
    code: "D304",
    name: "overwhelming-regularization",
    family: "gradients",
    severity: "warning",
    needs: ["step.gradientNorms"],
    messages: {
      overwhelming: "the regularisation gradient is {ratio}× the data gradient (≥ {limit} for {window} steps)",
      extreme: "the regularisation gradient is {ratio}× the data gradient at step {step} (≥ {limit}): the penalty, not the data, drives the weights",
    },
    options: {
      maxRatio: option(2, "‖∇reg‖ / ‖∇data‖ at or above which regularisation overwhelms."),
      window: option(5, "Consecutive recorded steps the ratio must hold."),
      extremeRatio: option(20, "A ratio at or above this fires at once: an order of magnitude beyond maxRatio is no batch noise, and under plain SGD a penalty that strong crushes the weights within a few sampling intervals, after which the two gradients balance (ratio ≈ 1) and the window rule cannot see it."),
    },
    docs: {
      summary: "The regularisation gradient dominates the data-loss gradient.",
      whatItChecks: "‖∇reg‖ / ‖∇data‖ from the steps' gradient norms, ≥ 2 at each of the last 5 steps that record them, or ≥ 20 at any one of them (under plain SGD a strong penalty crushes the weights within a few sampling intervals; the two gradients then balance and the ratio falls to about 1). The TF.js probe records them on sampled steps of models with built-in L1/L2 kernel or bias regularizers: the penalty's gradient is known in closed form from the weights (l1·sign(w) + 2·l2·w), the data part is the rest of the gradient the optimizer receives — no extra backward pass. Silent when the parts cannot be separated (no penalty, or a custom regularizer).",
      whyItMatters: "The optimiser then mostly shrinks weights towards zero and the model underfits.",
      example: "kernelRegularizer: tf.regularizers.l2({ l2: 10 })  // with tf.train.sgd(0.01) or tf.train.adam(0.01)",
      fix: "Lower the regularisation factor (typical L2: 1e-4 to 1e-2).",
      options: "maxRatio (2), window (5), extremeRatio (20).",
      references: [TDC],
    },
  }),
  on: ["step"],
  check({ state, options, report }) {
    const last = state.lastStepRecord;
    if (!last?.gradientNorms) return;
    const now = last.gradientNorms.regularization / last.gradientNorms.data;
    if (isFiniteNumber(now) && now >= options.extremeRatio) {
      report({ messageId: "extreme", value: now, data: { ratio: formatNumber(now), step: last.step, limit: options.extremeRatio } });
      return;
    }
    const recent = state.recentSteps.filter((s) => s.gradientNorms).slice(-options.window);
    if (recent.length < options.window) return;
    const rs = recent.map((s) => s.gradientNorms!.regularization / s.gradientNorms!.data);
    if (rs.every((r) => isFiniteNumber(r) && r >= options.maxRatio)) {
      const ratio = rs[rs.length - 1]!;
      report({ messageId: "overwhelming", value: ratio, data: { ratio: formatNumber(ratio), limit: options.maxRatio, window: options.window } });
    }
  },
});
