/**
 * numpy (and TensorFlow tensor-conversion) functions on data: constructors, reshapes, reductions,
 * element-wise functions, products, joins and selections. Arguments that are not arrays yet (lists, Python
 * numbers) are converted as numpy converts them.
 */
import type { DataFacts, DataTransform, Shape, SourceSpan } from "../../../../model/program.js";
import type { CallArgs } from "../../state.js";
import { NONE, UNKNOWN, asBool, asInt, asNumber, asSequence, asShape, num, tuple, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { arrayView, viewOfFacts, type ArrayView } from "./arrays.js";
import { accumulationType, astype, clipData, dataBinary, dataMethod, dataValue, derive, dotProduct, expandDims, scaleRange, shaped, unknownData } from "./data.js";
import { castKeepsValues, castRange, dtypeName, floatFunctionType, isFloatType, isIntegerType, promoteTypes, promoteWithScalar } from "./dtypes.js";
import { randomCall } from "./random.js";
import {
  broadcastShapes,
  concatenateShapes,
  moveAxisShape,
  namedStackShapes,
  outerShape,
  repeatShape,
  sizeOf,
  stackShapes,
  tileShape,
  type ShapeResult,
} from "./shapes.js";

/** The facts of an array-like argument (a data array, a list, a number); undefined when not known to be one. */
function arrayFacts(value: Value | undefined): DataFacts | undefined {
  if (!value) return undefined;
  if (value.t === "data") return value.facts;
  if (value.t === "unknown" || value.t === "none") return undefined;
  const view = arrayView(value);
  return view && !view.refused ? factsOfView(view) : undefined;
}

function factsOfView(view: ArrayView): DataFacts {
  const facts: DataFacts = view.facts ? { ...view.facts, transforms: [...view.facts.transforms] } : { transforms: [] };
  delete facts.variable;
  delete facts.shape;
  delete facts.dtype;
  delete facts.range;
  delete facts.rangeIsBound;
  if (view.shape) facts.shape = view.shape;
  if (view.dtype) facts.dtype = view.dtype;
  if (view.range) facts.range = view.range;
  if (view.rangeIsBound) facts.rangeIsBound = true;
  return facts;
}

/**
 * The facts of a Python list or tuple of numbers as an array (`fit([[0, 1], [1, 0]], [1, 0])`): undefined
 * unless every leaf is a number or a bool.
 */
export function literalArrayFacts(value: Value | undefined): DataFacts | undefined {
  if (!value || (value.t !== "list" && value.t !== "tuple")) return undefined;
  const numeric = (v: Value): boolean => v.t === "num" || v.t === "bool" || ((v.t === "list" || v.t === "tuple") && v.items.every(numeric));
  if (!numeric(value)) return undefined;
  const facts = arrayFacts(value);
  return facts?.shape ? facts : undefined;
}

/** A function of numpy's, with the array first, read as the array's method of the same name. */
function asMethod(name: string, args: CallArgs, span: SourceSpan, method = name): Value | undefined {
  const facts = arrayFacts(args.positional[0] ?? argValue(args, undefined, "a"));
  return facts ? dataMethod(facts, method, args, span, 1) : undefined;
}

/** numpy (and tf tensor-conversion) functions on data. */
export function numpyCall(name: string, args: CallArgs, span: SourceSpan): Value | undefined {
  const first = args.positional[0];
  if (name.startsWith("random.")) return randomCall(name.slice("random.".length), args, span);
  switch (name) {
    case "array":
    case "asarray":
    case "asanyarray":
    case "ascontiguousarray":
    case "copy":
      return toArray(first ?? argValue(args, undefined, "object", "a"), dtypeName(argValue(args, 1, "dtype")), asInt(argValue(args, undefined, "ndmin")) ?? 0, span, argValue(args, undefined, "shape"));
    case "float16":
    case "float32":
    case "float64":
    case "int8":
    case "int16":
    case "int32":
    case "int64":
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
    case "bool_": {
      // np.float32(0.5) is a number; of an array, a cast.
      const n = asNumber(first);
      if (n !== undefined && (first?.t === "num" || first?.t === "bool")) return name.startsWith("float") ? num(n, false) : name === "bool_" ? { t: "bool", v: n !== 0 } : num(Math.trunc(n), true);
      return first ? toArray(first, dtypeName({ t: "str", v: name }), 0, span) : undefined;
    }
    case "tf_cast":
      return first?.t === "data" ? astype(first.facts, dtypeName(argValue(args, 1, "dtype")), span) : undefined;
    case "convert_image_dtype": {
      if (first?.t !== "data") return undefined;
      const dtype = dtypeName(argValue(args, 1, "dtype"));
      const scaled = first.facts.dtype === "uint8" && isFloatType(dtype);
      const transform: DataTransform = scaled ? { op: "scale", detail: `convert_image_dtype(${dtype})`, factor: 1 / 255, span } : { op: "astype", detail: dtype ?? "", span };
      const range = scaled ? scaleRange(first.facts.range, (x) => x / 255) : castRange(first.facts.range, dtype);
      return dataValue(derive(first.facts, { dtype, range, ...(range && (first.facts.rangeIsBound || !castKeepsValues(first.facts.range, dtype)) ? { rangeIsBound: true } : {}) }, transform));
    }
    case "reshape":
    case "squeeze":
    case "transpose":
    case "swapaxes":
    case "ravel":
    case "sort":
    case "mean":
    case "std":
    case "var":
    case "max":
    case "min":
    case "sum":
    case "prod":
    case "argmax":
    case "argmin":
    case "any":
    case "all":
    case "round":
    case "around": {
      const scalar = scalarReduction(name, first);
      if (scalar) return scalar;
      if (name === "sort") return sortData(args, span);
      return asMethod(name, args, span, name === "around" ? "round" : name);
    }
    case "amax":
    case "amin":
    case "nanmax":
    case "nanmin":
      return asMethod(name, args, span, name.endsWith("max") ? "max" : "min");
    case "nanmean":
    case "nanstd":
    case "nansum":
      return asMethod(name, args, span, name.slice(3));
    case "product":
      return scalarReduction("prod", first) ?? asMethod(name, args, span, "prod");
    case "expand_dims": {
      const facts = arrayFacts(first);
      return facts ? expandDims(facts, argValue(args, 1, "axis"), span) : undefined;
    }
    case "moveaxis": {
      const facts = arrayFacts(first);
      if (!facts) return undefined;
      const source = asInt(argValue(args, 1, "source"));
      const destination = asInt(argValue(args, 2, "destination"));
      const shape = source === undefined || destination === undefined ? undefined : moveAxisShape(facts.shape, source, destination);
      return shaped(facts, shape, {}, { op: "reshape", detail: "moveaxis", span });
    }
    case "atleast_1d":
    case "atleast_2d":
    case "atleast_3d": {
      if (args.positional.length !== 1) return undefined;
      const facts = arrayFacts(first);
      if (!facts) return undefined;
      const rank = Number(name.charAt(8)) as 1 | 2 | 3;
      const shape = namedStackShapes(rank === 1 ? "hstack" : rank === 2 ? "vstack" : "dstack", [facts.shape]);
      // A single array is returned promoted, not joined: its promoted shape equals the joined one.
      return shaped(facts, shape, {}, { op: "reshape", detail: name, span });
    }
    case "zeros":
    case "ones":
    case "empty":
    case "full":
      return filled(name, args);
    case "zeros_like":
    case "ones_like":
    case "empty_like":
    case "full_like":
      return filledLike(name, args);
    case "eye":
    case "identity":
      return identity(name, args);
    case "arange":
      return arange(args);
    case "linspace":
    case "logspace":
      return linspace(name, args);
    case "clip": {
      const facts = arrayFacts(first);
      return facts ? clipData(facts, argValue(args, 1, "a_min", "min"), argValue(args, 2, "a_max", "max"), span) : undefined;
    }
    case "concatenate":
    case "vstack":
    case "row_stack":
    case "hstack":
    case "dstack":
    case "column_stack":
    case "stack":
    case "append":
      return joined(name, args, span);
    case "dot":
    case "matmul":
    case "outer": {
      const a = argValue(args, 0, "a", "x1");
      const b = argValue(args, 1, "b", "x2");
      const facts = arrayFacts(a);
      if (!facts || !b) return a?.t === "data" || b?.t === "data" ? unknownData() : undefined;
      if (name === "dot") return dotProduct(facts, b, span);
      if (name === "matmul") return dataBinary("@", dataValue(facts), b, span);
      const other = arrayView(b);
      return shaped(facts, outerShape(facts.shape, other?.shape), { range: undefined, dtype: undefined, encoding: undefined, numClasses: undefined }, { op: "other", detail: "outer", span });
    }
    case "where":
      return where(args, span);
    case "maximum":
    case "minimum":
      return extremum(name, args, span);
    case "tile":
    case "repeat":
      return repeated(name, args, span);
    case "flip":
    case "fliplr":
    case "flipud": {
      const facts = arrayFacts(first);
      return facts ? dataValue(derive(facts, {}, { op: "other", detail: name, span })) : undefined;
    }
    case "argsort": {
      const facts = arrayFacts(first);
      if (!facts) return undefined;
      const axis = argValue(args, 1, "axis");
      const flat = axis?.t === "none";
      const shape = flat ? [sizeOf(facts.shape) ?? null] : facts.shape;
      const along = flat ? sizeOf(facts.shape) : asInt(axis ?? num(-1, true)) !== undefined && facts.shape ? facts.shape.at(asInt(axis ?? num(-1, true))!) : undefined;
      const range: [number, number] | undefined = typeof along === "number" && along > 0 ? [0, along - 1] : undefined;
      return dataValue(derive(facts, { shape, dtype: "int64", range, rangeIsBound: range ? true : undefined, encoding: undefined, numClasses: undefined }, { op: "other", detail: name, span }));
    }
    case "unique": {
      const facts = arrayFacts(first);
      if (!facts) return undefined;
      if (["return_index", "return_inverse", "return_counts"].some((k) => argValue(args, undefined, k) && asBool(argValue(args, undefined, k)) !== false)) return UNKNOWN;
      if (argValue(args, undefined, "axis") && argValue(args, undefined, "axis")!.t !== "none") return unknownData();
      return dataValue(derive(facts, { shape: [null], rangeIsBound: facts.range ? true : undefined }, { op: "other", detail: name, span }));
    }
    case "cumsum":
    case "cumprod": {
      const facts = arrayFacts(first);
      if (!facts) return undefined;
      const axis = argValue(args, 1, "axis");
      const shape = !axis || axis.t === "none" ? [sizeOf(facts.shape) ?? null] : asInt(axis) !== undefined ? facts.shape : undefined;
      return dataValue(derive(facts, { shape, range: undefined, dtype: accumulationType(facts.dtype), encoding: undefined, numClasses: undefined }, { op: "other", detail: name, span }));
    }
    case "isnan":
    case "isinf":
    case "isfinite":
    case "logical_not": {
      const facts = arrayFacts(first);
      return facts ? dataValue(derive(facts, { dtype: "bool", range: [0, 1], rangeIsBound: true, encoding: undefined, numClasses: undefined }, { op: "other", detail: name, span })) : undefined;
    }
    case "load":
    case "loadtxt":
    case "genfromtxt":
    case "fromfile":
    case "load_img":
      return unknownData();
    case "newaxis":
      return NONE;
    default:
      if (ELEMENTWISE.has(name)) return elementwise(name, first, span);
      if (args.positional.some((a) => a.t === "data")) return unknownData();
      return undefined;
  }
}

/** `np.array(x, dtype, ndmin)`: a copy of an array, or a (nested) list converted. */
function toArray(value: Value | undefined, dtype: string | undefined, ndmin: number, span: SourceSpan, shapeArg?: Value): Value {
  if (!value) return unknownData();
  let facts: DataFacts | undefined;
  if (value.t === "data") facts = derive(value.facts, {});
  else if (value.t === "unknown" || value.t === "none") facts = undefined;
  else {
    const view = arrayView(value);
    // Items of known, unequal shapes: numpy refuses (an array of objects holds them as they are).
    if (view?.refused) return dtype === "object" && (value.t === "list" || value.t === "tuple") && !(value.t === "list" && (value.unknownLength || value.uncertainItems)) ? dataValue({ shape: [value.items.length], dtype, transforms: [] }) : UNKNOWN;
    facts = view ? factsOfView(view) : undefined;
  }
  if (!facts) return unknownData();
  if (dtype === "object") {
    // Items of unequal shapes make a 1-D array of objects: only a shape known in full is certain.
    const shape = facts.shape && facts.shape.every((d) => d !== null) ? facts.shape : undefined;
    return dataValue(derive(facts, { shape, dtype, range: undefined, encoding: undefined }, undefined));
  }
  let out: Value = dtype && dtype !== facts.dtype ? astype(facts, dtype, span) : dataValue(facts);
  if (ndmin > 0 && out.t === "data" && out.facts.shape && out.facts.shape.length < ndmin) {
    const shape = [...Array<number>(ndmin - out.facts.shape.length).fill(1), ...out.facts.shape];
    out = dataValue(derive(out.facts, { shape }, undefined));
  } else if (ndmin > 0 && out.t === "data" && !out.facts.shape) out = dataValue(derive(out.facts, { shape: undefined }));
  // tf.constant(value, shape=...) reshapes or broadcasts: only a known target is certain.
  if (shapeArg && shapeArg.t !== "none" && out.t === "data") {
    const target = asShape(shapeArg);
    out = dataValue(derive(out.facts, { shape: target && target.every((d) => d !== null && d >= 0) ? target : undefined }));
  }
  return out;
}

/** `np.max([3, 5])` and the like on a flat list of known numbers: the number. */
function scalarReduction(name: string, value: Value | undefined): Value | undefined {
  const items = value?.t === "list" || value?.t === "tuple" ? asSequence(value) : undefined;
  if (!items || items.length === 0 || (value?.t === "list" && value.uncertainItems)) return undefined;
  const ns = items.map((i) => (i.t === "num" || i.t === "bool" ? asNumber(i) : undefined));
  if (ns.some((n) => n === undefined)) return undefined;
  const values = ns as number[];
  const ints = items.every((i) => i.t === "bool" || (i.t === "num" && i.int));
  switch (name) {
    case "max":
      return num(Math.max(...values), ints);
    case "min":
      return num(Math.min(...values), ints);
    case "sum":
      return num(values.reduce((a, b) => a + b, 0), ints);
    case "prod":
      return num(values.reduce((a, b) => a * b, 1), ints);
    case "mean":
      return num(values.reduce((a, b) => a + b, 0) / values.length, false);
    default:
      return undefined;
  }
}

/** `np.sort(a, axis=-1)`: the same values; `axis=None` sorts them flattened. */
function sortData(args: CallArgs, span: SourceSpan): Value | undefined {
  const facts = arrayFacts(args.positional[0]);
  if (!facts) return undefined;
  const axis = argValue(args, 1, "axis");
  const shape = axis?.t === "none" ? [sizeOf(facts.shape) ?? null] : axis === undefined || asInt(axis) !== undefined ? facts.shape : undefined;
  return dataValue(derive(facts, { shape }, { op: "other", detail: "sort", span }));
}

function shapeArgument(value: Value | undefined): Shape | undefined {
  const shape = asShape(value);
  return shape && shape.every((d) => d === null || d >= 0) ? shape : undefined;
}

/** The dtype numpy gives a fill value of its own. */
function fillType(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.t === "bool") return "bool";
  if (value.t === "num") return value.int ? "int64" : "float64";
  return value.t === "data" ? value.facts.dtype : undefined;
}

/** `np.zeros(shape)`, `np.ones`, `np.empty`, `np.full(shape, value)`. */
function filled(name: string, args: CallArgs): Value {
  const shape = shapeArgument(argValue(args, 0, "shape"));
  const fillValue = name === "full" ? argValue(args, 1, "fill_value") : undefined;
  const fill = name === "zeros" ? 0 : name === "ones" ? 1 : name === "full" ? asNumber(fillValue) : undefined;
  const given = dtypeName(argValue(args, name === "full" ? 2 : 1, "dtype"));
  const dtype = given ?? (name === "full" ? fillType(fillValue) : "float64");
  const range = fill !== undefined && name !== "empty" ? castRange([fill, fill], dtype ?? "float64") : undefined;
  const facts: DataFacts = { transforms: [] };
  // A fill array broadcasts into the shape: only a number fills it as written.
  if (shape && (name !== "full" || fillValue?.t === "num" || fillValue?.t === "bool")) facts.shape = shape;
  if (dtype) facts.dtype = dtype;
  if (range) facts.range = range;
  return dataValue(facts);
}

/** `np.zeros_like(x)` and the like: x's shape (or `shape=`) and dtype (or `dtype=`). */
function filledLike(name: string, args: CallArgs): Value {
  const base = arrayFacts(args.positional[0] ?? argValue(args, undefined, "a"));
  const fillValue = name === "full_like" ? argValue(args, 1, "fill_value") : undefined;
  const dtype = dtypeName(argValue(args, name === "full_like" ? 2 : 1, "dtype")) ?? base?.dtype;
  const shapeGiven = argValue(args, undefined, "shape");
  const shape = shapeGiven ? shapeArgument(shapeGiven) : base?.shape;
  const fill = name === "zeros_like" ? 0 : name === "ones_like" ? 1 : name === "full_like" ? asNumber(fillValue) : undefined;
  const range = fill !== undefined ? castRange([fill, fill], dtype) : undefined;
  const facts: DataFacts = { transforms: [] };
  if (shape) facts.shape = shape;
  if (dtype) facts.dtype = dtype;
  if (range) facts.range = range;
  return dataValue(facts);
}

/** `np.eye(N, M, k)` / `np.identity(n)`: each row one-hot when the diagonal is the main one and N <= M. */
function identity(name: string, args: CallArgs): Value {
  const n = asInt(argValue(args, 0, name === "eye" ? "N" : "n"));
  const mValue = name === "eye" ? argValue(args, 1, "M") : undefined;
  const m = mValue === undefined || mValue.t === "none" ? n : asInt(mValue);
  const k = name === "eye" ? asInt(argValue(args, 2, "k") ?? num(0, true)) : 0;
  const dtype = dtypeName(argValue(args, name === "eye" ? 3 : 1, "dtype")) ?? "float64";
  const facts: DataFacts = { transforms: [], dtype, range: [0, 1], rangeIsBound: true };
  if (n !== undefined && m !== undefined && n >= 0 && m >= 0) facts.shape = [n, m];
  if (n !== undefined && m !== undefined && k === 0 && n <= m && m >= 2 && dtype !== "bool") {
    facts.encoding = "one-hot";
    facts.numClasses = m;
  }
  return dataValue(facts);
}

/** `np.arange(stop)`, `(start, stop)`, `(start, stop, step)`. */
function arange(args: CallArgs): Value {
  const values = args.positional.slice(0, 3);
  const numbers = values.map((v) => (v.t === "num" || v.t === "bool" ? asNumber(v) : undefined));
  const given = dtypeName(argValue(args, 3, "dtype"));
  const kinds = values.map((v) => (v.t === "num" && !v.int ? "float" : "int"));
  const dtype = given ?? (values.length > 0 && values.every((v) => v.t === "num" || v.t === "bool") ? (kinds.includes("float") ? "float64" : "int64") : undefined);
  const facts: DataFacts = { transforms: [] };
  if (dtype) facts.dtype = dtype;
  if (numbers.length === 0 || numbers.some((n) => n === undefined)) {
    if (values.length > 0) facts.shape = [null];
    return dataValue(facts);
  }
  const [start, stop, step] = numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) return unknownData();
  const count = Math.max(0, Math.ceil((stop - start) / step));
  facts.shape = [count];
  if (count > 0) {
    const last = start + (count - 1) * step;
    const range = castRange([Math.min(start, last), Math.max(start, last)], dtype);
    if (range) facts.range = range;
    if (range && given && !castKeepsValues([Math.min(start, last), Math.max(start, last)], dtype)) facts.rangeIsBound = true;
  }
  return dataValue(facts);
}

/** `np.linspace(start, stop, num=50, endpoint=True)` between two numbers. */
function linspace(name: string, args: CallArgs): Value {
  const start = asNumber(argValue(args, 0, "start"));
  const stop = asNumber(argValue(args, 1, "stop"));
  const countValue = argValue(args, 2, "num");
  const count = countValue === undefined ? 50 : asInt(countValue);
  const endpoint = argValue(args, 3, "endpoint");
  const includesStop = endpoint === undefined ? true : asBool(endpoint);
  const facts: DataFacts = { transforms: [], dtype: dtypeName(argValue(args, name === "linspace" ? 5 : 5, "dtype")) ?? "float64" };
  const scalars = [argValue(args, 0, "start"), argValue(args, 1, "stop")].every((v) => v?.t === "num" || v?.t === "bool" || v?.t === "unknown");
  if (scalars && count !== undefined && count >= 0 && argValue(args, undefined, "axis") === undefined) facts.shape = [count];
  if (start !== undefined && stop !== undefined && count !== undefined && count >= 1 && name === "linspace" && isFloatType(facts.dtype)) {
    facts.range = [Math.min(start, stop), Math.max(start, stop)];
    if (includesStop !== true || count < 2) facts.rangeIsBound = true;
  }
  const retstep = argValue(args, 4, "retstep");
  if (retstep && asBool(retstep) !== false) return asBool(retstep) === true ? tuple([dataValue(facts), UNKNOWN]) : UNKNOWN;
  return dataValue(facts);
}

/** The parts of a join: known items, or samples of a list of unknown length. */
function joinParts(value: Value | undefined): { parts: (DataFacts | undefined)[]; moreParts: boolean } | undefined {
  if (!value) return undefined;
  if (value.t === "data") {
    // Joining an array joins its sub-arrays along the first axis.
    const shape = value.facts.shape;
    if (!shape || shape.length === 0) return undefined;
    const count = shape[0];
    const part = derive(value.facts, { shape: shape.slice(1) });
    if (count === null) return { parts: [part], moreParts: true };
    return { parts: Array<DataFacts>(count).fill(part), moreParts: false };
  }
  if (value.t !== "list" && value.t !== "tuple") return undefined;
  const moreParts = value.t === "list" && (value.unknownLength === true || value.uncertainItems === true);
  return { parts: value.items.map((item) => (item.t === "unknown" ? undefined : arrayFacts(item) ?? undefined)), moreParts };
}

/** `np.concatenate`, `np.stack`, `np.vstack`/`hstack`/`dstack`/`column_stack`, `np.append`. */
function joined(name: string, args: CallArgs, span: SourceSpan): Value {
  let source: ReturnType<typeof joinParts>;
  let axisValue: Value | undefined;
  if (name === "append") {
    const arr = arrayFacts(argValue(args, 0, "arr"));
    const values = arrayFacts(argValue(args, 1, "values"));
    source = { parts: [arr, values], moreParts: false };
    axisValue = argValue(args, 2, "axis") ?? NONE;
  } else {
    source = joinParts(args.positional[0] ?? argValue(args, undefined, "arrays", "tup"));
    axisValue = name === "concatenate" || name === "stack" ? argValue(args, 1, "axis") : undefined;
  }
  if (!source || source.parts.length === 0) return unknownData();
  const { parts, moreParts } = source;
  const shapes = parts.map((p) => p?.shape);
  let shape: ShapeResult;
  let rows = false;
  if (name === "concatenate" || name === "append") {
    const axis = axisValue === undefined ? 0 : axisValue.t === "none" ? null : asInt(axisValue);
    if (axis !== undefined) shape = concatenateShapes(shapes, axis, moreParts);
    rows = axis === 0;
  } else if (name === "stack") {
    const axis = axisValue === undefined ? 0 : asInt(axisValue);
    if (axis !== undefined) shape = stackShapes(shapes, axis, moreParts);
  } else {
    const kind = name === "row_stack" ? "vstack" : (name as "vstack" | "hstack" | "dstack" | "column_stack");
    shape = namedStackShapes(kind, shapes, moreParts);
    rows = kind === "vstack" && shapes.every((s) => s !== undefined && s.length >= 2);
  }
  const known = parts.filter((p): p is DataFacts => p !== undefined);
  const base = known[0] ?? { transforms: [] };
  const all = known.length === parts.length;
  // Samples of a list of unknown length say nothing of the other items' values.
  const ranges = all && !moreParts ? known.map((f) => f.range) : [undefined];
  const range: [number, number] | undefined = ranges.every((r) => r) ? [Math.min(...ranges.map((r) => r![0])), Math.max(...ranges.map((r) => r![1]))] : undefined;
  const dtype = all ? known.map((f) => f.dtype).reduce<string | undefined>((t, d, i) => (i === 0 ? d : promoteTypes(t, d)), undefined) : undefined;
  // Labels stacked as more rows keep their encoding; joined along other axes they do not.
  const sameLabels = rows && all && known.every((f) => f.encoding === base.encoding && f.numClasses === base.numClasses);
  const changes: Partial<DataFacts> = {
    range,
    rangeIsBound: range && known.some((f) => f.rangeIsBound) ? true : undefined,
    dtype: moreParts ? undefined : dtype,
    origin: all && known.every((f) => f.origin === base.origin) ? base.origin : undefined,
    encoding: sameLabels ? base.encoding : undefined,
    numClasses: sameLabels ? base.numClasses : undefined,
  };
  return shaped(base, shape, changes, { op: "other", detail: name, span });
}

/** `np.where(cond)` (the indices of true elements) and `np.where(cond, x, y)`. */
function where(args: CallArgs, span: SourceSpan): Value | undefined {
  const [condition, x, y] = args.positional;
  if (!condition) return undefined;
  const c = arrayView(condition);
  if (!x || !y) {
    const rank = c?.shape?.length;
    if (rank === undefined) return UNKNOWN;
    const indices = (): Value => dataValue({ shape: [null], dtype: "int64", transforms: [] });
    return tuple(Array.from({ length: Math.max(rank, 1) }, indices));
  }
  const a = arrayView(x);
  const b = arrayView(y);
  if (!c || !a || !b) return unknownData();
  const base = x.t === "data" ? x.facts : y.t === "data" ? y.facts : { transforms: [] };
  const shape = broadcastShapes([c.shape, a.shape, b.shape]);
  const range: [number, number] | undefined = a.range && b.range ? [Math.min(a.range[0], b.range[0]), Math.max(a.range[1], b.range[1])] : undefined;
  const dtype = a.scalar && b.scalar ? (a.scalar === "float" || b.scalar === "float" ? "float64" : a.scalar === "int" || b.scalar === "int" ? "int64" : "bool") : a.scalar ? promoteWithScalar(b.dtype, a.scalar) : b.scalar ? promoteWithScalar(a.dtype, b.scalar) : promoteTypes(a.dtype, b.dtype);
  return shaped(base, shape, { range, rangeIsBound: range ? true : undefined, dtype, encoding: undefined, numClasses: undefined }, { op: "other", detail: "where", span });
}

/** `np.maximum(a, b)` / `np.minimum(a, b)`, element-wise. */
function extremum(name: string, args: CallArgs, span: SourceSpan): Value | undefined {
  const [x, y] = args.positional;
  if (!x || !y || (x.t !== "data" && y.t !== "data")) return undefined;
  const a = arrayView(x);
  const b = arrayView(y);
  const base = x.t === "data" ? x.facts : (y as Value & { t: "data" }).facts;
  if (!a || !b) return unknownData();
  const pick = name === "maximum" ? Math.max : Math.min;
  const range: [number, number] | undefined = a.range && b.range ? [pick(a.range[0], b.range[0]), pick(a.range[1], b.range[1])] : undefined;
  const dtype = a.scalar ? promoteWithScalar(b.dtype, a.scalar) : b.scalar ? promoteWithScalar(a.dtype, b.scalar) : promoteTypes(a.dtype, b.dtype);
  return shaped(base, broadcastShapes([a.shape, b.shape]), { range, rangeIsBound: range ? true : undefined, dtype, encoding: undefined }, { op: "other", detail: name, span });
}

/** `np.tile(a, reps)` and `np.repeat(a, n, axis=None)`. */
function repeated(name: string, args: CallArgs, span: SourceSpan): Value | undefined {
  const facts = arrayFacts(args.positional[0]);
  if (!facts) return undefined;
  let shape: ShapeResult;
  if (name === "tile") {
    const reps = argValue(args, 1, "reps");
    const list = reps === undefined ? undefined : reps.t === "num" ? [asInt(reps) ?? null] : asSequence(reps)?.map((r) => asInt(r) ?? null);
    shape = list && list.length > 0 ? tileShape(facts.shape, list) : undefined;
  } else {
    const repeats = argValue(args, 1, "repeats");
    const axis = argValue(args, 2, "axis");
    const n = repeats?.t === "num" ? asInt(repeats) : undefined;
    const along = axis === undefined || axis.t === "none" ? null : asInt(axis);
    if (along !== undefined && (n !== undefined || repeats?.t === "unknown")) shape = repeatShape(facts.shape, n, along);
  }
  return shaped(facts, shape, {}, { op: "other", detail: name, span });
}

/** numpy functions that keep the shape, applied element by element. */
const ELEMENTWISE = new Set(["log", "log1p", "log2", "log10", "exp", "expm1", "sqrt", "abs", "absolute", "fabs", "square", "sin", "cos", "tanh", "floor", "ceil", "round_", "rint", "sign", "trunc"]);

/** Functions that give integers back for integers (numpy 2); the others compute in floating point. */
const INTEGER_PRESERVING = new Set(["abs", "absolute", "square", "floor", "ceil", "sign", "trunc"]);

const MONOTONE: Record<string, (x: number) => number> = {
  log: Math.log, log1p: Math.log1p, log2: Math.log2, log10: Math.log10, exp: Math.exp, expm1: Math.expm1, sqrt: Math.sqrt,
  tanh: Math.tanh, floor: Math.floor, ceil: Math.ceil, rint: roundHalfEven, round_: roundHalfEven, sign: Math.sign, trunc: Math.trunc,
};

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function elementwiseRange(name: string, [lo, hi]: [number, number]): { range?: [number, number]; bound: boolean } {
  const f = MONOTONE[name];
  if (f) {
    const range = scaleRange([lo, hi], f);
    return range ? { range, bound: false } : { bound: true };
  }
  if (name === "sin" || name === "cos") return { range: [-1, 1], bound: true };
  if (name === "abs" || name === "absolute" || name === "fabs") return { range: lo >= 0 ? [lo, hi] : hi <= 0 ? [-hi, -lo] : [0, Math.max(-lo, hi)], bound: lo < 0 && hi > 0 };
  if (name === "square") return { range: lo >= 0 ? [lo * lo, hi * hi] : hi <= 0 ? [hi * hi, lo * lo] : [0, Math.max(lo * lo, hi * hi)], bound: lo < 0 && hi > 0 };
  return { bound: true };
}

/** An element-wise function of a number (a number) or an array (an array of the same shape). */
function elementwise(name: string, value: Value | undefined, span: SourceSpan): Value | undefined {
  if (value?.t === "num" || value?.t === "bool") {
    const x = asNumber(value)!;
    const f = MONOTONE[name] ?? (name === "sin" ? Math.sin : name === "cos" ? Math.cos : name === "square" ? (v: number) => v * v : name === "abs" || name === "absolute" || name === "fabs" ? Math.abs : undefined);
    const r = f?.(x);
    if (r === undefined || !Number.isFinite(r)) return UNKNOWN;
    const isInt = value.t === "num" && value.int && INTEGER_PRESERVING.has(name);
    return num(r, isInt);
  }
  const facts = arrayFacts(value);
  if (!facts) return undefined;
  // Booleans compute in float16: its rounding may leave the range computed here.
  const { range, bound } = facts.range && facts.dtype !== "bool" ? elementwiseRange(name, facts.range) : { range: undefined, bound: true };
  const keepsIntegers = INTEGER_PRESERVING.has(name) && (isIntegerType(facts.dtype) || (facts.dtype === "bool" && name !== "square"));
  const dtype = keepsIntegers ? facts.dtype : floatFunctionType(facts.dtype);
  const changes: Partial<DataFacts> = { range, dtype, encoding: undefined };
  if (range && (bound || facts.rangeIsBound)) changes.rangeIsBound = true;
  return dataValue(derive(facts, changes, { op: "other", detail: name, span }));
}
