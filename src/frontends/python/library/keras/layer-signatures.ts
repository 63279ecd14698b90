/**
 * Keras layer constructor signatures, as data: the positional parameters of each layer kind (Keras 2/3 and
 * tf.keras), the Keras 1 spellings of their keywords, and the legacy signatures a call can be recognised by
 * (`Dense(input_dim, output_dim)` of Keras 0, `Convolution2D(nb_filter, nb_row, nb_col)` of Keras 1). Adding a
 * layer is a row here plus its kind in the vocabulary.
 *
 * Positional lists stop where Keras versions disagree on the order (e.g. `Conv1D` took `dilation_rate` fifth in
 * Keras 2.0 and `data_format` fifth later): an argument passed there has no known meaning and binds to nothing.
 */
import { LAYER_KINDS, type LayerCategory, type LayerKind } from "../../../../model/vocabulary.js";
import type { CallArgs } from "../../state.js";
import { asInt } from "../../values.js";
import { signature, withAliases, type Signature } from "../signature.js";

/** Keras 1 keyword spellings shared by every layer with weights. */
const KERAS1_WEIGHTS = {
  init: "kernel_initializer",
  W_regularizer: "kernel_regularizer",
  b_regularizer: "bias_regularizer",
  W_constraint: "kernel_constraint",
  b_constraint: "bias_constraint",
  bias: "use_bias",
};

const KERAS1_CONV = {
  ...KERAS1_WEIGHTS,
  nb_filter: "filters",
  filter_length: "kernel_size",
  subsample: "strides",
  subsample_length: "strides",
  border_mode: "padding",
  dim_ordering: "data_format",
  atrous_rate: "dilation_rate",
  depthwise_initializer: "kernel_initializer",
};

const KERAS1_POOL = { pool_length: "pool_size", stride: "strides", border_mode: "padding", dim_ordering: "data_format" };

const WEIGHTS = "use_bias=True";

/** Signatures shared by every kind of a category. */
const BY_CATEGORY: Partial<Record<LayerCategory, Signature>> = {
  dense: signature(
    "units activation=None use_bias=True kernel_initializer bias_initializer kernel_regularizer bias_regularizer activity_regularizer kernel_constraint bias_constraint",
    { ...KERAS1_WEIGHTS, output_dim: "units" },
  ),
  conv: signature(`filters kernel_size strides=1 padding='valid' * dilation_rate=1 depth_multiplier=1 activation=None ${WEIGHTS}`, KERAS1_CONV),
  pool: signature("pool_size=2 strides=None padding='valid' data_format", KERAS1_POOL),
  "global-pool": signature("data_format", { dim_ordering: "data_format" }),
  flatten: signature("data_format", { dim_ordering: "data_format" }),
  dropout: signature("rate", { p: "rate" }),
  normalization: signature("axis=-1"),
  embedding: signature("input_dim output_dim", { ...KERAS1_WEIGHTS, embeddings_initializer: "kernel_initializer" }),
  recurrent: signature(`units activation='tanh' * return_sequences=False return_state=False ${WEIGHTS}`, { ...KERAS1_WEIGHTS, output_dim: "units" }),
  padding: signature("padding=1"),
  cropping: signature("cropping=0"),
  upsampling: signature("size=2", { length: "size" }),
};

/** Kinds whose signature differs from their category's. */
const BY_KIND: Partial<Record<LayerKind, Signature>> = {
  depthwiseConv2d: signature(`kernel_size strides=1 padding='valid' depth_multiplier=1 * dilation_rate=1 activation=None ${WEIGHTS}`, KERAS1_CONV),
  convLstm2d: signature(`filters kernel_size strides=1 padding='valid' * dilation_rate=1 activation='tanh' return_sequences=False return_state=False ${WEIGHTS}`, KERAS1_CONV),
  bidirectional: signature("layer merge_mode='concat'"),
  timeDistributed: signature("layer"),
  reshape: signature("target_shape"),
  permute: signature("dims"),
  repeatVector: signature("n"),
  activation: signature("activation"),
  relu: signature("max_value negative_slope threshold"),
  leakyRelu: signature("alpha=0.3", { negative_slope: "alpha" }),
  elu: signature("alpha=1.0"),
  thresholdedRelu: signature("theta"),
  softmax: signature("axis=-1"),
  prelu: signature("alpha_initializer"),
  concatenate: signature("axis=-1"),
  dot: signature("axes normalize"),
  rescaling: signature("scale offset=0.0"),
  normalization: signature("axis=-1 mean variance"),
  input: signature("shape batch_size"),
  lambda: signature("function output_shape"),
};

/** `GaussianNoise(stddev)`; its siblings `GaussianDropout`/`AlphaDropout` take a rate. */
const GAUSSIAN_NOISE = signature("stddev");

/** Keras 1 `BatchNormalization(epsilon=1e-3, mode=0, axis=-1, ...)`. */
const KERAS1_BATCH_NORM = signature("epsilon mode axis=-1");

/** Keras 0 `Dense(input_dim, output_dim, init, activation)`. */
const KERAS0_DENSE = signature(`input_dim units kernel_initializer activation=None * ${WEIGHTS}`, KERAS1_WEIGHTS);

/** Keras 0 `LSTM(input_dim, output_dim, ...)`: the second number is the units. */
const KERAS0_RECURRENT = signature(`input_dim units * activation='tanh' return_sequences=False return_state=False ${WEIGHTS}`, { ...KERAS1_WEIGHTS, output_dim: "units" });

/** Keras 1 convolutions: `Convolution2D(nb_filter, nb_row, nb_col, ...)`; the kernel dims are joined into `kernel_size`. */
const KERAS1_CONV_TAIL = `* strides=1 padding='valid' dilation_rate=1 activation=None ${WEIGHTS}`;
const KERAS1_CONV_BY_RANK: Record<number, Signature> = {
  2: signature(`filters nb_row nb_col ${KERAS1_CONV_TAIL}`, KERAS1_CONV),
  3: signature(`filters kernel_dim1 kernel_dim2 kernel_dim3 ${KERAS1_CONV_TAIL}`, KERAS1_CONV),
};

/** Which of a layer class's signatures a call uses. */
export type SignatureVariant = "current" | "keras0-dense" | "keras0-recurrent" | "keras1-conv" | "keras1-batchnorm";

/**
 * The variant of a call: Keras 0 wrote `Dense(input_dim, output_dim)` (from Keras 1 on, the second positional
 * argument is never a number); standalone Keras 2 converted Keras 1 `Convolution2D(32, 3, 3)` calls (tf.keras
 * reads the third argument as strides); a `mode=` keyword marks Keras 1 batch normalisation.
 */
/**
 * Whether a convolution call reads differently across Keras versions: `Convolution2D(32, 3, 5)` from
 * standalone Keras is a 3×5 kernel in Keras 1 and 2.0–2.3 (which converted such calls) but kernel 3, strides 5
 * from Keras 2.4 on. Which Keras runs the program is known only when its other spellings are Keras 1's.
 */
export function versionDependentKernel(kind: LayerKind, args: CallArgs, tfKeras: boolean): [number, number] | undefined {
  if (tfKeras || kind !== "conv2d" || args.positional.length !== 3) return undefined;
  if (args.keywords.has("nb_row") || args.keywords.has("strides") || args.keywords.has("kernel_size")) return undefined;
  const [rows, cols] = [asInt(args.positional[1]), asInt(args.positional[2])];
  return asInt(args.positional[0]) !== undefined && rows !== undefined && cols !== undefined ? [rows, cols] : undefined;
}

export function signatureVariant(kind: LayerKind, className: string, args: CallArgs, tfKeras: boolean): SignatureVariant {
  const spec = LAYER_KINDS[kind];
  if (spec.category === "dense" && asInt(args.positional[1]) !== undefined) return "keras0-dense";
  if ((kind === "simpleRnn" || kind === "lstm" || kind === "gru") && asInt(args.positional[1]) !== undefined) return "keras0-recurrent";
  if (kind === "batchNormalization" && args.keywords.has("mode")) return "keras1-batchnorm";
  const rank = spec.spatialRank ?? 1;
  if (/^Convolution[123]D$|^AtrousConvolution/.test(className) && rank >= 2) {
    if (args.keywords.has("nb_row")) return "keras1-conv";
    const legacyPositional = args.positional.length >= 3 && asInt(args.positional[1]) !== undefined && asInt(args.positional[2]) !== undefined;
    if (!tfKeras && legacyPositional) return "keras1-conv";
  }
  return "current";
}

/** The signature a Keras layer constructor call binds to. */
export function kerasLayerSignature(kind: LayerKind, className: string, variant: SignatureVariant): Signature {
  const spec = LAYER_KINDS[kind];
  switch (variant) {
    case "keras0-dense":
      return KERAS0_DENSE;
    case "keras0-recurrent":
      return KERAS0_RECURRENT;
    case "keras1-batchnorm":
      return KERAS1_BATCH_NORM;
    case "keras1-conv":
      return KERAS1_CONV_BY_RANK[spec.spatialRank ?? 2] ?? KERAS1_CONV_BY_RANK[2]!;
    case "current":
      break;
  }
  if (kind === "gaussianNoise" && className === "GaussianNoise") return GAUSSIAN_NOISE;
  return BY_KIND[kind] ?? BY_CATEGORY[spec.category] ?? EMPTY;
}

const EMPTY = signature("");

/** A family's Keras 1 spellings on top of another signature (TF1 layer functions share Keras's keyword names). */
export function withKerasAliases(base: Signature, kind: LayerKind): Signature {
  const category = LAYER_KINDS[kind].category;
  const aliases = category === "conv" ? KERAS1_CONV : category === "pool" ? KERAS1_POOL : KERAS1_WEIGHTS;
  return withAliases(base, aliases);
}
