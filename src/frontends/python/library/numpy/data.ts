/**
 * Data facts: what the program's arrays are (shape, dtype, value range, label encoding) and how numpy-style
 * arithmetic, indexing and array methods change them. Loaders and library functions live beside this file
 * (datasets.ts, numpy.ts, preprocessing.ts).
 */
import type { DataFacts, DataTransform, Shape, SourceSpan } from "../../../../model/program.js";
import { sliceIndices } from "../../operators.js";
import type { CallArgs } from "../../state.js";
import { UNKNOWN, asInt, asNumber, asSequence, asShape, int, num, tuple, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { lastSegment } from "../keras/learner.js";

export function dataValue(facts: DataFacts): Value {
  return { t: "data", facts };
}

/** Facts of an array nothing is known about (read from a file, say). */
export function unknownData(): Value {
  return dataValue({ transforms: [] });
}

/** New facts derived from `base` with `changes`, recording `transform`. Fields set to undefined are dropped. */
export function derive(base: DataFacts, changes: Partial<DataFacts>, transform?: DataTransform): DataFacts {
  const out: DataFacts = { ...base, transforms: transform ? [...base.transforms, transform] : [...base.transforms] };
  for (const [key, value] of Object.entries(changes) as [keyof DataFacts, unknown][]) {
    if (value === undefined) delete out[key];
    else (out as unknown as Record<string, unknown>)[key] = value;
  }
  delete out.variable;
  return out;
}

// ------------------------------------------------------------------------------------------- shapes

export function product(shape: Shape): number | undefined {
  let total = 1;
  for (const d of shape) {
    if (d === null) return undefined;
    total *= d;
  }
  return total;
}

/** A reshape target with one -1 resolved when the element count is known. */
function resolveReshape(source: Shape | undefined, target: Shape): Shape {
  const minusOne = target.indexOf(-1);
  if (minusOne < 0 || !source) return target.map((d) => (d === -1 ? null : d));
  const total = product(source);
  const rest = product(target.filter((_, i) => i !== minusOne));
  const out = [...target];
  out[minusOne] = total !== undefined && rest !== undefined && rest > 0 && total % rest === 0 ? total / rest : null;
  return out;
}

export function reshapeTarget(args: CallArgs, offset: number): Shape | undefined {
  const rest = args.positional.slice(offset);
  if (rest.length === 1) return asShape(rest[0]);
  if (rest.length > 1) return rest.map((v) => asInt(v) ?? null);
  return asShape(argValue(args, undefined, "newshape", "shape"));
}

export function reshapeData(facts: DataFacts, target: Shape, span: SourceSpan): Value {
  const shape = resolveReshape(facts.shape, target);
  return dataValue(derive(facts, { shape }, { op: "reshape", detail: `(${shape.map((d) => d ?? "?").join(", ")})`, span }));
}

export function expandDims(facts: DataFacts, axis: number, span: SourceSpan): Value {
  const shape = facts.shape ? [...facts.shape] : undefined;
  if (shape) {
    const at = axis < 0 ? shape.length + 1 + axis : axis;
    shape.splice(Math.max(0, Math.min(shape.length, at)), 0, 1);
  }
  return dataValue(derive(facts, { shape }, { op: "expand_dims", detail: String(axis), span }));
}

export function dtypeName(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.t === "str") return value.v;
  if (value.t === "ref") return lastSegment(value.path);
  return undefined;
}

export function astype(facts: DataFacts, dtype: string | undefined, span: SourceSpan): Value {
  return dataValue(derive(facts, { dtype }, { op: "astype", ...(dtype ? { detail: dtype } : {}), span }));
}

// --------------------------------------------------------------------------------------- arithmetic

export function isFloatType(dtype: string | undefined): boolean {
  return dtype !== undefined && /float|double/.test(dtype);
}

export function scaleRange(range: [number, number] | undefined, f: (x: number) => number): [number, number] | undefined {
  if (!range) return undefined;
  const a = f(range[0]);
  const b = f(range[1]);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return a <= b ? [a, b] : [b, a];
}

/** Arithmetic with a data array on either side; undefined when neither side is data or a statistic. */
export function dataBinary(op: string, left: Value, right: Value, span: SourceSpan): Value | undefined {
  if (left.t === "stat" || right.t === "stat") {
    if (left.t === "data" || right.t === "data") {
      const data = (left.t === "data" ? left : right) as Value & { t: "data" };
      const stat = (left.t === "stat" ? left : right) as Value & { t: "stat" };
      if (op === "-" && left.t === "data" && (stat.stat === "mean" || stat.stat === "min" || stat.stat === "other"))
        return dataValue(derive(data.facts, { range: undefined, dtype: floatOf(data.facts.dtype) }, { op: "standardize", detail: "subtract mean", span }));
      if (op === "/" && left.t === "data" && (stat.stat === "std" || stat.stat === "other"))
        return dataValue(derive(data.facts, { range: undefined, dtype: floatOf(data.facts.dtype) }, { op: "standardize", detail: "divide by std", span }));
      if (op === "/" && left.t === "data" && stat.stat === "max")
        return dataValue(derive(data.facts, { range: undefined, dtype: floatOf(data.facts.dtype) }, { op: "normalize", detail: "divide by max", span }));
      return dataValue(derive(data.facts, { range: undefined }, { op: "other", detail: op, span }));
    }
    // Statistic arithmetic (std + 1e-7, max - min) stays a statistic.
    const s = left.t === "stat" ? left : (right as Value & { t: "stat" });
    return { t: "stat", stat: op === "-" && left.t === "stat" && right.t === "stat" ? "std" : s.stat };
  }
  if (left.t !== "data" && right.t !== "data") return undefined;
  if (COMPARISONS.has(op)) {
    const data = (left.t === "data" ? left : right) as Value & { t: "data" };
    return dataValue(derive(data.facts, { dtype: "bool", range: [0, 1], encoding: undefined, numClasses: undefined }, { op: "other", detail: op, span }));
  }
  if (left.t === "data" && right.t === "data") {
    // Element-wise arithmetic of two arrays: interval arithmetic on their ranges; numpy broadcasting keeps
    // the larger shape (the left one when both are known and equal in rank).
    const range = intervalArithmetic(op, left.facts.range, right.facts.range);
    const shape = left.facts.shape && right.facts.shape && right.facts.shape.length > left.facts.shape.length ? right.facts.shape : (left.facts.shape ?? right.facts.shape);
    return dataValue(derive(left.facts, { range, shape, encoding: undefined }, { op: "other", detail: op, span }));
  }
  const data = (left.t === "data" ? left : right) as Value & { t: "data" };
  const other = left.t === "data" ? right : left;
  const c = asNumber(other);
  const facts = data.facts;
  if (c === undefined) return dataValue(derive(facts, { range: undefined }, { op: "other", detail: op, span }));
  const dataOnLeft = left.t === "data";
  let range: [number, number] | undefined;
  let transform: DataTransform;
  let dtype = facts.dtype;
  switch (op) {
    case "/":
      if (!dataOnLeft || c === 0) return dataValue(derive(facts, { range: undefined }, { op: "other", detail: op, span }));
      range = scaleRange(facts.range, (x) => x / c);
      transform = { op: "scale", detail: `/ ${c}`, factor: 1 / c, span };
      dtype = floatOf(dtype);
      break;
    case "*":
      range = scaleRange(facts.range, (x) => x * c);
      transform = { op: "scale", detail: `* ${c}`, factor: c, span };
      if (!Number.isInteger(c)) dtype = floatOf(dtype);
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
    case "**":
      range = dataOnLeft && facts.range && facts.range[0] >= 0 ? scaleRange(facts.range, (x) => Math.pow(x, c)) : undefined;
      transform = { op: "other", detail: op, span };
      break;
    default:
      return dataValue(derive(facts, { range: undefined }, { op: "other", detail: op, span }));
  }
  const changes: Partial<DataFacts> = { range, dtype };
  // Arithmetic turns labels into plain numbers; their encoding no longer holds (except a shift by 0).
  if (facts.encoding && facts.encoding !== "continuous" && !(c === 0 && (op === "+" || op === "-"))) changes.encoding = undefined;
  return dataValue(derive(facts, changes, transform));
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

const COMPARISONS = new Set(["<", ">", "<=", ">=", "==", "!="]);

export function floatOf(dtype: string | undefined): string {
  return isFloatType(dtype) ? dtype! : "float64";
}

// ----------------------------------------------------------------------------------------- indexing

/** numpy basic indexing: slices, ints, None/np.newaxis, Ellipsis; fancy indexing by another array. */
export function dataSubscript(facts: DataFacts, index: Value, span: SourceSpan): Value {
  const components = index.t === "tuple" ? index.items : [index];
  // A column name selects another variable of a table: only its rank carries over.
  if (components.length === 1 && facts.shape?.length === 2 && facts.origin === undefined) {
    const c = components[0]!;
    if (c.t === "str") return dataValue({ shape: [null], transforms: [] });
    if (c.t === "list" && c.items.every((i) => i.t === "str")) return dataValue({ shape: [null, null], transforms: [] });
  }
  if (components.some((c) => c.t === "str")) return unknownData();
  // An unknown index (a loop variable, an index list) still selects elements of the same array.
  if (components.some((c) => c.t === "unknown" || c.t === "list")) return dataValue(derive(facts, { shape: undefined }, { op: "slice", span }));
  const source = facts.shape;
  if (!source) return dataValue(derive(facts, {}, { op: "slice", span }));
  const consumed = components.filter((c) => c.t !== "none" && c.t !== "ellipsis").length;
  const out: Shape = [];
  let axis = 0;
  let op: DataTransform["op"] = "slice";
  let masked = false;
  for (const c of components) {
    if (c.t === "ellipsis") {
      const skip = source.length - consumed;
      for (let i = 0; i < skip && axis < source.length; i++) out.push(source[axis++]!);
      continue;
    }
    if (c.t === "none") {
      out.push(1);
      op = "expand_dims";
      continue;
    }
    const size = source[axis];
    if (size === undefined) return unknownData();
    if (c.t === "slice") {
      out.push(size === null ? sliceLength(c, null) : sliceLength(c, size));
    } else if (c.t === "data") {
      // A boolean mask keeps an unknown number of rows, and perhaps not every class.
      if (c.facts.dtype === "bool") masked = true;
      out.push(c.facts.dtype === "bool" ? null : (c.facts.shape?.[0] ?? null));
    } else if (asInt(c) === undefined) {
      return unknownData();
    }
    axis++;
  }
  while (axis < source.length) out.push(source[axis++]!);
  const detail = op === "expand_dims" ? "newaxis" : undefined;
  const changes: Partial<DataFacts> = masked ? { shape: out, numClasses: undefined } : { shape: out };
  return dataValue(derive(facts, changes, detail ? { op, detail, span } : { op, span }));
}

function sliceLength(slice: Value & { t: "slice" }, size: number | null): number | null {
  if (size === null) {
    // x[:n] of an array of unknown length: at most n; only exact when start is 0 and n is small.
    return null;
  }
  return sliceIndices(slice, size)?.length ?? null;
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
      const n = facts.shape ? product(facts.shape) : undefined;
      return n === undefined ? UNKNOWN : int(n);
    }
    case "dtype":
      return facts.dtype ? { t: "str", v: facts.dtype } : UNKNOWN;
    case "T":
      return dataValue(derive(facts, { shape: facts.shape ? [...facts.shape].reverse() : undefined }, undefined));
    case "values":
    case "iloc":
    case "loc":
      // A table's views: the same array.
      return dataValue(derive(facts, {}));
    default:
      return undefined;
  }
}

/** Methods of a data array; undefined when not one this model knows. */
export function dataMethod(facts: DataFacts, name: string, args: CallArgs, span: SourceSpan): Value | undefined {
  switch (name) {
    case "reshape": {
      const target = reshapeTarget(args, 0);
      return target ? reshapeData(facts, target, span) : dataValue(derive(facts, { shape: undefined }, { op: "reshape", span }));
    }
    case "astype":
      return astype(facts, dtypeName(argValue(args, 0, "dtype")), span);
    case "flatten":
    case "ravel": {
      const n = facts.shape ? product(facts.shape) : undefined;
      return dataValue(derive(facts, { shape: facts.shape ? [n ?? null] : undefined }, { op: "reshape", detail: "flatten", span }));
    }
    case "squeeze": {
      const axis = asInt(argValue(args, 0, "axis"));
      const shape = facts.shape?.filter((d, i) => (axis === undefined ? d !== 1 : i !== (axis < 0 ? facts.shape!.length + axis : axis)));
      return dataValue(derive(facts, { shape }, { op: "reshape", detail: "squeeze", span }));
    }
    case "transpose": {
      const axes = args.positional.length === 1 ? asSequence(args.positional[0]) : args.positional.length > 1 ? args.positional : asSequence(argValue(args, undefined, "axes"));
      const source = facts.shape;
      let shape: Shape | undefined;
      if (source && axes) {
        const order = axes.map(asInt);
        shape = order.every((a) => a !== undefined && a >= 0 && a < source.length) && order.length === source.length ? order.map((a) => source[a!]!) : undefined;
      } else if (source) shape = [...source].reverse();
      return dataValue(derive(facts, { shape }, { op: "reshape", detail: "transpose", span }));
    }
    case "toarray":
    case "todense":
    case "copy":
    case "to_numpy":
      return dataValue(derive(facts, {}));
    case "mean":
    case "std":
    case "var":
      return { t: "stat", stat: name === "var" ? "std" : name };
    case "max":
    case "min": {
      if (args.positional.length === 0 && !args.keywords.has("axis") && facts.range) return num(name === "max" ? facts.range[1] : facts.range[0], isIntType(facts.dtype));
      return { t: "stat", stat: name };
    }
    case "sum":
    case "argmax":
    case "argmin":
      if (name === "argmax" && facts.encoding === "one-hot") {
        return dataValue(derive(facts, { shape: facts.shape ? [facts.shape[0] ?? null] : undefined, encoding: "integer", range: facts.numClasses ? [0, facts.numClasses - 1] : undefined, dtype: "int64" }, { op: "other", detail: "argmax", span }));
      }
      return { t: "stat", stat: "other" };
    case "tolist":
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

function isIntType(dtype: string | undefined): boolean {
  return dtype !== undefined && /int/.test(dtype);
}

