/**
 * Keras layer constructors: maps each layer class's positional and keyword arguments (Keras 1, Keras 2,
 * tf.keras spellings) onto the canonical LayerConfig.
 */
import type { ArgumentKind, KerasPackage, LayerConfig, Shape } from "../../../../model/program.js";
import { LAYER_KINDS, type ActivationKind, type LayerKind } from "../../../../model/vocabulary.js";
import { simpleArgs } from "../../builtins.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { UNKNOWN, asBool, asInt, int, asIntList, asNumber, asSequence, asShape, asString, str, type LayerState, type Value } from "../../values.js";
import { applyLayer } from "../graph.js";
import { constantKeywords } from "../args.js";
import { bind, type BoundArgs } from "../signature.js";
import { versionDependentKernel, kerasLayerSignature, signatureVariant, type SignatureVariant } from "./layer-signatures.js";
import { activationFromValue, constraintFromValue, initializerFromValue, regularizerFromValue } from "./learner.js";
import { canonicalPath, classifyPath } from "../paths.js";

/** Keyword spellings that only Keras 0/1 used (Keras 2 renamed them). */
const KERAS1_KEYWORDS = new Set([
  "border_mode", "subsample", "subsample_length", "nb_filter", "nb_row", "nb_col", "filter_length", "dim_ordering", "init",
  "W_regularizer", "b_regularizer", "W_constraint", "b_constraint", "output_dim", "pool_length", "stride", "inner_activation", "inner_init",
]);

/** Canonical parameter names consumed into typed fields (not repeated in `extra`). */
const TYPED_PARAMETERS = new Set([
  "name", "input_shape", "batch_input_shape", "batch_shape", "input_dim", "input_length", "batch_size", "shape",
  "activation", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
  "trainable", "units", "filters", "kernel_size", "nb_row", "nb_col", "kernel_dim1", "kernel_dim2", "kernel_dim3",
  "strides", "padding", "dilation_rate", "data_format", "pool_size", "rate", "target_shape", "dims", "axis",
  "return_sequences", "return_state", "use_bias", "cropping", "size", "n", "scale", "offset", "alpha", "max_value",
  "depth_multiplier", "layer", "stddev", "merge_mode", "output_padding", "keepdims", "center", "shared_axes",
  "reset_after", "stateful", "axes",
]);

/** The activation a layer applies when `activation=` is not written: its kind's own, for activation layers. */
function defaultActivation(kind: LayerKind): ActivationKind | undefined {
  return LAYER_KINDS[kind].activation;
}

function expand(value: Value | undefined, rank: number): number[] | undefined {
  const list = asIntList(value);
  if (!list || list.some((n) => n === undefined)) return undefined;
  if (list.length === 1 && rank > 1) return new Array<number>(rank).fill(list[0]!);
  return list.length === rank ? (list as number[]) : undefined;
}

function paddingOf(value: Value | undefined): LayerConfig["padding"] | undefined {
  const s = asString(value)?.toLowerCase();
  return s === "valid" || s === "same" || s === "causal" ? s : s === "full" ? "same" : undefined;
}

function dataFormatOf(value: Value | undefined): LayerConfig["dataFormat"] | undefined {
  const s = asString(value);
  if (s === "channels_last" || s === "tf") return "channels_last";
  if (s === "channels_first" || s === "th") return "channels_first";
  return undefined;
}

/** ZeroPadding/Cropping amounts: int, (a, b) per dimension, or ((a, b), (c, d)). */
function amountsOf(value: Value | undefined, rank: number): [number, number][] | undefined {
  const single = asInt(value);
  if (single !== undefined) return new Array(rank).fill(0).map(() => [single, single] as [number, number]);
  const items = asSequence(value);
  if (!items) return undefined;
  const pairs: [number, number][] = [];
  if (rank === 1 && items.length === 2 && items.every((i) => asInt(i) !== undefined)) return [[asInt(items[0])!, asInt(items[1])!]];
  for (const item of items) {
    const n = asInt(item);
    if (n !== undefined) pairs.push([n, n]);
    else {
      const pair = asIntList(item);
      if (!pair || pair.length !== 2 || pair.some((p) => p === undefined)) return undefined;
      pairs.push([pair[0]!, pair[1]!]);
    }
  }
  return pairs.length === rank ? pairs : undefined;
}

function setIf<K extends keyof LayerConfig>(config: LayerConfig, key: K, value: LayerConfig[K] | undefined): void {
  if (value !== undefined) config[key] = value;
}

/** Builds a layer object from a Keras layer constructor call. */
export function createLayer(kind: LayerKind, className: string, args: CallArgs, site: CallSite, state: ExtractionState, pkg?: KerasPackage): LayerState {
  const tfKeras = pkg === "tf.keras";
  const variant = signatureVariant(kind, className, args, tfKeras);
  const bound = bind(kerasLayerSignature(kind, className, variant), args);
  checkArgumentKinds(className, bound, state);
  // `Conv2D` is a Keras 2 name, so its Keras 1-style call is a mistake in any package; `Convolution2D` from
  // standalone keras may be a genuine Keras 1 program.
  if (tfKeras || className === "Conv2D") checkKeras1Positional(className, args, state);
  const layer = buildLayer(kind, className, bound, site, state, variant);
  if (pkg) layer.keras = { package: pkg };
  const legacyKernel = versionDependentKernel(kind, args, tfKeras);
  // Read the Keras 1 way already (Convolution2D): only the unknown version can undo it. Conv2D was read the
  // Keras 2.4 way: a Keras 1 program would have meant its kernel (and the strides its keywords give).
  if (legacyKernel) state.versionDependentLayers.push({ layer, legacyKernel, legacyStrides: variant === "keras1-conv" ? layer.config.strides : expand(bound.value("subsample") ?? int(1), 2) });
  // Keras 1 evidence: a legacy signature (unless only the ambiguous convolution call chose it), a Keras 1 keyword.
  if ((variant !== "current" && !legacyKernel) || bound.keywords().some((k) => KERAS1_KEYWORDS.has(k.keyword))) state.legacyKeras = true;
  return layer;
}

/**
 * Builds a layer from arguments bound to its signature (canonical parameter names: the current Keras keywords).
 * Shared by every framework whose layer functions take Keras's parameters (Keras, `tf.layers`, `tf.contrib.layers`).
 */
export function buildLayer(kind: LayerKind, className: string, bound: BoundArgs, site: CallSite, state: ExtractionState, variant: SignatureVariant = "current"): LayerState {
  const spec = LAYER_KINDS[kind];
  const rank = spec.spatialRank ?? 1;
  const config: LayerConfig = {};
  const layer: LayerState = {
    id: state.nextLayerId(),
    kind,
    frameworkName: className,
    name: "",
    config,
    inbound: [],
    span: site.span,
    conditional: false,
    uncertain: false,
  };
  state.addLayerFlags(layer);
  // A layer class the vocabulary does not know keeps the graph connected but leaves the model incomplete.
  if (kind === "unknown") layer.opaque = true;
  const value = (name: string): Value | undefined => bound.value(name);

  switch (spec.category) {
    case "dense":
      setIf(config, "units", asInt(value("units")));
      break;
    case "conv": {
      if (kind !== "depthwiseConv2d") setIf(config, "filters", asInt(value("filters")));
      if (variant === "keras1-conv") {
        const names = rank === 3 ? ["kernel_dim1", "kernel_dim2", "kernel_dim3"] : ["nb_row", "nb_col"];
        const dims = names.map((n) => asInt(value(n)));
        if (dims.every((d) => d !== undefined)) config.kernelSize = dims as number[];
      } else {
        setIf(config, "kernelSize", expand(value("kernel_size"), rank));
      }
      if (kind === "depthwiseConv2d" || kind === "separableConv2d") setIf(config, "depthMultiplier", asInt(value("depth_multiplier")));
      setIf(config, "strides", expand(value("strides"), rank));
      setIf(config, "padding", paddingOf(value("padding")));
      setIf(config, "dilationRate", expand(value("dilation_rate"), rank));
      setIf(config, "dataFormat", dataFormatOf(value("data_format")));
      setIf(config, "outputPadding", numbers(asIntList(value("output_padding"))));
      break;
    }
    case "pool": {
      const pool = expand(value("pool_size"), rank);
      setIf(config, "poolSize", pool);
      const strides = value("strides");
      setIf(config, "strides", strides === undefined || strides.t === "none" ? pool : expand(strides, rank));
      setIf(config, "padding", paddingOf(value("padding")));
      setIf(config, "dataFormat", dataFormatOf(value("data_format")));
      break;
    }
    case "global-pool":
      setIf(config, "dataFormat", dataFormatOf(value("data_format")));
      setIf(config, "keepDims", asBool(value("keepdims")));
      break;
    case "flatten":
      setIf(config, "dataFormat", dataFormatOf(value("data_format")));
      break;
    case "reshape":
      if (kind === "reshape") {
        setIf(config, "targetShape", numbers(asIntList(value("target_shape"))));
        setIf(config, "targetRank", asSequence(value("target_shape"))?.length);
      }
      if (kind === "permute") setIf(config, "dims", numbers(asIntList(value("dims"))));
      if (kind === "repeatVector") setIf(config, "n", asInt(value("n")));
      break;
    case "dropout":
      if (bound.signature.positional[0]?.name === "stddev") setIf(config, "stddev", asNumber(value("stddev")));
      else setIf(config, "rate", asNumber(value("rate")));
      break;
    case "normalization":
      setIf(config, "axis", asInt(value("axis")));
      if (kind === "batchNormalization") {
        setIf(config, "center", asBool(value("center")));
        setIf(config, "normScale", asBool(value("scale")));
      }
      break;
    case "activation":
      if (kind === "leakyRelu" || kind === "elu") setIf(config, "alpha", asNumber(value("alpha")));
      if (kind === "relu") setIf(config, "maxValue", asNumber(value("max_value")));
      if (kind === "softmax") setIf(config, "axis", asInt(value("axis")));
      if (kind === "prelu") setIf(config, "sharedAxes", numbers(asIntList(value("shared_axes"))));
      break;
    case "embedding":
      setIf(config, "inputDim", asInt(value("input_dim")));
      setIf(config, "outputDim", asInt(value("output_dim")));
      setIf(config, "inputLength", asInt(value("input_length")));
      break;
    case "recurrent": {
      if (kind === "bidirectional") {
        applyWrapped(config, layer, value("layer"));
        const mode = value("merge_mode");
        if (mode?.t === "none") config.mergeMode = null;
        else {
          const written = asString(mode);
          if (written === "concat" || written === "sum" || written === "mul" || written === "ave") config.mergeMode = written;
        }
        break;
      }
      if (kind === "convLstm2d") {
        setIf(config, "filters", asInt(value("filters")));
        setIf(config, "kernelSize", expand(value("kernel_size"), rank));
        setIf(config, "strides", expand(value("strides"), rank));
        setIf(config, "padding", paddingOf(value("padding")));
        setIf(config, "dilationRate", expand(value("dilation_rate"), rank));
        setIf(config, "dataFormat", dataFormatOf(value("data_format")));
      } else {
        setIf(config, "units", asInt(value("units")));
        setIf(config, "resetAfter", asBool(value("reset_after")));
      }
      setIf(config, "returnSequences", asBool(value("return_sequences")));
      setIf(config, "returnState", asBool(value("return_state")));
      setIf(config, "stateful", asBool(value("stateful")));
      break;
    }
    case "merge":
      if (kind === "concatenate") setIf(config, "axis", asInt(value("axis")));
      if (kind === "dot") setIf(config, "dotAxes", numbers(asIntList(value("axes"))));
      break;
    case "padding":
      setIf(config, "paddingAmounts", amountsOf(value("padding"), rank));
      break;
    case "cropping":
      setIf(config, "cropping", amountsOf(value("cropping"), rank));
      break;
    case "upsampling":
      setIf(config, "size", expand(value("size"), rank));
      break;
    case "preprocessing":
      if (kind === "normalization" && bound.has("mean") && bound.has("variance")) config.presetStatistics = true;
      if (kind === "rescaling") {
        setIf(config, "scale", asNumber(value("scale")));
        setIf(config, "offset", asNumber(value("offset")));
      }
      break;
    default:
      if (kind === "timeDistributed") applyWrapped(config, layer, value("layer"));
      break;
  }

  // Common arguments.
  if (spec.learns && (spec.category === "dense" || spec.category === "conv" || spec.category === "recurrent") && kind !== "bidirectional") {
    setIf(config, "useBias", asBool(value("use_bias")));
  }

  const activationArg = bound.get("activation");
  if (activationArg) {
    const activation = activationFromValue(activationArg.value);
    if (activation) layer.activation = activation;
    if (activationArg.node) layer.activationSpan = state.span(activationArg.node);
  } else if (layer.activation === undefined) {
    const fallback = value("activation") ?? undefined;
    const activation = fallback ? activationFromValue(fallback) : bound.opaqueSplat ? undefined : defaultActivation(kind);
    if (activation) layer.activation = activation;
  }

  if (spec.learns && kind !== "bidirectional" && kind !== "timeDistributed") {
    const kernelInit = bound.get("kernel_initializer");
    if (kernelInit) {
      const init = initializerFromValue(kernelInit.value, kernelInit.node ? state.span(kernelInit.node) : undefined);
      if (init) layer.kernelInitializer = init;
    } else if (spec.category === "dense" || spec.category === "conv" || spec.category === "recurrent") {
      layer.kernelInitializer = { kind: "glorot_uniform", frameworkName: "glorot_uniform" };
    }
    const biasInit = bound.get("bias_initializer");
    if (biasInit) {
      const init = initializerFromValue(biasInit.value, biasInit.node ? state.span(biasInit.node) : undefined);
      if (init) layer.biasInitializer = init;
    } else if ((spec.category === "dense" || spec.category === "conv" || spec.category === "recurrent") && config.useBias !== false) {
      layer.biasInitializer = { kind: "zeros", frameworkName: "zeros" };
    }
  }
  for (const field of ["kernelRegularizer", "biasRegularizer", "activityRegularizer"] as const) {
    const reg = bound.get(REGULARIZER_PARAMETERS[field]);
    if (!reg) continue;
    const spec = regularizerFromValue(reg.value, reg.node ? state.span(reg.node) : undefined);
    if (spec) layer[field] = spec;
  }
  for (const [field, parameter] of [["kernelConstraint", "kernel_constraint"], ["biasConstraint", "bias_constraint"]] as const) {
    const given = bound.get(parameter);
    if (!given) continue;
    const spec = constraintFromValue(given.value, given.node ? state.span(given.node) : undefined);
    if (spec) layer[field] = spec;
  }
  const trainable = asBool(value("trainable"));
  if (trainable !== undefined) layer.trainable = trainable;

  const declared = declaredShapeOf(bound, kind);
  if (declared) layer.declaredInputShape = declared;

  const extra = constantKeywords(bound.keywords().filter((k) => !TYPED_PARAMETERS.has(k.name)));
  if (extra) config.extra = { ...(config.extra ?? {}), ...extra };

  const explicitName = asString(value("name"));
  layer.name = explicitName ?? state.autoLayerName(autoNameClass(kind, className));

  // Spatial layers created after `set_image_data_format` default to it.
  if (state.imageDataFormat && spec.spatialRank !== undefined && config.dataFormat === undefined && !bound.opaqueSplat) {
    config.dataFormat = state.imageDataFormat;
  }
  return layer;
}

const REGULARIZER_PARAMETERS = { kernelRegularizer: "kernel_regularizer", biasRegularizer: "bias_regularizer", activityRegularizer: "activity_regularizer" } as const;

/** Aliases name their layers after the class they alias (`Convolution2D` → `conv2d`, `MaxPool2D` → `max_pooling2d`). */
const ALIAS_CLASSES: [RegExp, string][] = [
  [/^Convolution(\d)D$/, "Conv$1D"],
  [/^(Convolution2DTranspose|Deconvolution2D)$/, "Conv2DTranspose"],
  [/^SeparableConvolution(\d)D$/, "SeparableConv$1D"],
  [/^MaxPool(\d)D$/, "MaxPooling$1D"],
  [/^AvgPool(\d)D$/, "AveragePooling$1D"],
  [/^GlobalMaxPool(\d)D$/, "GlobalMaxPooling$1D"],
  [/^GlobalAvgPool(\d)D$/, "GlobalAveragePooling$1D"],
];

function autoNameClass(kind: LayerKind, className: string): string {
  // Functional merge helpers (`concatenate`) name their layer after the class (`Concatenate`).
  if (/^[a-z]/.test(className)) return LAYER_KINDS[kind].names.keras.find((n) => /^[A-Z]/.test(n)) ?? className;
  for (const [pattern, replacement] of ALIAS_CLASSES) if (pattern.test(className)) return className.replace(pattern, replacement);
  return className;
}

/** Parameters that take one kind of object, by every keyword spelling, with their current name. */
/** Parameters that take one kind of object (by canonical name; Keras 1 spellings bind to them through the signatures). */
const PARAMETER_KINDS: { parameter: string; expected: ArgumentKind; wrong: ArgumentKind[] }[] = [
  ...(["kernel", "bias", "activity"] as const).map((p) => ({
    parameter: `${p}_regularizer`,
    expected: "regularizer" as const,
    wrong: ["constraint", "initializer", "activation", "optimizer", "loss", "layer"] as ArgumentKind[],
  })),
  ...(["kernel", "bias"] as const).map((p) => ({
    parameter: `${p}_initializer`,
    expected: "initializer" as const,
    wrong: ["constraint", "regularizer", "activation", "optimizer", "loss"] as ArgumentKind[],
  })),
  ...(["kernel", "bias"] as const).map((p) => ({
    parameter: `${p}_constraint`,
    expected: "constraint" as const,
    wrong: ["regularizer", "initializer", "activation", "optimizer", "loss"] as ArgumentKind[],
  })),
  { parameter: "activation", expected: "activation", wrong: ["initializer", "regularizer", "constraint", "optimizer", "loss"] },
];

/** What kind of object a value is, for S607; undefined when it cannot be told. */
function argumentKindOf(value: Value): ArgumentKind | undefined {
  switch (value.t) {
    case "regularizer":
      return "regularizer";
    case "initializer":
      return "initializer";
    case "constraint":
      return "constraint";
    case "optimizer":
      return "optimizer";
    case "loss":
      return "loss";
    case "metric":
      return "metric";
    case "callback":
      return "callback";
    case "layer":
      return "layer";
    case "activation":
      return "activation";
    case "num":
      return "number";
    case "str":
      return "string";
    case "ref": {
      const c = classifyPath(canonicalPath(value.path));
      if (c.kind === "activation") return "activation";
      if (c.kind === "initializer") return "initializer";
      if (c.kind === "regularizer") return "regularizer";
      if (c.kind === "constraint") return "constraint";
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Records arguments of the wrong kind for their parameter (S607). */
export function checkArgumentKinds(className: string, bound: BoundArgs, state: ExtractionState): void {
  for (const { parameter, expected, wrong } of PARAMETER_KINDS) {
    const arg = bound.get(parameter);
    if (!arg?.node) continue;
    const actual = argumentKindOf(arg.value);
    if (!actual || !wrong.includes(actual)) continue;
    state.misuse({ callee: className, parameter, problem: "wrong-kind", expected, actual, text: arg.node.text, span: state.span(arg.node) });
  }
}

/**
 * Keras 2 and tf.keras read `Conv2D(32, 3, 3)` / `Convolution2D(32, 3, 3)` as kernel 3, strides 3, where
 * Keras 1 meant a 3×3 kernel (only Keras 2.0–2.3 converted such calls, with a warning).
 */
function checkKeras1Positional(className: string, args: CallArgs, state: ExtractionState): void {
  if (!/^(Conv2D|Convolution2D)$/.test(className) || args.keywords.has("strides")) return;
  const third = args.positionalNodes[2];
  if (args.positional.length < 3 || !third || asInt(args.positional[1]) === undefined || asInt(args.positional[2]) === undefined) return;
  state.misuse({
    callee: className,
    parameter: "strides",
    problem: "changed-meaning",
    expected: "shape",
    legacyMeaning: "nb_col (the kernel width)",
    text: third.text,
    span: state.span(third),
  });
}

function numbers(list: (number | undefined)[] | undefined): number[] | undefined {
  return list && list.every((n) => n !== undefined) ? (list as number[]) : undefined;
}

/** Bidirectional/TimeDistributed take the wrapped layer's hyperparameters. */
function applyWrapped(config: LayerConfig, layer: LayerState, wrapped: Value | undefined): void {
  if (wrapped?.t !== "layer") return;
  const inner = wrapped.layer;
  Object.assign(config, inner.config);
  config.wrappedKind = inner.kind;
  if (inner.activation) layer.activation = inner.activation;
  if (inner.kernelInitializer) layer.kernelInitializer = inner.kernelInitializer;
  if (inner.declaredInputShape && !layer.declaredInputShape) layer.declaredInputShape = inner.declaredInputShape;
}

/** `input_shape=` (prefixed with a null batch), `batch_input_shape=`, Keras 1 `input_dim=`/`input_length=`. */
export function declaredShapeOf(bound: BoundArgs, kind: LayerKind): Shape | undefined {
  const batchShape = asShape(bound.get("batch_input_shape")?.value ?? bound.get("batch_shape")?.value);
  if (batchShape) return batchShape;
  const inputShape = asShape(bound.get("input_shape")?.value);
  const batchSize = asInt(bound.get("batch_size")?.value);
  if (inputShape) return [batchSize ?? null, ...inputShape];
  const inputDimArg = bound.get("input_dim")?.value;
  const inputDim = asInt(inputDimArg);
  const inputLength = asInt(bound.get("input_length")?.value);
  if (kind === "embedding") return inputLength !== undefined ? [null, inputLength] : undefined;
  // `input_dim=` fixes the rank even when its value is unknown (`input_dim=X.shape[1]` of unknown X).
  if (inputDimArg !== undefined) {
    if (LAYER_KINDS[kind].category === "recurrent" || LAYER_KINDS[kind].category === "conv") return [null, inputLength ?? null, inputDim ?? null];
    return [null, inputDim ?? null];
  }
  return undefined;
}

/** `Input(shape=(28, 28, 1))`, `Input((784,))`, `Input(batch_shape=...)`, `InputLayer(input_shape=...)`. */
export function inputShapeOf(args: CallArgs): Shape | undefined {
  const bound = bind(kerasLayerSignature("input", "Input", "current"), args);
  const batchShape = asShape(bound.value("batch_shape") ?? bound.value("batch_input_shape"));
  if (batchShape) return batchShape;
  const shape = asShape(bound.value("shape") ?? bound.value("input_shape"));
  if (shape) return [asInt(bound.value("batch_size")) ?? null, ...shape];
  return declaredShapeOf(bound, "input");
}

/** An activation function applied to a tensor (`tf.nn.relu(x)`, `keras.activations.relu(x)`): an Activation layer. */
export function activationOnTensor(activation: ActivationKind, name: string, args: CallArgs, site: CallSite, state: ExtractionState): Value {
  const input = args.positional[0];
  if (input?.t !== "tensor") return UNKNOWN;
  const layer = createLayer("activation", "Activation", simpleArgs([str(name)]), site, state);
  layer.activation = activation;
  layer.frameworkName = name;
  return applyLayer(layer, input, state);
}
