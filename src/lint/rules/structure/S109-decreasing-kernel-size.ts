import type { Layer } from "../../../model/program.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { formatSizes, isPointwise, isSpatialConvolutionOfRank, isUpsampling, nearestEarlier } from "./_design-helpers.js";

/** A convolution whose kernel the rule compares: a feature convolution with a known, not 1×1, kernel. */
function hasComparableKernel(layer: Layer): boolean {
  return layer.config.kernelSize !== undefined && !isPointwise(layer);
}

/** A strided large-kernel stem (ResNet's 7×7/2) downsamples as it goes: the standard design, not reported. */
function isStrided(layer: Layer): boolean {
  return layer.config.strides?.some((s) => s > 1) ?? false;
}

export default defineRule({
  meta: {
    code: "S109",
    name: "decreasing-kernel-size",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "convolution kernel sizes"],
    messages: {
      largerKernelFirst:
        "{layer} ({kind}) has a {kernel} kernel and a later convolution, {later} ({laterKind}), a smaller {laterKernel} one: the large kernel works where the maps are largest",
    },
    options: {},
    docs: {
      summary: "An earlier convolution has a larger kernel than a later one.",
      whatItChecks:
        "For each convolution, the nearest earlier convolutions of the same dimensionality on every path back through the graph (up to an upsampling layer or transposed convolution, where a decoder starts). When the later kernel is strictly smaller in some dimension, the earlier convolution is reported, once. 1×1 convolutions (channel projections) are not compared, and a strided earlier convolution (a stem such as ResNet's 7×7 with stride 2, which downsamples as it convolves) is not reported. This is NeuraLint's design heuristic: kernels should stay the same or grow with depth.",
      whyItMatters:
        "A large kernel early in the network runs over the largest maps, so it costs the most compute and memory per parameter, while a stack of small kernels reaches the same receptive field with fewer parameters and more non-linearities (two 3×3 convolutions see 5×5). Deeper layers, on downsampled maps, are where extra context is cheap.",
      example: [
        "model = keras.Sequential([",
        "    layers.Conv2D(32, 7, activation='relu', input_shape=(64, 64, 3)),",
        "    layers.MaxPooling2D(2),",
        "    layers.Conv2D(64, 3, activation='relu'),",
        "])",
      ].join("\n"),
      fix: "Use small kernels from the start and stack them for a wider receptive field (`Conv2D(32, 3)` twice rather than `Conv2D(32, 7)` once), keeping kernel sizes the same or larger in deeper layers.",
      options: "",
      references: [neuralint("f016 (decreasing kernel size)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      const reported = new Set<number>();
      for (const layer of architecture.layers) {
        if (layer.conditional || !hasComparableKernel(layer)) continue;
        const rank = LAYER_KINDS[layer.kind].spatialRank;
        if (!isSpatialConvolutionOfRank(layer, rank)) continue;
        const kernel = layer.config.kernelSize!;
        const earlier = nearestEarlier(architecture, layer, (l) => isSpatialConvolutionOfRank(l, rank) && hasComparableKernel(l), isUpsampling);
        for (const before of earlier) {
          const beforeKernel = before.config.kernelSize!;
          if (reported.has(before.index) || beforeKernel.length !== kernel.length || isStrided(before)) continue;
          if (!kernel.some((k, i) => k < beforeKernel[i]!)) continue;
          reported.add(before.index);
          context.report({
            messageId: "largerKernelFirst",
            span: before.span,
            layer: before,
            data: {
              layer: before.name,
              kind: before.frameworkName,
              kernel: formatSizes(beforeKernel),
              later: layer.name,
              laterKind: layer.frameworkName,
              laterKernel: formatSizes(kernel),
            },
          });
        }
      }
    }
  },
});
