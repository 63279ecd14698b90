import { outputHeadIndices } from "../../../model/graph.js";
import type { Layer } from "../../../model/program.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { isPointwise, isSpatialConvolutionOfRank, isUpsampling, nearestEarlier } from "./_design-helpers.js";

/** A convolution whose width the rule compares: known filters, not a 1×1 projection. */
function hasComparableFilters(layer: Layer): boolean {
  return layer.config.filters !== undefined && !isPointwise(layer);
}

export default defineRule({
  meta: {
    code: "S110",
    name: "non-increasing-filters",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "convolution filters"],
    messages: {
      fewerFilters:
        "{layer} ({kind}) has {filters} filters, fewer than the {earlierFilters} of the earlier {earlier} ({earlierKind}): deeper convolutions should extract more features, not fewer",
    },
    options: {},
    docs: {
      summary: "A later convolution has fewer filters than an earlier one.",
      whatItChecks:
        "For each convolution, the nearest earlier convolutions of the same dimensionality on every path back through the graph, up to an upsampling layer or transposed convolution (a decoder narrows on purpose). When the later convolution has fewer filters than one of them, it is reported. 1×1 convolutions (bottleneck projections) and convolutions that produce an output the program reads (a segmentation head sized to the classes, the code of an encoder model) are not compared.",
      whyItMatters:
        "Each downsampling step halves the resolution; to keep the information the layer carries, deeper layers combine simpler features into more, more abstract ones, and the usual design doubles the filters after each pooling. A later layer narrower than an earlier one is a bottleneck that throws away what the earlier layer extracted, and is often a typo or a reversed filter list.",
      example: [
        "model.add(layers.Conv2D(128, 3, activation='relu', input_shape=(32, 32, 3)))",
        "model.add(layers.MaxPooling2D(2))",
        "model.add(layers.Conv2D(64, 3, activation='relu'))",
      ].join("\n"),
      fix: "Keep or grow the width with depth, e.g. 32 → 64 → 128 filters, doubling after each pooling layer.",
      options: "",
      references: [neuralint("f023 (non-increasing number of filters)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      const heads = outputHeadIndices(architecture);
      for (const layer of architecture.layers) {
        if (layer.conditional || heads.has(layer.index) || !hasComparableFilters(layer)) continue;
        const rank = LAYER_KINDS[layer.kind].spatialRank;
        if (!isSpatialConvolutionOfRank(layer, rank)) continue;
        const filters = layer.config.filters!;
        const earlier = nearestEarlier(architecture, layer, (l) => isSpatialConvolutionOfRank(l, rank) && hasComparableFilters(l), isUpsampling);
        const widest = earlier.reduce<Layer | undefined>((best, l) => (best && best.config.filters! >= l.config.filters! ? best : l), undefined);
        if (!widest || !(filters < widest.config.filters!)) continue;
        context.report({
          messageId: "fewerFilters",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            kind: layer.frameworkName,
            filters,
            earlier: widest.name,
            earlierKind: widest.frameworkName,
            earlierFilters: widest.config.filters!,
          },
        });
      }
    }
  },
});
