import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber, smoothness } from "../../math.js";
import { TDC } from "../references.js";

type Options = { minLoss: number; smoothLoss: number; minSmoothness: number };

/** The single-batch run drives the loss to zero: nothing (regularisation) keeps it from memorising. */
export default defineCheck<"zero", Options>({
  meta: checkMeta({
    code: "D111",
    name: "zero-loss",
    family: "preflight",
    severity: "info",
    needs: ["preflight.overfit-batch.losses"],
    messages: {
      zero: "training on one batch drove the loss to {loss}{smooth}: nothing regularises the model (no weight decay, dropout or noise), so it can memorise its training data",
    },
    options: {
      minLoss: option(1e-8, "A minimum loss at or below this is zero."),
      smoothLoss: option(1e-5, "A minimum loss at or below this counts too when the curve is smoother than minSmoothness."),
      minSmoothness: option(0.95, "Smoothness (net change over total variation) of the curve above which it is too smooth."),
    },
    docs: {
      summary: "The loss on one batch reaches zero: the model has no regularisation.",
      whatItChecks: "The loss curve of D110's single-batch run: its minimum at or below 1e-8, or at or below 1e-5 with a curve smoother than 0.95 (net change over total variation).",
      whyItMatters: "A model that reaches an exactly zero loss has nothing that resists memorisation. On a real dataset it will overfit unless the data are large enough; TheDeepChecker reports it as missing regularisation.",
      example: "tf.sequential({ layers: [tf.layers.dense({ units: 512, inputShape: [20], activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] }) // no dropout, no L2",
      fix: "Consider weight decay (kernelRegularizer), dropout or data augmentation, and watch the validation loss (D506).",
      options: "minLoss (1e-8), smoothLoss (1e-5), minSmoothness (0.95).",
      references: [TDC + " (regularisation check on the single-batch run)"],
    },
  }),
  on: ["preflight"],
  worst: "min",
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "overfit-batch" || record.skipped !== undefined) return;
    const finite = record.losses.filter(isFiniteNumber);
    if (finite.length === 0) return;
    const min = Math.min(...finite);
    const smooth = smoothness(finite);
    if (min <= options.minLoss) {
      report({ messageId: "zero", value: min, data: { loss: formatNumber(min), smooth: "" } });
    } else if (min <= options.smoothLoss && smooth > options.minSmoothness) {
      report({ messageId: "zero", value: min, data: { loss: formatNumber(min), smooth: ` along a curve of smoothness ${formatNumber(smooth)}` } });
    }
  },
});
