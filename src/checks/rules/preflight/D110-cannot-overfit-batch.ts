import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber, formatPercent } from "../../format.js";
import { onlyKernelLayer } from "../linear-model.js";
import { TDC } from "../references.js";

type Options = { maxClassificationError: number; maxRegressionError: number };

/** The model cannot learn one small batch by heart. */
export default defineCheck<"classification" | "regression" | "nonFinite", Options>({
  meta: checkMeta({
    code: "D110",
    name: "cannot-overfit-batch",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.overfit-batch"],
    messages: {
      classification: "after {iterations} iterations on one batch of {samples} samples the model still misclassifies {error} of it (loss {loss}): a model that cannot learn 16 samples by heart will not learn the data — check the labels, the loss and the output layer",
      regression: "after {iterations} iterations on one batch of {samples} samples the model still leaves {error} of the targets' variance unexplained (loss {loss}): a model that cannot fit 16 samples will not fit the data",
      nonFinite: "training on one batch of {samples} samples made the loss {loss} after {iterations} iterations",
    },
    options: {
      maxClassificationError: option(0.05, "Fraction of the batch still misclassified at the end above which the model could not overfit it."),
      maxRegressionError: option(0.1, "Fraction of the batch targets' variance left unexplained (1 − R²) above which a regression model could not overfit it."),
    },
    docs: {
      summary: "The model cannot overfit one small batch.",
      whatItChecks:
        "The probe trains a copy of the model (Adam, the preflight's learning rate) on one stratified batch of 16 samples for up to 1000 iterations or its share of the wall-time cap. At the end it fires when more than 5 % of the batch is misclassified, or, for regression (targets standardised), when more than 10 % of the batch targets' variance is left unexplained (1 − R²); or when the loss became NaN/Inf. A run cut short by the time cap is not judged, nor is a linear model (one layer with weights) with fewer weights per output than the batch has samples: a linear regression on 3 features cannot fit 16 samples, whatever its data. TheDeepChecker's regression threshold (mean error 0.001) is absolute and depends on the targets' unit; nncheck measures the unexplained variance.",
      whyItMatters:
        "Any working model and loss can memorise 16 samples. When it cannot, the fault is not in the amount of data: labels that do not match their inputs, a loss that does not fit the output, a broken layer, a gradient that does not reach the weights, or a model too constrained to represent anything.",
      example: "tf.util.shuffle(labels) // labels shuffled apart from their features",
      fix: "Check label alignment and encoding, the output activation against the loss, and that every layer's weights receive a gradient.",
      options: "maxClassificationError (0.05), maxRegressionError (0.1). The iterations, batch size, learning rate and time cap are preflight budget settings.",
      references: [TDC + " (overfit a single batch)", "Karpathy, A Recipe for Training Neural Networks (2019): overfit one batch"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "overfit-batch" || record.skipped !== undefined) return;
    const finalLoss = record.losses[record.losses.length - 1];
    const base = { iterations: record.iterations, samples: record.samples, loss: finalLoss === undefined ? "?" : formatNumber(finalLoss, 4) };
    if (record.stoppedBy === "non-finite") {
      report({ messageId: "nonFinite", value: Infinity, data: base });
      return;
    }
    if (record.stoppedBy !== "iterations") return;
    // A linear model with fewer weights per output than samples cannot fit arbitrary targets of them.
    const linear = onlyKernelLayer(state.preflightModel?.model.layers ?? state.layers);
    const outputs = linear?.outputShape.at(-1);
    if (linear !== undefined && typeof outputs === "number" && outputs > 0 && linear.params / outputs < record.samples) return;
    if (record.errorKind === "classification") {
      if (record.error > options.maxClassificationError) report({ messageId: "classification", value: record.error, data: { ...base, error: formatPercent(record.error) } });
    } else if (record.error > options.maxRegressionError) {
      report({ messageId: "regression", value: record.error, data: { ...base, error: formatPercent(record.error) } });
    }
  },
});
