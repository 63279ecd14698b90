/**
 * The twin's learner: the program's loss per output (honouring `from_logits`) and its optimizer with its
 * learning rate, epsilon and momentum. Unknown hyperparameters take the optimizer's defaults, stated; a
 * loss that is unknown or custom leaves the model unsimulated (its gradients are what the checks read).
 */
import * as tf from "@tensorflow/tfjs";
import type { Layer, Learner, LossSpec, OptimizerSpec } from "../../model/program.js";
import { LOSSES, OPTIMIZERS, type LossKind, type MetricKind, type OptimizerKind } from "../../model/vocabulary.js";

export type TfLoss = string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);

/** The loss of one output of the twin. */
export interface OutputLossPlan {
  output: Layer;
  spec: LossSpec;
  loss: TfLoss;
  /** What the loss reads from the output, honouring `from_logits`; undefined when unknown. */
  expects?: "probabilities" | "logits" | "values";
}

export interface LearnerPlan {
  losses: OutputLossPlan[];
  optimizer: tf.Optimizer;
  optimizerKind: OptimizerKind;
  learningRate: number;
  /**
   * TF.js metrics the twin records: "accuracy" when the program compiles an accuracy metric, so that checks
   * which read accuracy beside the loss (D507, D508) decide on the same facts as in the program's training.
   */
  metrics: string[];
  /** Standard choices and substitutions, stated in the simulation report. */
  notes: string[];
}

export type LearnerOutcome = { ok: true; plan: LearnerPlan } | { ok: false; reason: string };

const STRING_LOSSES: Partial<Record<LossKind, string>> = {
  categorical_crossentropy: "categoricalCrossentropy",
  sparse_categorical_crossentropy: "sparseCategoricalCrossentropy",
  binary_crossentropy: "binaryCrossentropy",
  kl_divergence: "kullbackLeiblerDivergence",
  poisson: "poisson",
  mean_squared_error: "meanSquaredError",
  mean_absolute_error: "meanAbsoluteError",
  mean_absolute_percentage_error: "meanAbsolutePercentageError",
  mean_squared_logarithmic_error: "meanSquaredLogarithmicError",
  log_cosh: "logcosh",
  cosine_similarity: "cosineProximity",
  hinge: "hinge",
  squared_hinge: "squaredHinge",
  categorical_hinge: "categoricalHinge",
};

/** Cross-entropy of one-hot targets and logits, per sample (Keras's `from_logits=True`). */
function softmaxCrossEntropy(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.cast(yTrue, "float32"), tf.logSoftmax(logits)), -1)));
}

/** Binary cross-entropy of 0/1 targets and logits, averaged over the last axis (Keras's `from_logits=True`). */
function sigmoidCrossEntropy(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const labels = tf.cast(yTrue, "float32");
    const loss = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(loss, -1);
  });
}

/** Probabilities in, as Keras's log_loss / binary cross-entropy on clipped probabilities. */
function logLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const p = tf.clipByValue(yPred, 1e-7, 1 - 1e-7);
    const y = tf.cast(yTrue, "float32");
    return tf.mean(tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))), -1);
  });
}

/** Huber loss with delta 1 (Keras's default), averaged over the last axis. */
function huber(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const error = tf.abs(tf.sub(yPred, yTrue));
    const quadratic = tf.minimum(error, 1);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(error, quadratic)), -1);
  });
}

/** What a loss reads from the model's output, honouring `from_logits` (undefined when `from_logits` is unknown). */
export function lossExpects(spec: LossSpec): OutputLossPlan["expects"] {
  const info = LOSSES[spec.kind];
  if (info.acceptsFromLogits !== true) return info.expects;
  if (spec.fromLogits === undefined) return undefined;
  return spec.fromLogits ? "logits" : info.expects;
}

type LossChoice = { loss: TfLoss } | { reason: string };

function lossFunction(spec: LossSpec, notes: string[]): LossChoice {
  const logits = lossExpects(spec) === "logits";
  switch (spec.kind) {
    case "categorical_crossentropy":
    case "softmax_cross_entropy_with_logits":
      return { loss: logits ? softmaxCrossEntropy : "categoricalCrossentropy" };
    case "sparse_categorical_crossentropy":
    case "sparse_softmax_cross_entropy_with_logits":
      // From logits, the twin's labels are one-hot (data.ts): the same cross-entropy, without TF.js's clipping of logits.
      return { loss: logits ? softmaxCrossEntropy : "sparseCategoricalCrossentropy" };
    case "binary_crossentropy":
    case "sigmoid_cross_entropy_with_logits":
      return { loss: logits ? sigmoidCrossEntropy : "binaryCrossentropy" };
    case "binary_focal_crossentropy":
      notes.push("binary focal cross-entropy simulated as binary cross-entropy (no focusing term)");
      return { loss: logits ? sigmoidCrossEntropy : "binaryCrossentropy" };
    case "categorical_focal_crossentropy":
      notes.push("categorical focal cross-entropy simulated as categorical cross-entropy (no focusing term)");
      return { loss: logits ? softmaxCrossEntropy : "categoricalCrossentropy" };
    case "log_loss":
      return { loss: logLoss };
    case "huber":
      return { loss: huber };
    case "custom":
      return { reason: `the loss ${spec.frameworkName} is a custom function` };
    default: {
      const name = STRING_LOSSES[spec.kind];
      return name !== undefined ? { loss: name } : { reason: `TF.js has no ${spec.kind} loss` };
    }
  }
}

/** The loss plan of each output the twin computes, in its output order. */
function planLosses(learner: Learner, outputs: readonly Layer[], notes: string[]): OutputLossPlan[] | string {
  const plans: OutputLossPlan[] = [];
  for (const output of outputs) {
    const spec = learner.outputLosses?.find((o) => o.output === output.index)?.loss ?? learner.loss;
    if (spec === undefined) return `the loss of output ${output.name} is not known`;
    const choice = lossFunction(spec, notes);
    if ("reason" in choice) return choice.reason;
    const plan: OutputLossPlan = { output, spec, loss: choice.loss };
    const expects = lossExpects(spec);
    if (spec.kind === "binary_crossentropy" && expects !== "logits" && output.activation === "softmax") {
      // Measured against Keras 3.15 (fidelity bench): its first loss differed by 8 % on the same weights and batch.
      notes.push(`${output.name}: binary cross-entropy over a softmax simulated on the softmax's probabilities, as tf.keras 2 computes it; Keras 3 computes it from the softmax's logits, one sigmoid per column`);
    }
    if (expects !== undefined) plan.expects = expects;
    plans.push(plan);
  }
  return plans;
}

/** Effective hyperparameters: the program's, else the optimizer's defaults (stated). */
function hyperparameters(spec: OptimizerSpec | undefined, notes: string[]): { kind: OptimizerKind; learningRate: number; epsilon: number; momentum: number } {
  let kind: OptimizerKind = spec?.kind ?? "adam";
  if (spec === undefined || kind === "unknown") {
    notes.push(spec === undefined ? "optimizer not known: Adam (standard choice)" : `optimizer ${spec.frameworkName} not understood: Adam (standard choice)`);
    kind = "adam";
  }
  const defaults = OPTIMIZERS[kind].defaults as { learningRate: number; epsilon?: number; momentum?: number };
  let learningRate = spec?.kind === kind ? spec.learningRate : undefined;
  if (learningRate === undefined || !Number.isFinite(learningRate)) {
    learningRate = defaults.learningRate;
    notes.push(`learning rate not known: ${learningRate} (the optimizer's default)`);
  }
  return { kind, learningRate, epsilon: spec?.epsilon ?? defaults.epsilon ?? 1e-7, momentum: spec?.momentum ?? defaults.momentum ?? 0 };
}

function makeOptimizer(kind: OptimizerKind, learningRate: number, epsilon: number, momentum: number, notes: string[]): tf.Optimizer {
  switch (kind) {
    case "sgd":
      return momentum > 0 ? tf.train.momentum(learningRate, momentum) : tf.train.sgd(learningRate);
    case "adam":
      return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
    case "adamw":
      notes.push("AdamW simulated as Adam (no decoupled weight decay)");
      return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
    case "nadam":
      notes.push("Nadam simulated as Adam (no Nesterov momentum)");
      return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
    case "adamax":
      return tf.train.adamax(learningRate, 0.9, 0.999, epsilon);
    case "rmsprop":
      return tf.train.rmsprop(learningRate, 0.9, momentum, epsilon);
    case "adagrad":
      return tf.train.adagrad(learningRate, 0.1);
    case "adadelta":
      return tf.train.adadelta(learningRate, 0.95, epsilon);
    case "ftrl":
      notes.push("Ftrl simulated as Adagrad (TF.js has no Ftrl; both scale steps by accumulated squared gradients)");
      return tf.train.adagrad(learningRate, 0.1);
    case "unknown":
      return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
  }
}

/** Accuracy kinds that TF.js's "accuracy" metric computes (it picks binary, categorical or sparse by the loss). */
const ACCURACY_METRICS: ReadonlySet<MetricKind> = new Set<MetricKind>(["accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "binary_accuracy"]);

/** The twin's learner for a compiled model; a model with no learner or an unsimulable loss is not simulated. */
export function planLearner(learner: Learner | undefined, outputs: readonly Layer[]): LearnerOutcome {
  if (learner === undefined) return { ok: false, reason: "the model is not compiled (no loss or optimizer)" };
  const notes: string[] = [];
  const losses = planLosses(learner, outputs, notes);
  if (typeof losses === "string") return { ok: false, reason: losses };
  const { kind, learningRate, epsilon, momentum } = hyperparameters(learner.optimizer, notes);
  const optimizer = makeOptimizer(kind, learningRate, epsilon, momentum, notes);
  const metrics = learner.metrics.some((m) => ACCURACY_METRICS.has(m.kind)) ? ["accuracy"] : [];
  return { ok: true, plan: { losses, optimizer, optimizerKind: kind, learningRate, metrics, notes } };
}

/** Compiles the twin with the planned learner. */
export function compileTwin(model: tf.LayersModel, plan: LearnerPlan): void {
  const losses = plan.losses.map((l) => l.loss) as Parameters<tf.LayersModel["compile"]>[0]["loss"];
  model.compile({ optimizer: plan.optimizer, loss: plan.losses.length === 1 ? (plan.losses[0]!.loss as string) : losses, metrics: plan.metrics });
}
