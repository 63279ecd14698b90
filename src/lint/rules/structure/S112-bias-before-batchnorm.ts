import { activationLayerFunction, categoryOf, singleSuccessor } from "../../../model/graph.js";
import type { Architecture, Layer } from "../../../model/program.js";
import { ACTIVATIONS, type LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

/**
 * Layers that carry a constant per-feature offset through unchanged (up to scaling), so that batch
 * normalisation after them still subtracts it: dropout, reshaping, pooling (max and mean commute with
 * adding a constant) and linear activation layers.
 */
const OFFSET_PRESERVING: ReadonlySet<LayerCategory> = new Set(["dropout", "flatten", "reshape", "pool", "global-pool"]);

function preservesOffset(layer: Layer): boolean {
  if (categoryOf(layer) === "activation") {
    const activation = activationLayerFunction(layer);
    return activation !== undefined && ACTIVATIONS[activation].linear;
  }
  return OFFSET_PRESERVING.has(categoryOf(layer));
}

/** The batch normalisation that cancels the layer's bias, within `maxDistance` layers, if any. */
function cancellingBatchNorm(architecture: Architecture, start: Layer, maxDistance: number): Layer | undefined {
  let layer = singleSuccessor(architecture, start);
  for (let distance = 1; layer && distance <= maxDistance; distance++) {
    if (layer.conditional) return undefined;
    if (layer.kind === "batchNormalization") return layer;
    if (!preservesOffset(layer)) return undefined;
    layer = singleSuccessor(architecture, layer);
  }
  return undefined;
}

export default defineRule({
  meta: {
    code: "S112",
    name: "bias-before-batchnorm",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "use_bias", "layer activations"],
    messages: {
      cancelledBias:
        "{layer} ({kind}) adds a bias that {norm} ({normKind}) subtracts again with the batch mean: the bias is never used",
    },
    options: {
      maxDistance: { description: "How many layers after the biased layer the batch normalisation may come.", default: 3 },
    },
    docs: {
      summary: "A Dense or convolution layer with a bias is followed by batch normalisation, which cancels the bias.",
      whatItChecks:
        "A Dense or convolution layer whose bias is on (use_bias defaults to True) and whose own activation is linear, followed within maxDistance layers by BatchNormalization, with only dropout, flatten/reshape, pooling or linear activation layers between. A non-linear activation between the two (Conv2D(..., activation='relu') then BatchNormalization) makes the bias matter, and is not reported.",
      whyItMatters:
        "Batch normalisation subtracts the per-feature batch mean, and a constant added to every sample moves that mean by the same constant: the bias has no effect on the output and receives a zero gradient. It wastes parameters and memory, and the normalisation's own offset (beta) already does the bias's job.",
      example: [
        "model.add(layers.Conv2D(64, 3))",
        "model.add(layers.BatchNormalization())",
        "model.add(layers.Activation('relu'))",
      ].join("\n"),
      fix: "Turn the bias off on layers followed by batch normalisation: `layers.Conv2D(64, 3, use_bias=False)`.",
      options: "maxDistance (default 3): how many layers after the biased layer the batch normalisation may come.",
      references: [neuralint("f005 (useless bias before batch normalisation)")],
    },
  },
  check(context) {
    const maxDistance = Number(context.options.maxDistance);
    for (const model of context.program.models) {
      const architecture = model.architecture;
      for (const layer of architecture.layers) {
        const category = categoryOf(layer);
        if ((category !== "dense" && category !== "conv") || layer.conditional || layer.config.useBias !== true) continue;
        if (layer.activation === undefined || !ACTIVATIONS[layer.activation].linear) continue;
        const norm = cancellingBatchNorm(architecture, layer, maxDistance);
        if (!norm) continue;
        context.report({
          messageId: "cancelledBias",
          span: layer.span,
          layer,
          data: { layer: layer.name, kind: layer.frameworkName, norm: norm.name, normKind: norm.frameworkName },
        });
      }
    }
  },
});
