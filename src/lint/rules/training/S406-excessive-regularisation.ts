import { categoryOf } from "../../../model/graph.js";
import type { Layer, RegularizerSpec } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { theDeepChecker } from "../references.js";

/** Layers whose kernel a weight penalty is meant for. Normalisation scales and embeddings are left out. */
const WEIGHT_LAYERS: ReadonlySet<LayerCategory> = new Set(["dense", "conv", "recurrent"]);

/** The larger of a regulariser's L1 and L2 factors, when either is known. */
function penaltyFactor(regularizer: RegularizerSpec | undefined): number | undefined {
  if (!regularizer) return undefined;
  const factors = [regularizer.l1, regularizer.l2].filter((f): f is number => f !== undefined);
  return factors.length > 0 ? Math.max(...factors) : undefined;
}

export default defineRule({
  meta: {
    code: "S406",
    name: "excessive-regularisation",
    family: "training",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["layers' kernel regularisers (kind and factor)"],
    messages: {
      excessiveRegularisation:
        "{count} of {total} weight layers penalise their kernels with a factor of at least {minFactor} (the first, {layer}: {factor}; the largest: {largest}): the penalty can outweigh the data loss",
    },
    options: {
      minFactor: { description: "Smallest L1/L2 factor counted as heavy.", default: 0.01 },
      minFraction: { description: "Fraction of the weight layers that must be heavily regularised (strictly more than this).", default: 0.5 },
    },
    docs: {
      summary: "L1/L2 weight penalties of 0.01 or more on most layers.",
      whatItChecks:
        "Counts the Dense, convolution and recurrent layers of a model, and those whose kernel regulariser has an L1 or L2 factor of at least minFactor (Keras's `l2()` without a factor is 0.01). Reports when more than minFraction of them are so penalised, at the first such layer. Layers whose factor is unknown count as not heavy; incomplete models are not reported.",
      whyItMatters:
        "A weight penalty adds factor × Σw² (or Σ|w|) per layer to the loss. With a factor of 0.01 on every layer the penalty dominates the data loss of a typical network: the optimizer shrinks the weights towards zero instead of fitting the data, and the model underfits (training accuracy stalls well below what the architecture can reach).",
      example: [
        "reg = regularizers.l2(0.01)",
        "model = keras.Sequential([",
        "    layers.Dense(256, activation='relu', kernel_regularizer=reg, input_shape=(784,)),",
        "    layers.Dense(256, activation='relu', kernel_regularizer=reg),",
        "    layers.Dense(10, activation='softmax', kernel_regularizer=reg),",
        "])",
      ].join("\n"),
      fix: [
        "Use a much smaller factor (1e-4 to 1e-5 is typical), regularise fewer layers, or prefer dropout:",
        "",
        "    reg = regularizers.l2(1e-4)",
      ].join("\n"),
      options:
        "minFactor (default 0.01): smallest L1/L2 factor counted as heavy. minFraction (default 0.5): the rule fires when strictly more than this fraction of the weight layers are heavily regularised.",
      references: [theDeepChecker("over_regularization")],
    },
  },
  check(context) {
    const minFactor = Number(context.options.minFactor);
    const minFraction = Number(context.options.minFraction);
    for (const model of context.program.models) {
      if (!model.architecture.complete) continue;
      const weightLayers = model.architecture.layers.filter((l) => WEIGHT_LAYERS.has(categoryOf(l)) && !l.conditional);
      const heavy: { layer: Layer; factor: number }[] = [];
      for (const layer of weightLayers) {
        const factor = penaltyFactor(layer.kernelRegularizer);
        if (factor !== undefined && factor >= minFactor) heavy.push({ layer, factor });
      }
      if (heavy.length === 0 || !(heavy.length / weightLayers.length > minFraction)) continue;
      const first = heavy[0]!;
      context.report({
        messageId: "excessiveRegularisation",
        span: first.layer.kernelRegularizer?.span ?? first.layer.span,
        layer: first.layer,
        data: {
          count: heavy.length,
          total: weightLayers.length,
          minFactor,
          largest: Math.max(...heavy.map((h) => h.factor)),
          factor: first.factor,
          layer: first.layer.name,
        },
      });
    }
  },
});
