import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { normalizedPerplexity } from "../../math.js";
import { SMD, TDC } from "../references.js";

/** The classes of the data sample are far from balanced. */
export default defineCheck<"imbalanced", { minPerplexity: number }>({
  meta: checkMeta({
    code: "D103",
    name: "label-imbalance",
    family: "preflight",
    severity: "info",
    needs: ["preflight.data.targets.classCounts"],
    messages: {
      imbalanced: "the labels are imbalanced: normalised perplexity {perplexity} over {classes} classes (largest class {largest} samples, smallest {smallest})",
    },
    options: { minPerplexity: option(0.5, "Normalised perplexity (exp(H) − 1)/(C − 1) of the class frequencies below which the labels are imbalanced.") },
    docs: {
      summary: "The class frequencies of the labels are far from balanced.",
      whatItChecks: "The normalised perplexity (exp(H) − 1)/(C − 1) of the class counts of the preflight's sample: 1 for balanced classes, 0 when one class holds every sample.",
      whyItMatters:
        "A model trained on imbalanced labels can score a high accuracy by predicting the majority class; the loss and accuracy then say little. Imbalance is often a property of the problem (info), but also the sign of labels read wrongly (one class for everything).",
      example: "labels.fill(0, 0, 950) // 95 % of one class",
      fix: "Check that the labels were read correctly; then weight the classes (classWeight in fit), resample, or initialise the output bias to the log class priors (D106) and judge the model by per-class metrics.",
      options: "minPerplexity (0.5).",
      references: [TDC + " (data checks)", SMD + " (ClassImbalance: largest/smallest class count > 10)"],
    },
  }),
  on: ["preflight"],
  worst: "min",
  check({ state, options, report }) {
    const record = state.preflight;
    const counts = record?.procedure === "data" && record.skipped === undefined ? record.targets?.classCounts : undefined;
    if (!counts || counts.length < 2) return;
    const perplexity = normalizedPerplexity(counts);
    if (perplexity >= options.minPerplexity) return;
    report({ messageId: "imbalanced", value: perplexity, data: { perplexity: formatNumber(perplexity), classes: counts.length, largest: Math.max(...counts), smallest: Math.min(...counts) } });
  },
});
