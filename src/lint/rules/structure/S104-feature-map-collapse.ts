import { categoryOf, formatShape, receivedShapes, spatialDims } from "../../../model/graph.js";
import type { Layer } from "../../../model/program.js";
import { effectiveKernel } from "../../../model/shapes.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { channelsFirstInputs, formatSizes } from "./_design-helpers.js";

/** The window a conv or pool layer slides (kernel with dilation, or pool size), per spatial dimension. */
function slidingWindow(layer: Layer): { sizes: number[]; what: string } | undefined {
  const category = categoryOf(layer);
  if (category === "conv") {
    const kernel = layer.config.kernelSize;
    if (!kernel) return undefined;
    const dilation = layer.config.dilationRate;
    return { sizes: kernel.map((k, i) => effectiveKernel(k, dilation?.[i] ?? 1)), what: dilation?.some((d) => d > 1) ? "dilated kernel" : "kernel" };
  }
  if (category === "pool") {
    const pool = layer.config.poolSize;
    return pool ? { sizes: pool, what: "pooling window" } : undefined;
  }
  return undefined;
}

export default defineRule({
  meta: {
    code: "S104",
    name: "feature-map-collapse",
    family: "structure",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["inferred shapes", "kernel/pool sizes", "padding"],
    messages: {
      windowExceedsInput:
        "{layer} ({kind}) slides a {windowSize} {window} with valid padding over a {inputSize} feature map (input {shape}): the map collapses",
      mapCollapsed: "{layer} ({kind}) outputs {shape}: a spatial dimension reaches {dim}",
    },
    options: {},
    docs: {
      summary: "A convolution or pooling window exceeds its input, or a spatial dimension reaches zero or less.",
      whatItChecks:
        "For every convolution and pooling layer whose input shape is known: with valid padding, the (dilated) kernel or pooling window must not exceed the input's spatial size; and no spatial dimension of an inferred output shape (conv, pooling, cropping) may be zero or negative. Only the first layer where the map collapses is reported. A model whose input is declared channels first under channels_last ((1, 28, 28)) is not checked, whether S120 (which reports that layout) runs or not: its spatial sizes depend on a data format the program may set outside the file (keras.json), so they are not certain.",
      whyItMatters:
        "Keras fails to build the model ('Negative dimension size caused by subtracting 3 from 2'), or with some backends produces an empty tensor. Stacking too many valid convolutions and poolings for a small input is the usual cause.",
      example: [
        "model = keras.Sequential([",
        "    layers.Conv2D(32, 3, activation='relu', input_shape=(8, 8, 1)),",
        "    layers.MaxPooling2D(2),",
        "    layers.Conv2D(64, 3, activation='relu'),",
        "    layers.MaxPooling2D(2),  # 1x1 input, 2x2 window",
        "])",
      ].join("\n"),
      fix: "Use padding='same', fewer pooling stages, smaller kernels, or a larger input.",
      options: "",
      references: [neuralint("f013 (feature map reduced below the kernel size)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      // An input declared channels first ((1, 28, 28)) under channels_last: the spatial sizes inferred from it are
      // those of a misread layout, or of a keras.json this program may set to 'th'. Not certain, so not checked
      // even when S120 (which reports the layout) does not run.
      if (channelsFirstInputs(model.architecture, context.program).length > 0) continue;
      for (const layer of model.architecture.layers) {
        if (layer.conditional) continue;
        const category = categoryOf(layer);
        if (category !== "conv" && category !== "pool" && category !== "cropping") continue;
        if (layer.kind === "conv2dTranspose") continue;
        const spatialRank = LAYER_KINDS[layer.kind].spatialRank;
        const input = receivedShapes(layer)[0];
        if (spatialRank === undefined || !input) continue;
        const inputDims = spatialDims(input, spatialRank, layer.config.dataFormat);
        if (!inputDims) continue;
        // A map that already collapsed upstream was reported there.
        if (inputDims.some((d) => d !== null && d <= 0)) continue;
        const window = slidingWindow(layer);
        if (window && layer.config.padding === "valid") {
          const exceeds = window.sizes.some((size, i) => {
            const n = inputDims[i];
            return typeof n === "number" && size > n;
          });
          if (exceeds) {
            context.report({
              messageId: "windowExceedsInput",
              span: layer.span,
              layer,
              data: {
                layer: layer.name,
                kind: layer.frameworkName,
                windowSize: formatSizes(window.sizes),
                window: window.what,
                inputSize: formatSizes(inputDims),
                shape: formatShape(input),
              },
            });
            continue;
          }
        }
        const output = layer.outputShape && spatialDims(layer.outputShape, spatialRank, layer.config.dataFormat);
        const collapsed = output?.find((d) => d !== null && d <= 0);
        if (layer.outputShape && collapsed !== undefined && collapsed !== null) {
          context.report({
            messageId: "mapCollapsed",
            span: layer.span,
            layer,
            data: { layer: layer.name, kind: layer.frameworkName, shape: formatShape(layer.outputShape), dim: collapsed },
          });
        }
      }
    }
  },
});
