/**
 * Abstract values of the Python interpreter. Unknown is a value like any other: every operation on it
 * yields unknown, never an error.
 */
import type { SyntaxNode as Node } from "./syntax.js";
import type {
  KerasPackage,
  DataFacts,
  InitializerSpec,
  Layer,
  RegularizerSpec,
  ConstraintSpec,
  Shape,
  SourceSpan,
  TrainingLoop,
  InferenceCall,
  Learner,
  LossSpec,
  OptimizerSpec,
} from "../../model/program.js";
import type { ActivationKind, LossKind, MetricKind, OptimizerKind } from "../../model/vocabulary.js";
import type { TfObject } from "./library/tf1/objects.js";

/** scikit-learn transformers: feature scalers, label encoders, text vectorisers. */
export type ScalerKind = "standard" | "minmax" | "other" | "label" | "onehot" | "multilabel" | "labelbinarizer" | "vectorizer";

export interface Scope {
  vars: Map<string, Value>;
  parent?: Scope;
  /** Names declared `global` in this (function) scope. */
  globals?: Set<string>;
}

export interface PyFunction {
  name: string;
  node: Node;
  closure: Scope;
  /** Evaluated default values by parameter name. */
  defaults: Map<string, Value>;
  /** Bound `self` for methods read off an instance. */
  self?: Value;
}

export interface PyClass {
  name: string;
  bases: Value[];
  methods: Map<string, Value>;
  attrs: Map<string, Value>;
  /** Annotated class attributes in order (a dataclass's fields). */
  fields?: string[];
  /** True when a base is a Keras Model / Layer. */
  kerasBase?: "model" | "layer";
  span: SourceSpan;
}

/** The attributes a constructed layer carries over unchanged into its `Layer` (see `toLayer`). */
export const LAYER_ATTRIBUTES = [
  "activation",
  "activationSpan",
  "kernelInitializer",
  "biasInitializer",
  "kernelRegularizer",
  "biasRegularizer",
  "activityRegularizer",
  "kernelConstraint",
  "biasConstraint",
  "trainable",
  "keras",
] as const satisfies readonly (keyof Layer)[];

/** A layer object as constructed (not yet placed in any model): the `Layer` fields it already knows, plus wiring state. */
export interface LayerState
  extends Pick<Layer, "kind" | "frameworkName" | "name" | "config" | "declaredInputShape" | "span" | (typeof LAYER_ATTRIBUTES)[number]> {
  id: number;
  /** Functional wiring: the layers whose outputs this layer consumed, in order, over all its calls. */
  inbound: LayerState[];
  /** Order of the first call (functional), for a topological layer order. */
  callOrder?: number;
  conditional: boolean;
  /** Created where the interpreter cannot tell how many times it ran (unknown loop). */
  uncertain: boolean;
  /** A nested model used as a layer, or a layer the library model does not know. */
  opaque?: boolean;
}

export interface TensorState {
  producer: LayerState;
}

export interface CompileRecord {
  learner: Learner;
  /** Per-output losses by output layer name (a dict) or output position (a list), resolved when the model is built. */
  perOutput?: { key: string | number; loss: LossSpec }[];
  /** Whether a `fit` of this model had already been seen when it was compiled. */
  afterFit: boolean;
}

export interface ModelState {
  id: number;
  /** A TF1 graph (placeholders and tf.layers), not a Keras model. */
  tf1?: boolean;
  package?: KerasPackage;
  style: "sequential" | "functional" | "subclassed" | "graph";
  variable?: string;
  /** Whether `variable` is a module-level name. */
  variableIsGlobal?: boolean;
  span: SourceSpan;
  /** Sequential: the layers in order. */
  layers: LayerState[];
  /** Sequential: the declared input shape (from an Input in the list or `build`). */
  declaredInputShape?: Shape;
  /**
   * A Sequential that starts with a Keras 1 `Merge` of Sequential branches: the running output its next `add`
   * applies to (the model is then built as a functional graph).
   */
  head?: TensorState;
  /** Functional / subclassed: input and output tensors. */
  inputs: TensorState[];
  outputs: TensorState[];
  /** TF1 graphs: the tensors a session fetches (`sess.run(code)`, `code.eval()`), read outside the training. */
  fetched?: TensorState[];
  complete: boolean;
  compiles: CompileRecord[];
  training: TrainingLoop[];
  inference: InferenceCall[];
}

/** A loss object or name as evaluated: a `LossSpec` before it is placed at a compile call. */
export type LossValue = Omit<LossSpec, "span">;

/** An optimizer as evaluated: an `OptimizerSpec` whose span is where the object was constructed, if it was. */
export interface OptimizerValue extends Omit<OptimizerSpec, "span"> {
  span?: SourceSpan;
}

export type Value =
  | { t: "unknown" }
  | { t: "none" }
  | { t: "bool"; v: boolean }
  | { t: "num"; v: number; int: boolean }
  | { t: "str"; v: string }
  | { t: "tuple"; items: Value[] }
  /**
   * A list. `unknownLength` when it was appended to in a loop of unknown count: its items are then samples
   * of what it holds, not its contents (no length, no indexing, no iteration). `uncertainItems` when items
   * were added on paths that may not run (an undecided `if`): it holds these items or fewer, in this order
   * (no length, no indexing; iteration visits every item that may be there). `samplesVary` when samples
   * were taken in a loop that also changed variables they may depend on: other items may hold other values.
   */
  | { t: "list"; items: Value[]; unknownLength?: boolean; uncertainItems?: boolean; samplesVary?: boolean }
  | { t: "dict"; entries: Map<string, { key: Value; value: Value }> }
  | { t: "slice"; start: Value; stop: Value; step: Value }
  | { t: "ellipsis" }
  | { t: "func"; fn: PyFunction }
  | { t: "class"; cls: PyClass }
  | { t: "instance"; cls: PyClass; attrs: Map<string, Value>; model?: ModelState; layer?: LayerState }
  /** A module or library name, by its dotted path as written after import resolution (`keras.layers.Dense`). */
  | { t: "ref"; path: string }
  /** An attribute of a value, to be called (`model.add`, `x.reshape`, `"a".format`). */
  | { t: "method"; self: Value; name: string }
  | { t: "builtin"; name: string }
  | { t: "layer"; layer: LayerState }
  | { t: "tensor"; tensor: TensorState }
  | { t: "model"; model: ModelState }
  | { t: "loss"; loss: LossValue }
  | { t: "optimizer"; optimizer: OptimizerValue }
  | { t: "metric"; kind: MetricKind; frameworkName: string }
  | { t: "initializer"; spec: InitializerSpec }
  | { t: "regularizer"; spec: RegularizerSpec }
  | { t: "activation"; kind?: ActivationKind; frameworkName: string }
  | { t: "data"; facts: DataFacts }
  /**
   * A statistic of a data array (`x.mean()`), used to recognise standardisation; `shape` when known (a
   * full reduction is a scalar, `shape` []).
   */
  | { t: "stat"; stat: "mean" | "std" | "max" | "min" | "other"; shape?: Shape }
  /** A scikit-learn scaler. */
  | { t: "scaler"; scaler: ScalerKind; featureRange?: [number, number] }
  /** A Keras text Tokenizer (`num_words` when known). */
  | { t: "tokenizer"; numWords?: number }
  /**
   * A tf.data pipeline built from arrays (`from_tensor_slices((x, y))`): what is known of its parts, as whole
   * arrays (sample dimension first); `batched` once `batch()` groups the elements; `parts`: how many
   * components each element has, when known (`(x, y)` pairs: 2).
   */
  | { t: "dataset"; x?: DataFacts; y?: DataFacts; shuffled?: boolean; batched?: boolean; parts?: number }
  /**
   * TF1 graph objects: the variable initialiser op, a train op, another known op that neither initialises
   * variables nor trains (an iterator's initialiser), a loss tensor, a session.
   */
  | { t: "tf1-op"; op: "init" | "train" | "other" }
  | { t: "tf1-loss"; loss?: LossValue; logits?: TensorState; labels?: TensorState }
  | { t: "tf1-session" }
  /** Other TensorFlow objects: variables, RNN cells, dataset iterators, gradients, gradient tapes. */
  | { t: "tf-object"; object: TfObject }
  /** A Keras callback object, and a weight constraint. */
  | { t: "callback"; frameworkName: string; package?: KerasPackage; span: SourceSpan }
  | { t: "constraint"; frameworkName: string; spec: ConstraintSpec }
  /** An argparse parser: the defaults of the options added so far. */
  | { t: "argparser"; defaults: Map<string, Value> }
  /** An image-data generator / other opaque framework object. */
  | { t: "opaque"; what: string };

export const UNKNOWN: Value = Object.freeze({ t: "unknown" }) as Value;
export const NONE: Value = Object.freeze({ t: "none" }) as Value;

export const num = (v: number, int = Number.isInteger(v)): Value => ({ t: "num", v, int });
export const int = (v: number): Value => ({ t: "num", v, int: true });
export const str = (v: string): Value => ({ t: "str", v });
export const bool = (v: boolean): Value => ({ t: "bool", v });
export const tuple = (items: Value[]): Value => ({ t: "tuple", items });
export const list = (items: Value[]): Value => ({ t: "list", items });

/**
 * Bounds on the size of values, so that a program growing a list, a string or a nesting without end costs
 * bounded memory and time (never an engine abort): past them a list keeps samples of what it holds (its
 * length unknown), and a tuple or a string becomes unknown.
 */
export const MAX_ITEMS = 100_000;
export const MAX_STRING = 1_000_000;
/** The most dimensions a shape or an integer list read as layer arguments may have (numpy's own limit is 64). */
export const MAX_RANK = 64;

/**
 * The work a value's size stands for, in interpreter steps: building or copying a long list or string costs
 * in proportion to its length (one step per 64 items, per 1024 characters), so that a loop over large values
 * spends the step budget rather than unbounded time.
 */
export function sizeWork(v: Value | undefined): number {
  if (v === undefined) return 0;
  if (v.t === "list" || v.t === "tuple") return v.items.length >> 6;
  if (v.t === "str") return v.v.length >> 10;
  if (v.t === "dict") return v.entries.size >> 6;
  return 0;
}

/**
 * How many nested values one walk (an equality, a dict key, `str()`, a set's duplicates) may visit before its
 * answer is unknown: shared parts (`[x] * n` of `[y] * n`) and cycles (`a.append(a)`) stay cheap.
 */
export class WalkBudget {
  private left: number;
  private depth = 0;
  constructor(limit = 10_000) {
    this.left = limit;
  }
  /** Takes one visit, one level deeper; false once the budget is spent (or the nesting is too deep to follow). */
  enter(): boolean {
    if (--this.left < 0 || this.depth >= MAX_WALK_DEPTH) {
      this.left = -1;
      return false;
    }
    this.depth++;
    return true;
  }
  /** Back up one level (after a successful `enter`). */
  leave(): void {
    this.depth--;
  }
  get spent(): boolean {
    return this.left < 0;
  }
}

/** Nested containers are followed this deep at most: a self-containing list (`a.append(a)`) ends there. */
const MAX_WALK_DEPTH = 500;

/** Python truthiness, or undefined when it cannot be known. */
export function truthy(v: Value): boolean | undefined {
  switch (v.t) {
    case "none":
      return false;
    case "bool":
      return v.v;
    case "num":
      return v.v !== 0;
    case "str":
      return v.v.length > 0;
    case "tuple":
      return v.items.length > 0;
    case "list":
      if (v.unknownLength) return undefined;
      return v.uncertainItems && v.items.length > 0 ? undefined : v.items.length > 0;
    case "dict":
      return v.entries.size > 0;
    case "unknown":
    case "data":
    case "stat":
    case "tensor":
      return undefined;
    default:
      return true;
  }
}

/** A number (bools count as 0/1, as in Python), or undefined. */
export function asNumber(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.t === "num") return v.v;
  if (v.t === "bool") return v.v ? 1 : 0;
  return undefined;
}

export function asInt(v: Value | undefined): number | undefined {
  const n = asNumber(v);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

export function asString(v: Value | undefined): string | undefined {
  return v && v.t === "str" ? v.v : undefined;
}

export function asBool(v: Value | undefined): boolean | undefined {
  if (!v) return undefined;
  if (v.t === "bool") return v.v;
  if (v.t === "num") return v.v !== 0;
  return undefined;
}

/** The items of a tuple or list. */
export function asSequence(v: Value | undefined): Value[] | undefined {
  if (v?.t === "list" && v.unknownLength) return undefined;
  return v && (v.t === "tuple" || v.t === "list") ? v.items : undefined;
}

/** The items of a tuple or list whose contents are exactly known (not only a superset of them). */
export function asExactSequence(v: Value | undefined): Value[] | undefined {
  if (v?.t === "list" && v.uncertainItems) return undefined;
  return asSequence(v);
}

/** An int, or a tuple/list of ints (unknown entries become undefined). */
export function asIntList(v: Value | undefined): (number | undefined)[] | undefined {
  if (!v) return undefined;
  const single = asInt(v);
  if (single !== undefined) return [single];
  const items = asExactSequence(v);
  if (items && items.length > MAX_RANK) return undefined;
  return items?.map((item) => asInt(item));
}

/** A shape tuple written in the program: ints and `None`s; undefined when not a sequence. */
export function asShape(v: Value | undefined): Shape | undefined {
  if (!v) return undefined;
  const single = asInt(v);
  if (single !== undefined) return [single];
  const items = asExactSequence(v);
  if (!items || items.length > MAX_RANK) return undefined;
  return items.map((item) => asInt(item) ?? null);
}

/** A key for dict entries: constants by value, anything else (or a key too large to walk) never matches. */
export function dictKey(v: Value, walk = new WalkBudget()): string | undefined {
  if (v.t !== "tuple") return leafKey(v);
  if (!walk.enter()) return undefined;
  try {
    const parts: string[] = [];
    let length = 0;
    for (const item of v.items) {
      const part = dictKey(item, walk);
      length += part?.length ?? 0;
      if (part === undefined || length > MAX_STRING) return undefined;
      parts.push(part);
    }
    return `t:(${parts.join(",")})`;
  } finally {
    walk.leave();
  }
}

function leafKey(v: Value): string | undefined {
  switch (v.t) {
    case "str":
      return `s:${v.v}`;
    case "num":
      return `n:${v.v}`;
    case "bool":
      return `n:${v.v ? 1 : 0}`;
    case "none":
      return "none";
    case "tensor":
      // Graph tensors key a `feed_dict` by identity.
      return `tensor:${v.tensor.producer.id}`;
    default:
      return undefined;
  }
}

/** Python `str()` of a constant, or undefined (also when it would be longer than MAX_STRING). */
export function toPyString(v: Value, walk = new WalkBudget()): string | undefined {
  if (v.t !== "tuple" && v.t !== "list") return leafString(v);
  if (!walk.enter()) return undefined;
  try {
    if (v.t === "list" && (v.unknownLength || v.uncertainItems)) return undefined;
    const parts: string[] = [];
    let length = 0;
    for (const item of v.items) {
      const part = toPyRepr(item, walk);
      length += (part?.length ?? 0) + 2;
      if (part === undefined || length > MAX_STRING) return undefined;
      parts.push(part);
    }
    if (v.t === "list") return `[${parts.join(", ")}]`;
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
  } finally {
    walk.leave();
  }
}

function leafString(v: Value): string | undefined {
  switch (v.t) {
    case "str":
      return v.v;
    case "num":
      if (v.int) return Number.isSafeInteger(v.v) ? String(v.v) : undefined;
      return pyFloatRepr(v.v);
    case "bool":
      return v.v ? "True" : "False";
    case "none":
      return "None";
    default:
      return undefined;
  }
}

/** Python's `repr` of a float: the shortest round-tripping digits, in exponent form below 1e-4 and from 1e16. */
function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = x.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || "0"}`;
}

export function toPyRepr(v: Value, walk = new WalkBudget()): string | undefined {
  if (v.t === "str") return `'${v.v}'`;
  return toPyString(v, walk);
}

/** Structural equality of constants; undefined when unknown (or too large to compare within the walk). */
export function pyEquals(a: Value, b: Value, walk = new WalkBudget()): boolean | undefined {
  if (!walk.enter()) return undefined;
  try {
    return equalValues(a, b, walk);
  } finally {
    walk.leave();
  }
}

function equalValues(a: Value, b: Value, walk: WalkBudget): boolean | undefined {
  if (a.t === "unknown" || b.t === "unknown") return undefined;
  // One container is equal to itself (Python compares items by identity first).
  if (a === b && (a.t === "list" || a.t === "tuple")) return true;
  const an = asNumber(a);
  const bn = asNumber(b);
  if (an !== undefined && bn !== undefined) return an === bn;
  if (a.t === "str" && b.t === "str") return a.v === b.v;
  if (a.t === "none" || b.t === "none") return a.t === b.t;
  if ((a.t === "list" && (a.unknownLength || a.uncertainItems)) || (b.t === "list" && (b.unknownLength || b.uncertainItems))) return undefined;
  if ((a.t === "tuple" || a.t === "list") && (b.t === "tuple" || b.t === "list")) {
    if (a.t !== b.t || a.items.length !== b.items.length) return a.t === b.t ? false : false;
    let all: boolean | undefined = true;
    for (let i = 0; i < a.items.length; i++) {
      const eq = pyEquals(a.items[i]!, b.items[i]!, walk);
      if (eq === false) return false;
      if (eq === undefined) all = undefined;
    }
    return all;
  }
  if (a.t === "str" || b.t === "str") {
    const other = a.t === "str" ? b : a;
    if (other.t === "num" || other.t === "bool" || other.t === "tuple" || other.t === "list") return false;
  }
  if (a === b) return true;
  return undefined;
}

/**
 * Records what a list of unknown length gained: every kind of item it holds must be among its samples
 * (an array built from it takes their shapes and ranges), so a list that has too many stops vouching for
 * the values of the others.
 */
export function addSamples(self: Value & { t: "list" }, items: readonly Value[]): void {
  // A list given its own items (`a.extend(a)`) adds what it held before.
  for (const item of items === self.items ? items.slice() : items) {
    // Full, and already saying other items may differ: nothing more can be learnt from the rest.
    if (self.items.length >= MAX_SAMPLES && self.samplesVary) return;
    if (self.items.includes(item)) continue;
    if (self.items.length < MAX_SAMPLES) self.items.push(item);
    else self.samplesVary = true;
  }
}

/**
 * A list grown past MAX_ITEMS, in place: it keeps samples of what it holds and forgets its length (as a list
 * grown in a loop of unknown count does).
 */
export function overflowList(self: Value & { t: "list" }): void {
  const items = self.items;
  self.items = [];
  self.unknownLength = true;
  addSamples(self, items);
}

/** Appends `items` to a list in place, overflowing it past MAX_ITEMS. */
export function appendItems(self: Value & { t: "list" }, items: readonly Value[]): void {
  if (self.unknownLength) {
    addSamples(self, items);
    return;
  }
  const added = items === self.items ? items.slice() : items;
  if (self.items.length + added.length > MAX_ITEMS) {
    overflowList(self);
    addSamples(self, added);
    return;
  }
  for (const item of added) self.items.push(item);
}

/** A list of these items, or (past MAX_ITEMS) a list of unknown length holding samples of them. */
export function boundedList(items: Value[]): Value & { t: "list" } {
  return items.length > MAX_ITEMS ? sampledList(items, false) : { t: "list", items };
}

const MAX_SAMPLES = 256;

/** A list of unknown length holding samples of both lists (or of one, repeated). */
export function sampledList(items: readonly Value[], samplesVary: boolean): Value & { t: "list" } {
  const out: Value & { t: "list" } = { t: "list", items: [], unknownLength: true };
  addSamples(out, items);
  if (samplesVary) out.samplesVary = true;
  return out;
}

/**
 * A set's items (Python sets are modelled as lists): duplicates dropped; when two items may or may not be
 * equal, the set holds these items or fewer.
 */
export function setOf(items: readonly Value[]): Value & { t: "list" } {
  const kept: Value[] = [];
  // Constants are told apart by their keys (linear in the items); the others are compared pairwise, within one walk.
  const keys = new Set<string>();
  const unkeyed: Value[] = [];
  const walk = new WalkBudget();
  let undecided = false;
  /** Whether `item` equals one of `among`: true, false, or undefined when that cannot be decided. */
  const duplicateIn = (item: Value, among: readonly Value[]): boolean | undefined => {
    let result: boolean | undefined = false;
    for (const other of among) {
      if (walk.spent) return undefined;
      const eq = pyEquals(other, item, walk);
      if (eq === true) return true;
      if (eq === undefined) result = undefined;
    }
    return result;
  };
  for (const item of items) {
    const key = dictKey(item);
    if (key !== undefined && keys.has(key)) continue;
    const duplicate = duplicateIn(item, key === undefined ? kept : unkeyed);
    if (duplicate === true) continue;
    if (duplicate === undefined) undecided = true;
    if (key === undefined) unkeyed.push(item);
    else keys.add(key);
    kept.push(item);
  }
  return undecided ? { t: "list", items: kept, uncertainItems: true } : { t: "list", items: kept };
}

/** The lists bound to names in a scope and its parents, with their items as they are now. */
export function snapshotLists(scope: Scope): Map<Value & { t: "list" }, Value[]> {
  const snapshot = new Map<Value & { t: "list" }, Value[]>();
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    for (const value of s.vars.values()) if (value.t === "list" && !snapshot.has(value)) snapshot.set(value, value.items.slice());
  }
  return snapshot;
}

/** How much copying a snapshot took (its variables and list items), for the work budget. */
export function snapshotSize(snapshot: ReadonlyMap<Value & { t: "list" }, Value[]>): number {
  let size = snapshot.size;
  for (const items of snapshot.values()) size += items.length;
  return size;
}

/**
 * After paths that may or may not have run (undecided branches, a loop of unknown count): a list those
 * paths changed in place holds their additions only perhaps; one they shrank or rewrote is unknown but for
 * samples of what it holds. `samplesVary`: the paths also changed other variables (a loop's counter), so
 * what they added is one value among others.
 */
export function markConditionalListChanges(snapshot: Map<Value & { t: "list" }, Value[]>, samplesVary = false): void {
  for (const [value, before] of snapshot) {
    const now = value.items;
    if (now.length === before.length && now.every((item, i) => item === before[i])) continue;
    const grewOnly = now.length > before.length && before.every((item, i) => item === now[i]);
    if (grewOnly) value.uncertainItems = true;
    else {
      // Shrunk or rewritten on one path: it holds the items of either, as samples.
      value.unknownLength = true;
      addSamples(value, before);
    }
    if (samplesVary) value.samplesVary = true;
  }
}

/** Whether a name bound in `before` (other than `exclude`) is bound to something else in `after`. */
export function anyRebound(before: Map<string, Value>, after: Map<string, Value>, exclude: ReadonlySet<string>): boolean {
  for (const [name, value] of before) if (!exclude.has(name) && after.get(name) !== value) return true;
  return false;
}
