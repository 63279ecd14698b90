import { checkMeta, defineCheck } from "../../check.js";
import { reportNonFinite } from "../non-finite.js";
import { SMD, TDC } from "../references.js";

/** NaN or Inf in a gradient: the next update will poison the weights. */
export default defineCheck({
  meta: checkMeta({
    code: "D301",
    name: "non-finite-gradients",
    family: "gradients",
    severity: "error",
    needs: ["tensors.gradient"],
    messages: { nonFinite: "the gradient {tensor} of layer {layer} holds {count} NaN/Infinity value(s)" },
    docs: {
      summary: "Gradients contain NaN or Infinity.",
      whatItChecks: "Every sampled gradient tensor for NaN and ±Infinity values.",
      whyItMatters: "Applying a non-finite gradient makes the weights non-finite; everything after is lost.",
      example: "loss: (y, p) => tf.log(p).mul(y).sum().neg()  // log(0) for a zero probability",
      fix: "Clip or epsilon-guard logs and divisions in the loss, use the framework's fused cross-entropy, lower the learning rate, clip gradients.",
      references: [TDC, SMD],
    },
  }),
  on: ["tensors"],
  check(context) {
    reportNonFinite(context, "gradient");
  },
});
