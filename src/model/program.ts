/**
 * The ProgramModel: nncheck's framework-neutral meta-model of a deep-learning program.
 *
 * Front ends build it; static rules read it; the simulator materialises it. Unknown is a value:
 * every fact that a front end could not establish is `undefined`, and a rule that needs it stays silent.
 */
import type {
  ActivationKind,
  InitializerKind,
  LayerKind,
  LossKind,
  MetricKind,
  OptimizerKind,
  RegularizerKind,
  ConstraintKind,
} from "./vocabulary.js";

/** A region of a source file. Lines and columns are 1-based; the end is exclusive of nothing (inclusive line, exclusive column). */
export interface SourceSpan {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A dimension: a known size, or `null` when unknown or dynamic (the batch dimension usually is). */
export type Dim = number | null;
/** A tensor shape including its leading batch (or sample) dimension. `undefined` where even the rank is unknown. */
export type Shape = Dim[];

export type Framework = "keras" | "tf1" | "tfjs" | "pytorch";

/**
 * Which Keras a Keras object came from: standalone `keras` (`from keras.layers import Dense`) or TensorFlow's
 * `tf.keras` (`tensorflow.keras`, `tensorflow.python.keras`). Mixing both in one model is a fault (S606).
 */
export type KerasPackage = "keras" | "tf.keras";

/** Facts that only Keras programs have (kept apart from the framework-neutral model). */
export interface KerasFacts {
  /** The package the object came from (standalone `keras` or `tf.keras`). */
  package: KerasPackage;
}

export interface InitializerSpec {
  kind: InitializerKind;
  /** For `constant`: its value; for normal/uniform families: stddev/limits when given. */
  value?: number;
  stddev?: number;
  minval?: number;
  maxval?: number;
  /**
   * True when the program gives parameters whose values are not known (`RandomUniform(-r, r)` with `r`
   * computed): the numbers above are then incomplete, and no default stands in for them.
   */
  parametersUnknown?: boolean;
  frameworkName: string;
  span?: SourceSpan;
}

export interface RegularizerSpec {
  kind: RegularizerKind;
  l1?: number;
  l2?: number;
  frameworkName: string;
  span?: SourceSpan;
}

/** A weight constraint (applied to a kernel or bias after each update), with the arguments known. */
export interface ConstraintSpec {
  kind: ConstraintKind;
  maxValue?: number;
  minValue?: number;
  rate?: number;
  axis?: number;
  /** Some argument was given but not known (a computed value): the spec's numbers are incomplete. */
  parametersUnknown?: boolean;
  frameworkName: string;
  span?: SourceSpan;
}

/**
 * Canonical hyperparameters of a layer. Each is present only when known (explicitly given or a framework
 * default the front end applied). Spatial parameters are expanded to one value per spatial dimension.
 */
export interface LayerConfig {
  units?: number;
  filters?: number;
  kernelSize?: number[];
  strides?: number[];
  dilationRate?: number[];
  padding?: "valid" | "same" | "causal";
  poolSize?: number[];
  /** Dropout rate (fraction dropped). */
  rate?: number;
  /** Reshape target (without batch dimension; may contain -1). */
  targetShape?: number[];
  /** Reshape target rank (without batch dimension), known even when some target sizes are not (`Reshape((h, w, c))` of unknown h). */
  targetRank?: number;
  /** Permute dims (1-based, without batch). */
  dims?: number[];
  /** Concatenate / BatchNormalization axis as written (may be negative). */
  axis?: number;
  /** Dot: the axis contracted in each input, counted with the batch axis (one value for both, or one per input). */
  dotAxes?: number[];
  returnSequences?: boolean;
  returnState?: boolean;
  useBias?: boolean;
  /**
   * `unknown`: the program relies on a default set outside it (Keras 1's `image_dim_ordering` in keras.json,
   * channels-first under Theano): which axis holds the channels is not known.
   */
  dataFormat?: "channels_last" | "channels_first" | "unknown";
  /** Embedding: vocabulary size and vector size. */
  inputDim?: number;
  outputDim?: number;
  inputLength?: number;
  /** ZeroPadding / Cropping: [before, after] per spatial dimension. */
  paddingAmounts?: [number, number][];
  cropping?: [number, number][];
  /** UpSampling factor per spatial dimension. */
  size?: number[];
  /** RepeatVector count. */
  n?: number;
  /** Rescaling / Normalization layers: scale and offset when known. */
  scale?: number;
  offset?: number;
  /** Advanced activation parameters (LeakyReLU alpha, ReLU max_value...). */
  alpha?: number;
  maxValue?: number;
  /** Dense/Conv "depth multiplier" for depthwise/separable convolutions. */
  depthMultiplier?: number;
  /** Transposed convolutions: the extra size added to each output spatial dimension. */
  outputPadding?: number[];
  /** Global pooling: whether the pooled dimensions are kept (as size 1). */
  keepDims?: boolean;
  /** GaussianNoise: the noise standard deviation. */
  stddev?: number;
  /** BatchNormalization: whether it learns an offset (beta) and a scale (gamma). */
  center?: boolean;
  normScale?: boolean;
  /** PReLU: axes along which the slope is shared (1-based, without batch). */
  sharedAxes?: number[];
  /** GRU: the reset gate applied after the matrix product (two biases per gate). */
  resetAfter?: boolean;
  /** Recurrent layers: state carried across batches. */
  stateful?: boolean;
  /** Bidirectional: how the two directions are merged; `null` returns both. */
  mergeMode?: "concat" | "sum" | "mul" | "ave" | null;
  /** Normalization (preprocessing): mean and variance given as constants, so nothing is adapted or stored. */
  presetStatistics?: boolean;
  /** Bidirectional / TimeDistributed: the kind of the wrapped layer (whose hyperparameters this config holds). */
  wrappedKind?: LayerKind;
  /**
   * Anything else that was written, by its framework keyword name, when the value is a plain constant.
   * For display only: rules and shape inference read typed fields.
   */
  extra?: Record<string, unknown>;
}

export interface Layer {
  /** Index of the layer in the model's layer list (construction order). */
  index: number;
  /** The framework's layer name: the explicit `name=` or the auto-generated one (`dense_1`). */
  name: string;
  kind: LayerKind;
  /** The framework's class or function name as written (`Dense`, `Convolution2D`, `tf.layers.dense`). */
  frameworkName: string;
  config: LayerConfig;
  /**
   * The layer's own activation (the `activation=` argument, or the activation of an Activation layer).
   * `linear` when the framework default applies; `undefined` when unknown (e.g. a variable we could not evaluate).
   */
  activation?: ActivationKind;
  /** Where `activation` was written, when it was. */
  activationSpan?: SourceSpan;
  kernelInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
  kernelRegularizer?: RegularizerSpec;
  biasRegularizer?: RegularizerSpec;
  activityRegularizer?: RegularizerSpec;
  kernelConstraint?: ConstraintSpec;
  biasConstraint?: ConstraintSpec;
  trainable?: boolean;
  /** Indices of the layers whose outputs this layer consumes (in argument order). Empty for inputs. */
  inbound: number[];
  /** Shape given on the layer itself: `input_shape` (prefixed with null batch), `batch_input_shape`, `Input(shape=)`. */
  declaredInputShape?: Shape;
  /** Inferred shapes of the tensors this layer receives, one per inbound edge (or the declared input). */
  inputShapes?: (Shape | undefined)[];
  /** Inferred output shape. */
  outputShape?: Shape;
  /** Number of parameters (trainable and not, as Keras counts them) when known. */
  paramCount?: number;
  /** The construction call (the code frame points here). */
  span: SourceSpan;
  /** True when the layer was added under a condition the interpreter could not decide. */
  conditional?: boolean;
  /** Keras programs: which Keras it came from, when known. */
  keras?: KerasFacts;
}

export interface Architecture {
  /** All layers, in construction/wiring order; `Layer.index` indexes this array. */
  layers: Layer[];
  /** Indices of input layers (an Input layer, or the first layer of a Sequential). */
  inputs: number[];
  /** Indices of output layers. */
  outputs: number[];
  style: "sequential" | "functional" | "subclassed" | "graph";
  /**
   * Indices of layers, other than this model's outputs, whose output the program also reads outside this
   * model: the output of another model built on the same layers (an autoencoder's `encoder = Model(inputs,
   * code)`), or a tensor a TF1 session fetches (`sess.run(code)`). Such a layer is an output in its own
   * right, not a hidden layer. Absent when none is known.
   */
  externalOutputs?: number[];
  /**
   * False when the interpreter knows it missed part of the model (layers added under unknown loops,
   * a subclassed `call` it could not read, a layer of unknown class). Whole-model rules then stay silent.
   */
  complete: boolean;
}

export interface LossSpec {
  kind: LossKind;
  frameworkName: string;
  /** Whether the loss reads logits; resolved from `from_logits=` or the loss's definition. Undefined when unknown. */
  fromLogits?: boolean;
  span: SourceSpan;
  /** Keras programs: which Keras it came from, when known. */
  keras?: KerasFacts;
}

export interface OptimizerSpec {
  kind: OptimizerKind;
  frameworkName: string;
  /** Effective values: written, or the framework default. Undefined when unknown. */
  learningRate?: number;
  epsilon?: number;
  momentum?: number;
  span: SourceSpan;
  /** Where the learning rate was written, when it was. */
  learningRateSpan?: SourceSpan;
  /** Keras programs: which Keras it came from, when known. */
  keras?: KerasFacts;
}

export interface MetricSpec {
  kind: MetricKind;
  frameworkName: string;
  span: SourceSpan;
}

/** The loss of one output of a multi-output model (`loss={'gender': 'binary_crossentropy', ...}` or a list in output order). */
export interface OutputLoss {
  /** Index of the output layer (in `Architecture.layers`). */
  output: number;
  loss: LossSpec;
}

export interface Learner {
  loss?: LossSpec;
  /** Per-output losses, when `compile` gives a dict or list of losses; an output absent here uses `loss`. */
  outputLosses?: OutputLoss[];
  optimizer?: OptimizerSpec;
  metrics: MetricSpec[];
  /** The `compile` call. */
  span: SourceSpan;
}

/** How the labels of a classification task are encoded. */
export type LabelEncoding = "one-hot" | "integer" | "multi-hot" | "binary" | "continuous";

/** What is known of an array of data (inputs or targets) at a point of the program. */
export interface DataFacts {
  /** Shape including the sample dimension. */
  shape?: Shape;
  dtype?: string;
  /** Known value range [min, max]: no value lies outside it. */
  range?: [number, number];
  /**
   * True when `range` only bounds the values (random draws, subsets, arithmetic of two arrays): its ends may
   * not occur. Absent when its ends are values the array holds (a dataset's or a literal's min and max).
   */
  rangeIsBound?: boolean;
  /** Drawn from a normal distribution of this mean and standard deviation (`np.random.normal`, `randn`);
   * dropped by a transform that changes the values. `range` then holds mean ± 5 std. */
  normal?: { mean: number; std: number };
  /** Classification labels: their encoding and number of classes. */
  encoding?: LabelEncoding;
  numClasses?: number;
  /** The task the data belongs to, when known (a dataset's targets). */
  task?: "classification" | "regression";
  /** The dataset it was loaded from (`mnist`), when known. */
  origin?: string;
  /** Transformations applied on the way, in order (`astype`, `scale`, `reshape`, `to_categorical`, `standardize`...). */
  transforms: DataTransform[];
  /** The variable it was bound to at the use site, when known. */
  variable?: string;
}

export interface DataTransform {
  /** `reduce`: a sum or product over axes, whose range is a bound that many times wider than the values'. */
  op: "astype" | "scale" | "standardize" | "normalize" | "reshape" | "expand_dims" | "to_categorical" | "slice" | "reduce" | "other";
  detail?: string;
  /** `scale` transforms: the multiplicative factor applied (`x / 255` is 1/255, `x * 2` is 2), when known. */
  factor?: number;
  span: SourceSpan;
}

/** A callback passed to a training call (`callbacks=[EarlyStopping(...)]`). */
export interface CallbackSpec {
  /** The callback class as written (`EarlyStopping`, `ModelCheckpoint`). */
  frameworkName: string;
  /** Keras programs: which Keras it came from, when known. */
  keras?: KerasFacts;
  span: SourceSpan;
}

/**
 * How a training loop is driven: the framework's own loop over epochs and batches (`fit`, `fitDataset`), a
 * generator fed to it, a training step the program calls in its own loop (`train_on_batch`), a TF1 session
 * running the train op, or a custom loop (gradients computed and applied by the program).
 */
export type TrainingDriver = "fit" | "generator" | "batch-step" | "session" | "custom";

/** Something a training loop does at a place in the program, and whether it repeats there (inside a loop). */
export interface LoopEvent {
  span: SourceSpan;
  repeated: boolean;
}

/** How a model is trained: one loop per training call (`fit`), or the session or custom loop that trains it. */
export interface TrainingLoop {
  driver: TrainingDriver;
  /** The training call as written (`fit`, `fit_generator`, `train_on_batch`, `sess.run`), for messages. */
  call: string;
  /** The training call; for a session loop, where the session was created (else its first training step). */
  span: SourceSpan;
  epochs?: number;
  batchSize?: number;
  /** `validation_split`, `validation_data`, or none; undefined when unknown (e.g. **kwargs). */
  validation?: "split" | "data" | "none";
  /** Variable names of the validation data when given as a tuple of names. */
  validationVariables?: string[];
  /**
   * Variable names of the x and y arguments when written as plain names, even when nothing is known of
   * their values (a dict of input arrays, a DataFrame); `x.variable`/`y.variable` hold them when facts exist.
   */
  dataVariables?: { x?: string; y?: string };
  /** What is known of the validation data when given as `validation_data=(x, y)`. */
  validationData?: { x?: DataFacts; y?: DataFacts };
  /** The callbacks passed, when the list could be read. */
  callbacks?: CallbackSpec[];
  shuffle?: boolean;
  x?: DataFacts;
  y?: DataFacts;
  /** Session and custom loops: each place the training step runs (`sess.run(train_op)`). */
  steps?: LoopEvent[];
  /**
   * Session loops: where the variables are initialised (an initialiser run, or a checkpoint restore, which
   * also gives them values). Undefined when the front end does not track initialisation.
   */
  initializations?: (LoopEvent & { how: "initializer" | "restore" })[];
  /**
   * Session loops: runs whose fetches the front end could not identify as the initialiser, the train op or a
   * plain tensor (a value of unknown kind, `tf.group(...)`, `tf.variables_initializer(...)`, a helper's result).
   * Any of them may initialise variables or train, so rules stay silent on what they would decide;
   * `afterStep` marks a run that came only after a training step had run (it cannot have initialised
   * what that step needed).
   */
  unidentifiedRuns?: (LoopEvent & { afterStep?: boolean })[];
  /** Session loops: where the session was created, when the front end saw it (a session it did not see may initialise itself). */
  sessionSpan?: SourceSpan;
}

/** A call that reads a model's predictions or evaluates it on data other than the training set. */
export interface InferenceCall {
  method: "evaluate" | "predict";
  x?: DataFacts;
  y?: DataFacts;
  span: SourceSpan;
}

export interface ModelFacts {
  /** The variable the model was bound to, when known. */
  variable?: string;
  architecture: Architecture;
  /** The learner that counts: the last `compile` before the first `fit` (or the last compile). */
  learner?: Learner;
  training: TrainingLoop[];
  inference: InferenceCall[];
  /** The model's construction (`Sequential(...)`, `Model(...)`). */
  span: SourceSpan;
  /** Keras programs: which Keras it came from, when known. */
  keras?: KerasFacts;
}

export interface ProgramModel {
  file: string;
  framework: Framework;
  models: ModelFacts[];
  /** Whether a framework random seed is set anywhere (undefined when unknown). */
  seedSet?: boolean;
  /**
   * Global image data format (`K.set_image_data_format`, `image_dim_ordering`), when set; `unknown` when the
   * program relies on a default configured outside it (a Keras 1 program: Theano ordering was channels-first).
   */
  imageDataFormat?: "channels_last" | "channels_first" | "unknown";
  /** Notes from the front end about what it could not follow (for `--verbose` / debugging). */
  notes: FrontendNote[];
  /** Arguments of the wrong kind the front end recognised (S607); undefined when the front end does not look. */
  argumentMisuses?: ArgumentMisuse[];
}

/** What kind of object an argument is, or a parameter takes (S607). */
export type ArgumentKind =
  | "activation"
  | "initializer"
  | "regularizer"
  | "constraint"
  | "layer"
  | "loss"
  | "metric"
  | "optimizer"
  | "callback"
  | "number"
  | "boolean"
  | "shape"
  | "string"
  | "other";

/**
 * An argument the front end recognised as wrong for its parameter: an object of the wrong kind
 * (`kernel_regularizer=max_norm(3)`), or a Keras 1 positional argument whose meaning changed in Keras 2
 * (`Convolution2D(32, 3, 3)`: the second 3 was the kernel width, it is now `strides`).
 */
export interface ArgumentMisuse {
  /** The called class or function as written (`Dense`, `Convolution2D`). */
  callee: string;
  /** The parameter that receives the argument, by its current keyword name (`kernel_regularizer`, `strides`). */
  parameter: string;
  problem: "wrong-kind" | "changed-meaning";
  /** What the parameter takes. */
  expected: ArgumentKind;
  /** wrong-kind: what was passed, when known. */
  actual?: ArgumentKind;
  /** changed-meaning: what the argument meant in Keras 1 (`nb_col`, the kernel width). */
  legacyMeaning?: string;
  /** The argument's source text (`max_norm(3)`, `3`). */
  text: string;
  /** The argument. */
  span: SourceSpan;
}

export interface FrontendNote {
  message: string;
  span?: SourceSpan;
}
