/**
 * Losses of TF1 graphs: the library's (`tf.losses.*`, `tf.nn.*_with_logits`, Keras loss functions on tensors)
 * and the ones written out with ops (`-tf.reduce_sum(y * tf.log(p))`, `tf.reduce_mean(tf.square(p - y))`). A
 * written loss is read off the op graph behind the loss tensor: which op pattern it is, which model tensor it
 * judges (the model's output) and which input it compares against (the labels).
 */
import { LOSSES, type LossKind } from "../../../../model/vocabulary.js";
import type { CallArgs } from "../../state.js";
import type { LayerState, LossValue, TensorState, Value } from "../../values.js";
import { argValue } from "../args.js";
import { walkBack } from "../layer-walk.js";

/** The labels and the predictions (or logits) of a library loss, by keyword or position. */
export function libraryLoss(kind: LossKind, name: string, family: "nn" | "losses" | "keras", args: CallArgs, fromLogits?: boolean): Value & { t: "tf1-loss" } {
  const loss: LossValue = { kind, frameworkName: name, fromLogits: fromLogits ?? LOSSES[kind].expects === "logits" };
  const value: Value & { t: "tf1-loss" } = { t: "tf1-loss", loss };
  const labelsKeyword = argValue(args, undefined, "labels", "onehot_labels", "multi_class_labels", "targets", "y_true");
  const predictedKeyword = argValue(args, undefined, "logits", "predictions", "y_pred");
  const [first, second] = args.positional;
  let labels = labelsKeyword;
  let predicted = predictedKeyword;
  if (family === "nn" && !labelsKeyword && !predictedKeyword && first && second) {
    // TF 0.x wrote `softmax_cross_entropy_with_logits(logits, labels)` (TF 1.x refuses positional use): the
    // computed tensor is the logits, never a placeholder.
    const firstIsLabels = isInputOnly(first) && !isInputOnly(second);
    labels = firstIsLabels ? first : second;
    predicted = firstIsLabels ? second : first;
  } else {
    labels ??= first;
    predicted ??= labelsKeyword ? first : second;
  }
  if (predicted?.t === "tensor" && !isInputOnly(predicted)) value.logits = predicted.tensor;
  if (labels?.t === "tensor") value.labels = labels.tensor;
  return value;
}

// ------------------------------------------------------------------------------------------ op graphs

/** Op layers stand for TensorFlow ops on tensors (`tf.log`, `*`, `tf.reduce_sum`...): lambdas with the op's name. */
export function isOpLayer(layer: LayerState): boolean {
  return layer.kind === "lambda" && layer.opaque === false && layer.frameworkName !== "Lambda";
}

/** The op an op layer applies, without its module (`tf.math.log` → `log`, `operator*` → `*`, `operatorunary-` → `neg`). */
export function opName(layer: LayerState): string {
  const name = layer.frameworkName;
  if (name.startsWith("operatorunary")) return name === "operatorunary-" ? "neg" : name.slice("operatorunary".length);
  if (name.startsWith("operator")) return name.slice("operator".length);
  const last = name.slice(name.lastIndexOf(".") + 1);
  return OP_SYNONYMS[last] ?? last;
}

const OP_SYNONYMS: Record<string, string> = {
  multiply: "*",
  mul: "*",
  subtract: "-",
  sub: "-",
  add: "+",
  negative: "neg",
  div: "/",
  divide: "/",
  truediv: "/",
  reduce_mean: "reduce",
  reduce_sum: "reduce",
  mean: "reduce",
  clip_by_value: "clip",
  maximum: "clip",
  minimum: "clip",
};

/** Whether a value is a tensor computed only from inputs (a placeholder, a dataset element, ops on them). */
export function isInputOnly(value: Value): boolean {
  if (value.t !== "tensor") return false;
  const frontier = modelFrontier(value.tensor.producer);
  return frontier.length === 0;
}

/** The non-op layers an op graph reads (inputs excluded), each once, in the order met. */
export function modelFrontier(start: LayerState): LayerState[] {
  const found: LayerState[] = [];
  walkBack([start], (layer) => {
    if (layer.kind === "input") return false;
    if (isOpLayer(layer)) return true;
    found.push(layer);
    return false;
  });
  return found;
}

/** The input layers an op graph reads through ops only. */
function inputsThroughOps(start: LayerState): LayerState[] {
  const found: LayerState[] = [];
  walkBack([start], (layer) => {
    if (layer.kind === "input") found.push(layer);
    return isOpLayer(layer);
  });
  return found;
}

/**
 * The ops losses are written with. Walking back from a loss, these are the loss; any other op (a helper's
 * `lrelu`, a slice, a matrix product with a transposed weight) belongs to the model and ends the walk.
 */
const LOSS_MATH = new Set(["reduce", "reduce_max", "reduce_min", "neg", "+", "-", "*", "/", "log", "log1p", "exp", "sqrt", "square", "pow", "abs", "l2_loss", "squared_difference", "clip", "cast", "**"]);

function isLossMath(layer: LayerState): boolean {
  return isOpLayer(layer) && LOSS_MATH.has(opName(layer));
}

/** The loss-math op layers behind a loss tensor, from its root back to what they read. */
function opLayers(start: LayerState): LayerState[] {
  const ops: LayerState[] = [];
  walkBack([start], (layer) => {
    if (!isLossMath(layer)) return false;
    ops.push(layer);
    return true;
  });
  return ops;
}

/** The model tensors a loss reads: where the walk back through loss math stops, inputs and input-only ops left out. */
function lossFrontier(start: LayerState): LayerState[] {
  const found: LayerState[] = [];
  walkBack([start], (layer) => {
    if (layer.kind === "input") return false;
    if (isLossMath(layer)) return true;
    if (modelFrontier(layer).length > 0) found.push(layer);
    return false;
  });
  return found;
}

/** Ops a probability passes through on its way into a log (`tf.log(tf.clip_by_value(p, 1e-10, 1.0))`, `p + 1e-8`). */
const GUARDS = new Set(["clip", "+", "identity", "cast"]);

/** The model layer a log reads (through guards), and whether it reads `1 - p` (the binary cross-entropy's second term). */
function logOperand(log: LayerState): { layer: LayerState; complement: boolean } | undefined {
  let layer: LayerState | undefined = log.inbound.length === 1 ? log.inbound[0] : undefined;
  let complement = false;
  for (let guard = 0; layer && guard < 8; guard++) {
    if (!isOpLayer(layer)) return layer.kind === "input" ? undefined : { layer, complement };
    const op = opName(layer);
    // `1 - p`: a subtraction with one tensor operand (the constant is not a tensor).
    if (op === "-" && layer.inbound.length === 1) complement = true;
    else if (!GUARDS.has(op) || layer.inbound.length !== 1) {
      // Another op the model ends with (a helper's result): the prediction itself, if it reads the model.
      return !isLossMath(layer) && modelFrontier(layer).length > 0 ? { layer, complement } : undefined;
    }
    layer = layer.inbound[0];
  }
  return undefined;
}

/** A difference of the model's output and the labels (`p - y`, `tf.subtract(y, p)`), inside a square, pow or abs. */
function difference(op: LayerState): { prediction: LayerState; labels: LayerState } | undefined {
  const inner = op.inbound.length === 1 ? op.inbound[0] : undefined;
  if (!inner || !isOpLayer(inner) || opName(inner) !== "-" || inner.inbound.length !== 2) return undefined;
  const [a, b] = inner.inbound as [LayerState, LayerState];
  return sides(a, b);
}

/** Which of two operands is the model's output (it reads the model) and which the labels (inputs only). */
function sides(a: LayerState, b: LayerState): { prediction: LayerState; labels: LayerState } | undefined {
  const aModel = modelFrontier(a).length > 0;
  const bModel = modelFrontier(b).length > 0;
  if (aModel && !bModel) return { prediction: a, labels: b };
  if (bModel && !aModel) return { prediction: b, labels: a };
  return undefined;
}

/** What a loss written out with ops is: its kind, the model tensors it judges, and the labels it reads. */
export interface WrittenLoss {
  loss: LossValue;
  outputs: TensorState[];
  labels?: TensorState;
}

/**
 * Reads a loss tensor's op graph. Cross-entropy written with `tf.log` of the model's output times the labels is
 * categorical (binary when it also takes `log(1 - p)`); a square, `pow`, `l2_loss` or `squared_difference` of
 * output minus labels is the mean squared error; an `abs` of it the mean absolute error. Anything else is a
 * custom loss of the model tensors it reads (never nothing: the model keeps its outputs).
 */
export function readWrittenLoss(loss: TensorState): WrittenLoss {
  const ops = opLayers(loss.producer);
  const frontier = lossFrontier(loss.producer);
  const custom: WrittenLoss = { loss: { kind: "custom", frameworkName: "custom" }, outputs: frontier.map((producer) => ({ producer })) };
  const logs = ops.filter((op) => opName(op) === "log").map(logOperand);
  if (logs.length > 0 && logs.every((l) => l !== undefined)) {
    const targets = new Set(logs.map((l) => l!.layer));
    const products = ops.filter((op) => opName(op) === "*");
    const labelled = products.some((p) => p.inbound.some((side) => modelFrontier(side).length === 0 && inputsThroughOps(side).length > 0));
    if (targets.size === 1 && labelled) {
      const prediction = logs[0]!.layer;
      const binary = logs.some((l) => l!.complement);
      const labels = products.flatMap((p) => p.inbound.filter((side) => modelFrontier(side).length === 0).flatMap(inputsThroughOps))[0];
      return {
        loss: { kind: binary ? "binary_crossentropy" : "categorical_crossentropy", frameworkName: binary ? "written binary cross-entropy" : "written cross-entropy", fromLogits: false },
        outputs: [{ producer: prediction }],
        ...(labels ? { labels: { producer: labels } } : {}),
      };
    }
    return custom;
  }
  const errors = ops.flatMap((op) => {
    const name = opName(op);
    const squared = name === "square" || name === "l2_loss" || (name === "pow" && op.config.extra?.["exponent"] === 2);
    if (!squared && name !== "abs" && name !== "squared_difference") return [];
    const diff = name === "squared_difference" ? twoSided(op) : difference(op);
    return diff ? [{ kind: (name === "abs" ? "mean_absolute_error" : "mean_squared_error") as LossKind, ...diff }] : [];
  });
  const kinds = new Set(errors.map((e) => e.kind));
  if (errors.length > 0 && kinds.size === 1) {
    const kind = errors[0]!.kind;
    const labels = errors.flatMap((e) => inputsThroughOps(e.labels))[0];
    return {
      loss: { kind, frameworkName: kind === "mean_absolute_error" ? "written absolute error" : "written squared error", fromLogits: false },
      outputs: [...new Set(errors.map((e) => e.prediction))].map((producer) => ({ producer })),
      ...(labels ? { labels: { producer: labels } } : {}),
    };
  }
  return custom;
}

/** `tf.squared_difference(p, y)`: the two operands themselves. */
function twoSided(op: LayerState): { prediction: LayerState; labels: LayerState } | undefined {
  if (op.inbound.length !== 2) return undefined;
  const [a, b] = op.inbound as [LayerState, LayerState];
  return sides(a, b);
}
