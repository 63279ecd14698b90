import { checkMeta, defineCheck } from "../../check.js";
import { reportNonFinite } from "../non-finite.js";
import { TDC, SMD } from "../references.js";

/** NaN or Inf in a weight or bias: training has already broken down. */
export default defineCheck({
  meta: checkMeta({
    code: "D201",
    name: "non-finite-parameters",
    family: "weights",
    severity: "error",
    needs: ["tensors.weights", "tensors.bias"],
    messages: { nonFinite: "{tensor} of layer {layer} holds {count} NaN/Infinity value(s)" },
    docs: {
      summary: "Weights or biases contain NaN or Infinity.",
      whatItChecks: "Every sampled weight and bias tensor for NaN and ±Infinity values.",
      whyItMatters: "Once a parameter is not a number, every output and gradient it touches is not a number: training is over, whatever the loss shows next.",
      example: "model.compile({ optimizer: tf.train.sgd(1e4), loss: 'meanSquaredError' }) // the first updates overflow",
      fix: "Lower the learning rate, clip gradients, check the loss for log(0) or division by zero, normalise the inputs.",
      references: [TDC, SMD],
    },
  }),
  on: ["tensors"],
  check(context) {
    reportNonFinite(context, "weights", "bias");
  },
});
