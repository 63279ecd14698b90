/**
 * One ProgramModel layer → the TF.js layer(s) of its twin. Structural facts (units, filters, kernel sizes,
 * activations) must be known: a layer whose structure is unknown is not built, since a twin built on a
 * guess would report faults of the guess. Hyperparameters that are unknown (initialisers, rates,
 * epsilons) take Keras's defaults, and each such choice is stated. What TF.js cannot express exactly is
 * built as close as it can and the difference is stated too.
 */
import * as tf from "@tensorflow/tfjs";
import type { Layer, LayerConfig } from "../../model/program.js";
import { LAYER_KINDS, type ActivationKind, type LayerKind } from "../../model/vocabulary.js";
import {
  EmbeddingLayer,
  activationFunctionLayer,
  croppingLayer,
  globalPoolingLayer,
  standardizationLayer,
  subtractLayer,
  upSamplingLayer,
  zeroPaddingLayer,
} from "./custom-layers.js";
import { gruResetAfter } from "../../model/shapes/param-count.js";
import { ResetAfterGru, resetAfterBidirectional } from "./gru-reset-after.js";
import type { Random } from "./random.js";
import { tfjsActivation, tfjsConstraint, tfjsInitializer, tfjsRegularizer, type ParameterRole, type TfActivation, type TfInitializer } from "./tfjs-vocabulary.js";

export type TfLayer = tf.layers.Layer;

/** How a program's layer is materialised. */
export type LayerPlan =
  /** TF.js layers applied in a chain, the first one to the layer's inputs. */
  | { status: "built"; layers: TfLayer[]; notes: string[] }
  /** Replaced by its (single) input: the layer keeps the shape and its computation does not matter here. */
  | { status: "passthrough"; reason: string }
  | { status: "unsupported"; reason: string };

export interface LayerBuildContext {
  random: Random;
  /** The twin's layer name (unique in the model). */
  name: string;
  /** The image ordering that applies when the layer does not say (the program's, else channels last). */
  dataFormat: "channels_last" | "channels_first" | "unknown" | undefined;
}

class Unsupported extends Error {}

function unsupported(reason: string): never {
  throw new Unsupported(reason);
}

/** Plans the twin of one layer; never throws. */
export function planLayer(layer: Layer, context: LayerBuildContext): LayerPlan {
  try {
    return new LayerPlanner(layer, context).plan();
  } catch (error) {
    if (error instanceof Unsupported) return { status: "unsupported", reason: error.message };
    return { status: "unsupported", reason: `TF.js rejected it: ${error instanceof Error ? error.message : String(error)}` };
  }
}

type Args = Record<string, unknown>;

function known<T>(value: T | undefined, what: string): T {
  if (value === undefined) unsupported(`its ${what} is not known`);
  return value;
}

function spatial(values: number[] | undefined, rank: number, what: string): number[] {
  const list = known(values, what);
  if (list.length === rank) return list;
  if (list.length === 1) return Array.from({ length: rank }, () => list[0]!);
  return unsupported(`its ${what} has ${list.length} values for ${rank} spatial dimensions`);
}

function numberIn(extra: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = extra?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

class LayerPlanner {
  private readonly notes: string[] = [];
  private readonly extraLayers: TfLayer[] = [];

  constructor(
    private readonly layer: Layer,
    private readonly context: LayerBuildContext,
  ) {}

  plan(): LayerPlan {
    const made = this.make(this.layer.kind, this.layer.config);
    if ("status" in made) return made;
    return { status: "built", layers: [made, ...this.extraLayers], notes: this.notes };
  }

  private note(text: string | undefined): void {
    if (text !== undefined && !this.notes.includes(text)) this.notes.push(text);
  }

  // ---------------------------------------------------------------------------------------- shared args

  private base(name = this.context.name): Args {
    const args: Args = { name };
    if (this.layer.trainable === false) args["trainable"] = false;
    return args;
  }

  /**
   * A seeded initialiser for a parameter. The front end records the kernel and bias initialisers (defaults
   * included) and an Embedding's as its kernel's; recurrent kernels always take Keras's default here.
   */
  private init(role: ParameterRole): TfInitializer {
    const spec = role === "bias" ? this.layer.biasInitializer : role === "kernel" || role === "embeddings" ? this.layer.kernelInitializer : undefined;
    const resolved = tfjsInitializer(spec, role, this.context.random);
    if (role === "kernel" || role === "bias" || spec !== undefined) this.note(resolved.assumption);
    return resolved.initializer;
  }

  private regularizersAndConstraints(): Args {
    const args: Args = {};
    const pairs = [
      ["kernelRegularizer", this.layer.kernelRegularizer],
      ["biasRegularizer", this.layer.biasRegularizer],
      ["activityRegularizer", this.layer.activityRegularizer],
    ] as const;
    for (const [key, spec] of pairs) {
      const { regularizer, assumption } = tfjsRegularizer(spec);
      if (regularizer) args[key] = regularizer;
      this.note(assumption);
    }
    for (const [key, spec] of [["kernelConstraint", this.layer.kernelConstraint], ["biasConstraint", this.layer.biasConstraint]] as const) {
      const { constraint, assumption } = tfjsConstraint(spec);
      if (constraint) args[key] = constraint;
      this.note(assumption);
    }
    return args;
  }

  /** The layer's activation as a TF.js identifier; activations TF.js lacks become an extra layer after it. */
  private activation(kind: ActivationKind | undefined = this.layer.activation, fallback?: ActivationKind): TfActivation {
    const activation = kind ?? fallback;
    if (activation === undefined) unsupported("its activation is not known");
    const identifier = tfjsActivation(activation);
    if (identifier !== undefined) return identifier;
    this.extraLayers.push(this.activationLayer(activation, `${this.context.name}_${activation}`));
    return "linear";
  }

  private activationLayer(kind: ActivationKind, name: string): TfLayer {
    switch (kind) {
      case "leaky_relu":
        // The activation function's slope (tf.nn.leaky_relu, keras.activations.leaky_relu): 0.2.
        return tf.layers.leakyReLU({ name, alpha: 0.2 });
      case "prelu":
        return tf.layers.prelu({ name });
      case "thresholded_relu":
        return tf.layers.thresholdedReLU({ name, theta: 1 });
      case "exponential":
        return activationFunctionLayer(name, (x) => tf.exp(x));
      case "log_softmax":
        return activationFunctionLayer(name, (x) => tf.logSoftmax(x));
      default: {
        const identifier = tfjsActivation(kind);
        if (identifier === undefined) return unsupported(`TF.js has no ${kind} activation`);
        return tf.layers.activation({ name, activation: identifier });
      }
    }
  }

  private useBias(config: LayerConfig): boolean {
    return config.useBias ?? true;
  }

  private dataFormat(config: LayerConfig): "channelsLast" | "channelsFirst" {
    const format = config.dataFormat ?? this.context.dataFormat;
    if (format === "unknown") this.note("image ordering set outside the program: channels last assumed");
    return format === "channels_first" ? "channelsFirst" : "channelsLast";
  }

  private padding(config: LayerConfig, causalAllowed = false): "valid" | "same" | "causal" {
    const padding = config.padding ?? "valid";
    if (padding === "causal" && !causalAllowed) unsupported("causal padding is only defined for 1-D convolutions");
    return padding;
  }

  private rate(config: LayerConfig): number {
    if (config.rate !== undefined) return config.rate;
    this.note("dropout rate not known: 0.5");
    return 0.5;
  }

  // -------------------------------------------------------------------------------------------- kinds

  private make(kind: LayerKind, config: LayerConfig): TfLayer | LayerPlan {
    const category = LAYER_KINDS[kind].category;
    switch (kind) {
      case "input":
        return unsupported("an input layer is the twin's input, not a layer");
      case "dense":
        return tf.layers.dense({
          ...this.base(),
          units: known(config.units, "number of units"),
          activation: this.activation(),
          useBias: this.useBias(config),
          kernelInitializer: this.init("kernel"),
          biasInitializer: this.init("bias"),
          ...this.regularizersAndConstraints(),
        } as Parameters<typeof tf.layers.dense>[0]);
      case "conv1d":
      case "conv2d":
      case "conv3d":
      case "conv2dTranspose":
      case "separableConv2d":
      case "depthwiseConv2d":
        return this.convolution(kind, config);
      case "maxPooling1d":
      case "maxPooling2d":
      case "maxPooling3d":
      case "averagePooling1d":
      case "averagePooling2d":
      case "averagePooling3d":
        return this.pooling(kind, config);
      case "globalMaxPooling1d":
      case "globalMaxPooling2d":
      case "globalMaxPooling3d":
      case "globalAveragePooling1d":
      case "globalAveragePooling2d":
      case "globalAveragePooling3d":
        return this.globalPooling(kind, config);
      case "flatten":
        return tf.layers.flatten(this.base() as Parameters<typeof tf.layers.flatten>[0]);
      case "reshape":
        return tf.layers.reshape({ ...this.base(), targetShape: this.reshapeTarget(config) } as Parameters<typeof tf.layers.reshape>[0]);
      case "permute":
        return tf.layers.permute({ ...this.base(), dims: known(config.dims, "permutation") } as Parameters<typeof tf.layers.permute>[0]);
      case "repeatVector":
        return tf.layers.repeatVector({ ...this.base(), n: known(config.n, "repeat count") } as Parameters<typeof tf.layers.repeatVector>[0]);
      case "dropout":
        return tf.layers.dropout({ ...this.base(), rate: this.rate(config) } as Parameters<typeof tf.layers.dropout>[0]);
      case "spatialDropout": {
        const rank = this.inputRank();
        if (rank === 3) return tf.layers.spatialDropout1d({ ...this.base(), rate: this.rate(config) } as Parameters<typeof tf.layers.spatialDropout1d>[0]);
        this.note("spatial dropout of feature maps simulated as plain dropout (TF.js has SpatialDropout1D only)");
        return tf.layers.dropout({ ...this.base(), rate: this.rate(config) } as Parameters<typeof tf.layers.dropout>[0]);
      }
      case "gaussianNoise":
        if (config.stddev !== undefined) return tf.layers.gaussianNoise({ ...this.base(), stddev: config.stddev } as Parameters<typeof tf.layers.gaussianNoise>[0]);
        return tf.layers.gaussianDropout({ ...this.base(), rate: this.rate(config) } as Parameters<typeof tf.layers.gaussianDropout>[0]);
      case "batchNormalization":
        return tf.layers.batchNormalization({
          ...this.base(),
          axis: config.axis ?? -1,
          center: config.center ?? true,
          scale: config.normScale ?? true,
          momentum: numberIn(config.extra, "momentum") ?? 0.99,
          epsilon: numberIn(config.extra, "epsilon") ?? 1e-3,
        } as Parameters<typeof tf.layers.batchNormalization>[0]);
      case "layerNormalization":
        return tf.layers.layerNormalization({
          ...this.base(),
          axis: config.axis ?? -1,
          center: config.center ?? true,
          scale: config.normScale ?? true,
          epsilon: numberIn(config.extra, "epsilon") ?? 1e-3,
        } as Parameters<typeof tf.layers.layerNormalization>[0]);
      case "activation":
        return this.activationLayer(known(this.layer.activation, "activation"), this.context.name);
      case "relu":
        return tf.layers.reLU({ ...this.base(), ...(config.maxValue !== undefined ? { maxValue: config.maxValue } : {}) } as Parameters<typeof tf.layers.reLU>[0]);
      case "leakyRelu":
        return tf.layers.leakyReLU({ ...this.base(), alpha: config.alpha ?? 0.3 } as Parameters<typeof tf.layers.leakyReLU>[0]);
      case "prelu":
        return tf.layers.prelu({ ...this.base(), ...(config.sharedAxes ? { sharedAxes: config.sharedAxes } : {}) } as Parameters<typeof tf.layers.prelu>[0]);
      case "elu":
        return tf.layers.elu({ ...this.base(), alpha: config.alpha ?? 1 } as Parameters<typeof tf.layers.elu>[0]);
      case "thresholdedRelu":
        return tf.layers.thresholdedReLU({ ...this.base(), theta: numberIn(config.extra, "theta") ?? 1 } as Parameters<typeof tf.layers.thresholdedReLU>[0]);
      case "softmax":
        return tf.layers.softmax({ ...this.base(), axis: config.axis ?? -1 } as Parameters<typeof tf.layers.softmax>[0]);
      case "embedding": {
        const { regularizer, assumption } = tfjsRegularizer(this.layer.kernelRegularizer);
        this.note(assumption);
        return new EmbeddingLayer({
          name: this.context.name,
          inputDim: known(config.inputDim, "vocabulary size"),
          outputDim: known(config.outputDim, "vector size"),
          initializer: this.init("embeddings"),
          ...(regularizer ? { regularizer } : {}),
        });
      }
      case "simpleRnn":
      case "lstm":
      case "gru":
        return this.recurrent(kind, config, this.context.name);
      case "convLstm2d":
        return this.convLstm(config);
      case "bidirectional":
        return this.bidirectional(config);
      case "timeDistributed":
        return this.timeDistributed(config);
      case "concatenate":
        return tf.layers.concatenate({ ...this.base(), axis: config.axis ?? -1 } as Parameters<typeof tf.layers.concatenate>[0]);
      case "add":
        return tf.layers.add(this.base() as Parameters<typeof tf.layers.add>[0]);
      case "subtract":
        return subtractLayer(this.context.name);
      case "multiply":
        return tf.layers.multiply(this.base() as Parameters<typeof tf.layers.multiply>[0]);
      case "average":
        return tf.layers.average(this.base() as Parameters<typeof tf.layers.average>[0]);
      case "maximum":
        return tf.layers.maximum(this.base() as Parameters<typeof tf.layers.maximum>[0]);
      case "minimum":
        return tf.layers.minimum(this.base() as Parameters<typeof tf.layers.minimum>[0]);
      case "dot": {
        const axes = known(config.dotAxes, "axes");
        return tf.layers.dot({ ...this.base(), axes: axes.length === 1 ? axes[0]! : [axes[0]!, axes[1]!], normalize: config.extra?.["normalize"] === true } as Parameters<typeof tf.layers.dot>[0]);
      }
      case "zeroPadding1d":
      case "zeroPadding2d":
      case "zeroPadding3d":
      case "cropping1d":
      case "cropping2d":
      case "cropping3d":
      case "upSampling1d":
      case "upSampling2d":
      case "upSampling3d":
        return this.spatialResize(kind, config);
      case "rescaling":
        return tf.layers.rescaling({ ...this.base(), scale: known(config.scale, "scale"), offset: config.offset ?? 0 } as Parameters<typeof tf.layers.rescaling>[0]);
      case "normalization":
        this.note("Normalization simulated as standardisation with each batch's statistics (what adapting it to the data gives)");
        return standardizationLayer(this.context.name);
      case "randomAugmentation":
        return { status: "passthrough", reason: "random augmentation is not simulated (it keeps the shape)" };
      case "lambda":
      case "unknown":
        return this.opaque(kind);
      default:
        return unsupported(`no TF.js twin for a ${category} layer of kind ${kind}`);
    }
  }

  private inputRank(): number | undefined {
    return this.layer.inputShapes?.[0]?.length;
  }

  private reshapeTarget(config: LayerConfig): number[] {
    if (config.targetShape !== undefined) return config.targetShape;
    const out = this.layer.outputShape;
    if (out !== undefined && out.slice(1).every((d) => d !== null)) return out.slice(1) as number[];
    return unsupported("its target shape is not known");
  }

  private convolution(kind: LayerKind, config: LayerConfig): TfLayer {
    const rank = LAYER_KINDS[kind].spatialRank ?? 2;
    const kernelSize = spatial(config.kernelSize, rank, "kernel size");
    const strides = config.strides ? spatial(config.strides, rank, "strides") : kernelSize.map(() => 1);
    const dilationRate = config.dilationRate ? spatial(config.dilationRate, rank, "dilation rate") : kernelSize.map(() => 1);
    const shared: Args = {
      ...this.base(),
      kernelSize: rank === 1 ? kernelSize[0] : kernelSize,
      strides: rank === 1 ? strides[0] : strides,
      padding: this.padding(config, kind === "conv1d"),
      dataFormat: this.dataFormat(config),
      activation: this.activation(),
      useBias: this.useBias(config),
      biasInitializer: this.init("bias"),
      ...this.regularizersAndConstraints(),
    };
    if (dilationRate.some((d) => d !== 1)) shared["dilationRate"] = rank === 1 ? dilationRate[0] : dilationRate;
    switch (kind) {
      case "conv1d":
        return tf.layers.conv1d({ ...shared, filters: known(config.filters, "number of filters"), kernelInitializer: this.init("kernel") } as Parameters<typeof tf.layers.conv1d>[0]);
      case "conv3d":
        return tf.layers.conv3d({ ...shared, filters: known(config.filters, "number of filters"), kernelInitializer: this.init("kernel") } as Parameters<typeof tf.layers.conv3d>[0]);
      case "conv2dTranspose":
        if (config.outputPadding !== undefined && config.outputPadding.some((p) => p !== 0)) unsupported("TF.js transposed convolutions have no output padding");
        return tf.layers.conv2dTranspose({ ...shared, filters: known(config.filters, "number of filters"), kernelInitializer: this.init("kernel") } as Parameters<typeof tf.layers.conv2dTranspose>[0]);
      case "separableConv2d":
        return tf.layers.separableConv2d({
          ...shared,
          filters: known(config.filters, "number of filters"),
          depthMultiplier: config.depthMultiplier ?? 1,
          depthwiseInitializer: this.init("kernel"),
          pointwiseInitializer: this.init("kernel"),
        } as Parameters<typeof tf.layers.separableConv2d>[0]);
      case "depthwiseConv2d":
        return tf.layers.depthwiseConv2d({ ...shared, depthMultiplier: config.depthMultiplier ?? 1, depthwiseInitializer: this.init("kernel") } as Parameters<typeof tf.layers.depthwiseConv2d>[0]);
      default:
        return tf.layers.conv2d({ ...shared, filters: known(config.filters, "number of filters"), kernelInitializer: this.init("kernel") } as Parameters<typeof tf.layers.conv2d>[0]);
    }
  }

  private pooling(kind: LayerKind, config: LayerConfig): TfLayer {
    const spec = LAYER_KINDS[kind];
    const rank = spec.spatialRank ?? 2;
    const poolSize = config.poolSize ? spatial(config.poolSize, rank, "pool size") : Array.from({ length: rank }, () => 2);
    const strides = config.strides ? spatial(config.strides, rank, "strides") : poolSize;
    const args: Args = {
      ...this.base(),
      poolSize: rank === 1 ? poolSize[0] : poolSize,
      strides: rank === 1 ? strides[0] : strides,
      padding: this.padding(config),
    };
    if (rank > 1) args["dataFormat"] = this.dataFormat(config);
    const max = spec.pooling === "max";
    if (rank === 1) return max ? tf.layers.maxPooling1d(args as Parameters<typeof tf.layers.maxPooling1d>[0]) : tf.layers.averagePooling1d(args as Parameters<typeof tf.layers.averagePooling1d>[0]);
    if (rank === 3) return max ? tf.layers.maxPooling3d(args as Parameters<typeof tf.layers.maxPooling3d>[0]) : tf.layers.averagePooling3d(args as Parameters<typeof tf.layers.averagePooling3d>[0]);
    return max ? tf.layers.maxPooling2d(args as Parameters<typeof tf.layers.maxPooling2d>[0]) : tf.layers.averagePooling2d(args as Parameters<typeof tf.layers.averagePooling2d>[0]);
  }

  private globalPooling(kind: LayerKind, config: LayerConfig): TfLayer {
    const spec = LAYER_KINDS[kind];
    const rank = spec.spatialRank ?? 2;
    const max = spec.pooling === "max";
    const format = this.dataFormat(config);
    if (rank === 3 || config.keepDims === true) {
      if (format === "channelsFirst") unsupported("channels-first 3-D or kept-dimension global pooling has no TF.js twin");
      const className = `Global${max ? "Max" : "Average"}Pooling${rank}D`;
      return globalPoolingLayer(this.context.name, max ? "max" : "average", config.keepDims === true, className);
    }
    const args = { ...this.base(), ...(rank === 2 ? { dataFormat: format } : {}) };
    if (rank === 1) return max ? tf.layers.globalMaxPooling1d(args as Parameters<typeof tf.layers.globalMaxPooling1d>[0]) : tf.layers.globalAveragePooling1d(args as Parameters<typeof tf.layers.globalAveragePooling1d>[0]);
    return max ? tf.layers.globalMaxPooling2d(args as Parameters<typeof tf.layers.globalMaxPooling2d>[0]) : tf.layers.globalAveragePooling2d(args as Parameters<typeof tf.layers.globalAveragePooling2d>[0]);
  }

  private recurrentArgs(kind: LayerKind, config: LayerConfig, name: string): Args {
    if (config.returnState === true) unsupported("return_state (several outputs) is not simulated");
    const args: Args = {
      ...this.base(name),
      units: known(config.units, "number of units"),
      activation: this.activation(this.layer.activation, "tanh"),
      useBias: this.useBias(config),
      returnSequences: config.returnSequences ?? false,
      kernelInitializer: this.init("kernel"),
      recurrentInitializer: this.init("recurrent"),
      biasInitializer: this.init("bias"),
      ...this.regularizersAndConstraints(),
    };
    if (this.extraLayers.length > 0) unsupported("its activation has no TF.js equivalent inside a recurrent cell");
    if (kind !== "simpleRnn") {
      // Keras 2/3 gates use the sigmoid; TF.js defaults to the hard sigmoid.
      args["recurrentActivation"] = "sigmoid";
    }
    const dropout = numberIn(config.extra, "dropout") ?? numberIn(config.extra, "dropout_W");
    const recurrentDropout = numberIn(config.extra, "recurrent_dropout") ?? numberIn(config.extra, "dropout_U");
    if (dropout !== undefined) args["dropout"] = dropout;
    if (recurrentDropout !== undefined) args["recurrentDropout"] = recurrentDropout;
    if (config.stateful === true) this.note("a stateful recurrent layer is simulated without carrying its state across batches");
    return args;
  }

  private recurrent(kind: LayerKind, config: LayerConfig, name: string): TfLayer {
    const args = this.recurrentArgs(kind, config, name);
    if (kind === "lstm") return tf.layers.lstm(args as unknown as Parameters<typeof tf.layers.lstm>[0]);
    if (kind === "gru") {
      const gruArgs = args as unknown as Parameters<typeof tf.layers.gru>[0];
      return gruResetAfter(config) ? new ResetAfterGru(gruArgs) : tf.layers.gru(gruArgs);
    }
    return tf.layers.simpleRNN(args as unknown as Parameters<typeof tf.layers.simpleRNN>[0]);
  }

  private convLstm(config: LayerConfig): TfLayer {
    const kernelSize = spatial(config.kernelSize, 2, "kernel size");
    if (config.returnState === true) unsupported("return_state (several outputs) is not simulated");
    return tf.layers.convLstm2d({
      ...this.base(),
      filters: known(config.filters, "number of filters"),
      kernelSize,
      strides: config.strides ? spatial(config.strides, 2, "strides") : [1, 1],
      padding: this.padding(config),
      dataFormat: this.dataFormat(config),
      activation: this.activation(this.layer.activation, "tanh"),
      recurrentActivation: "sigmoid",
      returnSequences: config.returnSequences ?? false,
      kernelInitializer: this.init("kernel"),
      recurrentInitializer: this.init("recurrent"),
      biasInitializer: this.init("bias"),
    } as Parameters<typeof tf.layers.convLstm2d>[0]);
  }

  private bidirectional(config: LayerConfig): TfLayer {
    const wrapped = known(config.wrappedKind, "wrapped layer");
    if (wrapped !== "lstm" && wrapped !== "gru" && wrapped !== "simpleRnn") unsupported(`a bidirectional ${wrapped} has no TF.js twin`);
    if (config.mergeMode === null) unsupported("merge_mode=None (two outputs) is not simulated");
    const innerName = `${this.context.name}_${wrapped}`;
    const wrapperArgs = { ...this.base(), mergeMode: config.mergeMode ?? "concat" } as Omit<Parameters<typeof tf.layers.bidirectional>[0], "layer">;
    if (wrapped === "gru" && gruResetAfter(config)) {
      return resetAfterBidirectional(this.recurrentArgs(wrapped, config, innerName) as unknown as Parameters<typeof tf.layers.gru>[0], wrapperArgs);
    }
    const inner = this.recurrent(wrapped, config, innerName) as tf.RNN;
    return tf.layers.bidirectional({ ...wrapperArgs, layer: inner });
  }

  private timeDistributed(config: LayerConfig): TfLayer {
    const wrapped = known(config.wrappedKind, "wrapped layer");
    const innerName = `${this.context.name}_${wrapped}`;
    const inner = new LayerPlanner({ ...this.layer, kind: wrapped, config: { ...config, wrappedKind: undefined } }, { ...this.context, name: innerName }).plan();
    if (inner.status !== "built") unsupported(inner.status === "unsupported" ? inner.reason : `its wrapped ${wrapped} is not simulated`);
    if (inner.layers.length !== 1) unsupported(`its wrapped ${wrapped}'s activation has no TF.js equivalent`);
    for (const note of inner.notes) this.note(note);
    return tf.layers.timeDistributed({ ...this.base(), layer: inner.layers[0]! } as Parameters<typeof tf.layers.timeDistributed>[0]);
  }

  private spatialResize(kind: LayerKind, config: LayerConfig): TfLayer {
    const spec = LAYER_KINDS[kind];
    const rank = spec.spatialRank ?? 2;
    const format = this.dataFormat(config);
    const name = this.context.name;
    const className = (kind.charAt(0).toUpperCase() + kind.slice(1)).replace(/(\d)d$/, "$1D").replace("Upsampling", "UpSampling");
    if (spec.category === "upsampling") {
      const size = config.size ? spatial(config.size, rank, "size") : Array.from({ length: rank }, () => 2);
      if (rank === 2) {
        const interpolation = config.extra?.["interpolation"] === "bilinear" ? "bilinear" : "nearest";
        return tf.layers.upSampling2d({ ...this.base(), size, dataFormat: format, interpolation } as Parameters<typeof tf.layers.upSampling2d>[0]);
      }
      if (format === "channelsFirst") unsupported("channels-first upsampling of this rank has no TF.js twin");
      return upSamplingLayer(name, size, className);
    }
    const amounts = spec.category === "padding" ? known(config.paddingAmounts, "padding") : known(config.cropping, "cropping");
    if (amounts.length !== rank) unsupported(`its ${spec.category} has ${amounts.length} values for ${rank} spatial dimensions`);
    if (rank === 2 && spec.category === "padding") {
      return tf.layers.zeroPadding2d({ ...this.base(), padding: amounts, dataFormat: format } as Parameters<typeof tf.layers.zeroPadding2d>[0]);
    }
    if (rank === 2) return tf.layers.cropping2D({ ...this.base(), cropping: amounts, dataFormat: format } as Parameters<typeof tf.layers.cropping2D>[0]);
    if (format === "channelsFirst") unsupported(`channels-first ${spec.category} of this rank has no TF.js twin`);
    return spec.category === "padding" ? zeroPaddingLayer(name, amounts, className) : croppingLayer(name, amounts, className);
  }

  /** A layer whose computation is unknown (a Lambda, a custom class): passed through when it keeps the shape. */
  private opaque(kind: LayerKind): LayerPlan {
    const input = this.layer.inputShapes?.[0];
    const output = this.layer.outputShape;
    const what = kind === "lambda" ? "a Lambda's function" : "the layer's class";
    const sameShape =
      this.layer.inbound.length === 1 &&
      input !== undefined &&
      output !== undefined &&
      input.length === output.length &&
      input.every((d, i) => i === 0 || (d !== null && d === output[i]));
    if (sameShape) return { status: "passthrough", reason: `${what} is not known; it keeps the shape, so its input is passed on` };
    return unsupported(`${what} is not known and it changes the shape`);
  }
}
