import { categoryOf } from "../../../model/graph.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

export default defineRule({
  meta: {
    code: "S105",
    name: "lack-of-pooling",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["complete architecture"],
    messages: {
      noPooling:
        "{layer} ({kind}) starts {count} {dims}-D convolutions and the model never pools or strides them: every layer works at full resolution",
    },
    options: {},
    docs: {
      summary: "Convolutions with no pooling (or strided convolution) of the same dimensionality anywhere in the model.",
      whatItChecks:
        "In a model whose architecture is completely known, for each spatial dimensionality (1-D, 2-D, 3-D): if there are convolutions but no pooling or global pooling layer of that dimensionality and no convolution with a stride above 1, the first such convolution is reported.",
      whyItMatters:
        "Without downsampling, every layer sees a small receptive field at full resolution: compute and memory grow, the Flatten before the classifier is huge (millions of parameters), and the network overfits instead of learning translation-invariant features.",
      example: [
        "model = keras.Sequential([",
        "    layers.Conv2D(32, 3, activation='relu', input_shape=(64, 64, 3)),",
        "    layers.Conv2D(64, 3, activation='relu'),",
        "    layers.Flatten(),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: "Downsample between convolution blocks: `layers.MaxPooling2D(2)` (or `strides=2`), and `GlobalAveragePooling2D()` before the classifier.",
      options: "",
      references: [neuralint("f002 (lack of pooling)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      if (!architecture.complete) continue;
      for (const dims of [1, 2, 3]) {
        const convs = architecture.layers.filter(
          (l) => categoryOf(l) === "conv" && LAYER_KINDS[l.kind].spatialRank === dims && l.kind !== "conv2dTranspose",
        );
        if (convs.length === 0) continue;
        const downsamples = architecture.layers.some((l) => {
          const category = categoryOf(l);
          if ((category === "pool" || category === "global-pool") && LAYER_KINDS[l.kind].spatialRank === dims) return true;
          return category === "conv" && (l.config.strides?.some((s) => s > 1) ?? false);
        });
        // Unknown strides might downsample.
        if (downsamples || convs.some((l) => l.config.strides === undefined && l.config.kernelSize === undefined)) continue;
        const first = convs[0]!;
        context.report({
          messageId: "noPooling",
          span: first.span,
          layer: first,
          data: { layer: first.name, kind: first.frameworkName, count: convs.length, dims },
        });
      }
    }
  },
});
