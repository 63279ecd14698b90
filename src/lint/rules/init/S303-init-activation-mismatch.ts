import { activationLayerFunction, categoryOf, lastDim, outputLayers, receivedShapes, successors } from "../../../model/graph.js";
import type { Architecture, InitializerSpec, Layer, ProgramModel } from "../../../model/program.js";
import { ACTIVATIONS, LAYER_KINDS, type ActivationKind, type InitializerKind, type LayerCategory, type LayerKind } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { theDeepChecker } from "../references.js";
import { effectiveDataFormat } from "../structure/_design-helpers.js";

const HE_2015 =
  "K. He, X. Zhang, S. Ren, J. Sun. Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification. ICCV 2015 (He initialisation)";

/** Initialisers that draw weights at a scale the user writes, whatever the layer's fan-in. */
const FIXED_SCALE: ReadonlySet<InitializerKind> = new Set(["random_normal", "truncated_normal", "random_uniform"]);
/** Initialisers that scale with the fan-in (and/or fan-out): close enough to scale-preserving to count as neutral. */
const SCALE_AWARE: ReadonlySet<InitializerKind> = new Set([
  "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "variance_scaling", "orthogonal", "identity",
]);
/** Layers whose fan-in is the input's last dimension, or kernel area × input channels. */
const PLAIN_CONV: ReadonlySet<LayerKind> = new Set(["conv1d", "conv2d", "conv3d"]);
/** Layers after which the activation scale starts afresh (or is no longer a product of the layers before). */
const SCALE_RESET: ReadonlySet<LayerCategory> = new Set(["normalization", "recurrent", "embedding", "merge", "other", "preprocessing"]);
/** Standard deviation of a normal truncated at ±2σ (Keras and TF truncate there), as a fraction of σ. */
const TRUNCATED_NORMAL_STD = 0.8796;

/** Root mean square of the weights a fixed-scale initialiser draws; undefined when its scale was not written. */
function weightRms(init: InitializerSpec): number | undefined {
  if (init.kind === "random_normal") return init.stddev;
  if (init.kind === "truncated_normal") return init.stddev === undefined ? undefined : init.stddev * TRUNCATED_NORMAL_STD;
  if (init.kind === "random_uniform" && init.minval !== undefined && init.maxval !== undefined) {
    const [a, b] = [init.minval, init.maxval];
    return Math.sqrt((a * a + a * b + b * b) / 3);
  }
  return undefined;
}

function describeInitializer(init: InitializerSpec): string {
  if (init.kind === "random_uniform") return `${init.frameworkName}(minval=${init.minval}, maxval=${init.maxval})`;
  return `${init.frameworkName}(stddev=${init.stddev})`;
}

/** Inputs feeding one unit: the last input dimension (Dense), or kernel area × input channels (Conv1D/2D/3D). */
function fanIn(layer: Layer, program: ProgramModel): number | undefined {
  const shape = receivedShapes(layer)[0];
  if (layer.kind === "dense") return lastDim(shape);
  if (!PLAIN_CONV.has(layer.kind) || !shape) return undefined;
  const kernel = layer.config.kernelSize;
  if (!kernel || kernel.length !== LAYER_KINDS[layer.kind].spatialRank) return undefined;
  const format = effectiveDataFormat(layer, program);
  if (format === "unknown") return undefined;
  const channels = format === "channels_first" ? shape[1] : shape[shape.length - 1];
  return typeof channels === "number" ? kernel.reduce((area, k) => area * k, channels) : undefined;
}

const isReluLike = (a: ActivationKind | undefined): boolean => a !== undefined && ACTIVATIONS[a].reluLike === true;

/** Whether ReLU is what the layer's affine output goes through: its own activation, or an activation layer right after it. */
function feedsRelu(architecture: Architecture, layer: Layer): boolean {
  if (isReluLike(layer.activation)) return true;
  if (layer.activation !== "linear") return false;
  const next = successors(architecture, layer.index);
  return next.length === 1 && categoryOf(next[0]!) === "activation" && isReluLike(activationLayerFunction(next[0]!));
}

/** A ReLU layer with a fixed-scale initialiser, and how its weight scale compares with He initialisation. */
interface Member {
  layer: Layer;
  init: InitializerSpec;
  fanIn: number;
  heStddev: number;
  /** Weight RMS / He σ: the factor by which this layer scales the activations relative to a scale-preserving init. */
  ratio: number;
}

/** The chain of fixed-scale ReLU layers that ends at a layer, and the product of their ratios (undefined: unknown scale). */
interface Chain {
  gain: number;
  members: Member[];
}

const FRESH: Chain = { gain: 1, members: [] };

/** What a layer does to the activation scale: a member, neutral, or unknown (the chain restarts). */
function layerEffect(architecture: Architecture, layer: Layer, program: ProgramModel): Member | "neutral" | "reset" {
  const category = categoryOf(layer);
  if (layer.conditional || SCALE_RESET.has(category) || layer.kind === "lambda" || layer.kind === "unknown") return "reset";
  if (category !== "dense" && category !== "conv") return "neutral";
  const init = layer.kernelInitializer;
  if (!init || init.kind === "unknown") return "reset";
  if (SCALE_AWARE.has(init.kind)) return "neutral";
  if (!FIXED_SCALE.has(init.kind)) return "reset";
  // A fixed scale on a non-ReLU layer (a small-σ softmax head is common and harmless) is outside the claim.
  if (!feedsRelu(architecture, layer)) return "neutral";
  const rms = weightRms(init);
  const fan = fanIn(layer, program);
  if (rms === undefined || fan === undefined || fan <= 0) return "reset";
  const heStddev = Math.sqrt(2 / fan);
  return { layer, init, fanIn: fan, heStddev, ratio: rms / heStddev };
}

/**
 * The chains of a model where they end: at each output, and just before each layer that restarts the scale
 * (a normalisation layer or an unknown initialiser ends the chain before it; it does not undo its shrinkage).
 */
function finishedChains(architecture: Architecture, program: ProgramModel): Chain[] {
  const chains = new Map<number, Chain>();
  const ends: Chain[] = [];
  const visiting = new Set<number>();
  const chainAt = (index: number): Chain => {
    const known = chains.get(index);
    if (known) return known;
    const layer = architecture.layers[index];
    if (!layer || visiting.has(index)) return FRESH;
    visiting.add(index);
    const before = layer.inbound.length === 1 ? chainAt(layer.inbound[0]!) : FRESH;
    const effect = layerEffect(architecture, layer, program);
    if (effect === "reset") ends.push(...layer.inbound.map(chainAt));
    const chain =
      effect === "reset" ? FRESH : effect === "neutral" ? before : { gain: before.gain * effect.ratio, members: [...before.members, effect] };
    visiting.delete(index);
    chains.set(index, chain);
    return chain;
  };
  architecture.layers.forEach((layer) => chainAt(layer.index));
  for (const output of outputLayers(architecture)) ends.push(chainAt(output.index));
  return ends;
}

const round = (value: number): string => Number(value.toPrecision(2)).toString();

export default defineRule({
  meta: {
    code: "S303",
    name: "init-activation-mismatch",
    family: "init",
    severity: "info",
    lifecycle: "preview",
    frameworks: ["keras", "tf1"],
    needs: ["layer kernel initialisers with their written scale", "layer activations", "layer input shapes (fan-in)"],
    messages: {
      shrinkingScale:
        "{layer} ({kind}) feeds ReLU but is initialised with {initializer}, a fixed scale; He initialisation for its fan-in of {fanIn} has σ = {heStddev}. Through the {count} such layers the initial activations shrink about {factor}× compared with a scale-preserving initialisation",
      growingScale:
        "{layer} ({kind}) feeds ReLU but is initialised with {initializer}, a fixed scale; He initialisation for its fan-in of {fanIn} has σ = {heStddev}. Through the {count} such layers the initial activations grow about {factor}× compared with a scale-preserving initialisation",
    },
    options: {
      maxScaleDrift: { description: "Largest factor by which the chain of fixed-scale ReLU layers may shrink or grow the activations.", default: 10 },
      minLayers: { description: "Fewest fixed-scale ReLU layers in one chain before the rule fires.", default: 2 },
    },
    docs: {
      summary: "ReLU layers initialised with a fixed small (or large) σ instead of a fan-in-scaled initialiser.",
      whatItChecks: [
        "Dense and Conv1D/2D/3D layers whose output goes through ReLU (their own activation, or an Activation/ReLU layer right after) and whose kernel initialiser has a scale written by hand: RandomNormal(stddev=σ), TruncatedNormal(stddev=σ) (weights of RMS 0.88σ), RandomUniform(minval, maxval).",
        "For each such layer the weight RMS is compared with He initialisation's σ = √(2 / fan-in) (fan-in: the input's last dimension, or kernel area × input channels): their ratio is the factor by which the layer scales the activations compared with a scale-preserving initialisation.",
        "Along each chain of layers (restarting at merges, normalisation, recurrent and embedding layers, conditional or unknown layers, and layers whose initialiser is unknown), the ratios multiply; layers with a fan-in-scaled initialiser (Glorot, He, LeCun, orthogonal — the Keras default included), and layers not followed by ReLU, count as neutral. A chain ends at an output or just before a layer that restarts it.",
        "The rule fires when a chain holds at least minLayers fixed-scale ReLU layers and its product is at most 1/maxScaleDrift (activations shrink) or at least maxScaleDrift (they grow); it reports each layer of the chain that pushes in that direction.",
        "Glorot on ReLU networks is not reported (it is within √2 of He for square layers), nor an initialiser whose scale was not written, nor a chain whose small and large layers compensate (the TF tutorials' truncated_normal(stddev=0.1)). Incomplete models are skipped.",
      ].join(" "),
      whyItMatters:
        "A fixed σ such as 0.01 suits a small, shallow network or saturating units (tanh, sigmoid) that must stay in their linear range. A ReLU unit halves the variance it passes on, so keeping the signal's scale needs weights of variance 2/fan-in. With σ = 0.01 and 784 inputs each layer shrinks the activations about 5×: a few layers in, the outputs and the gradients reaching the first layers are tiny, the softmax starts uniform, and training starts slowly or stalls (the gradients vanish). A σ that is too large for the fan-in makes them explode instead.",
      example: [
        "init = keras.initializers.RandomNormal(mean=0.0, stddev=0.01)",
        "model = keras.Sequential([",
        "    layers.Dense(256, activation='relu', kernel_initializer=init, input_shape=(784,)),",
        "    layers.Dense(256, activation='relu', kernel_initializer=init),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: "Use an initialiser scaled by the fan-in, He for ReLU layers: `layers.Dense(256, activation='relu', kernel_initializer='he_normal')` (or keep the Keras default, glorot_uniform).",
      options:
        "maxScaleDrift (default 10): the rule fires when a chain of fixed-scale ReLU layers shrinks or grows the activations by at least this factor. minLayers (default 2): fewest fixed-scale ReLU layers in one chain before the rule fires (one such layer is a constant rescale the later layers absorb).",
      references: [theDeepChecker("poor weight initialisation"), HE_2015],
    },
  },
  check(context) {
    const maxScaleDrift = Number(context.options.maxScaleDrift);
    const minLayers = Number(context.options.minLayers);
    for (const model of context.program.models) {
      const architecture = model.architecture;
      if (!architecture.complete) continue;
      const reported = new Map<number, { member: Member; chain: Chain; shrinking: boolean }>();
      for (const chain of finishedChains(architecture, context.program)) {
        if (chain.members.length < minLayers) continue;
        const shrinking = chain.gain <= 1 / maxScaleDrift;
        if (!shrinking && chain.gain < maxScaleDrift) continue;
        for (const member of chain.members) {
          if (shrinking ? member.ratio < 1 : member.ratio > 1) reported.set(member.layer.index, { member, chain, shrinking });
        }
      }
      for (const [, { member, chain, shrinking }] of [...reported].sort(([a], [b]) => a - b)) {
        const { layer } = member;
        context.report({
          messageId: shrinking ? "shrinkingScale" : "growingScale",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            kind: layer.frameworkName,
            initializer: describeInitializer(member.init),
            fanIn: member.fanIn,
            heStddev: round(member.heStddev),
            count: chain.members.length,
            factor: round(shrinking ? 1 / chain.gain : chain.gain),
          },
        });
      }
    }
  },
});
