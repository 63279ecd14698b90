import { categoryOf, singleSuccessor } from "../../../model/graph.js";
import type { Architecture, Layer } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { formatSizes, isFeatureConvolution, isLocalPooling, isPointwise, previousThrough } from "./_design-helpers.js";

/** Layers that may sit between two convolutions of one block. */
const WITHIN_BLOCK: ReadonlySet<LayerCategory> = new Set(["activation", "normalization", "dropout", "padding"]);

/**
 * How two adjacent convolutions differ, in words; empty unless their kernels differ. A change of filters
 * alone is not reported: widening inside a block is the common pattern (Keras' MNIST example stacks
 * Conv2D(32) and Conv2D(64) before one pooling), and narrowing is S110's.
 */
function differences(previous: Layer, layer: Layer): string[] {
  const [a, b] = [previous.config.kernelSize, layer.config.kernelSize];
  if (!a || !b || a.length !== b.length || a.every((k, i) => k === b[i])) return [];
  const found = [`kernel ${formatSizes(b)} after ${formatSizes(a)}`];
  const [fa, fb] = [previous.config.filters, layer.config.filters];
  if (fa !== undefined && fb !== undefined && fa !== fb) found.push(`${fb} filters after ${fa}`);
  return found;
}

/** Whether the convolution's block ends in local pooling (a block is the run of convolutions before one). */
function closedByPooling(architecture: Architecture, conv: Layer): boolean {
  let layer = singleSuccessor(architecture, conv);
  for (let guard = 0; layer && guard < architecture.layers.length; guard++) {
    if (isLocalPooling(layer)) return true;
    if (!WITHIN_BLOCK.has(categoryOf(layer)) && !isFeatureConvolution(layer)) return false;
    layer = singleSuccessor(architecture, layer);
  }
  return false;
}

export default defineRule({
  meta: {
    code: "S108",
    name: "asymmetric-conv-block",
    family: "structure",
    severity: "info",
    lifecycle: "preview",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "convolution kernel sizes and filters"],
    messages: {
      asymmetricBlock:
        "{layer} ({kind}) follows {previous} ({previousKind}) in the same convolution block but differs from it: {differences}",
    },
    options: {},
    docs: {
      summary: "Adjacent convolutions inside one block differ in kernel size.",
      whatItChecks:
        "Two convolutions of the same kind joined directly, or only through activation, normalisation, dropout or padding layers (no pooling, no stride change by another layer, no merge), form part of one block, which a local pooling layer closes. When their kernel sizes are both known and differ, the later one is reported (with the change of filters, if any). A change of filters alone is not: widening inside a block is common (Conv2D(32) then Conv2D(64) before one pooling) and narrowing is S110. 1×1 convolutions (channel projections, bottlenecks), transposed convolutions and runs of convolutions no pooling closes are left out.",
      whyItMatters:
        "A block works at one resolution and one width: its convolutions are meant to refine the same features. A change of receptive field (and width) inside a block is usually an edit applied to one layer and not to its neighbours; the odd layer costs more (a 5×5 kernel has almost three times the weights of a 3×3) and makes the block's capacity uneven.",
      example: [
        "model.add(layers.Conv2D(32, 3, activation='relu', padding='same'))",
        "model.add(layers.Conv2D(64, 5, activation='relu', padding='same'))",
        "model.add(layers.MaxPooling2D(2))",
      ].join("\n"),
      fix: "Give the convolutions of a block the same kernel size (and filters), and change them between blocks, after pooling; for a wider view, stack two 3×3 convolutions.",
      options: "",
      references: [neuralint("f026 (asymmetric convolution block)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      for (const layer of architecture.layers) {
        if (!isFeatureConvolution(layer) || layer.conditional || isPointwise(layer)) continue;
        const before = previousThrough(architecture, layer, WITHIN_BLOCK);
        if (!before || before.layer.kind !== layer.kind || isPointwise(before.layer)) continue;
        const found = differences(before.layer, layer);
        if (found.length === 0 || !closedByPooling(architecture, layer)) continue;
        context.report({
          messageId: "asymmetricBlock",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            kind: layer.frameworkName,
            previous: before.layer.name,
            previousKind: before.layer.frameworkName,
            differences: found.join(", "),
          },
        });
      }
    }
  },
});
