/**
 * Parameter counts (trainable + non-trainable, as Keras's `model.summary()` reports them) from a layer's
 * hyperparameters and input shapes. Undefined whenever a needed size is unknown or not positive.
 */
import type { LayerConfig, Shape } from "../program.js";
import { LAYER_KINDS, type LayerKind } from "../vocabulary.js";
import { isChannelsFirst, normalizeAxis, perDimension, positive, productOfDims, splitSpatial } from "./dims.js";
import { perStepShape, wrappedKindOf } from "./output-shape.js";

type ParamRule = (config: LayerConfig, input: Shape | undefined, spatialRank: number) => number | undefined;

function hasBias(config: LayerConfig): boolean {
  return config.useBias ?? true;
}

function lastDim(input: Shape | undefined): number | undefined {
  return input === undefined || input.length < 2 ? undefined : positive(input[input.length - 1]);
}

/** Product of the kernel's sizes, one per spatial dimension; undefined when any is unknown. */
function kernelVolume(config: LayerConfig, spatialRank: number): number | undefined {
  return productOfDims(perDimension(config.kernelSize, spatialRank).map((size) => size ?? null)) ?? undefined;
}

/** What a convolution needs: kernel volume and input channels, from the layout its data format gives. */
function convolutionFacts(config: LayerConfig, input: Shape | undefined, spatialRank: number): { volume: number; channels: number } | undefined {
  const volume = kernelVolume(config, spatialRank);
  const channels = positive(splitSpatial(input, spatialRank, isChannelsFirst(config))?.channels);
  return volume === undefined || channels === undefined ? undefined : { volume, channels };
}

function denseParams(config: LayerConfig, input: Shape | undefined): number | undefined {
  const inputs = lastDim(input);
  const units = positive(config.units);
  if (inputs === undefined || units === undefined) return undefined;
  return inputs * units + (hasBias(config) ? units : 0);
}

/** Conv1D/2D/3D and Conv2DTranspose: k·c_in·filters + filters. */
function convParams(config: LayerConfig, input: Shape | undefined, spatialRank: number): number | undefined {
  const facts = convolutionFacts(config, input, spatialRank);
  const filters = positive(config.filters);
  if (facts === undefined || filters === undefined) return undefined;
  return facts.volume * facts.channels * filters + (hasBias(config) ? filters : 0);
}

/** SeparableConv: a depthwise kernel (k·c_in·m) then a pointwise one (c_in·m·filters), bias per filter. */
function separableConvParams(config: LayerConfig, input: Shape | undefined, spatialRank: number): number | undefined {
  const facts = convolutionFacts(config, input, spatialRank);
  const filters = positive(config.filters);
  const multiplier = config.depthMultiplier ?? 1;
  if (facts === undefined || filters === undefined) return undefined;
  const depthwise = facts.volume * facts.channels * multiplier;
  const pointwise = facts.channels * multiplier * filters;
  return depthwise + pointwise + (hasBias(config) ? filters : 0);
}

/** DepthwiseConv: k·c_in·m, bias per output channel (c_in·m). */
function depthwiseConvParams(config: LayerConfig, input: Shape | undefined, spatialRank: number): number | undefined {
  const facts = convolutionFacts(config, input, spatialRank);
  const multiplier = config.depthMultiplier ?? 1;
  if (facts === undefined) return undefined;
  const outputs = facts.channels * multiplier;
  return facts.volume * outputs + (hasBias(config) ? outputs : 0);
}

/** The size of the axis a normalisation layer normalises (`axis`, default -1). */
function normalizedAxisSize(config: LayerConfig, input: Shape | undefined): number | undefined {
  if (input === undefined || input.length < 2) return undefined;
  const axis = normalizeAxis(config.axis ?? -1, input.length);
  return axis === undefined || axis === 0 ? undefined : positive(input[axis]);
}

/** γ (scale) and β (center) learn; BatchNormalization also keeps a moving mean and variance. */
function affineParamsPerChannel(config: LayerConfig): number {
  const scale = config.normScale ?? true;
  const center = config.center ?? true;
  return (scale ? 1 : 0) + (center ? 1 : 0);
}

function batchNormalizationParams(config: LayerConfig, input: Shape | undefined): number | undefined {
  const channels = normalizedAxisSize(config, input);
  return channels === undefined ? undefined : channels * (affineParamsPerChannel(config) + 2);
}

function layerNormalizationParams(config: LayerConfig, input: Shape | undefined): number | undefined {
  const channels = normalizedAxisSize(config, input);
  return channels === undefined ? undefined : channels * affineParamsPerChannel(config);
}

/** Keras Normalization keeps mean, variance (per feature) and a count, unless mean/variance are given as constants. */
function normalizationParams(config: LayerConfig, input: Shape | undefined): number | undefined {
  if (config.presetStatistics === true) return 0;
  const features = normalizedAxisSize(config, input);
  return features === undefined ? undefined : 2 * features + 1;
}

/** PReLU learns one slope per input element, except along `shared_axes` (1-based, batch excluded). */
function preluParams(config: LayerConfig, input: Shape | undefined): number | undefined {
  if (input === undefined || input.length < 2) return undefined;
  const shared = new Set(config.sharedAxes ?? []);
  let count = 1;
  for (let axis = 1; axis < input.length; axis++) {
    if (shared.has(axis)) continue;
    const size = positive(input[axis]);
    if (size === undefined) return undefined;
    count *= size;
  }
  return count;
}

function embeddingParams(config: LayerConfig): number | undefined {
  const vocabulary = positive(config.inputDim);
  const vector = positive(config.outputDim);
  return vocabulary === undefined || vector === undefined ? undefined : vocabulary * vector;
}

/** A recurrent cell with `gates` gates: gates·units·(in + units) weights, plus `biasPerGate`·gates·units. */
function recurrentParams(config: LayerConfig, input: Shape | undefined, gates: number, biasPerGate: number): number | undefined {
  if (input === undefined || input.length !== 3) return undefined;
  const inputs = lastDim(input);
  const units = positive(config.units);
  if (inputs === undefined || units === undefined) return undefined;
  return gates * units * (inputs + units) + (hasBias(config) ? biasPerGate * gates * units : 0);
}

/** Whether a GRU applies its reset gate after the recurrent product: tf.keras and Keras 3 default to it
 * (reset_after=True, two biases per gate); Keras ≤ 2.2 and TF.js do not. */
export function gruResetAfter(config: LayerConfig): boolean {
  return config.resetAfter ?? true;
}

function gruBiasPerGate(config: LayerConfig): number {
  return gruResetAfter(config) ? 2 : 1;
}

/** Weight sets per cell: SimpleRNN one, LSTM four gates, GRU three. */
const RECURRENT_GATES = { simpleRnn: 1, lstm: 4, gru: 3 } as const;

/** SimpleRNN, LSTM and GRU (GRU with tf.keras's reset_after unless told otherwise). */
function cellParams(kind: keyof typeof RECURRENT_GATES, config: LayerConfig, input: Shape | undefined): number | undefined {
  return recurrentParams(config, input, RECURRENT_GATES[kind], kind === "gru" ? gruBiasPerGate(config) : 1);
}

/**
 * Bidirectional holds two copies of the wrapped layer. The wrapped layer's canonical kind is read from
 * `wrappedKind`; its config is the Bidirectional's own (units, use_bias...).
 */
function bidirectionalParams(config: LayerConfig, input: Shape | undefined): number | undefined {
  const wrapped = wrappedKindOf(config);
  if (wrapped !== "simpleRnn" && wrapped !== "lstm" && wrapped !== "gru") return undefined;
  const one = cellParams(wrapped, config, input);
  return one === undefined ? undefined : 2 * one;
}

/** ConvLSTM2D: an input kernel and a recurrent kernel per gate (4), both convolutional, plus 4·filters biases. */
function convLstmParams(config: LayerConfig, input: Shape | undefined, spatialRank: number): number | undefined {
  if (input === undefined || input.length !== spatialRank + 3) return undefined;
  const perStep = [input[0] ?? null, ...input.slice(2)];
  const facts = convolutionFacts(config, perStep, spatialRank);
  const filters = positive(config.filters);
  if (facts === undefined || filters === undefined) return undefined;
  return 4 * filters * facts.volume * (facts.channels + filters) + (hasBias(config) ? 4 * filters : 0);
}

/** TimeDistributed shares one copy of the wrapped layer across steps. */
function timeDistributedParams(config: LayerConfig, input: Shape | undefined): number | undefined {
  const wrapped = wrappedKindOf(config);
  if (wrapped === undefined || wrapped === "timeDistributed") return undefined;
  return countParams(wrapped, config, [perStepShape(input)]);
}

const PARAM_RULES: Partial<Record<LayerKind, ParamRule>> = {
  dense: denseParams,
  conv1d: convParams,
  conv2d: convParams,
  conv3d: convParams,
  conv2dTranspose: convParams,
  separableConv2d: separableConvParams,
  depthwiseConv2d: depthwiseConvParams,
  batchNormalization: batchNormalizationParams,
  layerNormalization: layerNormalizationParams,
  normalization: normalizationParams,
  prelu: preluParams,
  embedding: (config) => embeddingParams(config),
  simpleRnn: (config, input) => cellParams("simpleRnn", config, input),
  lstm: (config, input) => cellParams("lstm", config, input),
  gru: (config, input) => cellParams("gru", config, input),
  bidirectional: bidirectionalParams,
  convLstm2d: convLstmParams,
  timeDistributed: timeDistributedParams,
};

/** Kinds whose weights live in code nncheck cannot see. */
const UNCOUNTABLE: ReadonlySet<LayerKind> = new Set(["unknown"]);

/** Trainable + non-trainable parameter count, when the needed dims are known. */
export function countParams(kind: LayerKind, config: LayerConfig, inputShapes: (Shape | undefined)[]): number | undefined {
  const spec = LAYER_KINDS[kind];
  if (spec === undefined || UNCOUNTABLE.has(kind)) return undefined;
  const rule = PARAM_RULES[kind];
  if (rule === undefined) return spec.learns ? undefined : 0;
  try {
    return rule(config, inputShapes[0], spec.spatialRank ?? 0);
  } catch {
    return undefined;
  }
}
