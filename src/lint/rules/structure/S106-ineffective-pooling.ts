import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { convAndPoolCount, isLocalPooling } from "./_design-helpers.js";

export default defineRule({
  meta: {
    code: "S106",
    name: "ineffective-pooling",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["complete architecture"],
    messages: {
      noMaxPooling:
        "{layer} ({kind}) is average pooling, and this deep CNN ({count} convolution and pooling layers) never uses max pooling",
    },
    options: {
      minLayers: { description: "Number of convolution and pooling layers from which a CNN counts as deep.", default: 10 },
    },
    docs: {
      summary: "A deep CNN downsamples with average pooling only, never max pooling.",
      whatItChecks:
        "In a model whose architecture is completely known and that has at least minLayers convolution and (local) pooling layers, the local pooling layers are all average pooling. The first average pooling layer is reported. Global pooling before the classifier is not counted: global average pooling there is the usual design.",
      whyItMatters:
        "Between convolution blocks, max pooling keeps the strongest response of each feature in a window and so gives the translation invariance deep feature extractors rely on; average pooling dilutes a sharp feature with its weak neighbours at every stage. Deep CNNs that only average-pool converge more slowly and to lower accuracy.",
      example: [
        "for filters in (32, 64, 128, 256, 256):",
        "    model.add(layers.Conv2D(filters, 3, activation='relu', padding='same'))",
        "    model.add(layers.AveragePooling2D(2))",
      ].join("\n"),
      fix: "Downsample between blocks with max pooling (`layers.MaxPooling2D(2)`), or strided convolutions; keep average pooling for the global pooling before the classifier.",
      options: "minLayers (default 10): number of convolution and pooling layers from which a CNN counts as deep.",
      references: [neuralint("f027 (ineffective pooling)")],
    },
  },
  check(context) {
    const minLayers = Number(context.options.minLayers);
    for (const model of context.program.models) {
      const architecture = model.architecture;
      if (!architecture.complete) continue;
      const count = convAndPoolCount(architecture);
      if (count < minLayers) continue;
      const pools = architecture.layers.filter(isLocalPooling);
      if (pools.length === 0 || pools.some((l) => LAYER_KINDS[l.kind].pooling === "max")) continue;
      const first = pools[0]!;
      context.report({ messageId: "noMaxPooling", span: first.span, layer: first, data: { layer: first.name, kind: first.frameworkName, count } });
    }
  },
});
