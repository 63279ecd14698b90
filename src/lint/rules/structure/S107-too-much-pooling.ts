import { categoryOf, singleSuccessor } from "../../../model/graph.js";
import type { Architecture, Layer } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { convAndPoolCount, isFeatureConvolution, isLocalPooling } from "./_design-helpers.js";

/** Layers that may sit between a convolution and its pooling without making a block of their own. */
const BETWEEN: ReadonlySet<LayerCategory> = new Set(["activation", "normalization", "dropout", "padding"]);

/** Whether the convolution's output goes, through activation/normalisation/dropout/padding only, into local pooling. */
function pooledRightAfter(architecture: Architecture, conv: Layer): boolean {
  let layer = singleSuccessor(architecture, conv);
  for (let guard = 0; layer && guard < architecture.layers.length; guard++) {
    if (layer.conditional) return false;
    if (isLocalPooling(layer)) return true;
    if (!BETWEEN.has(categoryOf(layer))) return false;
    layer = singleSuccessor(architecture, layer);
  }
  return false;
}

export default defineRule({
  meta: {
    code: "S107",
    name: "too-much-pooling",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["complete architecture"],
    messages: {
      poolAfterEveryConv:
        "every one of the {convs} convolutions of this deep CNN, from {layer} ({kind}) on, is followed directly by pooling: the maps shrink {pools} times with a single convolution per resolution",
    },
    options: {
      minLayers: { description: "Number of convolution and pooling layers from which a CNN counts as deep.", default: 10 },
    },
    docs: {
      summary: "A deep CNN pools after every single convolution.",
      whatItChecks:
        "In a model whose architecture is completely known and that has at least minLayers convolution and (local) pooling layers, every convolution is followed by a pooling layer, with only activation, normalisation, dropout or padding layers between. The first convolution is reported.",
      whyItMatters:
        "Each pooling layer discards three quarters of the map. Pooling after every convolution gives each resolution a single 3×3 view before it is thrown away, so the network loses spatial detail faster than it builds features, and a deep stack shrinks small inputs to nothing. Deep CNNs stack two or three convolutions per block before each pooling (VGG, ResNet stages).",
      example: [
        "for filters in (32, 64, 128, 256, 512):",
        "    model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))",
        "    model.add(layers.MaxPooling2D(2))",
      ].join("\n"),
      fix: [
        "Group convolutions into blocks and pool once per block:",
        "",
        "for filters in (32, 64, 128):",
        "    model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))",
        "    model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))",
        "    model.add(layers.MaxPooling2D(2))",
      ].join("\n"),
      options: "minLayers (default 10): number of convolution and pooling layers from which a CNN counts as deep.",
      references: [neuralint("f025 (too much pooling)")],
    },
  },
  check(context) {
    const minLayers = Number(context.options.minLayers);
    for (const model of context.program.models) {
      const architecture = model.architecture;
      if (!architecture.complete || convAndPoolCount(architecture) < minLayers) continue;
      const convs = architecture.layers.filter(isFeatureConvolution);
      if (convs.length < 2 || !convs.every((conv) => pooledRightAfter(architecture, conv))) continue;
      const first = convs[0]!;
      context.report({
        messageId: "poolAfterEveryConv",
        span: first.span,
        layer: first,
        data: { layer: first.name, kind: first.frameworkName, convs: convs.length, pools: architecture.layers.filter(isLocalPooling).length },
      });
    }
  },
});
