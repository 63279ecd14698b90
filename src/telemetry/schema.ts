/**
 * Telemetry schema v1: the only contract between probes (which write it) and dynamic checks (which read it).
 *
 * A trace is JSON lines; every line is one record with a `type` and `v: 1`. Records appear in this order:
 * one `run-start`, then `step`, `tensors`, `epoch` and `finding` records interleaved as training goes,
 * then one `run-end` (absent when the process died). In memory, numbers may be NaN or ±Infinity; the
 * writer encodes those as the strings "NaN", "Infinity", "-Infinity" and the reader decodes them back.
 * See docs/telemetry.md for the field-by-field meaning.
 */
import type { SourceSpan, Dim } from "../model/program.js";
import type { ActivationKind, LayerKind, LossKind, OptimizerKind } from "../model/vocabulary.js";
import type { Finding } from "../report/finding.js";

/** Major version of the schema. A reader rejects records of another major version. */
export const TELEMETRY_VERSION = 1;
export type TelemetryVersion = typeof TELEMETRY_VERSION;

export type RecordType = "run-start" | "step" | "tensors" | "epoch" | "finding" | "run-end" | "preflight";

interface RecordBase<T extends RecordType> {
  type: T;
  v: TelemetryVersion;
}

// ------------------------------------------------------------------------------------------ run-start

/** One layer of the model summary. Layers are listed in topological (construction) order. */
export interface LayerSummary {
  /** The layer's name as the framework knows it; tensor records refer to layers by this name. */
  name: string;
  /** Canonical kind (src/model/vocabulary.ts); "unknown" when the probe cannot map it. */
  kind: LayerKind;
  /** Position in the summary, 0-based. */
  index: number;
  /** Output shape including the batch dimension (null = unknown/dynamic). */
  outputShape: Dim[];
  /** Number of trainable parameters. */
  params: number;
  /** Canonical activation applied by the layer ("linear" when none). */
  activation: ActivationKind;
  /** False when the user froze the layer: its parameters are meant not to change. Default true. */
  trainable?: boolean;
  /** The framework's class name as written (e.g. "Dense"), for messages. */
  className?: string;
  /** Where the layer is constructed in the user's source, when known. */
  span?: SourceSpan;
  /**
   * Schema 1.8: the sub-model the layer belongs to, when the model around it runs its sub-models in an order
   * the probe cannot know (a subclassed Keras model's encoder and decoder, a GAN's generator and
   * discriminator). The layers of one part are in data order; across parts, `index` says nothing of it.
   */
  part?: string;
  /**
   * Schema 1.9: names of the layer's followed parameters that its framework does not track, so its training
   * never updates them: trainable tf.Variables a Keras 3 layer holds as attributes (Keras 3 trains the
   * weights made with add_weight), tensors requiring gradients that a PyTorch module holds as plain attributes, or in
   * modules it holds in a plain list or dict, and gives no optimizer.
   */
  untracked?: string[];
}

export interface TaskSummary {
  kind: "classification" | "regression";
  /** Number of classes (classification). */
  classes?: number;
}

export interface RunConfig {
  /** Tensor statistics are recorded every `samplingInterval` optimizer steps (loss every step). */
  samplingInterval: number;
  /** Upper bound on values read per tensor before statistics are computed on a strided subsample. */
  maxSampledValues?: number;
  /**
   * Set when no interval was asked for (Python probes): the largest share of the training's time the probe
   * may cost (its hooks at every step and its sampled steps). `samplingInterval` is then the first interval;
   * it stretches once the probe has timed a few samples against unsampled steps.
   */
  samplingBudget?: number;
}

export interface RunStartRecord extends RecordBase<"run-start"> {
  /** e.g. "tfjs", "pytorch", "simulation". */
  framework: string;
  /** e.g. "wasm", "cpu", "tensorflow", "webgl". */
  backend: string;
  /** ISO 8601 wall-clock time at which the run started. */
  time: string;
  config: RunConfig;
  model: {
    layers: LayerSummary[];
    task?: TaskSummary;
    /** Canonical loss, when known. */
    loss?: LossKind;
    /**
     * What the loss reads from the model's output, honouring `from_logits` (e.g. categorical cross-entropy
     * without from_logits: "probabilities"). Lets D407 judge a linear output fed to a probability loss.
     */
    lossExpects?: "probabilities" | "logits" | "values";
    /** Canonical optimizer, when known. */
    optimizer?: OptimizerKind;
    /**
     * Names of the layers whose outputs are the model's outputs, in the model's order (schema 1.1). Checks
     * of the output (D403, D404, D406-D408) read it; traces without it take the last layer of `layers`.
     */
    outputs?: string[];
    /**
     * How many trainable values the training updates, when the probe knows them (schema 1.7). 0: the
     * training can change nothing (a Keras 3 model whose weights are bare `tf.Variable`s, which Keras 3 does
     * not track, trains no weight however long `fit` runs).
     */
    trainableParameters?: number;
  };
  /** The producing probe, e.g. { name: "nncheck-tfjs", version: "0.1.0" }. */
  producer?: { name: string; version?: string };
}

// ----------------------------------------------------------------------------------------------- step

/** Scalars of one optimizer step. Written every step (cheap: the loss is read anyway). */
export interface StepRecord extends RecordBase<"step"> {
  /** Global optimizer-step counter, 0-based, strictly increasing over the run. */
  step: number;
  /** Epoch, 0-based. */
  epoch: number;
  /** Batch index within the epoch, 0-based. */
  batch: number;
  /**
   * Training loss of this batch (may be NaN/Infinity). Absent when the probe cannot know it (schema 1.4): a
   * custom Keras `train_step` that reports no "loss" (a GAN's "d_loss" and "g_loss"). The loss checks then
   * stay silent on that step.
   */
  loss?: number;
  /** Training metrics of this batch by the framework's name (e.g. { acc: 0.91 }). */
  metrics: Record<string, number>;
  learningRate?: number;
  /** Wall-clock duration of the step in milliseconds. */
  timeMs: number;
  /**
   * Global gradient L2 norms split by source, when the probe can separate them (D304): the gradient of the
   * data loss alone and of the regularisation penalties alone.
   */
  gradientNorms?: { data: number; regularization: number };
  /** Regularisation part of `loss`, when known. */
  regularizationLoss?: number;
  /**
   * Schema 1.6: the run's optimizer alternates with another that steps on a loss of its own (a GAN's
   * generator and discriminator, an actor and its critic): this loss is one side of a game and need not
   * fall. Set from the step where the probe first saw it; the checks of loss periods and epochs (D502–D508) are not run.
   */
  adversarial?: boolean;
  /**
   * Schema 1.10: the loss's targets come from a copy of the model that no optimizer trains and that moves
   * with it (a DQN's target network, soft-updated or synced; a mean teacher): they grow and shift as the
   * model learns, so the loss need not fall. Set from the step where the probe first saw the copy change; the
   * checks of loss periods and epochs (D502–D508) are not run, as for `adversarial`.
   */
  movingTarget?: boolean;
}

// -------------------------------------------------------------------------------------------- tensors

/**
 * What a tensor is:
 * - `weights`, `bias`: a layer's parameters after the optimizer step of this record's step;
 * - `gradient`: the gradient applied at this step (see `parameter`);
 * - `update`: ΔW = parameter after − before the optimizer step of this step (see `parameter`, `updateSteps`);
 * - `activation`: the layer's training-mode output for this step's batch (not written for a dropout,
 *   flatten or reshape layer that applies no activation and is not an output of the model);
 * - `input`, `target`: the batch's model inputs / training targets (optional; used by output checks).
 */
export type TensorRole = "weights" | "bias" | "gradient" | "activation" | "update" | "input" | "target";

/**
 * Reductions of one tensor. Unless stated, reductions are over the finite values only; `nonFinite`
 * counts the others (when every value is non-finite the reductions are NaN).
 */
/**
 * The per-unit arrays (`perUnit`'s and `saturation`), which a trace may also hold packed (schema 1.3: the
 * Python probe writes them so): `{"f32": base64}`, the values as little-endian float32. The reader unpacks
 * them (codec.ts), so in memory they are always arrays of numbers.
 */
export const PACKABLE_UNIT_FIELDS = ["p95Abs", "mean", "std", "zeroFraction", "saturation"] as const;

export interface TensorStats {
  /** Number of values examined (after subsampling), non-finite ones included. */
  count: number;
  mean: number;
  std: number;
  /** Mean of absolute values (mav). */
  meanAbs: number;
  /** L2 norm. When `sampled`, scaled by sqrt(total/count) to estimate the full tensor's norm. */
  l2: number;
  min: number;
  max: number;
  /** Fraction of values exactly 0. */
  zeroFraction: number;
  /** Count of NaN and ±Infinity values. */
  nonFinite: number;
  /**
   * Fraction of |values| below 1e-5. Written by schema 1.0 probes (the threshold was theirs); newer probes
   * write `absDecades` instead, from which a check reads the fraction below any threshold it is given.
   */
  tinyFraction?: number;
  /**
   * Distribution of |x| over powers of ten (schema 1.1; weights): `fractions[0]` is the fraction of finite
   * values with |x| < 10^from (zeros included), `fractions[i]` (i ≥ 1) of those with
   * 10^(from+i−1) ≤ |x| < 10^(from+i); the last bin also holds everything above.
   */
  absDecades?: { from: number; fractions: number[] };
  /** Fraction of values < 0 (D203). */
  negativeFraction?: number;
  percentiles?: { p5: number; p50: number; p95: number };
  /**
   * Per-unit statistics, a unit being an index of the last axis (channels-last), reduced over every other
   * axis (batch, spatial). Only for activations.
   */
  perUnit?: {
    /** 95th percentile of |activation| per unit (dead units, D402). */
    p95Abs?: number[];
    /** Mean per unit (constant outputs, D406). */
    mean?: number[];
    /** Standard deviation per unit across the batch (constant outputs, D406). */
    std?: number[];
    /** Fraction of exact zeros per unit (schema 1.1; kernel gradients: a unit whose column is all zero passed no gradient, D305). */
    zeroFraction?: number[];
  };
  /**
   * Per-unit saturation ρ in [0, 1] for saturating activations (sigmoid, tanh, ...): each value rescaled
   * from the activation's own codomain (sigmoid [0, 1], tanh [−1, 1]) to [−1, 1], ρ = mean |rescaled value|.
   * ρ → 1 when values crowd the ends. (Schema 1.0 probes binned the values in 50 bins first, which moves ρ
   * by at most 0.02.)
   */
  saturation?: number[];
  /** For activations over a last axis meant to be a distribution: min and max of the per-row sums (D407). */
  rowSums?: { min: number; max: number };
  /** True when computed on a subsample of the tensor. */
  sampled: boolean;
}

export interface TensorEntry {
  /** The layer's name (as in the run-start summary); "" for model-level tensors (input, target). */
  layer: string;
  role: TensorRole;
  /** The framework's tensor/variable name, e.g. "dense_1/kernel". */
  name: string;
  /** Full tensor shape (before subsampling). */
  shape: number[];
  /** For `gradient` and `update`: which parameter they belong to. */
  parameter?: "weights" | "bias";
  /** For `update`: how many optimizer steps the ΔW spans. Default 1. */
  updateSteps?: number;
  /**
   * The axis of `shape` whose indices are the units of `perUnit`, `saturation` and `rowSums` (schema 1.1):
   * the last one for channels-last frameworks (TF.js, Keras), 1 for a PyTorch convolution's output, 0 for a
   * PyTorch Linear weight. Default: the last axis.
   */
  unitAxis?: number;
  stats: TensorStats;
}

/** Tensor statistics of one sampled step. */
export interface TensorsRecord extends RecordBase<"tensors"> {
  step: number;
  tensors: TensorEntry[];
}

// ---------------------------------------------------------------------------------------------- epoch

export interface EpochRecord extends RecordBase<"epoch"> {
  /** Epoch, 0-based. */
  epoch: number;
  /** Last optimizer step of the epoch, when known. */
  step?: number;
  /** The epoch's training loss; absent when the probe cannot know it (as a step's, schema 1.4). */
  loss?: number;
  metrics: Record<string, number>;
  valLoss?: number;
  valMetrics?: Record<string, number>;
}

// -------------------------------------------------------------------------------------------- finding

/** A finding raised live (by the checks engine in the probe's process), kept in the trace. */
export interface FindingRecord extends RecordBase<"finding"> {
  finding: Finding;
}

// -------------------------------------------------------------------------------------------- run-end

export interface RunEndRecord extends RecordBase<"run-end"> {
  /** completed: training ran to its end; stopped: stopped early (by a check or the user); crashed: threw. */
  status: "completed" | "stopped" | "crashed";
  /** Number of optimizer steps run. */
  steps: number;
  reason?: string;
  /** ISO 8601 wall-clock end time. */
  time?: string;
}

// ------------------------------------------------------------------------------------------ preflight

/**
 * The procedures a probe runs before training (schema 1.2), each written as one `preflight` record. The
 * probe measures; the D1 checks decide. Every procedure runs on a copy of the model's state: the user's
 * weights and optimizer are left as they were.
 */
export type PreflightProcedure =
  | "model"
  | "data"
  | "init"
  | "initial-loss"
  | "loss-scaling"
  | "overfit-batch"
  | "data-dependency"
  | "sample-dependency"
  | "gradient-check";

interface PreflightBase<P extends PreflightProcedure> extends RecordBase<"preflight"> {
  procedure: P;
  /** Wall-clock time the procedure took, in milliseconds. */
  timeMs?: number;
  /** Never on a measured record: a procedure the probe could not run is a PreflightSkippedRecord. */
  skipped?: never;
}

/** Opens a preflight: the model as run-start describes it, and the budgets the procedures ran under. */
export interface PreflightModelRecord extends PreflightBase<"model"> {
  framework: string;
  backend: string;
  time: string;
  model: RunStartRecord["model"];
  /** The budgets (iterations, sample sizes, wall-time cap) by name. */
  budget: Record<string, number>;
  producer?: { name: string; version?: string };
}

/** min, max, mean and std of one feature column (or of a whole input, for images). */
export interface ColumnStats {
  min: number;
  max: number;
  mean: number;
  std: number;
}

export interface FeatureStats {
  /** The model input (or target) the statistics are of. */
  name: string;
  /** Its shape without the batch dimension. */
  shape: number[];
  /**
   * "column": one entry per index of the last axis (a table's columns, an image's channels, a sequence's
   * features), reduced over every other axis; "global": one entry over every value.
   */
  scope: "column" | "global";
  columns: ColumnStats[];
  /** The kinds of the layers that read this input directly, when the probe knows them (an embedding reads
   * integer ids, not features to scale). Absent for targets. */
  feeds?: LayerKind[];
}

/** Statistics of the data sample (D101-D104). */
export interface PreflightDataRecord extends PreflightBase<"data"> {
  samples: number;
  inputs: FeatureStats[];
  /** Classification: samples per class (index = class). Regression: the targets' statistics. */
  targets?: { classCounts?: number[]; values?: FeatureStats };
}

/** A kernel's statistics at initialisation (D105). */
export interface InitKernelStats {
  name: string;
  shape: number[];
  fanIn: number;
  fanOut: number;
  count: number;
  mean: number;
  /** Sample variance (n − 1 denominator). */
  variance: number;
}

export interface InitLayerStats {
  layer: string;
  kernel?: InitKernelStats;
  /** False for a learning layer built without biases. */
  hasBias: boolean;
  /** The biases' values (a layer's biases are few: written in full up to 1024 values, else their statistics only). */
  bias?: { name: string; count: number; mean: number; meanAbs: number; values?: number[] };
}

/** Per-layer weight and bias statistics at initialisation (D105, D106). */
export interface PreflightInitRecord extends PreflightBase<"init"> {
  layers: InitLayerStats[];
}

/** The loss of the untrained model on the sample (D108). */
export interface PreflightInitialLossRecord extends PreflightBase<"initial-loss"> {
  samples: number;
  loss: number;
}

/** The loss, as training computes it, on the sample and on the sample repeated k times (D107). */
export interface PreflightLossScalingRecord extends PreflightBase<"loss-scaling"> {
  samples: number;
  losses: { repeat: number; loss: number }[];
}

/** Training on one stratified batch until it is learnt by heart (D110, D111). */
export interface PreflightOverfitRecord extends PreflightBase<"overfit-batch"> {
  samples: number;
  /** Iterations run, and planned. */
  iterations: number;
  planned: number;
  stoppedBy: "iterations" | "time" | "non-finite";
  /** The loss at each iteration (a strided subsample when there are more than 1000). */
  losses: number[];
  /** At the end: the fraction of the batch misclassified, or the fraction of the targets' variance left unexplained (1 − R²). */
  error: number;
  errorKind: "classification" | "regression";
}

/** The same training with real and with zeroed inputs (D112). */
export interface PreflightDataDependencyRecord extends PreflightBase<"data-dependency"> {
  iterations: number;
  stoppedBy: "iterations" | "time" | "non-finite";
  /** Samples held out: the losses are measured on them after each training step (schema 1.2). */
  heldOut?: number;
  /** The last losses of each run (up to 100). */
  real: number[];
  zeroed: number[];
}

/** Whether one sample's output (or its loss gradient) depends on the other samples of its batch (D113). */
export interface PreflightSampleDependencyRecord extends PreflightBase<"sample-dependency"> {
  samples: number;
  /**
   * Gradient of sample 0's output with respect to the inputs: the largest |value| at sample 0's own input
   * and at the other samples' inputs (inference mode, so batch normalisation uses its moving statistics).
   */
  output?: { self: number; others: number };
  /**
   * The loss gradient at sample 0's output before and after the other samples' outputs are changed: the
   * largest |value| and the largest |change|.
   */
  loss?: { self: number; change: number };
}

/** Analytic against central-difference gradients (D109). */
export interface PreflightGradientCheckRecord extends PreflightBase<"gradient-check"> {
  samples: number;
  delta: number;
  parameters: { layer: string; name: string; dims: number; relativeError: number }[];
}

/** A procedure the probe could not run: its reason, and none of the procedure's measurements. */
export interface PreflightSkippedRecord extends RecordBase<"preflight"> {
  procedure: PreflightProcedure;
  timeMs?: number;
  /** Why the probe could not run the procedure; its checks stay silent. */
  skipped: string;
}

export type PreflightRecord =
  | PreflightSkippedRecord
  | PreflightModelRecord
  | PreflightDataRecord
  | PreflightInitRecord
  | PreflightInitialLossRecord
  | PreflightLossScalingRecord
  | PreflightOverfitRecord
  | PreflightDataDependencyRecord
  | PreflightSampleDependencyRecord
  | PreflightGradientCheckRecord;

// ---------------------------------------------------------------------------------------------- union

export type TelemetryRecord =
  | RunStartRecord
  | StepRecord
  | TensorsRecord
  | EpochRecord
  | FindingRecord
  | RunEndRecord
  | PreflightRecord;

// ---------------------------------------------------------------------------------------------- sinks

/** Anything that consumes records one at a time: the trace writer, the checks engine. */
export interface TelemetrySink {
  write(record: TelemetryRecord): void;
}

/**
 * A live checker as a probe sees it (implemented by the checks engine, src/checks/engine.ts), so the
 * probe can stop training cleanly and show findings as they appear without importing any check.
 */
export interface TelemetryMonitor extends TelemetrySink {
  /** True once a finding at or above the configured `failOn` severity has been raised. */
  shouldStop(): boolean;
  /** Why training should stop (the finding's message), when `shouldStop()`. */
  stopReason(): string | undefined;
  /** Findings first raised since the previous call; each is returned once. */
  takeNewFindings(): Finding[];
  /** Every finding so far, de-duplicated and summarised (steps first/last/count, worst). */
  findings(): Finding[];
}

// ------------------------------------------------------------------- optional fields: Python probes
// Added for the probe of Python frameworks (Keras, TensorFlow, PyTorch): optional, so a minor revision
// of schema v1 (readers of 1.0 skip them). Declared here, merged into the records above.

export interface RunStartRecord {
  /** The framework's own version (e.g. "3.15.1" for Keras, "2.13.0+cpu" for PyTorch). */
  frameworkVersion?: string;
  /**
   * The training stops itself when a metric stops improving (Keras or TF.js `EarlyStopping` among fit's
   * callbacks; schema 1.5). Absent when the probe saw none, which is not proof that there is none.
   */
  earlyStopping?: EarlyStoppingSummary;
}

export interface EarlyStoppingSummary {
  /** The logged metric watched, as the framework names it ("val_loss", "loss", "val_accuracy"). */
  monitor: string;
  /** Epochs without improvement before the training stops. */
  patience?: number;
  /** Whether the best epoch's weights are restored at the stop (Keras `restore_best_weights`). */
  restoresBest?: boolean;
}

export interface TensorEntry {
  /** The tensor's element type as the framework names it ("float32", "bfloat16", "int64"). */
  dtype?: string;
}
