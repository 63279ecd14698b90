/**
 * The canonical vocabulary: layer kinds, activations, losses, optimizers, initialisers, regularisers and
 * metrics, with each framework's spellings. Front ends map framework names here; rules only ever compare
 * canonical kinds. Keeping both sides on this one table is what prevents parser/rule string drift.
 */

// ---------------------------------------------------------------------------------------------- layers

export type LayerCategory =
  | "input"
  | "dense"
  | "conv"
  | "pool"
  | "global-pool"
  | "flatten"
  | "reshape"
  | "dropout"
  | "normalization"
  | "activation"
  | "embedding"
  | "recurrent"
  | "merge"
  | "padding"
  | "cropping"
  | "upsampling"
  | "preprocessing"
  | "other";

export interface LayerKindSpec {
  category: LayerCategory;
  /** Number of spatial/temporal dimensions for conv/pool/padding/upsampling kinds. */
  spatialRank?: number;
  /** Whether the layer has trainable weights (a "learning layer"). */
  learns: boolean;
  /** Pooling flavour. */
  pooling?: "max" | "average";
  /** For advanced-activation layers: the activation they apply. */
  activation?: ActivationKind;
  /** Framework spellings (Keras class names incl. Keras 1 aliases, TF1 function names, TF.js factory names). */
  names: { keras: string[]; tf1?: string[]; tfjs?: string[] };
}

const layerKinds = {
  input: { category: "input", learns: false, names: { keras: ["Input", "InputLayer"], tfjs: ["input", "inputLayer"] } },
  dense: { category: "dense", learns: true, names: { keras: ["Dense"], tf1: ["dense"], tfjs: ["dense"] } },
  conv1d: { category: "conv", spatialRank: 1, learns: true, names: { keras: ["Conv1D", "Convolution1D"], tf1: ["conv1d"], tfjs: ["conv1d"] } },
  conv2d: { category: "conv", spatialRank: 2, learns: true, names: { keras: ["Conv2D", "Convolution2D"], tf1: ["conv2d"], tfjs: ["conv2d"] } },
  conv3d: { category: "conv", spatialRank: 3, learns: true, names: { keras: ["Conv3D", "Convolution3D"], tf1: ["conv3d"], tfjs: ["conv3d"] } },
  conv2dTranspose: { category: "conv", spatialRank: 2, learns: true, names: { keras: ["Conv2DTranspose", "Convolution2DTranspose", "Deconvolution2D"], tf1: ["conv2d_transpose"], tfjs: ["conv2dTranspose"] } },
  separableConv2d: { category: "conv", spatialRank: 2, learns: true, names: { keras: ["SeparableConv2D", "SeparableConvolution2D"], tf1: ["separable_conv2d"], tfjs: ["separableConv2d"] } },
  depthwiseConv2d: { category: "conv", spatialRank: 2, learns: true, names: { keras: ["DepthwiseConv2D"], tfjs: ["depthwiseConv2d"] } },
  maxPooling1d: { category: "pool", spatialRank: 1, learns: false, pooling: "max", names: { keras: ["MaxPooling1D", "MaxPool1D"], tf1: ["max_pooling1d"], tfjs: ["maxPooling1d", "maxPool1d"] } },
  maxPooling2d: { category: "pool", spatialRank: 2, learns: false, pooling: "max", names: { keras: ["MaxPooling2D", "MaxPool2D"], tf1: ["max_pooling2d"], tfjs: ["maxPooling2d", "maxPool2d"] } },
  maxPooling3d: { category: "pool", spatialRank: 3, learns: false, pooling: "max", names: { keras: ["MaxPooling3D", "MaxPool3D"], tf1: ["max_pooling3d"], tfjs: ["maxPooling3d", "maxPool3d"] } },
  averagePooling1d: { category: "pool", spatialRank: 1, learns: false, pooling: "average", names: { keras: ["AveragePooling1D", "AvgPool1D"], tf1: ["average_pooling1d"], tfjs: ["averagePooling1d", "avgPool1d"] } },
  averagePooling2d: { category: "pool", spatialRank: 2, learns: false, pooling: "average", names: { keras: ["AveragePooling2D", "AvgPool2D"], tf1: ["average_pooling2d"], tfjs: ["averagePooling2d", "avgPool2d"] } },
  averagePooling3d: { category: "pool", spatialRank: 3, learns: false, pooling: "average", names: { keras: ["AveragePooling3D", "AvgPool3D"], tf1: ["average_pooling3d"], tfjs: ["averagePooling3d", "avgPool3d"] } },
  globalMaxPooling1d: { category: "global-pool", spatialRank: 1, learns: false, pooling: "max", names: { keras: ["GlobalMaxPooling1D", "GlobalMaxPool1D"], tfjs: ["globalMaxPooling1d", "globalMaxPool1d"] } },
  globalMaxPooling2d: { category: "global-pool", spatialRank: 2, learns: false, pooling: "max", names: { keras: ["GlobalMaxPooling2D", "GlobalMaxPool2D"], tfjs: ["globalMaxPooling2d", "globalMaxPool2d"] } },
  globalMaxPooling3d: { category: "global-pool", spatialRank: 3, learns: false, pooling: "max", names: { keras: ["GlobalMaxPooling3D", "GlobalMaxPool3D"] } },
  globalAveragePooling1d: { category: "global-pool", spatialRank: 1, learns: false, pooling: "average", names: { keras: ["GlobalAveragePooling1D", "GlobalAvgPool1D"], tfjs: ["globalAveragePooling1d", "globalAvgPool1d"] } },
  globalAveragePooling2d: { category: "global-pool", spatialRank: 2, learns: false, pooling: "average", names: { keras: ["GlobalAveragePooling2D", "GlobalAvgPool2D"], tfjs: ["globalAveragePooling2d", "globalAvgPool2d"] } },
  globalAveragePooling3d: { category: "global-pool", spatialRank: 3, learns: false, pooling: "average", names: { keras: ["GlobalAveragePooling3D", "GlobalAvgPool3D"] } },
  flatten: { category: "flatten", learns: false, names: { keras: ["Flatten"], tf1: ["flatten"], tfjs: ["flatten"] } },
  reshape: { category: "reshape", learns: false, names: { keras: ["Reshape"], tfjs: ["reshape"] } },
  permute: { category: "reshape", learns: false, names: { keras: ["Permute"], tfjs: ["permute"] } },
  repeatVector: { category: "reshape", learns: false, names: { keras: ["RepeatVector"], tfjs: ["repeatVector"] } },
  dropout: { category: "dropout", learns: false, names: { keras: ["Dropout"], tf1: ["dropout"], tfjs: ["dropout"] } },
  spatialDropout: { category: "dropout", learns: false, names: { keras: ["SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"], tfjs: ["spatialDropout1d"] } },
  gaussianNoise: { category: "dropout", learns: false, names: { keras: ["GaussianNoise", "GaussianDropout", "AlphaDropout"], tfjs: ["gaussianNoise", "gaussianDropout", "alphaDropout"] } },
  batchNormalization: { category: "normalization", learns: true, names: { keras: ["BatchNormalization", "BatchNorm"], tf1: ["batch_normalization"], tfjs: ["batchNormalization"] } },
  layerNormalization: { category: "normalization", learns: true, names: { keras: ["LayerNormalization"], tfjs: ["layerNormalization"] } },
  activation: { category: "activation", learns: false, names: { keras: ["Activation"], tfjs: ["activation"] } },
  relu: { category: "activation", learns: false, activation: "relu", names: { keras: ["ReLU"], tfjs: ["reLU"] } },
  leakyRelu: { category: "activation", learns: false, activation: "leaky_relu", names: { keras: ["LeakyReLU"], tfjs: ["leakyReLU"] } },
  prelu: { category: "activation", learns: true, activation: "prelu", names: { keras: ["PReLU"], tfjs: ["prelu"] } },
  elu: { category: "activation", learns: false, activation: "elu", names: { keras: ["ELU"], tfjs: ["elu"] } },
  thresholdedRelu: { category: "activation", learns: false, activation: "thresholded_relu", names: { keras: ["ThresholdedReLU"], tfjs: ["thresholdedReLU"] } },
  softmax: { category: "activation", learns: false, activation: "softmax", names: { keras: ["Softmax"], tfjs: ["softmax"] } },
  embedding: { category: "embedding", learns: true, names: { keras: ["Embedding"], tfjs: ["embedding"] } },
  simpleRnn: { category: "recurrent", learns: true, names: { keras: ["SimpleRNN"], tfjs: ["simpleRNN"] } },
  lstm: { category: "recurrent", learns: true, names: { keras: ["LSTM", "CuDNNLSTM"], tfjs: ["lstm"] } },
  gru: { category: "recurrent", learns: true, names: { keras: ["GRU", "CuDNNGRU"], tfjs: ["gru"] } },
  convLstm2d: { category: "recurrent", spatialRank: 2, learns: true, names: { keras: ["ConvLSTM2D"], tfjs: ["convLstm2d"] } },
  bidirectional: { category: "recurrent", learns: true, names: { keras: ["Bidirectional"], tfjs: ["bidirectional"] } },
  timeDistributed: { category: "other", learns: true, names: { keras: ["TimeDistributed"], tfjs: ["timeDistributed"] } },
  concatenate: { category: "merge", learns: false, names: { keras: ["Concatenate", "concatenate", "Merge"], tfjs: ["concatenate"] } },
  add: { category: "merge", learns: false, names: { keras: ["Add", "add"], tfjs: ["add"] } },
  subtract: { category: "merge", learns: false, names: { keras: ["Subtract", "subtract"] } },
  multiply: { category: "merge", learns: false, names: { keras: ["Multiply", "multiply"], tfjs: ["multiply"] } },
  average: { category: "merge", learns: false, names: { keras: ["Average", "average"], tfjs: ["average"] } },
  maximum: { category: "merge", learns: false, names: { keras: ["Maximum", "maximum"], tfjs: ["maximum"] } },
  minimum: { category: "merge", learns: false, names: { keras: ["Minimum", "minimum"], tfjs: ["minimum"] } },
  dot: { category: "merge", learns: false, names: { keras: ["Dot", "dot"], tfjs: ["dot"] } },
  zeroPadding1d: { category: "padding", spatialRank: 1, learns: false, names: { keras: ["ZeroPadding1D"] } },
  zeroPadding2d: { category: "padding", spatialRank: 2, learns: false, names: { keras: ["ZeroPadding2D"], tfjs: ["zeroPadding2d"] } },
  zeroPadding3d: { category: "padding", spatialRank: 3, learns: false, names: { keras: ["ZeroPadding3D"] } },
  cropping1d: { category: "cropping", spatialRank: 1, learns: false, names: { keras: ["Cropping1D"] } },
  cropping2d: { category: "cropping", spatialRank: 2, learns: false, names: { keras: ["Cropping2D"], tfjs: ["cropping2D"] } },
  cropping3d: { category: "cropping", spatialRank: 3, learns: false, names: { keras: ["Cropping3D"] } },
  upSampling1d: { category: "upsampling", spatialRank: 1, learns: false, names: { keras: ["UpSampling1D"] } },
  upSampling2d: { category: "upsampling", spatialRank: 2, learns: false, names: { keras: ["UpSampling2D"], tfjs: ["upSampling2d"] } },
  upSampling3d: { category: "upsampling", spatialRank: 3, learns: false, names: { keras: ["UpSampling3D"] } },
  rescaling: { category: "preprocessing", learns: false, names: { keras: ["Rescaling"], tfjs: ["rescaling"] } },
  normalization: { category: "preprocessing", learns: false, names: { keras: ["Normalization"] } },
  /** Shape-preserving random data augmentation (active in training only). */
  randomAugmentation: { category: "preprocessing", learns: false, names: { keras: ["RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation", "RandomBrightness"] } },
  lambda: { category: "other", learns: false, names: { keras: ["Lambda"] } },
  unknown: { category: "other", learns: false, names: { keras: [] } },
} as const satisfies Record<string, LayerKindSpec>;

export type LayerKind = keyof typeof layerKinds;
export const LAYER_KINDS: Readonly<Record<LayerKind, LayerKindSpec>> = layerKinds;

/**
 * Categories that pass values through unchanged, up to dropout noise and reshaping: their output holds no
 * fact about the training that their input did not (the probes do not record it, unless it is an output).
 */
export const VALUE_PRESERVING: ReadonlySet<LayerCategory> = new Set(["dropout", "flatten", "reshape"]);

// ----------------------------------------------------------------------------------------- activations

export interface ActivationSpec {
  /** Linear activations compose into a linear map (no non-linearity). */
  linear: boolean;
  /** Output range [min, max]; ±Infinity when unbounded. */
  range: [number, number];
  /** Outputs a probability distribution over the last axis (softmax) or independent probabilities (sigmoid). */
  probability?: "distribution" | "independent";
  /** ReLU-like: zero for negative inputs, so units can die. */
  reluLike?: boolean;
  /** Saturating: bounded with vanishing derivative at both ends. */
  saturating?: boolean;
  /** Computed over a whole row (a softmax's axis), not value by value: a subsample of its input does not give a subsample of its output. */
  rowwise?: boolean;
  names: { keras: string[]; tf1?: string[]; tfjs?: string[] };
}

const activations = {
  linear: { linear: true, range: [-Infinity, Infinity], names: { keras: ["linear", "None"], tfjs: ["linear"] } },
  relu: { linear: false, range: [0, Infinity], reluLike: true, names: { keras: ["relu"], tf1: ["relu"], tfjs: ["relu"] } },
  relu6: { linear: false, range: [0, 6], reluLike: true, names: { keras: ["relu6"], tf1: ["relu6"], tfjs: ["relu6"] } },
  leaky_relu: { linear: false, range: [-Infinity, Infinity], names: { keras: ["leaky_relu"], tf1: ["leaky_relu"], tfjs: ["leakyReLU"] } },
  prelu: { linear: false, range: [-Infinity, Infinity], names: { keras: ["prelu"], tfjs: ["prelu"] } },
  elu: { linear: false, range: [-1, Infinity], names: { keras: ["elu"], tf1: ["elu"], tfjs: ["elu"] } },
  selu: { linear: false, range: [-1.7581, Infinity], names: { keras: ["selu"], tf1: ["selu"], tfjs: ["selu"] } },
  gelu: { linear: false, range: [-0.17, Infinity], names: { keras: ["gelu"], tf1: ["gelu"], tfjs: ["gelu", "gelu_new"] } },
  swish: { linear: false, range: [-0.2785, Infinity], names: { keras: ["swish", "silu"], tf1: ["swish", "silu"], tfjs: ["swish"] } },
  mish: { linear: false, range: [-0.3088, Infinity], names: { keras: ["mish"], tfjs: ["mish"] } },
  thresholded_relu: { linear: false, range: [0, Infinity], reluLike: true, names: { keras: ["thresholded_relu"] } },
  sigmoid: { linear: false, range: [0, 1], probability: "independent", saturating: true, names: { keras: ["sigmoid"], tf1: ["sigmoid"], tfjs: ["sigmoid"] } },
  hard_sigmoid: { linear: false, range: [0, 1], probability: "independent", saturating: true, names: { keras: ["hard_sigmoid"], tfjs: ["hardSigmoid"] } },
  tanh: { linear: false, range: [-1, 1], saturating: true, names: { keras: ["tanh"], tf1: ["tanh"], tfjs: ["tanh"] } },
  softsign: { linear: false, range: [-1, 1], saturating: true, names: { keras: ["softsign"], tf1: ["softsign"], tfjs: ["softsign"] } },
  softplus: { linear: false, range: [0, Infinity], names: { keras: ["softplus"], tf1: ["softplus"], tfjs: ["softplus"] } },
  exponential: { linear: false, range: [0, Infinity], names: { keras: ["exponential"] } },
  softmax: { linear: false, range: [0, 1], probability: "distribution", rowwise: true, names: { keras: ["softmax"], tf1: ["softmax"], tfjs: ["softmax"] } },
  log_softmax: { linear: false, range: [-Infinity, 0], rowwise: true, names: { keras: ["log_softmax"], tf1: ["log_softmax"], tfjs: ["logSoftmax"] } },
} as const satisfies Record<string, ActivationSpec>;

export type ActivationKind = keyof typeof activations;
export const ACTIVATIONS: Readonly<Record<ActivationKind, ActivationSpec>> = activations;

// ---------------------------------------------------------------------------------------------- losses

export interface LossSpecInfo {
  problem: "multiclass" | "binary" | "multilabel-or-binary" | "regression" | "other";
  /** What the loss reads by default (Keras: probabilities unless `from_logits=True`). */
  expects: "probabilities" | "logits" | "values";
  /** The label encoding the loss needs (classification losses). */
  labels?: "one-hot" | "integer" | "binary";
  /** Whether `from_logits=` can change what it expects. */
  acceptsFromLogits?: boolean;
  names: { keras: string[]; tf1?: string[]; tfjs?: string[] };
}

const losses = {
  categorical_crossentropy: { problem: "multiclass", expects: "probabilities", labels: "one-hot", acceptsFromLogits: true, names: { keras: ["categorical_crossentropy", "CategoricalCrossentropy"], tfjs: ["categoricalCrossentropy"] } },
  sparse_categorical_crossentropy: { problem: "multiclass", expects: "probabilities", labels: "integer", acceptsFromLogits: true, names: { keras: ["sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"], tfjs: ["sparseCategoricalCrossentropy"] } },
  binary_crossentropy: { problem: "multilabel-or-binary", expects: "probabilities", labels: "binary", acceptsFromLogits: true, names: { keras: ["binary_crossentropy", "BinaryCrossentropy"], tfjs: ["binaryCrossentropy"] } },
  binary_focal_crossentropy: { problem: "multilabel-or-binary", expects: "probabilities", labels: "binary", acceptsFromLogits: true, names: { keras: ["binary_focal_crossentropy", "BinaryFocalCrossentropy"] } },
  categorical_focal_crossentropy: { problem: "multiclass", expects: "probabilities", labels: "one-hot", acceptsFromLogits: true, names: { keras: ["categorical_focal_crossentropy", "CategoricalFocalCrossentropy"] } },
  softmax_cross_entropy_with_logits: { problem: "multiclass", expects: "logits", labels: "one-hot", names: { keras: [], tf1: ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2", "softmax_cross_entropy"], tfjs: ["softmaxCrossEntropy"] } },
  sparse_softmax_cross_entropy_with_logits: { problem: "multiclass", expects: "logits", labels: "integer", names: { keras: [], tf1: ["sparse_softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy"] } },
  sigmoid_cross_entropy_with_logits: { problem: "multilabel-or-binary", expects: "logits", labels: "binary", names: { keras: [], tf1: ["sigmoid_cross_entropy_with_logits", "sigmoid_cross_entropy"], tfjs: ["sigmoidCrossEntropy"] } },
  log_loss: { problem: "multilabel-or-binary", expects: "probabilities", labels: "binary", names: { keras: [], tf1: ["log_loss"], tfjs: ["logLoss"] } },
  kl_divergence: { problem: "multiclass", expects: "probabilities", labels: "one-hot", names: { keras: ["kl_divergence", "kullback_leibler_divergence", "kld", "KLD", "KLDivergence"], tfjs: ["KLD", "kld", "kullbackLeiblerDivergence"] } },
  poisson: { problem: "regression", expects: "values", names: { keras: ["poisson", "Poisson"], tfjs: ["poisson"] } },
  mean_squared_error: { problem: "regression", expects: "values", names: { keras: ["mean_squared_error", "mse", "MSE", "MeanSquaredError"], tf1: ["mean_squared_error"], tfjs: ["meanSquaredError", "MSE", "mse"] } },
  mean_absolute_error: { problem: "regression", expects: "values", names: { keras: ["mean_absolute_error", "mae", "MAE", "MeanAbsoluteError"], tf1: ["absolute_difference"], tfjs: ["meanAbsoluteError", "MAE", "mae", "absoluteDifference"] } },
  mean_absolute_percentage_error: { problem: "regression", expects: "values", names: { keras: ["mean_absolute_percentage_error", "mape", "MAPE", "MeanAbsolutePercentageError"], tfjs: ["meanAbsolutePercentageError", "MAPE", "mape"] } },
  mean_squared_logarithmic_error: { problem: "regression", expects: "values", names: { keras: ["mean_squared_logarithmic_error", "msle", "MSLE", "MeanSquaredLogarithmicError"], tfjs: ["meanSquaredLogarithmicError", "MSLE", "msle"] } },
  huber: { problem: "regression", expects: "values", names: { keras: ["huber", "huber_loss", "Huber"], tf1: ["huber_loss"], tfjs: ["huberLoss"] } },
  log_cosh: { problem: "regression", expects: "values", names: { keras: ["log_cosh", "logcosh", "LogCosh"] } },
  cosine_similarity: { problem: "other", expects: "values", names: { keras: ["cosine_similarity", "cosine_proximity", "CosineSimilarity"], tf1: ["cosine_distance"], tfjs: ["cosineProximity", "cosineDistance"] } },
  hinge: { problem: "binary", expects: "values", names: { keras: ["hinge", "Hinge"], tf1: ["hinge_loss"], tfjs: ["hingeLoss", "hinge"] } },
  squared_hinge: { problem: "binary", expects: "values", names: { keras: ["squared_hinge", "SquaredHinge"], tfjs: ["squaredHinge"] } },
  categorical_hinge: { problem: "multiclass", expects: "values", names: { keras: ["categorical_hinge", "CategoricalHinge"], tfjs: ["categoricalHinge"] } },
  custom: { problem: "other", expects: "values", names: { keras: [] } },
} as const satisfies Record<string, LossSpecInfo>;

export type LossKind = keyof typeof losses;
export const LOSSES: Readonly<Record<LossKind, LossSpecInfo>> = losses;

// ------------------------------------------------------------------------------------------ optimizers

/**
 * Optimizers whose learning rates live on one scale (S402 checks a learning rate against its family's range).
 * `adam`: Adam, AdamW, Adamax, Nadam and RMSprop, whose steps are about the learning rate per parameter
 * (the gradient divided by a running root mean square); `sgd`: plain and momentum SGD, whose steps are the
 * learning rate times the gradient; `adagrad` (steps shrink as squared gradients accumulate); `adadelta`
 * (the learning rate only scales a step already sized by past updates: the paper's form is 1.0); `ftrl`.
 */
export type LearningRateFamily = "adam" | "sgd" | "adagrad" | "adadelta" | "ftrl";

export interface LearningRateFamilyInfo {
  /** Learning rates working programs use, inclusive: beyond them training diverges or barely moves. */
  plausible: [number, number];
  /** Why the range is what it is: documented defaults and the values common working code uses. */
  basis: string;
}

export const LEARNING_RATE_FAMILIES: Readonly<Record<LearningRateFamily, LearningRateFamilyInfo>> = {
  adam: {
    plausible: [1e-6, 0.1],
    basis:
      "defaults 0.001 (0.002 for Adamax and Nadam in Keras 2); fine-tuning goes down to 1e-5 and below, and small regressions train well at 0.01-0.1 (TensorFlow's own regression tutorial uses Adam at 0.1)",
  },
  sgd: {
    plausible: [1e-7, 5],
    basis:
      "default 0.01; 0.1 with momentum is the usual image-model value, TF1 tutorials use 0.5-1.0, sigmoid networks with a squared error are trained at 3.0, and linear regressions on unscaled features need 1e-6 or less",
  },
  adagrad: {
    plausible: [1e-6, 1],
    basis: "defaults 0.001 (tf.keras) and 0.01 (Keras 2, PyTorch); 0.05-0.5 is common since its steps shrink as squared gradients accumulate",
  },
  adadelta: {
    plausible: [1e-5, 10],
    basis: "defaults 1.0 (Keras 2, PyTorch, the paper's form) and 0.001 (tf.keras, TF1, TF.js): the learning rate only scales a step sized by past updates",
  },
  ftrl: {
    plausible: [1e-5, 1],
    basis: "default 0.001 in tf.keras; linear models trained with FTRL commonly use 0.05-0.5",
  },
};

export interface OptimizerInfo {
  /** Framework default hyperparameters (Keras 2 / tf.keras). */
  defaults: { learningRate: number; epsilon?: number; momentum?: number };
  /** The learning-rate scale it shares with other optimizers (S402); none for an unknown optimizer. */
  learningRateFamily?: LearningRateFamily;
  adaptive: boolean;
  names: { keras: string[]; tf1?: string[]; tfjs?: string[] };
}

const optimizers = {
  sgd: { defaults: { learningRate: 0.01, momentum: 0 }, learningRateFamily: "sgd", adaptive: false, names: { keras: ["SGD", "sgd"], tf1: ["GradientDescentOptimizer", "MomentumOptimizer"], tfjs: ["sgd", "momentum"] } },
  adam: { defaults: { learningRate: 0.001, epsilon: 1e-7 }, learningRateFamily: "adam", adaptive: true, names: { keras: ["Adam", "adam"], tf1: ["AdamOptimizer"], tfjs: ["adam"] } },
  adamw: { defaults: { learningRate: 0.001, epsilon: 1e-7 }, learningRateFamily: "adam", adaptive: true, names: { keras: ["AdamW", "adamw"] } },
  nadam: { defaults: { learningRate: 0.001, epsilon: 1e-7 }, learningRateFamily: "adam", adaptive: true, names: { keras: ["Nadam", "nadam"] } },
  adamax: { defaults: { learningRate: 0.001, epsilon: 1e-7 }, learningRateFamily: "adam", adaptive: true, names: { keras: ["Adamax", "adamax"], tfjs: ["adamax"] } },
  rmsprop: { defaults: { learningRate: 0.001, epsilon: 1e-7, momentum: 0 }, learningRateFamily: "adam", adaptive: true, names: { keras: ["RMSprop", "rmsprop", "RMSProp"], tf1: ["RMSPropOptimizer"], tfjs: ["rmsprop"] } },
  adagrad: { defaults: { learningRate: 0.001, epsilon: 1e-7 }, learningRateFamily: "adagrad", adaptive: true, names: { keras: ["Adagrad", "adagrad"], tf1: ["AdagradOptimizer"], tfjs: ["adagrad"] } },
  adadelta: { defaults: { learningRate: 0.001, epsilon: 1e-7 }, learningRateFamily: "adadelta", adaptive: true, names: { keras: ["Adadelta", "adadelta"], tf1: ["AdadeltaOptimizer"], tfjs: ["adadelta"] } },
  ftrl: { defaults: { learningRate: 0.001 }, learningRateFamily: "ftrl", adaptive: true, names: { keras: ["Ftrl", "ftrl"], tf1: ["FtrlOptimizer"] } },
  unknown: { defaults: { learningRate: NaN }, adaptive: false, names: { keras: [] } },
} as const satisfies Record<string, OptimizerInfo>;

/** The optimizers of a learning-rate family, by their Keras class names (for docs). */
export function optimizersOfFamily(family: LearningRateFamily): string[] {
  return Object.values(optimizers as Record<string, OptimizerInfo>).flatMap((info) => (info.learningRateFamily === family ? [info.names.keras[0]!] : []));
}

export type OptimizerKind = keyof typeof optimizers;
export const OPTIMIZERS: Readonly<Record<OptimizerKind, OptimizerInfo>> = optimizers;

// ---------------------------------------------------------------------------------------- initialisers

export interface InitializerInfo {
  /** Every weight gets the same value: symmetry between units never breaks. */
  constant: boolean;
  names: { keras: string[]; tf1?: string[]; tfjs?: string[] };
}

const initializers = {
  zeros: { constant: true, names: { keras: ["zeros", "zero", "Zeros"], tf1: ["zeros_initializer"], tfjs: ["zeros"] } },
  ones: { constant: true, names: { keras: ["ones", "one", "Ones"], tf1: ["ones_initializer"], tfjs: ["ones"] } },
  constant: { constant: true, names: { keras: ["constant", "Constant"], tf1: ["constant_initializer"], tfjs: ["constant"] } },
  random_normal: { constant: false, names: { keras: ["random_normal", "normal", "RandomNormal"], tf1: ["random_normal_initializer"], tfjs: ["randomNormal"] } },
  random_uniform: { constant: false, names: { keras: ["random_uniform", "uniform", "RandomUniform"], tf1: ["random_uniform_initializer"], tfjs: ["randomUniform"] } },
  truncated_normal: { constant: false, names: { keras: ["truncated_normal", "TruncatedNormal"], tf1: ["truncated_normal_initializer"], tfjs: ["truncatedNormal"] } },
  glorot_uniform: { constant: false, names: { keras: ["glorot_uniform", "GlorotUniform"], tf1: ["glorot_uniform_initializer", "xavier_initializer", "xavier_initializer_conv2d"], tfjs: ["glorotUniform"] } },
  glorot_normal: { constant: false, names: { keras: ["glorot_normal", "GlorotNormal"], tf1: ["glorot_normal_initializer"], tfjs: ["glorotNormal"] } },
  he_uniform: { constant: false, names: { keras: ["he_uniform", "HeUniform"], tfjs: ["heUniform"] } },
  he_normal: { constant: false, names: { keras: ["he_normal", "HeNormal"], tfjs: ["heNormal"] } },
  lecun_uniform: { constant: false, names: { keras: ["lecun_uniform", "LecunUniform"], tfjs: ["leCunUniform"] } },
  lecun_normal: { constant: false, names: { keras: ["lecun_normal", "LecunNormal"], tfjs: ["leCunNormal"] } },
  variance_scaling: { constant: false, names: { keras: ["variance_scaling", "VarianceScaling"], tf1: ["variance_scaling_initializer"], tfjs: ["varianceScaling"] } },
  orthogonal: { constant: false, names: { keras: ["orthogonal", "Orthogonal"], tf1: ["orthogonal_initializer"], tfjs: ["orthogonal"] } },
  identity: { constant: false, names: { keras: ["identity", "Identity"], tfjs: ["identity"] } },
  unknown: { constant: false, names: { keras: [] } },
} as const satisfies Record<string, InitializerInfo>;

export type InitializerKind = keyof typeof initializers;
export const INITIALIZERS: Readonly<Record<InitializerKind, InitializerInfo>> = initializers;

// --------------------------------------------------------------------------------------- regularisers

const regularizers = {
  l1: { names: { keras: ["l1", "L1"], tfjs: ["l1"] } },
  l2: { names: { keras: ["l2", "L2"], tfjs: ["l2"] } },
  l1_l2: { names: { keras: ["l1_l2", "L1L2"], tfjs: ["l1l2"] } },
  unknown: { names: { keras: [] } },
} as const satisfies Record<string, { names: { keras: string[]; tf1?: string[]; tfjs?: string[] } }>;

export type RegularizerKind = keyof typeof regularizers;

// ---------------------------------------------------------------------------------- weight constraints

const constraints = {
  max_norm: { names: { keras: ["max_norm", "MaxNorm", "maxnorm", "maxNorm"], tfjs: ["maxNorm"] } },
  min_max_norm: { names: { keras: ["min_max_norm", "MinMaxNorm"], tfjs: ["minMaxNorm"] } },
  non_neg: { names: { keras: ["non_neg", "NonNeg", "nonneg"], tfjs: ["nonNeg"] } },
  unit_norm: { names: { keras: ["unit_norm", "UnitNorm", "unitnorm"], tfjs: ["unitNorm"] } },
  unknown: { names: { keras: [] } },
} as const satisfies Record<string, { names: { keras: string[]; tfjs?: string[] } }>;

export type ConstraintKind = keyof typeof constraints;

// -------------------------------------------------------------------------------------------- metrics

const metrics = {
  accuracy: { classification: true, names: { keras: ["accuracy", "acc", "Accuracy"], tfjs: ["accuracy", "acc"] } },
  categorical_accuracy: { classification: true, names: { keras: ["categorical_accuracy", "CategoricalAccuracy"], tfjs: ["categoricalAccuracy"] } },
  sparse_categorical_accuracy: { classification: true, names: { keras: ["sparse_categorical_accuracy", "SparseCategoricalAccuracy"] } },
  binary_accuracy: { classification: true, names: { keras: ["binary_accuracy", "BinaryAccuracy"], tfjs: ["binaryAccuracy"] } },
  top_k_categorical_accuracy: { classification: true, names: { keras: ["top_k_categorical_accuracy", "TopKCategoricalAccuracy"] } },
  precision: { classification: true, names: { keras: ["Precision", "precision"], tfjs: ["precision"] } },
  recall: { classification: true, names: { keras: ["Recall", "recall"], tfjs: ["recall"] } },
  auc: { classification: true, names: { keras: ["AUC", "auc"] } },
  mean_squared_error: { classification: false, names: { keras: ["mse", "mean_squared_error", "MeanSquaredError"], tfjs: ["meanSquaredError", "mse"] } },
  mean_absolute_error: { classification: false, names: { keras: ["mae", "mean_absolute_error", "MeanAbsoluteError"], tfjs: ["meanAbsoluteError", "mae"] } },
  mean_absolute_percentage_error: { classification: false, names: { keras: ["mape", "mean_absolute_percentage_error"] } },
  root_mean_squared_error: { classification: false, names: { keras: ["RootMeanSquaredError", "rmse"] } },
  other: { classification: false, names: { keras: [] } },
} as const satisfies Record<string, { classification: boolean; names: { keras: string[]; tfjs?: string[] } }>;

export type MetricKind = keyof typeof metrics;
export const METRICS: Readonly<Record<MetricKind, { classification: boolean; names: { keras: readonly string[] } }>> = metrics;

// ---------------------------------------------------------------------------------------------- lookup

export type NameDialect = "keras" | "tf1" | "tfjs";

type Named = { names: { keras: readonly string[]; tf1?: readonly string[]; tfjs?: readonly string[] } };

function buildIndex<K extends string>(table: Record<K, Named>, dialect: NameDialect): Map<string, K> {
  const index = new Map<string, K>();
  for (const [kind, spec] of Object.entries(table) as [K, Named][]) {
    for (const name of spec.names[dialect] ?? []) index.set(name, kind);
  }
  return index;
}

function makeLookup<K extends string>(table: Record<K, Named>): (name: string, dialect: NameDialect) => K | undefined {
  const indexes = new Map<NameDialect, Map<string, K>>();
  return (name, dialect) => {
    let index = indexes.get(dialect);
    if (!index) {
      index = buildIndex(table, dialect);
      indexes.set(dialect, index);
    }
    return index.get(name);
  };
}

/** Canonical layer kind of a framework layer name (`MaxPooling2D`, `max_pooling2d`, `maxPooling2d`). */
export const layerKindOf = makeLookup<LayerKind>(layerKinds);
/** Canonical activation of a framework activation name (case-sensitive as the frameworks are). */
export const activationOf = makeLookup<ActivationKind>(activations);
export const lossOf = makeLookup<LossKind>(losses);
export const optimizerOf = makeLookup<OptimizerKind>(optimizers);
export const initializerOf = makeLookup<InitializerKind>(initializers);
export const regularizerOf = makeLookup<RegularizerKind>(regularizers);
export const constraintOf = makeLookup<ConstraintKind>(constraints);
export const metricOf = makeLookup<MetricKind>(metrics);
