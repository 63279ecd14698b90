/**
 * Output shape of one layer from its input shapes, with Keras semantics (channels_last unless the layer
 * says channels_first). Shapes include the batch dimension. Unknown in, unknown out; a wrong input rank
 * gives undefined; a spatial size that collapses to ≤ 0 is returned as computed.
 */
import type { Dim, LayerConfig, Shape } from "../program.js";
import { LAYER_KINDS, type LayerCategory, type LayerKind } from "../vocabulary.js";
import { copyShape, productOfDims } from "./dims.js";
import { concatenateShape, dotShape, elementwiseMergeShape } from "./merge-shapes.js";
import {
  convLstmShape,
  convShape,
  croppingShape,
  depthwiseConvShape,
  globalPoolingShape,
  poolingShape,
  transposedConvShape,
  upSamplingShape,
  zeroPaddingShape,
} from "./spatial-shapes.js";

type ShapeRule = (config: LayerConfig, inputShapes: (Shape | undefined)[], spatialRank: number) => Shape | undefined;

/** Categories whose layers never change the shape of what they receive. */
const IDENTITY_CATEGORIES: ReadonlySet<LayerCategory> = new Set(["dropout", "normalization", "activation", "preprocessing"]);

function first(inputShapes: (Shape | undefined)[]): Shape | undefined {
  return inputShapes[0];
}

/** Dense acts on the last axis only: (b, ..., d) → (b, ..., units). */
function denseShape(config: LayerConfig, input: Shape | undefined): Shape | undefined {
  if (input === undefined || input.length < 2) return undefined;
  return [...input.slice(0, -1), config.units ?? null];
}

/** Flatten keeps the batch and multiplies the rest; (b,) becomes (b, 1) as in Keras. */
function flattenShape(input: Shape | undefined): Shape | undefined {
  if (input === undefined || input.length === 0) return undefined;
  return [input[0] ?? null, productOfDims(input.slice(1))];
}

/**
 * Reshape keeps the batch and takes the target; a single -1 is resolved from the input's element count
 * (unknown when that count is unknown or not divisible — the reshape-size rule judges the mismatch).
 */
function reshapeShape(config: LayerConfig, input: Shape | undefined): Shape | undefined {
  const target = config.targetShape;
  // Sizes unknown, rank known: the output's rank is still a fact (a flat vector reshaped into a map).
  if (target === undefined) return config.targetRank === undefined ? undefined : [input?.[0] ?? null, ...new Array<Dim>(config.targetRank).fill(null)];
  if (target.some((size) => size < -1 || !Number.isInteger(size))) return undefined;
  const wildcards = target.filter((size) => size === -1).length;
  if (wildcards > 1) return undefined;
  const batch: Dim = input?.[0] ?? null;
  if (wildcards === 0) return [batch, ...target];
  const elements = input === undefined ? null : productOfDims(input.slice(1));
  const known = target.filter((size) => size !== -1).reduce((product, size) => product * size, 1);
  const resolved = elements === null || known <= 0 || elements % known !== 0 ? null : elements / known;
  return [batch, ...target.map((size) => (size === -1 ? resolved : size))];
}

/** Permute reorders the non-batch axes by 1-based `dims`, which must be a permutation. */
function permuteShape(config: LayerConfig, input: Shape | undefined): Shape | undefined {
  const dims = config.dims;
  if (input === undefined || dims === undefined || dims.length !== input.length - 1) return undefined;
  const sorted = [...dims].sort((a, b) => a - b);
  if (!sorted.every((dim, i) => dim === i + 1)) return undefined;
  return [input[0] ?? null, ...dims.map((dim) => input[dim] ?? null)];
}

function repeatVectorShape(config: LayerConfig, input: Shape | undefined): Shape | undefined {
  if (input === undefined || input.length !== 2) return undefined;
  return [input[0] ?? null, config.n ?? null, input[1] ?? null];
}

/** Embedding appends the vector axis; `input_length` fills an unknown sequence length. */
function embeddingShape(config: LayerConfig, input: Shape | undefined): Shape | undefined {
  const vector: Dim = config.outputDim ?? null;
  if (input === undefined) {
    return config.inputLength === undefined ? undefined : [null, config.inputLength, vector];
  }
  if (input.length === 0) return undefined;
  const sequence = input.slice(1);
  if (sequence.length === 1 && sequence[0] === null && config.inputLength !== undefined) sequence[0] = config.inputLength;
  return [input[0] ?? null, ...sequence, vector];
}

/** SimpleRNN/LSTM/GRU read (b, t, features). The primary output only: `return_state` adds state tensors beside it. */
function recurrentShape(input: Shape | undefined, units: Dim, returnSequences: boolean | undefined): Shape | undefined {
  if (input === undefined || input.length !== 3) return undefined;
  const batch = input[0] ?? null;
  return returnSequences === true ? [batch, input[1] ?? null, units] : [batch, units];
}

/**
 * Bidirectional: `config.units` is the wrapped layer's; concat (the default) doubles it, sum/mul/ave keep
 * it, and merge_mode=None returns two tensors (no single shape).
 */
function bidirectionalShape(config: LayerConfig, input: Shape | undefined): Shape | undefined {
  const mode = config.mergeMode;
  const units = config.units ?? null;
  let merged: Dim;
  if (mode === undefined || mode === "concat") merged = units === null ? null : units * 2;
  else if (mode === "sum" || mode === "mul" || mode === "ave") merged = units;
  else return undefined;
  return recurrentShape(input, merged, config.returnSequences);
}

/** The kind of the layer a Bidirectional or TimeDistributed wraps, when known. */
export function wrappedKindOf(config: LayerConfig): LayerKind | undefined {
  return config.wrappedKind;
}

/** A sample of rank ≥ 3 seen one time step at a time: (b, t, ...rest) → (b, ...rest). */
export function perStepShape(input: Shape | undefined): Shape | undefined {
  return input === undefined || input.length < 3 ? undefined : [input[0] ?? null, ...input.slice(2)];
}

/** TimeDistributed applies the wrapped layer (its config is the wrapper's) to every step. */
function timeDistributedShape(config: LayerConfig, input: Shape | undefined): Shape | undefined {
  const wrapped = wrappedKindOf(config);
  const step = perStepShape(input);
  if (wrapped === undefined || wrapped === "timeDistributed" || step === undefined) return undefined;
  const stepOutput = inferOutputShape(wrapped, config, [step]);
  return stepOutput === undefined ? undefined : [stepOutput[0] ?? null, input?.[1] ?? null, ...stepOutput.slice(1)];
}

const SHAPE_RULES: Partial<Record<LayerKind, ShapeRule>> = {
  input: (_config, inputs) => copyShape(first(inputs)),
  dense: (config, inputs) => denseShape(config, first(inputs)),
  conv1d: (config, inputs, rank) => convShape(config, first(inputs), rank),
  conv2d: (config, inputs, rank) => convShape(config, first(inputs), rank),
  conv3d: (config, inputs, rank) => convShape(config, first(inputs), rank),
  separableConv2d: (config, inputs, rank) => convShape(config, first(inputs), rank),
  depthwiseConv2d: (config, inputs, rank) => depthwiseConvShape(config, first(inputs), rank),
  conv2dTranspose: (config, inputs, rank) => transposedConvShape(config, first(inputs), rank),
  convLstm2d: (config, inputs, rank) => convLstmShape(config, first(inputs), rank),
  flatten: (_config, inputs) => flattenShape(first(inputs)),
  reshape: (config, inputs) => reshapeShape(config, first(inputs)),
  permute: (config, inputs) => permuteShape(config, first(inputs)),
  repeatVector: (config, inputs) => repeatVectorShape(config, first(inputs)),
  embedding: (config, inputs) => embeddingShape(config, first(inputs)),
  simpleRnn: (config, inputs) => recurrentShape(first(inputs), config.units ?? null, config.returnSequences),
  lstm: (config, inputs) => recurrentShape(first(inputs), config.units ?? null, config.returnSequences),
  gru: (config, inputs) => recurrentShape(first(inputs), config.units ?? null, config.returnSequences),
  bidirectional: (config, inputs) => bidirectionalShape(config, first(inputs)),
  timeDistributed: (config, inputs) => timeDistributedShape(config, first(inputs)),
  concatenate: (config, inputs) => concatenateShape(inputs, config.axis),
  add: (_config, inputs) => elementwiseMergeShape(inputs),
  subtract: (_config, inputs) => (inputs.length === 2 ? elementwiseMergeShape(inputs) : undefined),
  multiply: (_config, inputs) => elementwiseMergeShape(inputs),
  average: (_config, inputs) => elementwiseMergeShape(inputs),
  maximum: (_config, inputs) => elementwiseMergeShape(inputs),
  minimum: (_config, inputs) => elementwiseMergeShape(inputs),
  dot: (config, inputs) => dotShape(inputs, config.dotAxes),
};

/** Shape rules shared by every kind of a category, keyed by the kind's spatial rank. */
const CATEGORY_RULES: Partial<Record<LayerCategory, ShapeRule>> = {
  pool: (config, inputs, rank) => poolingShape(config, first(inputs), rank),
  "global-pool": (config, inputs, rank) => globalPoolingShape(config, first(inputs), rank),
  padding: (config, inputs, rank) => zeroPaddingShape(config, first(inputs), rank),
  cropping: (config, inputs, rank) => croppingShape(config, first(inputs), rank),
  upsampling: (config, inputs, rank) => upSamplingShape(config, first(inputs), rank),
};

/**
 * Output shape of one layer given its input shapes (each including the batch dim as element 0).
 * The layer's activation plays no part: every Keras activation is element-wise (softmax included).
 * Never throws: Lambda and unknown layers give undefined, as do a Dot whose `dotAxes` are not known and a
 * TimeDistributed whose `wrappedKind` is not known.
 */
export function inferOutputShape(kind: LayerKind, config: LayerConfig, inputShapes: (Shape | undefined)[]): Shape | undefined {
  const spec = LAYER_KINDS[kind];
  if (spec === undefined) return undefined;
  const rule = SHAPE_RULES[kind] ?? CATEGORY_RULES[spec.category];
  if (rule !== undefined) {
    try {
      return rule(config, inputShapes, spec.spatialRank ?? 0);
    } catch {
      return undefined;
    }
  }
  if (IDENTITY_CATEGORIES.has(spec.category)) return copyShape(first(inputShapes));
  return undefined;
}
