import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { lastAll } from "../../math.js";
import { AT } from "../references.js";
import { currentKernelGradients } from "./gradient-series.js";

type Options = { minZeroFraction: number; persist: number };

/** Most of a ReLU layer's kernel gradient exactly zero: its units have died. */
export default defineCheck<"dying", Options>({
  meta: checkMeta({
    code: "D305",
    name: "dying-relu-gradients",
    family: "gradients",
    severity: "warning",
    needs: ["tensors.gradient", "run-start.layers.activation"],
    messages: { dying: "{percent}% of the gradient of layer {layer} ({activation}) is exactly zero for {persist} samples: its units are dying" },
    options: {
      minZeroFraction: option(0.7, "Fraction of exactly-zero gradient entries at which the layer is dying (AUTOTRAINER)."),
      persist: option(3, "Consecutive samples the condition must hold."),
    },
    docs: {
      summary: "Most of a ReLU-family layer's gradient is exactly zero.",
      whatItChecks: "The exact-zero fraction of the kernel gradient of layers with a ReLU-like activation, ≥ 70 % for 3 samples. Only ReLU-like layers: sparse inputs alone can zero the first layer's gradient rows of other layers.",
      whyItMatters: "A ReLU unit whose input is always negative passes no gradient and never recovers; a layer of such units stops learning.",
      example: "tf.layers.dense({ units: 64, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -10 }) })",
      fix: "Lower the learning rate, use He initialisation, LeakyReLU/ELU, or batch normalisation.",
      options: "minZeroFraction (0.7), persist (3).",
      references: [AT],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const series of currentKernelGradients(state)) {
      const spec = state.activationSpecOf(series.layer);
      if (!spec || !("reluLike" in spec) || !spec.reluLike) continue;
      if (lastAll(series.samples, options.persist, (s) => s.stats.zeroFraction >= options.minZeroFraction)) {
        const zero = series.samples[series.samples.length - 1]!.stats.zeroFraction;
        report({
          messageId: "dying",
          layer: series.layer,
          subject: series.name,
          value: zero,
          data: { layer: series.layer, activation: state.activationOf(series.layer) ?? "relu", percent: formatNumber(zero * 100), persist: options.persist },
        });
      }
    }
  },
});
