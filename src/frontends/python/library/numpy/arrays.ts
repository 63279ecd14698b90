/**
 * What numpy sees in a Python value used as an array: a data array's facts, a Python number (a 0-d operand
 * that adapts to the other's type), or a (nested) list converted as `np.array` does it.
 */
import type { DataFacts, DataTransform, Shape } from "../../../../model/program.js";
import { asNumber, type Value } from "../../values.js";
import { literalType, promoteTypes, type PythonScalar } from "./dtypes.js";

export interface ArrayView {
  /** Undefined: rank not known (or numpy refuses the value). */
  shape?: Shape;
  dtype?: string;
  range?: [number, number];
  rangeIsBound?: boolean;
  /** A Python number or bool, which takes the array's type in arithmetic. */
  scalar?: PythonScalar;
  /** The facts of a data array (or those its items share, for a list of arrays). */
  facts?: DataFacts;
  /** numpy refuses to make an array of it (items of known, unequal shapes). */
  refused?: boolean;
}

/** What numpy sees in `value`; undefined for values that are not array-like (layers, tensors, models...). */
export function arrayView(value: Value): ArrayView | undefined {
  switch (value.t) {
    case "data":
      return viewOfFacts(value.facts);
    case "num":
      return { shape: [], dtype: value.int ? "int64" : "float64", range: [value.v, value.v], scalar: value.int ? "int" : "float" };
    case "bool":
      return { shape: [], dtype: "bool", range: [value.v ? 1 : 0, value.v ? 1 : 0], scalar: "bool" };
    case "str":
      return { shape: [], dtype: "str" };
    case "stat":
      return value.shape ? { shape: value.shape } : {};
    case "list":
    case "tuple":
      return sequenceView(value);
    case "unknown":
    case "none":
      return {};
    default:
      return undefined;
  }
}

export function viewOfFacts(facts: DataFacts): ArrayView {
  const view: ArrayView = { facts };
  if (facts.shape) view.shape = facts.shape;
  if (facts.dtype) view.dtype = facts.dtype;
  if (facts.range) view.range = facts.range;
  if (facts.rangeIsBound) view.rangeIsBound = true;
  return view;
}

/** What is known of the leaves of a nested list. */
interface Leaves {
  kinds: Set<PythonScalar | "str">;
  /** The dtypes of array leaves; undefined once one is not known. */
  arrayTypes: string[] | undefined;
  arrays: DataFacts[];
  range: [number, number] | undefined;
  rangeKnown: boolean;
  rangeIsBound: boolean;
  other: boolean;
}

/**
 * `np.array(sequence)`: the items must all have one shape, which follows the sequence's length. A list of
 * unknown length gives `(None, *item)` from its samples (numpy refuses items of different shapes); a list
 * that may hold fewer items gives `(None, *item)` too; both are taken as not empty (`np.array([])` is 1-D,
 * and training on it fails anyway). Samples taken where other values changed pass by pass (`samplesVary`)
 * say nothing of the other items' ranges and dtypes.
 */
function sequenceView(value: Value & { t: "list" | "tuple" }): ArrayView {
  const samplesOnly = value.t === "list" && value.unknownLength === true;
  const maybeFewer = value.t === "list" && value.uncertainItems === true;
  const itemViews = value.items.map(arrayView);
  if (itemViews.some((v) => v === undefined)) return {};
  const views = itemViews as ArrayView[];
  if (views.some((v) => v.refused)) return { refused: true };
  let itemShape: Shape | undefined | false;
  if (views.length > 0) itemShape = unifyAll(views.map((v) => v.shape));
  else itemShape = samplesOnly ? undefined : [];
  // Items whose shapes are known and differ: numpy refuses (unless asked for an array of objects).
  if (itemShape === false) return { refused: true };
  const shape: Shape | undefined = itemShape ? [samplesOnly || maybeFewer ? null : views.length, ...itemShape] : undefined;
  const out: ArrayView = shape ? { shape } : {};
  // Samples of a list of unknown length stand for its other items unless those may hold other values.
  if (samplesOnly && value.samplesVary) {
    const facts = commonFacts(value.items);
    if (facts) out.facts = facts;
    return out;
  }
  const leaves: Leaves = { kinds: new Set(), arrayTypes: [], arrays: [], range: undefined, rangeKnown: true, rangeIsBound: maybeFewer || samplesOnly, other: false };
  collectLeaves(value, leaves);
  if (leaves.other) return out;
  // Items that may not be there may be the ones that widened the type.
  const types = leaves.arrayTypes ? new Set(leaves.arrayTypes) : undefined;
  if ((maybeFewer || samplesOnly) && (leaves.kinds.size > 1 || (types && types.size > 1))) return out;
  if (leaves.arrays.length === 0) {
    const dtype = views.length === 0 ? (samplesOnly ? undefined : "float64") : literalType(leaves.kinds);
    if (dtype) out.dtype = dtype;
  } else if (leaves.kinds.size === 0 && leaves.arrayTypes) {
    const dtype = leaves.arrayTypes.reduce<string | undefined>((t, d) => (t === undefined ? undefined : promoteTypes(t, d)), leaves.arrayTypes[0]);
    if (dtype) out.dtype = dtype;
  }
  if (leaves.rangeKnown && leaves.range && out.dtype !== "str") {
    out.range = leaves.range;
    if (leaves.rangeIsBound) out.rangeIsBound = true;
  }
  const facts = commonFacts(value.items);
  if (facts) out.facts = facts;
  return out;
}

function collectLeaves(value: Value, leaves: Leaves): void {
  switch (value.t) {
    case "num":
    case "bool": {
      leaves.kinds.add(value.t === "bool" ? "bool" : value.int ? "int" : "float");
      widen(leaves, [asNumber(value)!, asNumber(value)!], false);
      return;
    }
    case "str":
      leaves.kinds.add("str");
      return;
    case "data":
      leaves.arrays.push(value.facts);
      if (leaves.arrayTypes && value.facts.dtype) leaves.arrayTypes.push(value.facts.dtype);
      else leaves.arrayTypes = undefined;
      widen(leaves, value.facts.range, value.facts.rangeIsBound === true);
      return;
    case "list":
    case "tuple":
      for (const item of value.items) collectLeaves(item, leaves);
      return;
    default:
      leaves.other = true;
  }
}

function widen(leaves: Leaves, range: [number, number] | undefined, bound: boolean): void {
  if (!range) {
    leaves.rangeKnown = false;
    return;
  }
  leaves.range = leaves.range ? [Math.min(leaves.range[0], range[0]), Math.max(leaves.range[1], range[1])] : [...range];
  if (bound) leaves.rangeIsBound = true;
}

/** The one shape all items have; undefined when one is not known, false when two known ones differ. */
function unifyAll(shapes: readonly (Shape | undefined)[]): Shape | undefined | false {
  const given = shapes.filter((s): s is Shape => s !== undefined);
  const first = given[0];
  if (!first) return undefined;
  if (given.some((s) => s.length !== first.length)) return false;
  const out = [...first];
  for (const shape of given) {
    for (let i = 0; i < out.length; i++) {
      const a = out[i]!;
      const b = shape[i]!;
      if (a === null) out[i] = b;
      else if (b !== null && a !== b) return false;
    }
  }
  return given.length === shapes.length ? out : undefined;
}

/**
 * What a list of data arrays keeps of its items' facts: the history they share (their common first
 * transforms), the dataset they all come from, and a label encoding they all have.
 */
function commonFacts(items: readonly Value[]): DataFacts | undefined {
  if (items.length === 0 || items.some((i) => i.t !== "data")) return undefined;
  const facts = items.map((i) => (i as Value & { t: "data" }).facts);
  const first = facts[0]!;
  const transforms: DataTransform[] = [];
  for (let i = 0; i < first.transforms.length && facts.every((f) => f.transforms[i] === first.transforms[i]); i++) transforms.push(first.transforms[i]!);
  const out: DataFacts = { transforms };
  if (first.origin !== undefined && facts.every((f) => f.origin === first.origin)) out.origin = first.origin;
  if (first.task !== undefined && facts.every((f) => f.task === first.task)) out.task = first.task;
  if (first.encoding !== undefined && facts.every((f) => f.encoding === first.encoding && f.numClasses === first.numClasses)) {
    out.encoding = first.encoding;
    if (first.numClasses !== undefined) out.numClasses = first.numClasses;
  }
  return out;
}
