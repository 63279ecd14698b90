import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { isFiniteNumber } from "../../math.js";
import { TDC } from "../references.js";

type Options = { tolerance: number };

/** Outputs outside the activation's codomain: the activation is not what the layer says it is. */
export default defineCheck<"outside", Options>({
  meta: checkMeta({
    code: "D405",
    name: "activation-out-of-range",
    family: "activations",
    severity: "error",
    needs: ["tensors.activation", "run-start.layers.activation"],
    messages: { outside: "outputs of layer {layer} span [{min}, {max}], outside the {activation} range [{lo}, {hi}]" },
    options: { tolerance: option(1e-3, "Slack beyond the bounds (absolute, scaled by the bound's magnitude when above 1).") },
    docs: {
      summary: "A layer's outputs fall outside its activation's range.",
      whatItChecks: "The min and max of each layer's output against the range of the layer's own activation (sigmoid [0, 1], tanh [−1, 1], relu6 [0, 6], ReLU [0, ∞) ...). Each layer is judged by its own activation; unbounded ones are skipped. TheDeepChecker declared such bounds but never set them.",
      whyItMatters: "A custom or mis-wired activation silently changes what the layer computes and what the loss receives.",
      example: "tf.layers.activation({ activation: 'sigmoid' }) replaced by a custom layer that forgets the exp's sign",
      fix: "Fix the custom activation, or declare the activation the layer really applies.",
      options: "tolerance (1e-3).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of state.current("activation")) {
      const kind = state.activationOf(entry.layer);
      const spec = state.activationSpecOf(entry.layer);
      if (!kind || !spec) continue;
      const [lo, hi] = spec.range;
      const { min, max } = entry.stats;
      const slack = (bound: number) => options.tolerance * Math.max(1, Math.abs(bound));
      const below = isFiniteNumber(lo) && isFiniteNumber(min) && min < lo - slack(lo) ? lo - min : 0;
      const above = isFiniteNumber(hi) && isFiniteNumber(max) && max > hi + slack(hi) ? max - hi : 0;
      if (below > 0 || above > 0) {
        report({
          messageId: "outside",
          layer: entry.layer,
          subject: entry.name,
          value: Math.max(below, above),
          data: { layer: entry.layer, min: formatNumber(min, 4), max: formatNumber(max, 4), activation: kind, lo: formatNumber(lo), hi: formatNumber(hi) },
        });
      }
    }
  },
});
