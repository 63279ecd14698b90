import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { TDC } from "../references.js";

/** Analytic gradients disagree with central differences: a custom gradient or op is wrong. */
export default defineCheck<"mismatch", { maxRelativeError: number }>({
  meta: checkMeta({
    code: "D109",
    name: "gradient-check",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.gradient-check.parameters"],
    messages: {
      mismatch: "the gradient of {parameter} disagrees with central differences: relative error {error} over {dims} checked entries — a custom gradient or op of this layer computes a wrong derivative",
    },
    options: { maxRelativeError: option(0.01, "Relative error ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) above which the gradient is wrong.") },
    docs: {
      summary: "Backpropagated gradients disagree with numerical (central-difference) gradients.",
      whatItChecks:
        "Off by default (costly): the probe runs the procedure only when D109 is enabled in the configuration (checks.D109.enabled: true) or asked for in the preflight budget. On 3 samples, for about 10 % of each parameter's entries (at most 50 per parameter), the analytic gradient of the loss against the central difference (δ 1e-4). The error is measured over the checked entries of a parameter as ‖a − n‖ / (‖a‖ + ‖n‖), so float32 rounding on tiny entries does not count as a mismatch.",
      whyItMatters: "A wrong gradient trains the model in a wrong direction without any error: the loss falls slowly or not at all. Only code that defines its own gradient (tf.customGrad, a custom layer) can get it wrong.",
      example: "const f = tf.customGrad((x, save) => ({ value: x.square(), gradFunc: (dy) => dy.mul(x) })); // forgot the factor 2",
      fix: "Fix the custom gradient (compare it with tf.grad of the same computation written with built-in ops).",
      options: "maxRelativeError (0.01).",
      references: [TDC + " (gradient check)", "cs231n, Gradient checks"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "gradient-check" || record.skipped !== undefined) return;
    for (const p of record.parameters) {
      if (!(p.relativeError > options.maxRelativeError)) continue;
      report({ messageId: "mismatch", layer: p.layer, subject: p.name, value: p.relativeError, data: { parameter: p.name, error: formatNumber(p.relativeError), dims: p.dims } });
    }
  },
});
