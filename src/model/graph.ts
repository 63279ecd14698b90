/**
 * Graph queries over an Architecture that several rules share: neighbours, output layers, the activation
 * an output effectively applies, the width of an output. Pure functions; unknown is `undefined`.
 */
import type { Architecture, Layer, LayerConfig, Shape } from "./program.js";
import { ACTIVATIONS, LAYER_KINDS, VALUE_PRESERVING, type ActivationKind, type LayerCategory } from "./vocabulary.js";

/** Each layer's consumers, built once per architecture (rules walk forward layer by layer). */
interface SuccessorIndex {
  layers: readonly Layer[];
  count: number;
  lists: Layer[][];
}

const successorIndexes = new WeakMap<Architecture, SuccessorIndex>();

/**
 * The consumers of every layer, in layer order, computed in one pass over the edges and cached: a
 * lookup per layer used to scan every layer, which made forward walks quadratic in the model's depth.
 * The cache is keyed by the architecture and rebuilt when its layer list changes (another array or
 * length); queries assume the edges of existing layers are not rewired afterwards (rules never do).
 */
function successorLists(architecture: Architecture): Layer[][] {
  const cached = successorIndexes.get(architecture);
  if (cached !== undefined && cached.layers === architecture.layers && cached.count === architecture.layers.length) return cached.lists;
  const lists: Layer[][] = architecture.layers.map(() => []);
  for (const layer of architecture.layers) {
    for (const source of layer.inbound) {
      const list = lists[source];
      // A layer fed twice by one source (Add()([x, x])) is one consumer.
      if (list !== undefined && list[list.length - 1] !== layer) list.push(layer);
    }
  }
  successorIndexes.set(architecture, { layers: architecture.layers, count: architecture.layers.length, lists });
  return lists;
}

/** Layers that consume the output of `index`, in layer order (a fresh array: callers may use it as a stack). */
export function successors(architecture: Architecture, index: number): Layer[] {
  return [...(successorLists(architecture)[index] ?? [])];
}

/** Layers whose outputs `index` consumes, in argument order. */
export function predecessors(architecture: Architecture, index: number): Layer[] {
  const layer = architecture.layers[index];
  if (!layer) return [];
  return layer.inbound.flatMap((i) => (architecture.layers[i] ? [architecture.layers[i]] : []));
}

/** The single predecessor of a layer, or undefined when it has none or several (a merge). */
export function singlePredecessor(architecture: Architecture, layer: Layer): Layer | undefined {
  return layer.inbound.length === 1 ? architecture.layers[layer.inbound[0]!] : undefined;
}

/** The single layer that consumes `layer`'s output, or undefined when none or several do. */
export function singleSuccessor(architecture: Architecture, layer: Layer): Layer | undefined {
  const next = successorLists(architecture)[layer.index];
  return next !== undefined && next.length === 1 ? next[0] : undefined;
}

/**
 * The model's output layers. Front ends fill `outputs`; when they did not, the layers nothing consumes
 * are the outputs (for a Sequential model: its last layer).
 */
export function outputLayers(architecture: Architecture): Layer[] {
  if (architecture.outputs.length > 0) {
    return architecture.outputs.flatMap((i) => (architecture.layers[i] ? [architecture.layers[i]] : []));
  }
  const lists = successorLists(architecture);
  return architecture.layers.filter((layer) => (lists[layer.index]?.length ?? 0) === 0);
}

/**
 * The model's input layers. Front ends fill `inputs`; when they did not, the layers fed by nothing are the
 * inputs (for a Sequential model: its first layer).
 */
export function inputLayers(architecture: Architecture): Layer[] {
  if (architecture.inputs.length > 0) {
    return architecture.inputs.flatMap((i) => (architecture.layers[i] ? [architecture.layers[i]] : []));
  }
  return architecture.layers.filter((layer) => layer.inbound.length === 0);
}

/** A single-output model's output layer; undefined when the model has several outputs or it is conditional. */
export function singleOutput(architecture: Architecture): Layer | undefined {
  const outputs = outputLayers(architecture);
  return outputs.length === 1 && !outputs[0]!.conditional ? outputs[0] : undefined;
}

export function categoryOf(layer: Layer): LayerCategory {
  return LAYER_KINDS[layer.kind].category;
}

/** Whether a layer has weights that transform its input (Dense, Conv, recurrent, embedding, normalisation...). */
export function isLearningLayer(layer: Layer): boolean {
  return LAYER_KINDS[layer.kind].learns && categoryOf(layer) !== "activation";
}

/** Layers whose weights form a linear map of their input, the ones a missing non-linearity lets collapse. */
export function isLinearMapLayer(layer: Layer): boolean {
  const category = categoryOf(layer);
  return category === "dense" || category === "conv";
}

/**
 * The activation an activation-category layer applies: `Activation('relu')` carries it in `activation`,
 * advanced-activation layers (`ReLU()`, `Softmax()`) in their kind. Undefined when unknown.
 */
export function activationLayerFunction(layer: Layer): ActivationKind | undefined {
  return layer.activation ?? LAYER_KINDS[layer.kind].activation;
}

/**
 * What a layer applies to values, as far as the output-range rules care: a layer's own activation, an
 * activation layer's function, `linear` for affine or value-preserving layers, undefined when unknown.
 */
export function appliedActivation(layer: Layer): ActivationKind | undefined {
  const category = categoryOf(layer);
  if (category === "activation") return activationLayerFunction(layer);
  if (category === "normalization" || category === "embedding") return "linear";
  return layer.activation;
}

export interface EffectiveActivation {
  activation: ActivationKind;
  /** The layer that applies it: a learning layer with its own activation, or an activation layer. */
  layer: Layer;
}

/**
 * The activation that last shapes the values of a layer's output, looking back through dropout,
 * flatten/reshape and linear activation layers: for `Dense(10) → Activation('softmax') → Dropout` it is
 * softmax applied by the Activation layer; for `Dense(10, activation='relu') → Flatten` it is relu applied
 * by the Dense. Undefined when anything on the way is unknown (a merge, a Lambda, an unknown activation,
 * a conditional layer). `through` widens the categories looked back through (pooling, padding...).
 */
export function effectiveActivation(
  architecture: Architecture,
  index: number,
  through: ReadonlySet<LayerCategory> = VALUE_PRESERVING,
): EffectiveActivation | undefined {
  let layer: Layer | undefined = architecture.layers[index];
  for (let guard = 0; layer && guard < architecture.layers.length; guard++) {
    if (layer.conditional) return undefined;
    const category = categoryOf(layer);
    if (through.has(category) || category === "activation") {
      if (category === "activation") {
        const activation = activationLayerFunction(layer);
        if (activation === undefined) return undefined;
        if (!ACTIVATIONS[activation].linear) return { activation, layer };
      }
      layer = singlePredecessor(architecture, layer);
      continue;
    }
    if (category === "input" || category === "merge" || category === "pool" || category === "global-pool") return undefined;
    if (layer.kind === "lambda" || layer.kind === "unknown") return undefined;
    const activation = appliedActivation(layer);
    return activation === undefined ? undefined : { activation, layer };
  }
  return undefined;
}

/** The last dimension of a shape when known. */
export function lastDim(shape: Shape | undefined): number | undefined {
  if (!shape || shape.length === 0) return undefined;
  const dim = shape[shape.length - 1];
  return typeof dim === "number" ? dim : undefined;
}

/** Categories whose output has the same last dimension as their input. */
export const WIDTH_PRESERVING: ReadonlySet<LayerCategory> = new Set(["dropout", "activation", "normalization"]);

/**
 * The size of the last dimension of a layer's output: from its inferred shape, or else from the units /
 * filters of the layer that produced it (looking back through dropout, activation and normalisation).
 */
export function outputWidth(architecture: Architecture, index: number): number | undefined {
  let layer: Layer | undefined = architecture.layers[index];
  for (let guard = 0; layer && guard < architecture.layers.length; guard++) {
    const known = lastDim(layer.outputShape);
    if (known !== undefined) return known;
    const category = categoryOf(layer);
    if (category === "dense") return layer.config.units;
    if (category === "conv" && (layer.config.dataFormat === undefined || layer.config.dataFormat === "channels_last")) return layer.config.filters;
    if (!WIDTH_PRESERVING.has(category)) return undefined;
    layer = singlePredecessor(architecture, layer);
  }
  return undefined;
}

/** Layers that keep a feature map a feature map (same rank), so a Dense behind them still reads the map. */
const RANK_PRESERVING: ReadonlySet<LayerCategory> = new Set(["dropout", "activation", "normalization"]);
/** Layers whose output is a spatial or temporal feature map. */
const MAP_PRODUCERS: ReadonlySet<LayerCategory> = new Set(["conv", "pool", "padding", "cropping", "upsampling"]);

/** The conv/pool feature-map layer a layer (a Dense) reads through rank-preserving layers, if any. */
export function featureMapSource(architecture: Architecture, layer: Layer): Layer | undefined {
  let source = singlePredecessor(architecture, layer);
  for (let guard = 0; source && guard < architecture.layers.length; guard++) {
    const category = categoryOf(source);
    if (MAP_PRODUCERS.has(category)) return source;
    if (!RANK_PRESERVING.has(category)) return undefined;
    source = singlePredecessor(architecture, source);
  }
  return undefined;
}

/**
 * The layer that gives an output its values: the output layer itself, or the learning layer behind the
 * dropout / activation / flatten layers that end the model (`Dense(10) → Activation('softmax')` → the Dense).
 */
export function outputHead(architecture: Architecture, index: number): Layer | undefined {
  let layer: Layer | undefined = architecture.layers[index];
  for (let guard = 0; layer && guard < architecture.layers.length; guard++) {
    const category = categoryOf(layer);
    if (!VALUE_PRESERVING.has(category) && category !== "activation") return layer;
    layer = singlePredecessor(architecture, layer);
  }
  return undefined;
}

/**
 * The layers whose output the program reads: the model's outputs, and the layers it reads outside this model
 * (`externalOutputs`: another model's outputs built on the same layers, TF1 fetches). None of them is hidden.
 */
export function readOutputLayers(architecture: Architecture): Layer[] {
  const external = (architecture.externalOutputs ?? []).flatMap((i) => (architecture.layers[i] ? [architecture.layers[i]] : []));
  return [...outputLayers(architecture), ...external];
}

/**
 * Indices of the layers that produce an output the program reads: each head (see `outputHead`) of the model's
 * outputs and of the layers read outside the model (an autoencoder's code layer, output of its encoder).
 */
export function outputHeadIndices(architecture: Architecture): Set<number> {
  const heads = new Set<number>();
  for (const output of readOutputLayers(architecture)) {
    const head = outputHead(architecture, output.index);
    if (head) heads.add(head.index);
  }
  return heads;
}

/**
 * The shapes a layer receives: the inferred input shapes, or for a layer with no inbound edge its declared
 * input shape (the first layer of a Sequential model).
 */
export function receivedShapes(layer: Layer): (Shape | undefined)[] {
  if (layer.inputShapes && layer.inputShapes.length > 0) return layer.inputShapes;
  if (layer.inbound.length === 0 && layer.declaredInputShape) return [layer.declaredInputShape];
  return [];
}

/** Human-readable shape: `(None, 28, 28, 1)`. */
export function formatShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}

/** The spatial dimensions of a rank-(r+2) feature-map shape, honouring the data format. */
export function spatialDims(shape: Shape, spatialRank: number, dataFormat?: LayerConfig["dataFormat"]): (number | null)[] | undefined {
  if (shape.length !== spatialRank + 2 || dataFormat === "unknown") return undefined;
  return dataFormat === "channels_first" ? shape.slice(2) : shape.slice(1, 1 + spatialRank);
}

/**
 * The layers met walking forward from the model's recorded inputs (`architecture.inputs`), depth-first, each
 * once; a layer for which `stop` holds is met but not walked past.
 */
export function forwardFromInputs(architecture: Architecture, stop: (layer: Layer) => boolean): Layer[] {
  const met: Layer[] = [];
  const seen = new Set<number>();
  const stack = architecture.inputs.flatMap((i) => (architecture.layers[i] ? [architecture.layers[i]] : []));
  while (stack.length > 0) {
    const layer = stack.pop()!;
    if (seen.has(layer.index)) continue;
    seen.add(layer.index);
    met.push(layer);
    if (!stop(layer)) stack.push(...successors(architecture, layer.index));
  }
  return met;
}

/** Categories that only move, copy or drop values (their output is the same values, rearranged). */
const REARRANGING: ReadonlySet<LayerCategory> = new Set(["dropout", "flatten", "reshape", "padding"]);

/**
 * The layers reached downstream of `start` through layers that `through` accepts (those are passed, not
 * returned), in the order a depth-first walk meets them; each layer once.
 */
export function reachedThrough(architecture: Architecture, start: Layer, through: (layer: Layer) => boolean): Layer[] {
  const reached: Layer[] = [];
  const stack = successors(architecture, start.index);
  const seen = new Set<number>();
  while (stack.length > 0) {
    const layer = stack.pop()!;
    if (seen.has(layer.index)) continue;
    seen.add(layer.index);
    if (through(layer)) stack.push(...successors(architecture, layer.index));
    else reached.push(layer);
  }
  return reached;
}

/**
 * Whether a layer's output, through layers that only rearrange values (Flatten, Reshape, Permute,
 * RepeatVector, Dropout), is combined with other values by a merge layer (Multiply, Dot...): the shape of
 * attention weights, where a softmax over scores is intended.
 */
export function feedsMerge(architecture: Architecture, start: Layer): boolean {
  return reachedThrough(architecture, start, (layer) => REARRANGING.has(categoryOf(layer))).some((layer) => categoryOf(layer) === "merge");
}
