import { activationLayerFunction, categoryOf, effectiveActivation, feedsMerge, singlePredecessor, type EffectiveActivation } from "../../../model/graph.js";
import type { Architecture, Layer } from "../../../model/program.js";
import type { ActivationKind, LayerCategory } from "../../../model/vocabulary.js";
import { ACTIVATIONS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

/** Layers between two activations that neither learn nor undo the first activation. */
const PASS_THROUGH: ReadonlySet<LayerCategory> = new Set(["dropout", "flatten", "reshape", "pool", "global-pool", "padding", "cropping", "upsampling"]);

function isNonlinear(activation: ActivationKind | undefined): activation is ActivationKind {
  return activation !== undefined && !ACTIVATIONS[activation].linear;
}

/** The earlier non-linear activation an activation layer's input already went through, if any. */
function earlierActivation(architecture: Architecture, start: Layer): EffectiveActivation | undefined {
  const before = singlePredecessor(architecture, start);
  // A learning layer ends the search: its own activation is the last one applied.
  const found = before && effectiveActivation(architecture, before.index, PASS_THROUGH);
  return found && isNonlinear(found.activation) ? found : undefined;
}

export default defineRule({
  meta: {
    code: "S116",
    name: "double-activation",
    family: "structure",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "layer activations"],
    messages: {
      doubleActivation:
        "{layer} ({kind}) applies {second} to the output of {source} ({sourceKind}), which already applies {first}, with no learning layer between",
    },
    options: {},
    docs: {
      summary: "Two non-linear activations follow one learning layer with no learning layer between.",
      whatItChecks:
        "An activation layer (Activation, ReLU, LeakyReLU, Softmax...) with a non-linear function whose input, through dropout, pooling, reshaping or padding only, was already activated non-linearly: by the activation= of the Dense/Conv/recurrent layer before it, or by another activation layer. Normalisation layers between the two break the chain. A softmax whose output is multiplied into other values (attention weights over tanh scores) is not reported.",
      whyItMatters:
        "The second activation is at best redundant (relu after relu) and usually harmful: softmax over ReLU outputs cannot express negative logits, sigmoid after sigmoid squeezes outputs into [0.5, 0.73] and kills the gradient. It is a common slip when an activation layer is added to a layer that already has activation=.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(64, activation='relu', input_shape=(20,)),",
        "    layers.Activation('relu'),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: "Keep one activation: drop the activation layer, or remove activation= from the layer before it.",
      options: "",
      references: [neuralint("f003 (redundant consecutive activations)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      for (const layer of architecture.layers) {
        if (categoryOf(layer) !== "activation" || layer.conditional) continue;
        const second = activationLayerFunction(layer);
        if (!isNonlinear(second)) continue;
        const first = earlierActivation(architecture, layer);
        if (!first) continue;
        // Softmax over tanh scores, multiplied into values, is attention: intended.
        if (second === "softmax" && feedsMerge(architecture, layer)) continue;
        context.report({
          messageId: "doubleActivation",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            kind: layer.frameworkName,
            second,
            first: first.activation,
            source: first.layer.name,
            sourceKind: first.layer.frameworkName,
          },
        });
      }
    }
  },
});
