import { activationLayerFunction, categoryOf, isLinearMapLayer, outputHeadIndices, successors } from "../../../model/graph.js";
import type { Architecture, Layer, ModelFacts } from "../../../model/program.js";
import { ACTIVATIONS, LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

/** What one layer on the way from a linear layer does to linearity. */
type Step = "nonlinear" | "weak" | "linear" | "collapse" | "unknown";

function stepOf(layer: Layer): Step {
  if (layer.conditional) return "unknown";
  const category = categoryOf(layer);
  switch (category) {
    case "activation": {
      const activation = activationLayerFunction(layer);
      if (activation === undefined) return "unknown";
      return ACTIVATIONS[activation].linear ? "linear" : "nonlinear";
    }
    case "dense":
    case "conv":
      // Its linear part composes with ours whatever activation follows it.
      return "collapse";
    case "pool":
      // Max pooling is piecewise linear like ReLU, but a weak stand-in for the activations a stack of layers forgot.
      return LAYER_KINDS[layer.kind].pooling === "max" ? "weak" : "linear";
    case "global-pool":
      return LAYER_KINDS[layer.kind].pooling === "max" ? "nonlinear" : "linear";
    case "merge":
      if (layer.kind === "multiply" || layer.kind === "maximum" || layer.kind === "minimum" || layer.kind === "dot") return "nonlinear";
      // A sum or concatenation with other branches (a residual junction: a 1×1 projection shortcut added to a
      // non-linear main path) is no longer one linear map of ours: a Conv after it does not collapse with us.
      return layer.inbound.length > 1 ? "unknown" : "linear";
    case "reshape":
      // A reshape of a vector into a map (a decoder's Dense projection into the grid its convolutions work on)
      // is a projection on purpose, not a second stacked linear layer.
      return intoMap(layer) ? "unknown" : "linear";
    case "dropout":
    case "flatten":
    case "normalization":
    case "padding":
    case "cropping":
    case "upsampling":
      return "linear";
    default:
      // Recurrent and embedding layers carry their own non-linearities; Lambda and unknown layers may.
      return "unknown";
  }
}

/** Whether a reshape turns a vector (rank 2 with batch) into a map of higher rank. */
function intoMap(layer: Layer): boolean {
  const input = layer.inputShapes?.[0];
  const output = layer.outputShape ?? (layer.config.targetShape ? [null, ...layer.config.targetShape] : undefined);
  return input !== undefined && output !== undefined && input.length === 2 && output.length > 2;
}

/** A model trained to give back its own input (`fit(x, x)`): a linear layer there is a bottleneck by design (PCA). */
function reconstructsInput(model: ModelFacts): boolean {
  return model.training.some((loop) => {
    const x = loop.x?.variable ?? loop.dataVariables?.x;
    const y = loop.y?.variable ?? loop.dataVariables?.y;
    return x !== undefined && x === y;
  });
}

interface Problem {
  /** The learning layer the linear map collapses into, when that is what was found. */
  into?: Layer;
  /** Only max pooling lies between the two layers, and neither has an activation. */
  onlyMaxPooling?: boolean;
}

/** A hidden Dense/Conv layer with a linear activation. */
function isLinearHiddenLayer(layer: Layer, heads: ReadonlySet<number>): boolean {
  return isLinearMapLayer(layer) && !heads.has(layer.index) && layer.activation !== undefined && ACTIVATIONS[layer.activation].linear;
}

/**
 * Walks forward from a linear Dense/Conv layer along every path, up to `maxDistance` layers. A problem is
 * another linear map reached first, or `maxDistance` layers with no non-linearity; reaching a model output
 * or something unknown is fine. Max pooling ends the search, except when all it separates the layer from is
 * another hidden layer without an activation (a stack of layers that all forgot theirs).
 */
function findProblem(architecture: Architecture, start: Layer, maxDistance: number, heads: ReadonlySet<number>): Problem | undefined {
  const frontier: { layer: Layer; distance: number; pooled: boolean }[] = successors(architecture, start.index).map((layer) => ({ layer, distance: 1, pooled: false }));
  const seen = new Set<number>();
  while (frontier.length > 0) {
    const { layer, distance, pooled } = frontier.shift()!;
    if (seen.has(layer.index)) continue;
    seen.add(layer.index);
    const step = stepOf(layer);
    if (step === "collapse") {
      if (!pooled) return { into: layer };
      if (isLinearHiddenLayer(layer, heads)) return { into: layer, onlyMaxPooling: true };
      continue;
    }
    if (step !== "linear" && step !== "weak") continue;
    const next = successors(architecture, layer.index);
    if (next.length === 0) continue;
    if (distance >= maxDistance) {
      if (pooled || step === "weak") continue;
      return {};
    }
    frontier.push(...next.map((l) => ({ layer: l, distance: distance + 1, pooled: pooled || step === "weak" })));
  }
  return undefined;
}

export default defineRule({
  meta: {
    code: "S115",
    name: "missing-nonlinearity",
    family: "structure",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "layer activations"],
    messages: {
      collapsesInto:
        "{layer} ({kind}) has a linear activation and {next} ({nextKind}) follows with no non-linearity between: the two linear maps collapse into one",
      noNonlinearity: "{layer} ({kind}) has a linear activation and no non-linearity follows within {distance} layers",
      onlyMaxPooling:
        "{layer} ({kind}) and {next} ({nextKind}) both have a linear activation and only max pooling lies between them: the layers are missing their activations",
    },
    options: {
      maxDistance: { description: "How many following layers may carry the non-linearity (an activation layer after BatchNormalization...).", default: 3 },
    },
    docs: {
      summary: "A hidden Dense or convolution layer has no non-linear activation after it.",
      whatItChecks:
        "A Dense or convolution layer whose activation is linear (Keras and TF.js default to linear, tf.layers too) and that does not produce an output the program reads (an output of this model, of another model built on the same layers such as an autoencoder's encoder, or a tensor a TF1 session fetches) must be followed, within maxDistance layers and before the next Dense/convolution, by a non-linearity: a non-linear activation or activation layer, max pooling, or a multiplicative merge. Dropout, normalisation, reshaping, padding and average pooling are linear; a sum or concatenation with other branches (a residual junction) ends the search, since what follows it no longer applies to this layer's map alone. Max pooling is accepted as the non-linearity, except between two hidden layers that both have a linear activation (convolutions that all forgot their activations, with pooling their only non-linearity). Deliberate linear layers stay silent: a Dense whose output is reshaped from a vector into a map (a decoder's projection into the grid its convolutions work on), and every layer of a model trained to give back its own input (`fit(x, x)`: a linear bottleneck is PCA by design).",
      whyItMatters:
        "A composition of linear maps is one linear map: the extra layer adds parameters and training cost but no representational power, and a deep 'network' behaves like a linear model. The usual cause is a forgotten activation= argument, since the framework default is linear.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(128, input_shape=(784,)),",
        "    layers.Dense(64),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: [
        "Give hidden layers a non-linear activation (or add an activation layer after normalisation):",
        "",
        "    layers.Dense(128, activation='relu', input_shape=(784,)),",
        "    layers.Dense(64, activation='relu'),",
      ].join("\n"),
      options: "maxDistance (default 3): how many following layers may carry the non-linearity.",
      references: [neuralint("f009 (missing activation between layers)")],
    },
  },
  check(context) {
    const maxDistance = Number(context.options.maxDistance);
    for (const model of context.program.models) {
      if (reconstructsInput(model)) continue;
      const architecture = model.architecture;
      const heads = outputHeadIndices(architecture);
      for (const layer of architecture.layers) {
        if (!isLinearMapLayer(layer) || layer.conditional || heads.has(layer.index)) continue;
        if (layer.activation === undefined || !ACTIVATIONS[layer.activation].linear) continue;
        const problem = findProblem(architecture, layer, maxDistance, heads);
        if (!problem) continue;
        const base = { layer: layer.name, kind: layer.frameworkName };
        if (problem.into) {
          context.report({
            messageId: problem.onlyMaxPooling ? "onlyMaxPooling" : "collapsesInto",
            span: layer.span,
            layer,
            data: { ...base, next: problem.into.name, nextKind: problem.into.frameworkName },
          });
        } else {
          context.report({ messageId: "noNonlinearity", span: layer.span, layer, data: { ...base, distance: maxDistance } });
        }
      }
    }
  },
});
