import { appliedActivation, categoryOf, reachedThrough, readOutputLayers, singlePredecessor } from "../../../model/graph.js";
import type { Architecture, Layer } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { theDeepChecker } from "../references.js";

/** Layers a softmax output passes through unchanged in kind (reshape includes Permute and RepeatVector). */
const PASS_THROUGH: ReadonlySet<LayerCategory> = new Set(["dropout", "flatten", "reshape", "activation", "normalization", "padding", "cropping", "upsampling", "pool", "global-pool"]);

/** The first learning layer the softmax output feeds, or undefined when it feeds a merge (attention), an output or unknown. */
function feedsLearningLayer(architecture: Architecture, start: Layer): Layer | undefined {
  for (const layer of reachedThrough(architecture, start, (l) => PASS_THROUGH.has(categoryOf(l)))) {
    const category = categoryOf(layer);
    // Softmax weights multiplied into other values are attention, not a hidden activation.
    if (category === "merge") return undefined;
    if (category === "dense" || category === "conv" || category === "recurrent") return layer;
  }
  return undefined;
}

/** Categories an output passes its values through on the way back to the layer that produces them. */
const OUTPUT_TAIL: ReadonlySet<LayerCategory> = new Set(["dropout", "flatten", "reshape", "activation"]);

/**
 * The layers whose values the program reads as an output: each output of this model or read outside it (the
 * classifier of a program that also stacks another model on its probabilities), and the layers behind it
 * that only pass values on. A softmax there is an output's softmax, whatever else it feeds.
 */
function readAsOutput(architecture: Architecture): Set<number> {
  const read = new Set<number>();
  for (const output of readOutputLayers(architecture)) {
    let layer: Layer | undefined = output;
    for (let guard = 0; layer && guard < architecture.layers.length; guard++) {
      read.add(layer.index);
      if (!OUTPUT_TAIL.has(categoryOf(layer))) break;
      layer = singlePredecessor(architecture, layer);
    }
  }
  return read;
}

export default defineRule({
  meta: {
    code: "S117",
    name: "softmax-in-hidden-layer",
    family: "structure",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "layer activations"],
    messages: {
      hiddenSoftmax: "{layer} ({kind}) applies softmax in a hidden layer: its output feeds {next} ({nextKind})",
    },
    options: {},
    docs: {
      summary: "Softmax used as a hidden layer's activation.",
      whatItChecks:
        "A layer that applies softmax (activation='softmax' or a Softmax/Activation layer) whose output reaches another Dense, convolution or recurrent layer through dropout, pooling, reshaping or normalisation only. Softmax outputs multiplied into other values (attention) are not reported, nor a softmax whose values the program reads as an output (of this model, or of another model built on the same layers) even when they also feed further layers.",
      whyItMatters:
        "Softmax makes the units of a layer compete: their outputs sum to 1, so most are near 0 and their gradients vanish. As a hidden activation it throttles the information passed on and slows training badly; usually a copy-paste of the output layer.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(128, activation='softmax', input_shape=(784,)),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: "Use ReLU (or another standard hidden activation) for hidden layers: `layers.Dense(128, activation='relu', input_shape=(784,))`.",
      options: "",
      references: [theDeepChecker("wrong_activation (hidden layer)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      const read = readAsOutput(architecture);
      for (const layer of architecture.layers) {
        if (layer.conditional || appliedActivation(layer) !== "softmax" || read.has(layer.index)) continue;
        if (categoryOf(layer) === "merge") continue;
        const next = feedsLearningLayer(architecture, layer);
        if (!next) continue;
        context.report({
          messageId: "hiddenSoftmax",
          span: layer.span,
          layer,
          data: { layer: layer.name, kind: layer.frameworkName, next: next.name, nextKind: next.frameworkName },
        });
      }
    }
  },
});
