import { appliedActivation, categoryOf, reachedThrough } from "../../../model/graph.js";
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
        "A layer that applies softmax (activation='softmax' or a Softmax/Activation layer) whose output reaches another Dense, convolution or recurrent layer through dropout, pooling, reshaping or normalisation only. Softmax outputs multiplied into other values (attention) are not reported.",
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
      for (const layer of architecture.layers) {
        if (layer.conditional || appliedActivation(layer) !== "softmax") continue;
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
