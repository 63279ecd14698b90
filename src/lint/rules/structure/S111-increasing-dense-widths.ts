import { categoryOf, outputHeadIndices } from "../../../model/graph.js";
import type { Layer, ModelFacts } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";
import { nearestEarlier } from "./_design-helpers.js";

/** An autoencoder (fit(x, x)) widens again on purpose after its bottleneck. */
function reconstructsItsInput(model: ModelFacts): boolean {
  return model.training.some((call) => call.x?.variable !== undefined && call.x.variable === call.y?.variable);
}

/**
 * For each layer, the width of the widest output head it feeds (heads without units count as 0; a layer
 * feeding no head is absent). A generator or decoder (noise → 200 → 400 → 784 pixels) widens towards its
 * output on purpose, unlike a classifier funnelling to a few scores. One walk back from each head, widest head
 * first: a layer already marked was marked by a head at least as wide, and so were all the layers behind it,
 * so every layer is visited once (a walk per layer made unrolled models quadratic).
 */
function widestHeadFed(model: ModelFacts, heads: Set<number>): Map<number, number> {
  const layers = model.architecture.layers;
  const widest = new Map<number, number>();
  const ordered = [...heads].map((index) => ({ index, units: layers[index]?.config.units ?? 0 })).sort((a, b) => b.units - a.units);
  for (const head of ordered) {
    const stack = [head.index];
    while (stack.length > 0) {
      const index = stack.pop()!;
      if (widest.has(index)) continue;
      widest.set(index, head.units);
      for (const producer of layers[index]?.inbound ?? []) stack.push(producer);
    }
  }
  return widest;
}

export default defineRule({
  meta: {
    code: "S111",
    name: "increasing-dense-widths",
    family: "structure",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "Dense units"],
    messages: {
      widerLater:
        "{layer} ({kind}) has {units} units, more than the {earlierUnits} of the earlier hidden layer {earlier} ({earlierKind}): the features were already squeezed through the narrower layer",
    },
    options: {},
    docs: {
      summary: "A later hidden Dense layer has more units than an earlier one.",
      whatItChecks:
        "For each hidden Dense layer (one that does not produce an output the program reads: of this model, of another model built on the same layers, or a TF1 fetch), the nearest earlier hidden Dense layers on every path back through the graph. When it has more units than all of them, it is reported. Models trained to reconstruct their input (fit(x, x): autoencoders, whose decoders widen on purpose) are left out, and so is a layer whose output head is at least as wide as it (a generator or decoder widening towards its output).",
      whyItMatters:
        "A classifier's hidden layers funnel many input features into a few class scores: each layer summarises the one before. A layer wider than an earlier one cannot recover what the narrower layer discarded; it adds parameters and overfitting risk without adding information, and usually reveals a reversed or mistyped list of widths.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(64, activation='relu', input_shape=(784,)),",
        "    layers.Dense(256, activation='relu'),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: "Make the hidden widths non-increasing towards the output, e.g. 256 → 128 → 64.",
      options: "",
      references: [neuralint("f019 (increasing Dense widths)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      if (reconstructsItsInput(model)) continue;
      const heads = outputHeadIndices(architecture);
      let widestHead: Map<number, number> | undefined;
      const isHiddenDense = (l: Layer): boolean => categoryOf(l) === "dense" && l.config.units !== undefined && !heads.has(l.index);
      for (const layer of architecture.layers) {
        if (layer.conditional || !isHiddenDense(layer)) continue;
        const units = layer.config.units!;
        const earlier = nearestEarlier(architecture, layer, isHiddenDense);
        const widest = earlier.reduce<Layer | undefined>((best, l) => (best && best.config.units! >= l.config.units! ? best : l), undefined);
        if (!widest || !(units > widest.config.units!)) continue;
        if (((widestHead ??= widestHeadFed(model, heads)).get(layer.index) ?? -1) >= units) continue;
        context.report({
          messageId: "widerLater",
          span: layer.span,
          layer,
          data: { layer: layer.name, kind: layer.frameworkName, units, earlier: widest.name, earlierKind: widest.frameworkName, earlierUnits: widest.config.units! },
        });
      }
    }
  },
});
