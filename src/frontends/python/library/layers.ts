/**
 * Keras layer constructors: maps each layer class's positional and keyword arguments (Keras 1, Keras 2,
 * tf.keras spellings) onto the canonical LayerConfig.
 */
import type { ArgumentKind, KerasPackage, LayerConfig, Shape } from "../../../model/program.js";
import { LAYER_KINDS, type ActivationKind, type LayerKind } from "../../../model/vocabulary.js";
import type { CallArgs, CallSite, ExtractionState } from "../state.js";
import { asBool, asInt, asIntList, asNumber, asSequence, asShape, asString, type LayerState, type Value } from "../values.js";
import { argValue, constantKeywords, getArg } from "./args.js";
import { activationFromValue, initializerFromValue, regularizerFromValue } from "./learner.js";
import { canonicalPath, classifyPath } from "./paths.js";

/** Keyword names consumed into typed fields (not repeated in `extra`). */
const TYPED_KEYWORDS = new Set([
  "name", "input_shape", "batch_input_shape", "input_dim", "activation", "kernel_initializer", "bias_initializer", "init",
  "kernel_regularizer", "bias_regularizer", "activity_regularizer", "W_regularizer", "b_regularizer", "trainable",
  "units", "output_dim", "filters", "nb_filter", "kernel_size", "strides", "subsample", "padding", "border_mode",
  "dilation_rate", "atrous_rate", "data_format", "dim_ordering", "pool_size", "pool_length", "stride", "rate", "p",
  "target_shape", "dims", "axis", "return_sequences", "return_state", "use_bias", "bias", "input_length", "cropping",
  "size", "n", "scale", "offset", "alpha", "max_value", "depth_multiplier", "nb_row", "nb_col", "filter_length",
  "embeddings_initializer", "layer", "shape", "batch_shape", "negative_slope",
]);

/** Kinds whose constructor takes an `activation=` argument, and its default. */
function defaultActivation(kind: LayerKind): ActivationKind | undefined {
  const category = LAYER_KINDS[kind].category;
  if (kind === "simpleRnn" || kind === "lstm" || kind === "gru" || kind === "convLstm2d") return "tanh";
  if (category === "dense" || category === "conv") return "linear";
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
function amountsOf(value: Value | undefined, rank: number, fallback: number): [number, number][] | undefined {
  if (value === undefined) return new Array(rank).fill(0).map(() => [fallback, fallback] as [number, number]);
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

/** Builds a layer object from its constructor call. */
export function createLayer(kind: LayerKind, className: string, args: CallArgs, site: CallSite, state: ExtractionState, pkg?: KerasPackage): LayerState {
  const tfKeras = pkg === "tf.keras";
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
  if (pkg) layer.package = pkg;
  // A layer class the vocabulary does not know keeps the graph connected but leaves the model incomplete.
  if (kind === "unknown") layer.opaque = true;
  checkArgumentKinds(className, args, state);
  // `Conv2D` is a Keras 2 name, so its Keras 1-style call is a mistake in any package; `Convolution2D` from
  // standalone keras may be a genuine Keras 1 program.
  if (tfKeras || className === "Conv2D") checkKeras1Positional(className, args, state);
  // Standalone Keras 2 converts Keras 1 positional calls (`Convolution2D(32, 3, 3)`); tf.keras reads the
  // third positional argument as strides.
  const keras1Conv = /^Convolution[123]D$|^AtrousConvolution/.test(className) && (args.keywords.has("nb_row") || !tfKeras) && (args.keywords.has("nb_row") || (args.positional.length >= 3 && asInt(args.positional[1]) !== undefined && asInt(args.positional[2]) !== undefined && rank >= 2));

  // Keras 0 wrote `Dense(input_dim, output_dim, init, activation)`; from Keras 1 on the second positional
  // argument is never a number, so a number there marks the old signature.
  const keras0Dense = spec.category === "dense" && asInt(args.positional[1]) !== undefined;

  switch (spec.category) {
    case "dense":
      setIf(config, "units", asInt(keras0Dense ? args.positional[1] : argValue(args, 0, "units", "output_dim")));
      break;
    case "conv": {
      if (kind === "depthwiseConv2d") {
        setIf(config, "kernelSize", expand(argValue(args, 0, "kernel_size"), rank));
        setIf(config, "depthMultiplier", asInt(argValue(args, undefined, "depth_multiplier")) ?? 1);
      } else {
        setIf(config, "filters", asInt(argValue(args, 0, "filters", "nb_filter")));
        if (keras1Conv) {
          const dims = [argValue(args, 1, "nb_row"), argValue(args, 2, "nb_col"), rank === 3 ? argValue(args, 3, "kernel_dim3") : undefined].slice(0, rank).map(asInt);
          if (dims.every((d) => d !== undefined)) config.kernelSize = dims as number[];
        } else {
          setIf(config, "kernelSize", expand(argValue(args, 1, "kernel_size", "filter_length"), rank));
        }
        if (kind === "separableConv2d") setIf(config, "depthMultiplier", asInt(argValue(args, undefined, "depth_multiplier")) ?? 1);
      }
      const stridesPosition = keras1Conv || kind === "depthwiseConv2d" ? (kind === "depthwiseConv2d" ? 1 : undefined) : 2;
      setIf(config, "strides", expand(argValue(args, stridesPosition, "strides", "subsample", "subsample_length"), rank) ?? new Array<number>(rank).fill(1));
      const paddingPosition = keras1Conv ? undefined : kind === "depthwiseConv2d" ? 2 : 3;
      setIf(config, "padding", paddingOf(argValue(args, paddingPosition, "padding", "border_mode")) ?? "valid");
      setIf(config, "dilationRate", expand(argValue(args, undefined, "dilation_rate", "atrous_rate"), rank) ?? new Array<number>(rank).fill(1));
      setIf(config, "dataFormat", dataFormatOf(argValue(args, undefined, "data_format", "dim_ordering")));
      if (kind === "convLstm2d") setIf(config, "returnSequences", asBool(argValue(args, undefined, "return_sequences")) ?? false);
      break;
    }
    case "pool": {
      const keras1 = args.keywords.has("pool_length") || args.keywords.has("border_mode");
      const pool = expand(argValue(args, 0, "pool_size", "pool_length"), rank) ?? (getArg(args, 0, "pool_size", "pool_length") ? undefined : new Array<number>(rank).fill(2));
      setIf(config, "poolSize", pool);
      const stridesArg = getArg(args, 1, "strides", "stride");
      if (stridesArg === undefined || stridesArg.value.t === "none") setIf(config, "strides", pool);
      else setIf(config, "strides", expand(stridesArg.value, rank));
      setIf(config, "padding", paddingOf(argValue(args, keras1 ? undefined : 2, "padding", "border_mode")) ?? "valid");
      setIf(config, "dataFormat", dataFormatOf(argValue(args, keras1 ? undefined : 3, "data_format", "dim_ordering")));
      break;
    }
    case "global-pool":
    case "flatten":
      setIf(config, "dataFormat", dataFormatOf(argValue(args, 0, "data_format", "dim_ordering")));
      break;
    case "reshape":
      if (kind === "reshape") setIf(config, "targetShape", numbers(asIntList(argValue(args, 0, "target_shape"))));
      if (kind === "permute") setIf(config, "dims", numbers(asIntList(argValue(args, 0, "dims"))));
      if (kind === "repeatVector") setIf(config, "n", asInt(argValue(args, 0, "n")));
      break;
    case "dropout":
      if (kind === "gaussianNoise" && className === "GaussianNoise") setIf(config, "extra", { stddev: asNumber(argValue(args, 0, "stddev")) });
      else setIf(config, "rate", asNumber(argValue(args, 0, "rate", "p")));
      break;
    case "normalization":
      setIf(config, "axis", asInt(argValue(args, kind === "batchNormalization" && !args.keywords.has("mode") ? 0 : undefined, "axis")) ?? (getArg(args, undefined, "axis") ? undefined : -1));
      break;
    case "activation":
      if (kind === "leakyRelu") setIf(config, "alpha", asNumber(argValue(args, 0, "alpha", "negative_slope")) ?? (getArg(args, 0, "alpha", "negative_slope") ? undefined : 0.3));
      if (kind === "elu") setIf(config, "alpha", asNumber(argValue(args, 0, "alpha")) ?? 1);
      if (kind === "relu") {
        const maxValue = argValue(args, 0, "max_value");
        setIf(config, "maxValue", asNumber(maxValue));
      }
      if (kind === "softmax") setIf(config, "axis", asInt(argValue(args, 0, "axis")) ?? -1);
      break;
    case "embedding":
      setIf(config, "inputDim", asInt(argValue(args, 0, "input_dim")));
      setIf(config, "outputDim", asInt(argValue(args, 1, "output_dim")));
      setIf(config, "inputLength", asInt(argValue(args, undefined, "input_length")));
      break;
    case "recurrent": {
      if (kind === "bidirectional") {
        applyWrapped(config, layer, argValue(args, 0, "layer"));
        break;
      }
      setIf(config, "units", asInt(argValue(args, 0, "units", "output_dim")));
      setIf(config, "returnSequences", asBool(argValue(args, undefined, "return_sequences")) ?? false);
      setIf(config, "returnState", asBool(argValue(args, undefined, "return_state")) ?? false);
      break;
    }
    case "merge":
      if (kind === "concatenate") setIf(config, "axis", asInt(argValue(args, 0, "axis")) ?? -1);
      break;
    case "padding":
      setIf(config, "paddingAmounts", amountsOf(argValue(args, 0, "padding"), rank, 1));
      break;
    case "cropping":
      setIf(config, "cropping", amountsOf(argValue(args, 0, "cropping"), rank, 0));
      break;
    case "upsampling":
      setIf(config, "size", expand(argValue(args, 0, "size", "length"), rank) ?? (getArg(args, 0, "size", "length") ? undefined : new Array<number>(rank).fill(2)));
      break;
    case "preprocessing":
      if (kind === "rescaling") {
        setIf(config, "scale", asNumber(argValue(args, 0, "scale")));
        setIf(config, "offset", asNumber(argValue(args, 1, "offset")) ?? 0);
      }
      break;
    default:
      if (kind === "timeDistributed") applyWrapped(config, layer, argValue(args, 0, "layer"));
      break;
  }

  // Common arguments.
  const useBias = argValue(args, undefined, "use_bias", "bias");
  if (useBias !== undefined) setIf(config, "useBias", asBool(useBias));
  else if (spec.learns && (spec.category === "dense" || spec.category === "conv")) config.useBias = true;

  const activationArg = getArg(args, spec.category === "dense" ? (keras0Dense ? 3 : 1) : kind === "activation" ? 0 : undefined, "activation");
  if (activationArg) {
    const activation = activationFromValue(activationArg.value);
    if (activation) layer.activation = activation;
    if (activationArg.node) layer.activationSpan = state.span(activationArg.node);
  } else if (!args.opaqueSplat && layer.activation === undefined) {
    const fallback = defaultActivation(kind);
    if (fallback) layer.activation = fallback;
  }

  if (spec.learns && kind !== "bidirectional" && kind !== "timeDistributed") {
    const kernelInit = getArg(args, undefined, "kernel_initializer", "init", "embeddings_initializer", "depthwise_initializer");
    if (kernelInit) {
      const init = initializerFromValue(kernelInit.value, kernelInit.node ? state.span(kernelInit.node) : undefined);
      if (init) layer.kernelInitializer = init;
    } else if (spec.category === "dense" || spec.category === "conv" || spec.category === "recurrent") {
      layer.kernelInitializer = { kind: "glorot_uniform", frameworkName: "glorot_uniform" };
    }
    const biasInit = getArg(args, undefined, "bias_initializer");
    if (biasInit) {
      const init = initializerFromValue(biasInit.value, biasInit.node ? state.span(biasInit.node) : undefined);
      if (init) layer.biasInitializer = init;
    } else if ((spec.category === "dense" || spec.category === "conv" || spec.category === "recurrent") && config.useBias !== false) {
      layer.biasInitializer = { kind: "zeros", frameworkName: "zeros" };
    }
  }
  for (const [field, names] of [
    ["kernelRegularizer", ["kernel_regularizer", "W_regularizer"]],
    ["biasRegularizer", ["bias_regularizer", "b_regularizer"]],
    ["activityRegularizer", ["activity_regularizer"]],
  ] as const) {
    const reg = getArg(args, undefined, ...names);
    if (!reg) continue;
    const spec = regularizerFromValue(reg.value, reg.node ? state.span(reg.node) : undefined);
    if (spec) layer[field] = spec;
  }
  const trainable = asBool(argValue(args, undefined, "trainable"));
  if (trainable !== undefined) layer.trainable = trainable;

  const declared = declaredShapeOf(args, kind);
  if (declared) layer.declaredInputShape = declared;

  const extra = constantKeywords(args, TYPED_KEYWORDS);
  if (extra) config.extra = { ...(config.extra ?? {}), ...extra };

  const explicitName = asString(argValue(args, undefined, "name"));
  layer.name = explicitName ?? state.autoLayerName(autoNameClass(kind, className));

  // Spatial layers created after `set_image_data_format` default to it.
  if (state.imageDataFormat && spec.spatialRank !== undefined && config.dataFormat === undefined && !args.opaqueSplat) {
    config.dataFormat = state.imageDataFormat;
  }
  return layer;
}

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
const PARAMETER_KINDS: { names: string[]; parameter: string; expected: ArgumentKind; wrong: ArgumentKind[] }[] = [
  ...(["kernel", "bias", "activity"] as const).map((p) => ({
    names: [`${p}_regularizer`, ...(p === "kernel" ? ["W_regularizer"] : p === "bias" ? ["b_regularizer"] : [])],
    parameter: `${p}_regularizer`,
    expected: "regularizer" as const,
    wrong: ["constraint", "initializer", "activation", "optimizer", "loss", "layer"] as ArgumentKind[],
  })),
  ...(["kernel", "bias"] as const).map((p) => ({
    names: [`${p}_initializer`, ...(p === "kernel" ? ["init"] : [])],
    parameter: `${p}_initializer`,
    expected: "initializer" as const,
    wrong: ["constraint", "regularizer", "activation", "optimizer", "loss"] as ArgumentKind[],
  })),
  ...(["kernel", "bias"] as const).map((p) => ({
    names: [`${p}_constraint`, ...(p === "kernel" ? ["W_constraint"] : ["b_constraint"])],
    parameter: `${p}_constraint`,
    expected: "constraint" as const,
    wrong: ["regularizer", "initializer", "activation", "optimizer", "loss"] as ArgumentKind[],
  })),
  { names: ["activation"], parameter: "activation", expected: "activation", wrong: ["initializer", "regularizer", "constraint", "optimizer", "loss"] },
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

function checkArgumentKinds(className: string, args: CallArgs, state: ExtractionState): void {
  for (const { names, parameter, expected, wrong } of PARAMETER_KINDS) {
    const arg = getArg(args, undefined, ...names);
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
  config.extra = { ...(config.extra ?? {}), layer: inner.kind };
  if (inner.activation) layer.activation = inner.activation;
  if (inner.kernelInitializer) layer.kernelInitializer = inner.kernelInitializer;
  if (inner.declaredInputShape && !layer.declaredInputShape) layer.declaredInputShape = inner.declaredInputShape;
}

/** `input_shape=` (prefixed with a null batch), `batch_input_shape=`, Keras 1 `input_dim=`/`input_length=`. */
export function declaredShapeOf(args: CallArgs, kind: LayerKind): Shape | undefined {
  const batchShape = asShape(argValue(args, undefined, "batch_input_shape", "batch_shape"));
  if (batchShape) return batchShape;
  const inputShape = asShape(argValue(args, undefined, "input_shape"));
  const batchSize = asInt(argValue(args, undefined, "batch_size"));
  if (inputShape) return [batchSize ?? null, ...inputShape];
  const inputDimArg = argValue(args, undefined, "input_dim");
  const inputDim = asInt(inputDimArg);
  const inputLength = asInt(argValue(args, undefined, "input_length"));
  if (kind === "embedding") return inputLength !== undefined ? [null, inputLength] : undefined;
  // `input_dim=` fixes the rank even when its value is unknown (`input_dim=X.shape[1]` of unknown X).
  if (inputDimArg !== undefined) {
    if (LAYER_KINDS[kind].category === "recurrent" || LAYER_KINDS[kind].category === "conv") return [null, inputLength ?? null, inputDim ?? null];
    return [null, inputDim ?? null];
  }
  return undefined;
}
