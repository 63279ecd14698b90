/**
 * Keras learner vocabulary: activations, losses, optimizers, metrics, initialisers and regularisers,
 * from strings, library paths and constructor calls.
 */
import type { ConstraintSpec, InitializerSpec, MetricSpec, RegularizerSpec, SourceSpan } from "../../../../model/program.js";
import {
  LAYER_KINDS,
  LOSSES,
  OPTIMIZERS,
  activationOf,
  constraintOf,
  initializerOf,
  lossOf,
  metricOf,
  type ActivationKind,
  type InitializerKind,
  type LossKind,
  type OptimizerKind,
  type RegularizerKind,
} from "../../../../model/vocabulary.js";
import type { CallArgs } from "../../state.js";
import { asBool, asNumber, asString, type LossValue, type OptimizerValue, type Value } from "../../values.js";
import { argValue, getArg } from "../args.js";
import { canonicalPath, classifyPath } from "../paths.js";

/** The last segment of a dotted path. */
export function lastSegment(path: string): string {
  const i = path.lastIndexOf(".");
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * The activation a value denotes: a string, `None` (linear), a library function (`tf.nn.relu`,
 * `keras.activations.relu`), an activation layer object. Undefined when unknown.
 */
export function activationFromValue(value: Value): ActivationKind | undefined {
  switch (value.t) {
    case "none":
      return "linear";
    case "str":
      return activationOf(value.v, "keras") ?? activationOf(value.v.toLowerCase(), "keras");
    case "activation":
      return value.kind;
    case "ref": {
      const c = classifyPath(canonicalPath(value.path));
      if (c.kind === "activation") return c.activation;
      if (c.kind === "layer") return LAYER_KINDS[c.layerKind].activation;
      // `K.softmax`, `tf.math.sigmoid`, `tf.keras.backend.relu`: the function's own name.
      const name = lastSegment(value.path);
      return activationOf(name, "keras") ?? activationOf(name, "tf1");
    }
    case "layer":
      return LAYER_KINDS[value.layer.kind].activation ?? value.layer.activation;
    default:
      return undefined;
  }
}

/** The loss a `compile(loss=...)` value denotes; undefined when unknown. */
export function lossFromValue(value: Value): LossValue | undefined {
  switch (value.t) {
    case "str": {
      const kind = lossOf(value.v, "keras");
      return kind ? withDefaultLogits({ kind, frameworkName: value.v }) : { kind: "custom", frameworkName: value.v };
    }
    case "loss":
      return value.loss;
    case "ref": {
      const c = classifyPath(canonicalPath(value.path));
      if (c.kind === "loss") return withDefaultLogits({ kind: c.loss, frameworkName: c.name });
      return undefined;
    }
    case "func":
      return { kind: "custom", frameworkName: value.fn.name };
    default:
      return undefined;
  }
}

function withDefaultLogits(loss: LossValue): LossValue {
  if (loss.fromLogits === undefined) loss.fromLogits = LOSSES[loss.kind].expects === "logits";
  return loss;
}

/** `keras.losses.CategoricalCrossentropy(from_logits=True)` and friends. */
export function constructLoss(kind: LossKind, name: string, args: CallArgs): LossValue {
  const fromLogits = argValue(args, undefined, "from_logits");
  const loss: LossValue = { kind, frameworkName: name };
  if (fromLogits !== undefined) {
    const b = asBool(fromLogits);
    if (b !== undefined) loss.fromLogits = b;
    return loss;
  }
  // Loss classes take from_logits first (CategoricalCrossentropy(True) is legal but rare).
  const first = args.positional[0];
  if (first && first.t === "bool" && LOSSES[kind].acceptsFromLogits) loss.fromLogits = first.v;
  if (args.opaqueSplat) return loss;
  return withDefaultLogits(loss);
}

/** An optimizer from its constructor call (`Adam(lr=0.01)`, `SGD(0.1, momentum=0.9)`). */
export function constructOptimizer(kind: OptimizerKind, name: string, args: CallArgs, span: (n: import("../../syntax.js").SyntaxNode) => SourceSpan): OptimizerValue {
  const defaults: { learningRate: number; epsilon?: number; momentum?: number } = OPTIMIZERS[kind].defaults;
  const optimizer: OptimizerValue = { kind, frameworkName: name };
  const lr = getArg(args, 0, "learning_rate", "lr");
  if (lr) {
    const n = learningRateOf(lr.value);
    if (n !== undefined) optimizer.learningRate = n;
    if (lr.node) optimizer.learningRateSpan = span(lr.node);
  } else if (!args.opaqueSplat && !Number.isNaN(defaults.learningRate)) optimizer.learningRate = defaults.learningRate;

  const momentumPosition = kind === "sgd" ? 1 : kind === "rmsprop" ? 2 : undefined;
  const momentum = argValue(args, momentumPosition, "momentum");
  if (momentum !== undefined) {
    const n = asNumber(momentum);
    if (n !== undefined) optimizer.momentum = n;
  } else if (!args.opaqueSplat && defaults.momentum !== undefined) optimizer.momentum = defaults.momentum;

  const epsilon = argValue(args, undefined, "epsilon");
  if (epsilon !== undefined && epsilon.t !== "none") {
    const n = asNumber(epsilon);
    if (n !== undefined) optimizer.epsilon = n;
  } else if (!args.opaqueSplat && defaults.epsilon !== undefined) optimizer.epsilon = defaults.epsilon;
  return optimizer;
}

function learningRateOf(value: Value): number | undefined {
  const n = asNumber(value);
  if (n !== undefined) return n;
  // A schedule starts from its initial rate.
  if (value.t === "opaque" && value.what.startsWith("lr-schedule:")) {
    const initial = Number(value.what.slice("lr-schedule:".length));
    return Number.isFinite(initial) ? initial : undefined;
  }
  return undefined;
}

/** An optimizer named by a string (`'adam'`): the framework defaults. */
export function optimizerFromValue(value: Value): OptimizerValue | undefined {
  if (value.t === "optimizer") return value.optimizer;
  if (value.t === "str") {
    const c = classifyPath(`keras.optimizers.${value.v}`);
    const lower = classifyPath(`keras.optimizers.${value.v.toLowerCase()}`);
    const hit = c.kind === "optimizer" ? c : lower.kind === "optimizer" ? lower : undefined;
    if (!hit) return { kind: "unknown", frameworkName: value.v };
    const defaults: { learningRate: number; epsilon?: number; momentum?: number } = OPTIMIZERS[hit.optimizer].defaults;
    const optimizer: OptimizerValue = { kind: hit.optimizer, frameworkName: value.v, learningRate: defaults.learningRate };
    if (defaults.epsilon !== undefined) optimizer.epsilon = defaults.epsilon;
    if (defaults.momentum !== undefined) optimizer.momentum = defaults.momentum;
    return optimizer;
  }
  if (value.t === "ref") {
    const c = classifyPath(canonicalPath(value.path));
    if (c.kind === "optimizer") return { kind: c.optimizer, frameworkName: c.name };
  }
  return undefined;
}

/** Metrics of `compile(metrics=[...])`. */
export function metricsFromValue(value: Value | undefined, span: SourceSpan): MetricSpec[] {
  if (!value) return [];
  const items = value.t === "list" || value.t === "tuple" ? value.items : value.t === "dict" ? [...value.entries.values()].map((e) => e.value) : [value];
  const out: MetricSpec[] = [];
  for (const item of items) {
    if (item.t === "str") out.push({ kind: metricOf(item.v, "keras") ?? "other", frameworkName: item.v, span });
    else if (item.t === "metric") out.push({ kind: item.kind, frameworkName: item.frameworkName, span });
    else if (item.t === "ref") {
      const name = lastSegment(item.path);
      out.push({ kind: metricOf(name, "keras") ?? "other", frameworkName: name, span });
    } else if (item.t === "func") out.push({ kind: "other", frameworkName: item.fn.name, span });
    else if (item.t === "list" || item.t === "tuple") out.push(...metricsFromValue(item, span));
  }
  return out;
}

/** An initializer from a value: a string (`'he_normal'`), an initializer object, a library reference. */
export function initializerFromValue(value: Value, span: SourceSpan | undefined): InitializerSpec | undefined {
  if (value.t === "initializer") return span ? { ...value.spec, span } : value.spec;
  if (value.t === "str") {
    const kind: InitializerKind = initializerOf(value.v, "keras") ?? "unknown";
    return span ? { kind, frameworkName: value.v, span } : { kind, frameworkName: value.v };
  }
  if (value.t === "ref") {
    const c = classifyPath(canonicalPath(value.path));
    if (c.kind === "initializer") return span ? { kind: c.initializer, frameworkName: c.name, span } : { kind: c.initializer, frameworkName: c.name };
  }
  if (value.t === "none") return undefined;
  return undefined;
}

/**
 * `initializers.Constant(0.5)`, `RandomNormal(stddev=0.01)`, `tf.zeros_initializer()`. `tf1Contrib`: the call
 * is `tf.contrib.layers.*`, whose variance-scaling initialiser has its own arguments and defaults.
 */
export function constructInitializer(kind: InitializerKind, name: string, args: CallArgs, tf1Contrib = false): InitializerSpec {
  if (kind === "variance_scaling") return varianceScaling(name, args, tf1Contrib);
  const spec: InitializerSpec = { kind, frameworkName: name };
  const set = (key: "value" | "stddev" | "minval" | "maxval", v: Value | undefined): void => {
    const n = asNumber(v);
    if (n !== undefined) spec[key] = n;
    else if (v !== undefined) spec.parametersUnknown = true;
  };
  if (args.opaqueSplat) spec.parametersUnknown = true;
  if (kind === "constant") {
    const value = argValue(args, 0, "value");
    // `Constant(embedding_matrix)` loads given weights (pretrained embeddings), not one value for every unit.
    if (value !== undefined && asNumber(value) === undefined) return { kind: "unknown", frameworkName: name };
    set("value", value);
  }
  if (kind === "random_normal" || kind === "truncated_normal") set("stddev", argValue(args, 1, "stddev"));
  if (kind === "random_uniform") {
    set("minval", argValue(args, 0, "minval"));
    set("maxval", argValue(args, 1, "maxval"));
  }
  return spec;
}

/**
 * A variance-scaling initialiser as the named family it equals. Keras's `VarianceScaling` and TF1's
 * `tf.variance_scaling_initializer` default to scale 1.0 over fan_in, truncated normal (LeCun's variance);
 * `tf.contrib.layers.variance_scaling_initializer` to factor 2.0 over fan_in, normal (He's), with `uniform`
 * for the distribution. Another mode or scale keeps the generic kind, its parameters marked unknown.
 */
function varianceScaling(name: string, args: CallArgs, tf1Contrib: boolean): InitializerSpec {
  const scaleArg = argValue(args, 0, tf1Contrib ? "factor" : "scale");
  const modeArg = argValue(args, 1, "mode");
  const distributionArg = argValue(args, 2, tf1Contrib ? "uniform" : "distribution");
  const scale = scaleArg === undefined ? (tf1Contrib ? 2 : 1) : asNumber(scaleArg);
  const mode = modeArg === undefined ? "fan_in" : asString(modeArg)?.toLowerCase();
  let uniform: boolean | undefined = false;
  if (distributionArg !== undefined) uniform = tf1Contrib ? asBool(distributionArg) : asString(distributionArg)?.includes("uniform");
  if (args.opaqueSplat || mode !== "fan_in" || uniform === undefined || (scale !== 1 && scale !== 2)) {
    return { kind: "variance_scaling", frameworkName: name, parametersUnknown: true };
  }
  const kind: InitializerKind = scale === 2 ? (uniform ? "he_uniform" : "he_normal") : uniform ? "lecun_uniform" : "lecun_normal";
  return { kind, frameworkName: name };
}

/** `l2(0.01)`, `regularizers.l1_l2(l1=..., l2=...)`, `L2(l2=...)`. */
export function constructRegularizer(kind: RegularizerKind, name: string, args: CallArgs): RegularizerSpec {
  const spec: RegularizerSpec = { kind, frameworkName: name };
  if (kind === "l1") {
    const n = asNumber(argValue(args, 0, "l1", "l"));
    spec.l1 = n ?? (args.positional.length === 0 && !args.keywords.has("l1") ? 0.01 : undefined);
    if (spec.l1 === undefined) delete spec.l1;
  } else if (kind === "l2") {
    const n = asNumber(argValue(args, 0, "l2", "l"));
    spec.l2 = n ?? (args.positional.length === 0 && !args.keywords.has("l2") ? 0.01 : undefined);
    if (spec.l2 === undefined) delete spec.l2;
  } else if (kind === "l1_l2") {
    const l1 = asNumber(argValue(args, 0, "l1"));
    const l2 = asNumber(argValue(args, 1, "l2"));
    if (l1 !== undefined) spec.l1 = l1;
    if (l2 !== undefined) spec.l2 = l2;
  }
  return spec;
}

/** Keras's weight constraints and their defaults (keras.constraints): max_norm(max_value=2, axis=0),
 * min_max_norm(min_value=0, max_value=1, rate=1, axis=0), unit_norm(axis=0), non_neg(). */
export function constructConstraint(name: string, args: CallArgs): ConstraintSpec {
  const kind = constraintOf(name, "keras") ?? "unknown";
  const spec: ConstraintSpec = { kind, frameworkName: name };
  const read = (field: "maxValue" | "minValue" | "rate" | "axis", position: number | undefined, keyword: string, fallback: number) => {
    const given = argValue(args, position, keyword);
    const n = given === undefined ? fallback : asNumber(given);
    if (n !== undefined) spec[field] = n;
    else spec.parametersUnknown = true;
  };
  if (kind === "max_norm") {
    read("maxValue", 0, "max_value", 2);
    read("axis", 1, "axis", 0);
  } else if (kind === "min_max_norm") {
    read("minValue", 0, "min_value", 0);
    read("maxValue", 1, "max_value", 1);
    read("rate", 2, "rate", 1);
    read("axis", 3, "axis", 0);
  } else if (kind === "unit_norm") {
    read("axis", 0, "axis", 0);
  }
  if (args.opaqueSplat) spec.parametersUnknown = true;
  return spec;
}

export function constraintFromValue(value: Value, span: SourceSpan | undefined): ConstraintSpec | undefined {
  let spec: ConstraintSpec | undefined;
  if (value.t === "constraint") spec = value.spec;
  // A constraint named by a string takes its defaults.
  else if (value.t === "str") spec = constructConstraint(value.v, { positional: [], keywords: new Map(), positionalNodes: [], keywordNodes: new Map(), opaqueSplat: false });
  if (spec === undefined) return undefined;
  return span ? { ...spec, span } : spec;
}

export function regularizerFromValue(value: Value, span: SourceSpan | undefined): RegularizerSpec | undefined {
  if (value.t === "regularizer") return span ? { ...value.spec, span } : value.spec;
  if (value.t === "str") {
    const kind = value.v === "l1" || value.v === "l2" || value.v === "l1_l2" ? value.v : "unknown";
    return span ? { kind, frameworkName: value.v, span } : { kind, frameworkName: value.v };
  }
  return undefined;
}

