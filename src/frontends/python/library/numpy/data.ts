/**
 * Data facts: what the program's arrays are (shape, dtype, value range, label encoding) and how numpy-style
 * arithmetic, indexing and array methods change them. The shape rules are numpy's own (`shapes.ts`); what
 * numpy would compute from values not known stays unknown. Loaders and library functions live beside this
 * file (numpy.ts, random.ts, and each package's own).
 */
import type { DataFacts, DataTransform, Shape, SourceSpan } from "../../../../model/program.js";
import type { CallArgs } from "../../state.js";
import { NONE, UNKNOWN, asBool, asInt, asNumber, asSequence, asShape, int, num, tuple, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { arrayView, type ArrayView } from "./arrays.js";
import { castKeepsValues, castRange, divisionType, dtypeName, fitsInteger, isFloatType, isIntegerType, promoteTypes, promoteWithScalar } from "./dtypes.js";
import {
  type ShapeResult,
  broadcastShapes,
  dotShape,
  expandDimsShape,
  flattenShape,
  indexShape,
  matmulShape,
  reduceShape,
  reshapeShape,
  sizeOf,
  squeezeShape,
  swapAxesShape,
  transposeShape,
  type IndexPart,
} from "./shapes.js";

export { dtypeName, isFloatType } from "./dtypes.js";

export function dataValue(facts: DataFacts): Value {
  return { t: "data", facts };
}

/**
 * Facts derived with a new shape; an operation numpy refuses (`false`) stops the program there, and
 * nothing after it is known.
 */
export function shaped(base: DataFacts, shape: ShapeResult, changes: Partial<DataFacts>, transform?: DataTransform): Value {
  if (shape === false) return UNKNOWN;
  return dataValue(derive(base, { ...changes, shape }, transform));
}

/** Facts of an array nothing is known about (read from a file, say). */
export function unknownData(): Value {
  return dataValue({ transforms: [] });
}

/**
 * New facts derived from `base` with `changes`, recording `transform`. Fields set to undefined are dropped.
 * A new range drops the base's `rangeIsBound` unless the change sets it; a subset (a `slice` transform)
 * keeps the range only as a bound.
 */
const VALUE_KEEPING = new Set<DataTransform["op"]>(["astype", "reshape", "expand_dims", "slice"]);

export function derive(base: DataFacts, changes: Partial<DataFacts>, transform?: DataTransform): DataFacts {
  const out: DataFacts = { ...base, transforms: transform ? [...base.transforms, transform] : [...base.transforms] };
  if ("range" in changes && !("rangeIsBound" in changes)) delete out.rangeIsBound;
  for (const [key, value] of Object.entries(changes) as [keyof DataFacts, unknown][]) {
    if (value === undefined) delete out[key];
    else (out as unknown as Record<string, unknown>)[key] = value;
  }
  if (transform?.op === "slice" && out.range) out.rangeIsBound = true;
  // A distribution survives what keeps the values: a type, a shape, a subset of the samples.
  const rangeMoved = "range" in changes && (changes.range?.[0] !== base.range?.[0] || changes.range?.[1] !== base.range?.[1]);
  if (out.normal && !("normal" in changes) && (rangeMoved || (transform !== undefined && !VALUE_KEEPING.has(transform.op)))) delete out.normal;
  if (!out.range) delete out.rangeIsBound;
  delete out.variable;
  return out;
}

// ------------------------------------------------------------------------------------------- shapes

export function product(shape: Shape): number | undefined {
  return sizeOf(shape);
}

/** A reshape target as written: `reshape(a, b)`, `reshape((a, b))`, `newshape=`/`shape=`; undefined when not readable. */
export function reshapeTarget(args: CallArgs, offset: number): Shape | undefined {
  // `np.reshape(x, shape, 'F')`: a positional order string is not a size.
  const rest = args.positional.slice(offset).filter((v, i) => !(i > 0 && v.t === "str"));
  if (rest.length === 1) return asShape(rest[0]);
  if (rest.length > 1) return rest.every((v) => v.t === "num" || v.t === "bool" || v.t === "unknown") ? rest.map((v) => asInt(v) ?? null) : undefined;
  return asShape(argValue(args, undefined, "newshape", "shape"));
}

export function reshapeData(facts: DataFacts, target: Shape | undefined, span: SourceSpan): Value {
  const shape: ShapeResult = target ? reshapeShape(facts.shape, target) : undefined;
  const detail = shape ? `(${shape.map((d) => d ?? "?").join(", ")})` : undefined;
  return shaped(facts, shape, {}, { op: "reshape", ...(detail ? { detail } : {}), span });
}

/** The axes an `axis=` argument names: null for None (all), undefined when not known. */
export function axesOf(value: Value | undefined): number[] | null | undefined {
  if (!value || value.t === "none") return null;
  const single = asInt(value);
  if (single !== undefined && value.t !== "bool") return [single];
  const items = value.t === "tuple" || value.t === "list" ? asSequence(value) : undefined;
  if (!items) return undefined;
  const axes = items.map((v) => (v.t === "bool" ? undefined : asInt(v)));
  return axes.every((a) => a !== undefined) ? (axes as number[]) : undefined;
}

export function expandDims(facts: DataFacts, axis: Value | undefined, span: SourceSpan): Value {
  const axes = axesOf(axis);
  const shape = axes ? expandDimsShape(facts.shape, axes) : undefined;
  return shaped(facts, shape, {}, { op: "expand_dims", detail: axes ? axes.join(",") : "?", span });
}

export function astype(facts: DataFacts, dtype: string | undefined, span: SourceSpan): Value {
  const range = dtype === facts.dtype ? facts.range : castRange(facts.range, dtype);
  const keeps = dtype === facts.dtype || castKeepsValues(facts.range, dtype);
  const changes: Partial<DataFacts> = { dtype, range };
  if (range && (facts.rangeIsBound || !keeps)) changes.rangeIsBound = true;
  // A cast that changes values (floats to ints, anything to bool) no longer holds the same labels.
  if (!keeps) {
    changes.encoding = undefined;
    changes.numClasses = undefined;
  }
  return dataValue(derive(facts, changes, { op: "astype", ...(dtype ? { detail: dtype } : {}), span }));
}

// --------------------------------------------------------------------------------------- arithmetic

export function scaleRange(range: [number, number] | undefined, f: (x: number) => number): [number, number] | undefined {
  if (!range) return undefined;
  const a = f(range[0]);
  const b = f(range[1]);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return a <= b ? [a, b] : [b, a];
}

export function floatOf(dtype: string | undefined): string {
  return isFloatType(dtype) ? dtype! : "float64";
}

const COMPARISONS = new Set(["<", ">", "<=", ">=", "==", "!="]);

/** The dtype of an element-wise operation of two operands (Python numbers adapt to the array's type). */
function resultType(op: string, a: ArrayView, b: ArrayView): string | undefined {
  // Booleans have no loops for //, % and ** (numpy picks the smallest integer type), nor for `-`.
  const boolArray = (a.dtype === "bool" && !a.scalar) || (b.dtype === "bool" && !b.scalar);
  const scalar = a.scalar ?? b.scalar;
  if (boolArray && (op === "//" || op === "%" || op === "**" || (op === "-" && (scalar === "bool" || !scalar)))) return undefined;
  let dtype: string | undefined;
  if (a.scalar && b.scalar) dtype = undefined;
  else if (a.scalar) dtype = promoteWithScalar(b.dtype, a.scalar);
  else if (b.scalar) dtype = promoteWithScalar(a.dtype, b.scalar);
  else dtype = promoteTypes(a.dtype, b.dtype);
  return op === "/" ? divisionType(dtype) : dtype;
}

/**
 * Arithmetic with a data array on either side (or a statistic of one); undefined when neither side is one.
 * The shape is numpy's broadcast of both operands; an operand the interpreter does not know may be an array
 * of any shape, so the result's shape is then unknown too.
 */
export function dataBinary(op: string, left: Value, right: Value, span: SourceSpan): Value | undefined {
  if (left.t === "stat" || right.t === "stat") return statBinary(op, left, right, span);
  if (left.t !== "data" && right.t !== "data") return undefined;
  const data = (left.t === "data" ? left : right) as Value & { t: "data" };
  const facts = data.facts;
  const a = arrayView(left);
  const b = arrayView(right);
  if (!a || !b) return dataValue(derive(facts, { shape: undefined, range: undefined, dtype: undefined, encoding: undefined }, { op: "other", detail: op, span }));
  if (a.refused || b.refused) return UNKNOWN;
  // A numpy scalar (`x[0]`, `x.sum()`) with a Python list is Python's business (repetition, or an error).
  const other = left.t === "data" ? right : left;
  if ((other.t === "list" || other.t === "tuple") && (!facts.shape || facts.shape.length === 0)) return UNKNOWN;
  if (op === "@") {
    const shape = matmulShape(a.shape, b.shape);
    return shaped(facts, shape, { range: undefined, dtype: resultType("*", a, b), encoding: undefined, numClasses: undefined }, { op: "other", detail: "@", span });
  }
  const shape = broadcastShapes([a.shape, b.shape]);
  // numpy refuses to subtract booleans.
  if (shape === false || (op === "-" && a.dtype === "bool" && b.dtype === "bool")) return UNKNOWN;
  if (COMPARISONS.has(op)) {
    return dataValue(derive(facts, { shape, dtype: "bool", range: [0, 1], rangeIsBound: true, encoding: undefined, numClasses: undefined }, { op: "other", detail: op, span }));
  }
  const dtype = resultType(op, a, b);
  const otherView = left.t === "data" ? b : a;
  if (!otherView.scalar) {
    // Element-wise arithmetic of two arrays: interval arithmetic on their ranges (a bound, not attained).
    let range = intervalArithmetic(op, a.range, b.range);
    if (mayWrap(op, a, b, dtype, range)) range = undefined;
    return dataValue(derive(facts, { shape, range, rangeIsBound: range ? true : undefined, dtype, encoding: undefined }, { op: "other", detail: op, span }));
  }
  return scalarArithmetic(op, facts, left.t === "data", asNumber(left.t === "data" ? right : left)!, shape, dtype, span, mayWrap(op, a, b, dtype, undefined));
}

/**
 * Whether integer arithmetic may wrap around: results out of the dtype's range, or a dtype not known
 * where integers may be involved.
 */
function mayWrap(op: string, a: ArrayView, b: ArrayView, dtype: string | undefined, range: [number, number] | undefined): boolean {
  if (dtype !== undefined) return range !== undefined && !fitsInteger(range, dtype);
  if (op === "/") return false;
  return !(a.scalar === "float" || b.scalar === "float" || isFloatType(a.dtype) || isFloatType(b.dtype));
}

/** An array and a Python number: the number scales, shifts or bounds the range. */
function scalarArithmetic(op: string, facts: DataFacts, dataOnLeft: boolean, c: number, shape: Shape | undefined, dtype: string | undefined, span: SourceSpan, unknownWrap: boolean): Value {
  let range: [number, number] | undefined;
  let transform: DataTransform;
  // A monotone map keeps the range's ends as values the array holds; other results only bound the values.
  let monotone = true;
  switch (op) {
    case "/":
      if (!dataOnLeft || c === 0) return dataValue(derive(facts, { shape, range: undefined, dtype, encoding: undefined }, { op: "other", detail: op, span }));
      range = scaleRange(facts.range, (x) => x / c);
      transform = { op: "scale", detail: `/ ${c}`, factor: 1 / c, span };
      break;
    case "*":
      range = scaleRange(facts.range, (x) => x * c);
      transform = { op: "scale", detail: `* ${c}`, factor: c, span };
      break;
    case "+":
      range = scaleRange(facts.range, (x) => x + c);
      transform = { op: "scale", detail: `+ ${c}`, span };
      break;
    case "-":
      range = scaleRange(facts.range, (x) => (dataOnLeft ? x - c : c - x));
      transform = { op: "scale", detail: dataOnLeft ? `- ${c}` : `${c} -`, span };
      break;
    case "//":
      range = dataOnLeft && c > 0 ? scaleRange(facts.range, (x) => Math.floor(x / c)) : undefined;
      transform = { op: "other", detail: op, span };
      break;
    case "%":
      // numpy's remainder takes the divisor's sign.
      range = dataOnLeft && c > 0 ? [0, c] : dataOnLeft && c < 0 ? [c, 0] : undefined;
      monotone = false;
      transform = { op: "other", detail: op, span };
      break;
    case "**":
      range = dataOnLeft && facts.range && facts.range[0] >= 0 && c >= 0 ? scaleRange(facts.range, (x) => Math.pow(x, c)) : undefined;
      transform = { op: "other", detail: op, span };
      break;
    default:
      return dataValue(derive(facts, { shape, range: undefined, dtype, encoding: undefined }, { op: "other", detail: op, span }));
  }
  // Integer arrays wrap around on overflow.
  if (unknownWrap || !fitsInteger(range, dtype)) range = undefined;
  const changes: Partial<DataFacts> = { shape, range, dtype };
  if (range && (!monotone || facts.rangeIsBound)) changes.rangeIsBound = true;
  // Arithmetic turns labels into plain numbers; their encoding no longer holds (except a shift by 0).
  if (facts.encoding && facts.encoding !== "continuous" && !(c === 0 && (op === "+" || op === "-"))) changes.encoding = undefined;
  return dataValue(derive(facts, changes, transform));
}

/** Arithmetic with a statistic of an array (`x - x.mean(axis=0)`): standardisation and normalisation. */
function statBinary(op: string, left: Value, right: Value, span: SourceSpan): Value | undefined {
  const a = arrayView(left);
  const b = arrayView(right);
  const shape = a && b ? broadcastShapes([a.shape, b.shape]) : undefined;
  if (shape === false) return UNKNOWN;
  if (left.t === "data" || right.t === "data") {
    const data = (left.t === "data" ? left : right) as Value & { t: "data" };
    const stat = (left.t === "stat" ? left : right) as Value & { t: "stat" };
    const dtype = data.facts.dtype ? floatOf(data.facts.dtype) : undefined;
    const changes: Partial<DataFacts> = { range: undefined, shape, dtype, encoding: undefined };
    if (op === "-" && left.t === "data" && (stat.stat === "mean" || stat.stat === "min" || stat.stat === "other"))
      return dataValue(derive(data.facts, changes, { op: "standardize", detail: "subtract mean", span }));
    if (op === "/" && left.t === "data" && (stat.stat === "std" || stat.stat === "other"))
      return dataValue(derive(data.facts, changes, { op: "standardize", detail: "divide by std", span }));
    if (op === "/" && left.t === "data" && stat.stat === "max")
      return dataValue(derive(data.facts, changes, { op: "normalize", detail: "divide by max", span }));
    return dataValue(derive(data.facts, { ...changes, dtype: undefined }, { op: "other", detail: op, span }));
  }
  if (!a || !b) return undefined;
  // Statistic arithmetic (std + 1e-7, max - min) stays a statistic.
  const s = left.t === "stat" ? left : (right as Value & { t: "stat" });
  const stat = op === "-" && left.t === "stat" && right.t === "stat" ? "std" : s.stat;
  return shape ? { t: "stat", stat, shape } : { t: "stat", stat };
}

function intervalArithmetic(op: string, a: [number, number] | undefined, b: [number, number] | undefined): [number, number] | undefined {
  if (!a || !b) return undefined;
  if (op === "+") return [a[0] + b[0], a[1] + b[1]];
  if (op === "-") return [a[0] - b[1], a[1] - b[0]];
  if (op === "*") {
    const products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]];
    return products.every(Number.isFinite) ? [Math.min(...products), Math.max(...products)] : undefined;
  }
  return undefined;
}

/** `-x`: unsigned integers wrap around; numpy refuses to negate booleans. */
export function negate(facts: DataFacts, span: SourceSpan): Value {
  if (facts.dtype === "bool") return UNKNOWN;
  const r = facts.range;
  const range: [number, number] | undefined = r && fitsInteger([-r[1], -r[0]], facts.dtype) ? [-r[1], -r[0]] : undefined;
  const changes: Partial<DataFacts> = { range, encoding: undefined };
  if (range && facts.rangeIsBound) changes.rangeIsBound = true;
  return dataValue(derive(facts, changes, { op: "scale", detail: "negate", span }));
}

// ----------------------------------------------------------------------------------------- indexing

/** One index component as numpy classifies it; undefined when it cannot be told (an unknown value). */
function indexPart(c: Value): IndexPart | undefined {
  switch (c.t) {
    case "none":
      return { kind: "newaxis" };
    case "ellipsis":
      return { kind: "ellipsis" };
    case "num":
      return c.int ? { kind: "int", value: c.v } : undefined;
    case "slice": {
      const bound = (v: Value): number | null | undefined => (v.t === "none" ? null : v.t === "num" && v.int ? v.v : undefined);
      return { kind: "slice", start: bound(c.start), stop: bound(c.stop), step: bound(c.step) };
    }
    case "list":
    case "tuple": {
      const view = arrayView(c);
      if (!view?.shape) return undefined;
      if (view.shape.length === 1 && view.shape[0] === 0) return { kind: "int-array", shape: [0] };
      if (view.dtype === "bool") {
        const flags = c.t === "list" && (c.unknownLength || c.uncertainItems) ? undefined : flatBools(c);
        return flags ? { kind: "bool-array", shape: view.shape, count: flags.filter(Boolean).length } : { kind: "bool-array", shape: view.shape };
      }
      if (view.dtype !== "int64") return undefined;
      const values = c.t === "list" && (c.unknownLength || c.uncertainItems) ? undefined : flatInts(c);
      return values ? { kind: "int-array", shape: view.shape, values } : { kind: "int-array", shape: view.shape };
    }
    case "data": {
      const shape = c.facts.shape;
      const dtype = c.facts.dtype;
      if (dtype === "bool") return shape ? { kind: "bool-array", shape } : undefined;
      if (isIntegerType(dtype)) return shape ? { kind: "int-array", shape } : undefined;
      // An index array of unknown type: a mask and an integer array of rank 1 both pick along one axis.
      if (dtype === undefined && shape?.length === 1) return { kind: "int-array", shape: [null] };
      return undefined;
    }
    default:
      return undefined;
  }
}

function flatInts(v: Value): number[] | undefined {
  if (v.t === "num" && v.int) return [v.v];
  if (v.t !== "list" && v.t !== "tuple") return undefined;
  const out: number[] = [];
  for (const item of v.items) {
    const inner = flatInts(item);
    if (!inner) return undefined;
    out.push(...inner);
  }
  return out;
}

function flatBools(v: Value): boolean[] | undefined {
  if (v.t === "bool") return [v.v];
  if (v.t !== "list" && v.t !== "tuple") return undefined;
  const out: boolean[] = [];
  for (const item of v.items) {
    const inner = flatBools(item);
    if (!inner) return undefined;
    out.push(...inner);
  }
  return out;
}

/** The axes of the source an index touches with anything but a full `:` slice; undefined when not known. */
function touchedAxes(rank: number | undefined, parts: readonly (IndexPart | undefined)[]): Set<number> | undefined {
  const consumed = (p: IndexPart | undefined): number | undefined => (p === undefined ? undefined : p.kind === "bool-array" ? p.shape.length : p.kind === "newaxis" || p.kind === "ellipsis" ? 0 : 1);
  const touched = new Set<number>();
  let axis = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p?.kind === "ellipsis") {
      // Axes after an ellipsis count from the end: only a known rank places them.
      if (rank === undefined) return parts.slice(i + 1).some((q) => q?.kind !== "newaxis") ? undefined : touched;
      const after = parts.slice(i + 1).reduce<number | undefined>((n, q) => (n === undefined || consumed(q) === undefined ? undefined : n + consumed(q)!), 0);
      if (after === undefined) return undefined;
      axis = rank - after;
      continue;
    }
    const n = consumed(p);
    if (n === undefined) {
      touched.add(axis);
      return parts.length === 1 ? touched : undefined;
    }
    const full = p?.kind === "slice" && p.start === null && p.stop === null && p.step === null;
    for (let j = 0; j < n; j++) if (!full) touched.add(axis + j);
    axis += n;
  }
  return touched;
}

/** numpy basic and advanced indexing: slices, ints, None/np.newaxis, Ellipsis, index arrays and masks. */
export function dataSubscript(facts: DataFacts, index: Value, span: SourceSpan): Value {
  const components = index.t === "tuple" ? index.items : [index];
  // A column name selects another variable of a table: only its rank carries over.
  if (components.length === 1 && facts.shape?.length === 2 && facts.origin === undefined) {
    const c = components[0]!;
    if (c.t === "str") return dataValue({ shape: [null], transforms: [] });
    if (c.t === "list" && c.items.length > 0 && c.items.every((i) => i.t === "str")) return dataValue({ shape: [null, null], transforms: [] });
  }
  if (components.some((c) => c.t === "str")) return unknownData();
  const parts = components.map(indexPart);
  const shape = parts.every((p) => p !== undefined) ? indexShape(facts.shape, parts as IndexPart[]) : undefined;
  if (shape === false) return UNKNOWN;
  const changes: Partial<DataFacts> = { shape };
  // A boolean mask keeps an unknown number of rows, and perhaps not every class.
  if (parts.some((p) => p?.kind === "bool-array") || components.some((c) => c.t === "data" && c.facts.dtype === undefined)) changes.numClasses = undefined;
  // One-hot (and multi-hot) labels keep their classes on the last axis: an index that touches it leaves plain numbers.
  if (facts.encoding === "one-hot" || facts.encoding === "multi-hot") {
    const rank = facts.shape?.length;
    const touched = touchedAxes(rank, parts);
    const last = rank === undefined ? undefined : rank - 1;
    const classesTouched = touched === undefined || (last !== undefined ? touched.has(last) : false);
    if (classesTouched) {
      changes.encoding = undefined;
      changes.numClasses = undefined;
    }
  }
  const detail = parts.some((p) => p?.kind === "newaxis") ? "newaxis" : undefined;
  const op: DataTransform["op"] = detail && parts.every((p) => p?.kind === "newaxis" || p?.kind === "ellipsis" || (p?.kind === "slice" && p.start === null && p.stop === null && p.step === null)) ? "expand_dims" : "slice";
  return dataValue(derive(facts, changes, detail ? { op, detail, span } : { op, span }));
}

// ---------------------------------------------------------------------------------------- methods

/** Attributes of a data array (`x.shape`, `x.dtype`, `df.values`). */
export function dataAttribute(facts: DataFacts, name: string): Value | undefined {
  switch (name) {
    case "shape":
      return facts.shape ? tuple(facts.shape.map((d) => (d === null ? UNKNOWN : int(d)))) : UNKNOWN;
    case "ndim":
      return facts.shape ? int(facts.shape.length) : UNKNOWN;
    case "size": {
      const n = sizeOf(facts.shape);
      return n === undefined ? UNKNOWN : int(n);
    }
    case "dtype":
      return facts.dtype ? { t: "str", v: facts.dtype } : UNKNOWN;
    case "T":
      return shaped(facts, transposeShape(facts.shape), {});
    case "values":
    case "iloc":
    case "loc":
      // A table's views: the same array.
      return dataValue(derive(facts, {}));
    default:
      return undefined;
  }
}

/** `axis=` and `keepdims=` of a reduction whose axis is at `position` (after the array, for a method). */
function reductionArgs(args: CallArgs, position: number): { axes: number[] | null | undefined; keepdims: boolean | undefined } {
  const keep = argValue(args, undefined, "keepdims");
  return { axes: axesOf(argValue(args, position, "axis")), keepdims: keep ? asBool(keep) : false };
}

/** The shape of a reduction, or undefined when its arguments are not known. */
function reducedShape(facts: DataFacts, args: CallArgs, position: number, singleAxis = false, meanLike = false): ShapeResult {
  const { axes, keepdims } = reductionArgs(args, position);
  if (axes === undefined || keepdims === undefined) return undefined;
  if (singleAxis && axes && axes.length !== 1) return false;
  // numpy's reductions (not mean/std/var) take axis 0 or -1, as an int, on a 0-d array.
  const axisValue = argValue(args, position, "axis");
  if (!meanLike && facts.shape?.length === 0 && axisValue?.t === "num" && (axisValue.v === 0 || axisValue.v === -1)) return [];
  return reduceShape(facts.shape, axes, keepdims);
}

/** How many elements each result of a reduction adds up, when known. */
function reducedCount(facts: DataFacts, args: CallArgs, position: number): number | undefined {
  const { axes } = reductionArgs(args, position);
  if (axes === undefined || !facts.shape) return undefined;
  if (axes === null) return sizeOf(facts.shape);
  let count = 1;
  for (const axis of axes) {
    const d = facts.shape[axis < 0 ? axis + facts.shape.length : axis];
    if (d === undefined || d === null) return undefined;
    count *= d;
  }
  return count;
}

/** The axis `argmax`/`argmin` reduce, normalised, or undefined (all of them, or not known). */
function argAxis(facts: DataFacts, args: CallArgs, position: number): number | undefined {
  const axes = axesOf(argValue(args, position, "axis"));
  const rank = facts.shape?.length;
  if (!axes || axes.length !== 1 || rank === undefined) return undefined;
  const axis = axes[0]!;
  return axis < 0 ? axis + rank : axis;
}

/** A method of a data array, or the numpy function of the same name with the array first (`position` 1). */
export function dataMethod(facts: DataFacts, name: string, args: CallArgs, span: SourceSpan, position = 0): Value | undefined {
  switch (name) {
    case "reshape":
      return reshapeData(facts, reshapeTarget(args, position), span);
    case "astype":
      return astype(facts, dtypeName(argValue(args, position, "dtype")), span);
    case "flatten":
    case "ravel":
      return shaped(facts, flattenShape(facts.shape), {}, { op: "reshape", detail: "flatten", span });
    case "squeeze": {
      const axisArg = argValue(args, position, "axis");
      const axes = axesOf(axisArg);
      const shape = axes === undefined ? undefined : squeezeShape(facts.shape, axes ?? undefined);
      return shaped(facts, shape, {}, { op: "reshape", detail: "squeeze", span });
    }
    case "transpose": {
      const rest = args.positional.slice(position);
      const axesValue = rest.length > 1 ? { t: "tuple" as const, items: rest } : (rest[0] ?? argValue(args, undefined, "axes"));
      const axes = axesOf(axesValue);
      const shape = axes === undefined ? undefined : transposeShape(facts.shape, axes ?? undefined);
      return shaped(facts, shape, {}, { op: "reshape", detail: "transpose", span });
    }
    case "swapaxes": {
      const a = asInt(argValue(args, position, "axis1"));
      const b = asInt(argValue(args, position + 1, "axis2"));
      const shape = a === undefined || b === undefined ? undefined : swapAxesShape(facts.shape, a, b);
      return shaped(facts, shape, {}, { op: "reshape", detail: "swapaxes", span });
    }
    case "dot": {
      const other = argValue(args, position, "b");
      return other ? dotProduct(facts, other, span) : undefined;
    }
    case "toarray":
    case "todense":
    case "copy":
    case "to_numpy":
      return dataValue(derive(facts, {}));
    case "mean":
    case "std":
    case "var": {
      const shape = reducedShape(facts, args, position, false, true);
      if (shape === false) return UNKNOWN;
      const stat = name === "var" ? "std" : name;
      return shape ? { t: "stat", stat, shape } : { t: "stat", stat };
    }
    case "max":
    case "min": {
      const shape = reducedShape(facts, args, position);
      if (shape === false) return UNKNOWN;
      // Only a range whose ends the array holds gives its max (a bound is not the max).
      if (shape?.length === 0 && facts.range && !facts.rangeIsBound && sizeOf(facts.shape) !== 0) return num(name === "max" ? facts.range[1] : facts.range[0], isIntegerType(facts.dtype));
      return shape ? { t: "stat", stat: name, shape } : { t: "stat", stat: name };
    }
    case "sum":
    case "prod": {
      const shape = reducedShape(facts, args, position);
      const count = reducedCount(facts, args, position);
      let range: [number, number] | undefined;
      if (name === "sum" && count !== undefined && facts.range) range = [Math.min(0, count * facts.range[0]), Math.max(0, count * facts.range[1])];
      if (!fitsInteger(range, facts.dtype)) range = undefined;
      const dtype = accumulationType(facts.dtype);
      return shaped(facts, shape, { range, rangeIsBound: range ? true : undefined, dtype, encoding: undefined, numClasses: undefined }, { op: "reduce", detail: name, span });
    }
    case "any":
    case "all": {
      const shape = reducedShape(facts, args, position);
      return shaped(facts, shape, { range: [0, 1], rangeIsBound: true, dtype: "bool", encoding: undefined, numClasses: undefined }, { op: "other", detail: name, span });
    }
    case "argmax":
    case "argmin": {
      // One axis or none: numpy refuses a tuple.
      const axisValue = argValue(args, position, "axis");
      if (axisValue && (axisValue.t === "tuple" || axisValue.t === "list")) return UNKNOWN;
      const shape = reducedShape(facts, args, position, true);
      const axis = argAxis(facts, args, position);
      const rank = facts.shape?.length;
      const size = axis === undefined ? sizeOf(facts.shape) : facts.shape?.[axis];
      const range: [number, number] | undefined = typeof size === "number" && size > 0 ? [0, size - 1] : undefined;
      // The class of one-hot labels (or of scores per class): argmax over the last axis.
      if (name === "argmax" && facts.encoding === "one-hot" && rank !== undefined && axis === rank - 1) {
        const k = facts.numClasses;
        return shaped(facts, shape, { encoding: "integer", range: k ? [0, k - 1] : range, rangeIsBound: true, dtype: "int64" }, { op: "other", detail: "argmax", span });
      }
      return shaped(facts, shape, { range, rangeIsBound: range ? true : undefined, dtype: "int64", encoding: undefined, numClasses: undefined }, { op: "other", detail: name, span });
    }
    case "clip":
      return clipData(facts, argValue(args, position, "min", "a_min"), argValue(args, position + 1, "max", "a_max"), span);
    case "round": {
      // Booleans round to float16; other types keep theirs.
      const dtype = facts.dtype === "bool" ? "float16" : facts.dtype;
      return dataValue(derive(facts, { dtype, range: facts.range ? [roundTo(facts.range[0], args, position), roundTo(facts.range[1], args, position)] : undefined, rangeIsBound: facts.range ? true : undefined, encoding: undefined }, { op: "other", detail: "round", span }));
    }
    case "fill": {
      // In place: every element becomes the value.
      const v = asNumber(args.positional[position]);
      if (v !== undefined && Number.isFinite(v)) facts.range = [v, v];
      else delete facts.range;
      delete facts.rangeIsBound;
      delete facts.encoding;
      delete facts.numClasses;
      return NONE;
    }
    case "resize": {
      // In place: the array takes the new shape, padded with zeros.
      const target = reshapeTarget(args, position);
      if (target && target.every((d) => d === null || d >= 0)) facts.shape = target;
      else delete facts.shape;
      if (facts.range) facts.range = [Math.min(0, facts.range[0]), Math.max(0, facts.range[1])];
      facts.rangeIsBound = facts.range ? true : undefined;
      if (!facts.range) delete facts.rangeIsBound;
      return NONE;
    }
    case "tolist":
    case "item":
      return UNKNOWN;
    case "drop":
    case "fillna":
    case "dropna":
    case "head":
    case "sample":
      // Table operations keep a table (rank 2) of unknown size.
      return dataValue({ ...(facts.shape?.length === 2 ? { shape: [null, null] } : {}), transforms: [] });
    default:
      return undefined;
  }
}

/** The dtype sums and products accumulate in: integers widen to 64 bits, booleans count as int64. */
export function accumulationType(dtype: string | undefined): string | undefined {
  if (dtype === "bool") return "int64";
  if (isIntegerType(dtype)) return dtype!.startsWith("u") ? "uint64" : "int64";
  return dtype;
}

function roundTo(x: number, args: CallArgs, position: number): number {
  const decimals = asInt(argValue(args, position, "decimals")) ?? 0;
  const f = Math.pow(10, decimals);
  return Math.round(x * f) / f;
}

/** `x.dot(w)` / `np.dot(x, w)`. */
export function dotProduct(facts: DataFacts, other: Value, span: SourceSpan): Value {
  const a = arrayView(dataValue(facts))!;
  const b = arrayView(other);
  const shape = b ? dotShape(a.shape, b.shape) : undefined;
  const dtype = b ? resultType("*", a, b) : undefined;
  return shaped(facts, shape, { range: undefined, dtype, encoding: undefined, numClasses: undefined }, { op: "other", detail: "dot", span });
}

/** `np.clip(x, lo, hi)` (either bound may be None): a monotone map of the range. */
export function clipData(facts: DataFacts, lowValue: Value | undefined, highValue: Value | undefined, span: SourceSpan): Value {
  const low = lowValue && lowValue.t !== "none" ? asNumber(lowValue) : -Infinity;
  const high = highValue && highValue.t !== "none" ? asNumber(highValue) : Infinity;
  // Array bounds broadcast with the data: the shape is then not the data's alone.
  const arrayBounds = [lowValue, highValue].some((v) => v !== undefined && v.t !== "none" && asNumber(v) === undefined);
  const clamp = (x: number): number => Math.min(high!, Math.max(low!, x));
  let range: [number, number] | undefined;
  if (low !== undefined && high !== undefined && low <= high) {
    range = facts.range ? [clamp(facts.range[0]), clamp(facts.range[1])] : Number.isFinite(low) && Number.isFinite(high) ? [low, high] : undefined;
    if (range && !range.every(Number.isFinite)) range = undefined;
  }
  // Python number bounds take the array's type, or make integers float (numpy 2).
  let dtype = facts.dtype;
  for (const bound of [lowValue, highValue]) {
    if (bound?.t === "num" || bound?.t === "bool") dtype = promoteWithScalar(dtype, bound.t === "bool" ? "bool" : bound.int ? "int" : "float");
  }
  const changes: Partial<DataFacts> = { range, rangeIsBound: range && (facts.rangeIsBound || !facts.range) ? true : undefined, dtype, encoding: undefined };
  if (arrayBounds) {
    changes.shape = undefined;
    changes.dtype = undefined;
  }
  return dataValue(derive(facts, changes, { op: "other", detail: "clip", span }));
}
