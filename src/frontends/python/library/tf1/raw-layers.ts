/**
 * Layers TF1 programs write out of ops and variables: `tf.matmul(x, W) + b` (a dense layer of W's width),
 * `tf.nn.conv2d(x, W, strides, padding)` + `tf.nn.bias_add` (a convolution of W's filters), `tf.nn.max_pool`,
 * `tf.nn.dropout(x, keep_prob)`, `tf.reshape(t, [-1, n])`, `tf.concat`, `tf.nn.embedding_lookup`. Each becomes
 * the layer Keras would have built, so the rules read them like any other; the weights' initialisers come from
 * the variables.
 */
import type { InitializerSpec } from "../../../../model/program.js";
import { LAYER_KINDS, type LayerCategory, type LayerKind } from "../../../../model/vocabulary.js";
import { simpleArgs } from "../../builtins.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { NONE, asBool, asInt, asNumber, asSequence, asString, bool, int, list, str, type LayerState, type Value } from "../../values.js";
import { argValue, getArg } from "../args.js";
import { applyLayer } from "../graph.js";
import { buildLayer } from "../keras/layers.js";
import { bind, signature, type Signature } from "../signature.js";
import type { VariableState } from "./objects.js";
import { useVariable, variableOf } from "./variables.js";
import { tensorShape } from "./static-shape.js";

/** What raw layers need from the graph model: the state, and the linear layers still waiting for their bias. */
export interface RawLayerContext {
  state: ExtractionState;
  /** Layers built from a matrix product or convolution with no bias yet: `+ b` completes them. */
  biasable: WeakSet<LayerState>;
  /** Whether the program is TF1 (where `tf.nn.dropout`'s second argument is the keep probability). */
  graphMode: boolean;
}

/** The arguments each raw layer is built from, in the order `build` passes them (weights start without a bias). */
const RAW_SIGNATURES: Partial<Record<LayerCategory, Signature>> = {
  dense: signature("units activation=None use_bias=False"),
  conv: signature("filters kernel_size strides padding activation=None use_bias=False data_format dilation_rate=1"),
  pool: signature("pool_size strides padding data_format"),
  dropout: signature("rate"),
  reshape: signature("target_shape"),
  merge: signature("axis"),
  embedding: signature("input_dim output_dim"),
};

function build(context: RawLayerContext, kind: LayerKind, className: string, frameworkName: string, positional: Value[], site: CallSite): LayerState {
  const sig = RAW_SIGNATURES[LAYER_KINDS[kind].category]!;
  const layer = buildLayer(kind, className, bind(sig, simpleArgs(positional)), site, context.state);
  layer.frameworkName = frameworkName;
  return layer;
}

/** A layer's kernel initialiser taken from its weight variable (unknown when the variable's is). */
function takeKernel(layer: LayerState, weights: VariableState): void {
  if (weights.initializer) layer.kernelInitializer = weights.initializer;
  else delete layer.kernelInitializer;
  useVariable(weights, layer);
}

function isTensor(value: Value | undefined): value is Value & { t: "tensor" } {
  return value?.t === "tensor";
}

/** `tf.matmul(x, W)`: a dense layer of W's width, with W's initialiser and no bias yet. */
export function matmul(context: RawLayerContext, args: CallArgs, site: CallSite): Value | undefined {
  const a = argValue(args, 0, "a");
  const b = argValue(args, 1, "b");
  const weights = variableOf(b);
  if (!isTensor(a) || !weights?.isVariable) return undefined;
  const transposed = asBool(argValue(args, 3, "transpose_b")) === true;
  const shape = weights.shape;
  const units = shape && shape.length === 2 ? (transposed ? shape[0] : shape[1]) : undefined;
  const layer = build(context, "dense", "Dense", "tf.matmul", units === undefined || units === null ? [] : [int(units)], site);
  takeKernel(layer, weights);
  context.biasable.add(layer);
  return applyLayer(layer, a, context.state);
}

/** `tf.nn.xw_plus_b(x, W, b)`: a dense layer with its bias. */
export function xwPlusB(context: RawLayerContext, args: CallArgs, site: CallSite): Value | undefined {
  const product = matmul(context, { ...args, positional: args.positional.slice(0, 2), keywords: renameKeywords(args.keywords, { x: "a", weights: "b" }) }, site);
  if (product?.t !== "tensor") return product;
  return addBias(context, product, argValue(args, 2, "biases")) ?? product;
}

function renameKeywords(keywords: Map<string, Value>, renames: Record<string, string>): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, v] of keywords) out.set(renames[k] ?? k, v);
  return out;
}

/**
 * `h + b`, `tf.add(h, b)`, `tf.nn.bias_add(h, b)`: a bias vector added to the output of a matrix product or
 * convolution that has none yet completes that layer (the same tensor comes back); otherwise undefined.
 */
export function addBias(context: RawLayerContext, tensor: Value, bias: Value | undefined): Value | undefined {
  const vector = variableOf(bias);
  if (tensor.t !== "tensor" || !vector || (vector.shape && vector.shape.length !== 1)) return undefined;
  const layer = tensor.tensor.producer;
  if (!context.biasable.has(layer)) return undefined;
  context.biasable.delete(layer);
  layer.config.useBias = true;
  const init: InitializerSpec | undefined = vector.initializer;
  if (init) layer.biasInitializer = init;
  useVariable(vector, layer);
  return tensor;
}

/** Strides or window sizes written per dimension of an NHWC tensor (`[1, 2, 2, 1]`), or as one number. */
function spatialValues(value: Value | undefined, rank: number, channelsFirst: boolean): number[] | undefined {
  const single = asInt(value);
  if (single !== undefined) return new Array<number>(rank).fill(single);
  const items = asSequence(value)?.map((v) => asInt(v));
  if (!items || items.some((v) => v === undefined)) return undefined;
  const numbers = items as number[];
  if (numbers.length === rank + 2) return channelsFirst ? numbers.slice(2) : numbers.slice(1, 1 + rank);
  if (numbers.length === rank) return numbers;
  if (numbers.length === 1) return new Array<number>(rank).fill(numbers[0]!);
  return undefined;
}

function rawPadding(value: Value | undefined): Value {
  const s = asString(value)?.toLowerCase();
  return s === "same" || s === "valid" ? str(s) : NONE;
}

function channelsFirst(args: CallArgs, position?: number): boolean {
  const format = asString(argValue(args, position, "data_format"));
  return format === "NCHW" || format === "NCW" || format === "NCDHW";
}

/** `tf.nn.conv1d/conv2d/conv3d(input, filters, strides, padding)`: a convolution of the filter variable's shape, no bias yet. */
export function convolution(context: RawLayerContext, rank: 1 | 2 | 3, name: string, args: CallArgs, site: CallSite): Value | undefined {
  const input = argValue(args, 0, "input", "value");
  const filters = variableOf(argValue(args, 1, "filter", "filters"));
  if (!isTensor(input) || !filters?.isVariable) return undefined;
  const first = channelsFirst(args);
  const shape = filters.shape;
  const kernel = shape && shape.length === rank + 2 ? shape.slice(0, rank) : undefined;
  const outChannels = shape && shape.length === rank + 2 ? shape[rank + 1] : undefined;
  const strides = spatialValues(argValue(args, 2, rank === 1 ? "stride" : "strides"), rank, first);
  // TF's own default: no dilation (an unknown value stays unknown).
  const dilationArg = argValue(args, undefined, "dilations", "dilation_rate");
  const dilations = dilationArg === undefined ? new Array<number>(rank).fill(1) : spatialValues(dilationArg, rank, first);
  const positional: Value[] = [
    outChannels === undefined || outChannels === null ? NONE : int(outChannels),
    kernel && kernel.every((k) => k !== null) ? list(kernel.map((k) => int(k!))) : NONE,
    strides ? list(strides.map(int)) : NONE,
    rawPadding(argValue(args, 3, "padding")),
    NONE,
    bool(false),
    str(first ? "channels_first" : "channels_last"),
    dilations ? list(dilations.map(int)) : NONE,
  ];
  const kind: LayerKind = rank === 1 ? "conv1d" : rank === 2 ? "conv2d" : "conv3d";
  const layer = build(context, kind, `Conv${rank}D`, name, positional, site);
  takeKernel(layer, filters);
  context.biasable.add(layer);
  return applyLayer(layer, input, context.state);
}

/** `tf.nn.max_pool(value, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')` and the average pools. */
export function rawPooling(context: RawLayerContext, kind: LayerKind, rank: 1 | 2 | 3, name: string, args: CallArgs, site: CallSite): Value | undefined {
  const input = argValue(args, 0, "value", "input");
  if (!isTensor(input)) return undefined;
  const first = channelsFirst(args, 4);
  const window = spatialValues(argValue(args, 1, "ksize"), rank, first);
  const strides = spatialValues(argValue(args, 2, "strides"), rank, first);
  const positional: Value[] = [
    window ? list(window.map(int)) : NONE,
    strides ? list(strides.map(int)) : NONE,
    rawPadding(argValue(args, 3, "padding")),
    str(first ? "channels_first" : "channels_last"),
  ];
  const layer = build(context, kind, kind.startsWith("max") ? `MaxPooling${rank}D` : `AveragePooling${rank}D`, name, positional, site);
  // Unknown windows or strides stay unknown (the builder would take the window for the stride).
  if (!strides) delete layer.config.strides;
  return applyLayer(layer, input, context.state);
}

/**
 * `tf.nn.dropout(x, keep_prob)` (TF1; `rate=` from TF 1.13, and positionally in TF2): a dropout layer whose
 * rate is known when the probability is a constant (a placeholder fed at run time leaves it unknown).
 */
export function rawDropout(context: RawLayerContext, name: string, args: CallArgs, site: CallSite): Value | undefined {
  const input = argValue(args, 0, "x");
  if (!isTensor(input)) return undefined;
  const rateArg = getArg(args, undefined, "rate");
  const keepArg = getArg(args, undefined, "keep_prob");
  const second = getArg(args, 1);
  let rate: number | undefined;
  if (rateArg) rate = asNumber(rateArg.value);
  else if (keepArg) rate = rateOfKeep(keepArg.value);
  else if (second) rate = context.graphMode ? rateOfKeep(second.value) : asNumber(second.value);
  const layer = build(context, "dropout", "Dropout", name, [], site);
  if (rate !== undefined) layer.config.rate = rate;
  else delete layer.config.rate;
  return applyLayer(layer, input, context.state);
}

/** The dropout rate of a constant keep probability. */
export function rateOfKeep(keep: Value | undefined): number | undefined {
  const p = asNumber(keep);
  return p === undefined ? undefined : Math.round((1 - p) * 1e9) / 1e9;
}

/**
 * `tf.reshape(t, [-1, d1, ...])`: a Reshape that keeps the batch (Keras's semantics, so a target whose size does not
 * match the input is S103). Other targets (a fixed batch, a flat `[-1]`, unknown sizes) are plain ops: undefined.
 */
export function rawReshape(context: RawLayerContext, args: CallArgs, site: CallSite): Value | undefined {
  const input = argValue(args, 0, "tensor");
  if (!isTensor(input)) return undefined;
  const target = asSequence(argValue(args, 1, "shape"))?.map((v) => asInt(v));
  if (!target || target.length < 2 || target[0] !== -1 || target.slice(1).some((d) => d === undefined)) return undefined;
  const rest = target.slice(1) as number[];
  if (movesBatch(tensorShape(input.tensor), rest)) return undefined;
  const layer = build(context, "reshape", "Reshape", "tf.reshape", [list(rest.map(int))], site);
  return applyLayer(layer, input, context.state);
}

/**
 * Whether a reshape with a leading -1 deliberately moves values between the batch and the other axes: folding
 * leading axes into the batch (`(b, 20, 100)` → `[-1, 100]`, to apply a dense layer at every step) or unfolding
 * them back (`(b', 1)` → `[-1, 20, 1]`). Such a reshape is not Keras's per-sample Reshape; a size that fits
 * neither way is.
 */
function movesBatch(input: (number | null)[] | undefined, rest: number[]): boolean {
  if (!input || rest.includes(-1)) return false;
  const dims = input.slice(1);
  if (dims.some((d) => d === null)) return false;
  const size = (dims as number[]).reduce((a, b) => a * b, 1);
  const target = rest.reduce((a, b) => a * b, 1);
  if (size === target || size === 0 || target === 0) return false;
  const prefixProducts = (values: number[]): number[] => values.map((_, i) => values.slice(0, i + 1).reduce((a, b) => a * b, 1));
  if (size % target === 0) return prefixProducts(dims as number[]).includes(size / target);
  if (target % size === 0) return prefixProducts(rest).includes(target / size);
  return false;
}

/** `tf.concat(values, axis)` (TF < 1.0: `tf.concat(axis, values)`): a Concatenate layer over the tensors. */
export function rawConcat(context: RawLayerContext, args: CallArgs, site: CallSite): Value | undefined {
  let values = argValue(args, 0, "values");
  let axis = argValue(args, 1, "axis");
  if (asInt(values) !== undefined && asSequence(axis)) [values, axis] = [axis, values];
  const items = asSequence(values);
  if (!items || items.length === 0 || !items.every(isTensor)) return undefined;
  const layer = build(context, "concatenate", "Concatenate", "tf.concat", asInt(axis) !== undefined ? [int(asInt(axis)!)] : [], site);
  return applyLayer(layer, list(items), context.state);
}

/** `tf.nn.embedding_lookup(E, ids)` with `E` a [vocabulary, size] variable: an Embedding layer on the ids. */
export function embeddingLookup(context: RawLayerContext, args: CallArgs, site: CallSite): Value | undefined {
  const table = variableOf(argValue(args, 0, "params"));
  const ids = argValue(args, 1, "ids");
  if (!table?.isVariable || !isTensor(ids)) return undefined;
  const shape = table.shape;
  const positional: Value[] = shape && shape.length === 2 ? shape.map((d) => (d === null ? NONE : int(d))) : [];
  const layer = build(context, "embedding", "Embedding", "tf.nn.embedding_lookup", positional, site);
  takeKernel(layer, table);
  return applyLayer(layer, ids, context.state);
}
