/**
 * Data facts: what the program's arrays are (shape, dtype, value range, label encoding), from the
 * well-known dataset loaders and the numpy / scikit-learn / Keras transforms applied on the way.
 */
import type { DataFacts, DataTransform, Shape, SourceSpan } from "../../../model/program.js";
import { sliceIndices } from "../operators.js";
import type { CallArgs } from "../state.js";
import { NONE, UNKNOWN, asInt, asNumber, asSequence, asShape, asString, dictKey, int, num, tuple, type ScalerKind, type Value } from "../values.js";
import { argValue, getArg } from "./args.js";
import { lastSegment } from "./learner.js";

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

// ----------------------------------------------------------------------------------------- datasets

interface Split {
  x: Omit<DataFacts, "transforms">;
  y: Omit<DataFacts, "transforms">;
}

function classificationLabels(n: number, classes: number, column: boolean, origin: string): Split["y"] {
  return {
    shape: column ? [n, 1] : [n],
    dtype: "uint8",
    range: [0, classes - 1],
    encoding: classes === 2 ? "binary" : "integer",
    numClasses: classes,
    task: "classification",
    origin,
  };
}

/** `keras.datasets.<name>.load_data(...)` → ((x_train, y_train), (x_test, y_test)). */
export function loadDataset(name: string, args: CallArgs): Value {
  const splits = datasetSplits(name, args);
  if (!splits) return tuple([tuple([unknownData(), unknownData()]), tuple([unknownData(), unknownData()])]);
  const pair = (s: Split): Value => tuple([dataValue({ ...s.x, transforms: [] }), dataValue({ ...s.y, transforms: [] })]);
  return tuple([pair(splits[0]), pair(splits[1])]);
}

function datasetSplits(name: string, args: CallArgs): [Split, Split] | undefined {
  const images = (n: number, dims: number[], classes: number, column: boolean): Split => ({
    x: { shape: [n, ...dims], dtype: "uint8", range: [0, 255], origin: name, task: "classification" },
    y: classificationLabels(n, classes, column, name),
  });
  switch (name) {
    case "mnist":
    case "fashion_mnist":
      return [images(60000, [28, 28], 10, false), images(10000, [28, 28], 10, false)];
    case "cifar10":
      return [images(50000, [32, 32, 3], 10, true), images(10000, [32, 32, 3], 10, true)];
    case "cifar100": {
      const classes = asString(argValue(args, 0, "label_mode")) === "coarse" ? 20 : 100;
      return [images(50000, [32, 32, 3], classes, true), images(10000, [32, 32, 3], classes, true)];
    }
    case "imdb":
    case "reuters": {
      const words = asInt(argValue(args, undefined, "num_words", "nb_words"));
      const total = name === "imdb" ? 50000 : 11228;
      const testSplit = asNumber(argValue(args, undefined, "test_split")) ?? 0.2;
      const train = name === "imdb" ? 25000 : Math.floor(total * (1 - testSplit));
      const classes = name === "imdb" ? 2 : 46;
      const sequences = (n: number): Split => ({
        x: { shape: [n], dtype: "object", ...(words !== undefined ? { range: [0, words - 1] as [number, number] } : {}), origin: name, task: "classification" },
        y: { ...classificationLabels(n, classes, false, name), dtype: "int64" },
      });
      return [sequences(train), sequences(total - train)];
    }
    case "boston_housing": {
      const housing = (n: number): Split => ({
        x: { shape: [n, 13], dtype: "float64", range: [0, 711], origin: name, task: "regression" },
        y: { shape: [n], dtype: "float64", range: [5, 50], encoding: "continuous", task: "regression", origin: name },
      });
      return [housing(404), housing(102)];
    }
    case "california_housing": {
      const housing = (n: number): Split => ({
        x: { shape: [n, 8], dtype: "float64", origin: name, task: "regression" },
        y: { shape: [n], dtype: "float64", encoding: "continuous", task: "regression", origin: name },
      });
      return [housing(16512), housing(4128)];
    }
    default:
      return undefined;
  }
}

// ------------------------------------------------------------------------------------------- shapes

function product(shape: Shape): number | undefined {
  let total = 1;
  for (const d of shape) {
    if (d === null) return undefined;
    total *= d;
  }
  return total;
}

/** A reshape target with one -1 resolved when the element count is known. */
export function resolveReshape(source: Shape | undefined, target: Shape): Shape {
  const minusOne = target.indexOf(-1);
  if (minusOne < 0 || !source) return target.map((d) => (d === -1 ? null : d));
  const total = product(source);
  const rest = product(target.filter((_, i) => i !== minusOne));
  const out = [...target];
  out[minusOne] = total !== undefined && rest !== undefined && rest > 0 && total % rest === 0 ? total / rest : null;
  return out;
}

function reshapeTarget(args: CallArgs, offset: number): Shape | undefined {
  const rest = args.positional.slice(offset);
  if (rest.length === 1) return asShape(rest[0]);
  if (rest.length > 1) return rest.map((v) => asInt(v) ?? null);
  return asShape(argValue(args, undefined, "newshape", "shape"));
}

export function reshapeData(facts: DataFacts, target: Shape, span: SourceSpan): Value {
  const shape = resolveReshape(facts.shape, target);
  return dataValue(derive(facts, { shape }, { op: "reshape", detail: `(${shape.map((d) => d ?? "?").join(", ")})`, span }));
}

function expandDims(facts: DataFacts, axis: number, span: SourceSpan): Value {
  const shape = facts.shape ? [...facts.shape] : undefined;
  if (shape) {
    const at = axis < 0 ? shape.length + 1 + axis : axis;
    shape.splice(Math.max(0, Math.min(shape.length, at)), 0, 1);
  }
  return dataValue(derive(facts, { shape }, { op: "expand_dims", detail: String(axis), span }));
}

function dtypeName(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.t === "str") return value.v;
  if (value.t === "ref") return lastSegment(value.path);
  return undefined;
}

export function astype(facts: DataFacts, dtype: string | undefined, span: SourceSpan): Value {
  return dataValue(derive(facts, { dtype }, { op: "astype", ...(dtype ? { detail: dtype } : {}), span }));
}

// --------------------------------------------------------------------------------------- arithmetic

function isFloatType(dtype: string | undefined): boolean {
  return dtype !== undefined && /float|double/.test(dtype);
}

function scaleRange(range: [number, number] | undefined, f: (x: number) => number): [number, number] | undefined {
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

function floatOf(dtype: string | undefined): string {
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
      out.push(c.facts.shape?.[0] ?? null);
    } else if (asInt(c) === undefined) {
      return unknownData();
    }
    axis++;
  }
  while (axis < source.length) out.push(source[axis++]!);
  const detail = op === "expand_dims" ? "newaxis" : undefined;
  return dataValue(derive(facts, { shape: out }, detail ? { op, detail, span } : { op, span }));
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

// ------------------------------------------------------------------------------------------ numpy

/** numpy (and tf tensor-conversion) functions on data. */
export function numpyCall(name: string, args: CallArgs, span: SourceSpan): Value | undefined {
  const first = args.positional[0];
  switch (name) {
    case "array":
    case "asarray":
    case "float32":
    case "float64": {
      const dtype = name.startsWith("float") ? name : dtypeName(argValue(args, 1, "dtype"));
      if (first?.t === "data") return dtype ? astype(first.facts, dtype, span) : dataValue(derive(first.facts, {}));
      if (first?.t === "list" && first.unknownLength) {
        const stacked = stackSamples(first.items);
        return dataValue(dtype && stacked ? { ...stacked, dtype } : (stacked ?? { transforms: [] }));
      }
      const facts = first ? factsOfLiteral(first) : undefined;
      if (!facts) return unknownData();
      return dataValue(dtype ? { ...facts, dtype } : facts);
    }
    case "tf_cast":
      return first?.t === "data" ? astype(first.facts, dtypeName(argValue(args, 1, "dtype")), span) : undefined;
    case "convert_image_dtype": {
      if (first?.t !== "data") return undefined;
      const dtype = dtypeName(argValue(args, 1, "dtype"));
      const scaled = first.facts.dtype === "uint8" && isFloatType(dtype);
      const transform: DataTransform = scaled ? { op: "scale", detail: `convert_image_dtype(${dtype})`, factor: 1 / 255, span } : { op: "astype", detail: dtype ?? "", span };
      return dataValue(derive(first.facts, { dtype, range: scaled ? [0, 1] : first.facts.range }, transform));
    }
    case "reshape": {
      if (first?.t !== "data") return undefined;
      const target = reshapeTarget(args, 1);
      return target ? reshapeData(first.facts, target, span) : undefined;
    }
    case "expand_dims": {
      if (first?.t !== "data") return undefined;
      return expandDims(first.facts, asInt(argValue(args, 1, "axis")) ?? 0, span);
    }
    case "squeeze":
      return first?.t === "data" ? dataMethod(first.facts, "squeeze", { ...args, positional: args.positional.slice(1), positionalNodes: args.positionalNodes.slice(1) }, span) : undefined;
    case "zeros":
    case "ones":
    case "empty":
    case "full": {
      const shape = asShape(argValue(args, 0, "shape"));
      const fill = name === "zeros" ? 0 : name === "ones" ? 1 : name === "full" ? asNumber(argValue(args, 1, "fill_value")) : undefined;
      const dtype = dtypeName(argValue(args, name === "full" ? 2 : 1, "dtype")) ?? "float64";
      return dataValue({ ...(shape ? { shape } : {}), dtype, ...(fill !== undefined ? { range: [fill, fill] as [number, number] } : {}), transforms: [] });
    }
    case "zeros_like":
    case "ones_like":
      return first?.t === "data" ? dataValue(derive(first.facts, { range: name === "zeros_like" ? [0, 0] : [1, 1], encoding: undefined }, undefined)) : unknownData();
    case "random.rand":
    case "random.randn": {
      const shape = args.positional.map((v) => asInt(v) ?? null);
      return dataValue({ shape, dtype: "float64", ...(name === "random.rand" ? { range: [0, 1] as [number, number] } : normalRange(0, 1)), transforms: [] });
    }
    case "random.random":
    case "random.random_sample":
    case "random.sample": {
      const shape = asShape(argValue(args, 0, "size"));
      return dataValue({ ...(shape ? { shape } : {}), dtype: "float64", range: [0, 1], transforms: [] });
    }
    case "random.uniform": {
      const low = asNumber(argValue(args, 0, "low")) ?? 0;
      const high = asNumber(argValue(args, 1, "high")) ?? 1;
      const shape = asShape(argValue(args, 2, "size"));
      return dataValue({ ...(shape ? { shape } : {}), dtype: "float64", range: [low, high], transforms: [] });
    }
    case "random.normal": {
      const shape = asShape(argValue(args, 2, "size"));
      const loc = asNumber(argValue(args, 0, "loc")) ?? (getArg(args, 0, "loc") ? undefined : 0);
      const scale = asNumber(argValue(args, 1, "scale")) ?? (getArg(args, 1, "scale") ? undefined : 1);
      return dataValue({ ...(shape ? { shape } : {}), dtype: "float64", ...normalRange(loc, scale), transforms: [] });
    }
    case "random.randint": {
      let low = asInt(argValue(args, 0, "low"));
      let high = asInt(argValue(args, 1, "high"));
      if (low !== undefined && (high === undefined && !args.keywords.has("high") && args.positional.length < 2)) {
        high = low;
        low = 0;
      }
      const shape = asShape(argValue(args, 2, "size"));
      const facts: DataFacts = { ...(shape ? { shape } : {}), dtype: "int64", transforms: [] };
      if (low !== undefined && high !== undefined) {
        facts.range = [low, high - 1];
        if (low === 0 && high >= 2) {
          facts.encoding = high === 2 ? "binary" : "integer";
          facts.numClasses = high;
        }
      }
      return dataValue(facts);
    }
    case "arange": {
      const n = asInt(first);
      return dataValue({ ...(n !== undefined && args.positional.length === 1 ? { shape: [n], range: [0, n - 1] as [number, number] } : {}), dtype: "int64", transforms: [] });
    }
    case "linspace": {
      const start = asNumber(argValue(args, 0, "start"));
      const stop = asNumber(argValue(args, 1, "stop"));
      const count = asInt(argValue(args, 2, "num")) ?? 50;
      return dataValue({ shape: [count], dtype: "float64", ...(start !== undefined && stop !== undefined ? { range: [Math.min(start, stop), Math.max(start, stop)] as [number, number] } : {}), transforms: [] });
    }
    case "random.permutation":
      return dataValue({ ...(asInt(first) !== undefined ? { shape: [asInt(first)!] } : first?.t === "data" && first.facts.shape ? { shape: first.facts.shape } : {}), transforms: [] });
    case "random.default_rng":
    case "random.RandomState":
      return { t: "opaque", what: "rng" };
    case "transpose":
      return first?.t === "data" ? dataMethod(first.facts, "transpose", { ...args, positional: args.positional.slice(1), positionalNodes: args.positionalNodes.slice(1) }, span) : undefined;
    case "eye":
    case "identity": {
      const k = asInt(first);
      return k === undefined ? unknownData() : { t: "opaque", what: `eye:${k}` };
    }
    case "mean":
    case "std":
    case "var":
    case "max":
    case "min":
    case "amax":
    case "amin": {
      if (first?.t !== "data") return undefined;
      const method = name === "amax" ? "max" : name === "amin" ? "min" : name;
      return dataMethod(first.facts, method, { ...args, positional: args.positional.slice(1), positionalNodes: args.positionalNodes.slice(1) }, span);
    }
    case "argmax":
      return first?.t === "data" ? dataMethod(first.facts, "argmax", args, span) : undefined;
    case "clip": {
      if (first?.t !== "data") return undefined;
      const lo = asNumber(args.positional[1]);
      const hi = asNumber(args.positional[2]);
      const range: [number, number] | undefined = lo !== undefined && hi !== undefined ? [lo, hi] : undefined;
      return dataValue(derive(first.facts, { range }, { op: "other", detail: "clip", span }));
    }
    case "concatenate":
    case "vstack":
    case "hstack":
    case "stack":
      return concatenateData(name, args, span);
    case "prod":
    case "product": {
      const items = asSequence(first);
      if (items) {
        let total = 1;
        for (const item of items) {
          const n = asNumber(item);
          if (n === undefined) return UNKNOWN;
          total *= n;
        }
        return num(total, items.every((i) => i.t === "num" && i.int));
      }
      return first?.t === "data" ? { t: "stat", stat: "other" } : undefined;
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
      if (first?.t === "data" && ELEMENTWISE.has(name)) {
        const range = first.facts.range ? elementwiseRange(name, first.facts.range) : undefined;
        return dataValue(derive(first.facts, { range, dtype: floatOf(first.facts.dtype), encoding: undefined }, { op: "other", detail: name, span }));
      }
      if (args.positional.some((a) => a.t === "data")) return unknownData();
      return undefined;
  }
}

/** numpy functions that keep the shape, applied element by element. */
const ELEMENTWISE = new Set(["log", "log1p", "log2", "log10", "exp", "sqrt", "abs", "absolute", "square", "sin", "cos", "tanh", "floor", "ceil", "round", "rint", "sign"]);

function elementwiseRange(name: string, [lo, hi]: [number, number]): [number, number] | undefined {
  const monotone: Record<string, (x: number) => number> = {
    log: Math.log, log1p: Math.log1p, log2: Math.log2, log10: Math.log10, exp: Math.exp, sqrt: Math.sqrt,
    tanh: Math.tanh, floor: Math.floor, ceil: Math.ceil, round: Math.round, rint: Math.round, sign: Math.sign,
  };
  const f = monotone[name];
  if (f) return scaleRange([lo, hi], f);
  if (name === "sin" || name === "cos") return [-1, 1];
  if (name === "abs" || name === "absolute") return lo >= 0 ? [lo, hi] : hi <= 0 ? [-hi, -lo] : [0, Math.max(-lo, hi)];
  if (name === "square") return lo >= 0 ? [lo * lo, hi * hi] : hi <= 0 ? [hi * hi, lo * lo] : [0, Math.max(lo * lo, hi * hi)];
  return undefined;
}

/**
 * The practical range of normal draws: mean ± 5 standard deviations (exceeded with probability < 1e-6 per
 * value), so that noise added to data keeps the data's scale visible.
 */
function normalRange(loc: number | undefined, scale: number | undefined): { range?: [number, number] } {
  if (loc === undefined || scale === undefined) return {};
  const spread = 5 * Math.abs(scale);
  return { range: [loc - spread, loc + spread] };
}

function concatenateData(name: string, args: CallArgs, span: SourceSpan): Value {
  const parts = asSequence(args.positional[0]);
  if (!parts || parts.some((p) => p.t !== "data")) return unknownData();
  const facts = parts.map((p) => (p as Value & { t: "data" }).facts);
  const base = facts[0];
  if (!base) return unknownData();
  const axis = name === "concatenate" ? asInt(argValue(args, 1, "axis")) ?? 0 : name === "vstack" ? 0 : name === "hstack" ? (base.shape?.length === 1 ? 0 : 1) : undefined;
  let shape: Shape | undefined;
  if (axis !== undefined && axis >= 0 && base.shape && axis < base.shape.length && facts.every((f) => f.shape && f.shape.length === base.shape!.length)) {
    const n = facts.reduce<number | null>((sum, f) => (sum === null || f.shape![axis] === null ? null : sum + (f.shape![axis] as number)), 0);
    shape = base.shape.map((d, i) => (i === axis ? n : d));
  } else if (name === "stack" && base.shape && facts.every((f) => f.shape && f.shape.join() === base.shape!.join())) {
    shape = [facts.length, ...base.shape];
  }
  const ranges = facts.map((f) => f.range);
  const range: [number, number] | undefined = ranges.every((r) => r) ? [Math.min(...ranges.map((r) => r![0])), Math.max(...ranges.map((r) => r![1]))] : undefined;
  return dataValue(derive(base, { shape, range, origin: facts.every((f) => f.origin === base.origin) ? base.origin : undefined }, { op: "other", detail: name, span }));
}

/** Facts of an array stacked from a list of unknown length whose items are all like its samples. */
function stackSamples(samples: Value[]): DataFacts | undefined {
  const first = samples[0];
  if (!first) return undefined;
  if (first.t === "data") {
    if (!samples.every((s) => s.t === "data")) return undefined;
    const ranges = samples.map((s) => (s as Value & { t: "data" }).facts.range);
    const range: [number, number] | undefined = ranges.every((r) => r) ? [Math.min(...ranges.map((r) => r![0])), Math.max(...ranges.map((r) => r![1]))] : undefined;
    return derive(first.facts, { shape: first.facts.shape ? [null, ...first.facts.shape] : undefined, range });
  }
  const numbers = samples.map(asNumber);
  if (numbers.every((n) => n !== undefined)) return { shape: [null], transforms: [] };
  return undefined;
}

/** Facts of `np.array([[...], ...])` written as a literal. */
function factsOfLiteral(value: Value): DataFacts | undefined {
  const shape: number[] = [];
  let level: Value[] | undefined = asSequence(value);
  if (!level) return undefined;
  while (level) {
    shape.push(level.length);
    const next: Value[] | undefined = level.length > 0 ? asSequence(level[0]) : undefined;
    level = next;
  }
  const numbers: number[] = [];
  const collect = (v: Value): boolean => {
    const n = asNumber(v);
    if (n !== undefined) {
      numbers.push(n);
      return true;
    }
    const items = asSequence(v);
    return items ? items.every(collect) : false;
  };
  const allNumbers = collect(value);
  const facts: DataFacts = { shape, transforms: [] };
  if (allNumbers && numbers.length > 0) {
    facts.range = [Math.min(...numbers), Math.max(...numbers)];
    facts.dtype = numbers.every(Number.isInteger) ? "int64" : "float64";
  }
  return facts;
}

/** `np.eye(k)[y]`: one-hot rows. */
export function eyeSubscript(k: number, index: Value, span: SourceSpan): Value {
  if (index.t !== "data") return unknownData();
  const n = index.facts.shape?.[0] ?? null;
  return dataValue(derive(index.facts, { shape: [n, k], encoding: "one-hot", numClasses: k, range: [0, 1], dtype: "float64" }, { op: "to_categorical", detail: String(k), span }));
}

/** `pad_sequences(x, maxlen=n)`: (samples, n) integer sequences, range kept. */
export function padSequences(args: CallArgs, span: SourceSpan): Value {
  const x = args.positional[0] ?? argValue(args, undefined, "sequences");
  const maxlen = asInt(argValue(args, undefined, "maxlen"));
  if (!x || x.t !== "data") return unknownData();
  const n = x.facts.shape?.[0] ?? null;
  return dataValue(derive(x.facts, { shape: [n, maxlen ?? null], dtype: "int32" }, { op: "reshape", detail: `pad_sequences(${maxlen ?? "?"})`, span }));
}

// ------------------------------------------------------------------------------------------ labels

/** `to_categorical(y, k)` / `tf.one_hot(y, k)`. */
export function toCategorical(args: CallArgs, span: SourceSpan, depthNames: string[] = ["num_classes", "nb_classes"]): Value {
  const y = args.positional[0] ?? argValue(args, undefined, "y");
  const explicit = asInt(argValue(args, 1, ...depthNames));
  if (!y || y.t !== "data") {
    const facts: DataFacts = { encoding: "one-hot", range: [0, 1], transforms: [{ op: "to_categorical", span }] };
    if (explicit !== undefined) facts.numClasses = explicit;
    return dataValue(facts);
  }
  const facts = y.facts;
  const known = facts.numClasses ?? (facts.range && Number.isInteger(facts.range[1]) ? facts.range[1] + 1 : undefined);
  const k = explicit ?? known;
  // Labels of unknown shape are a column of class ids: the result is (samples, k) either way.
  let shape: Shape | undefined = k !== undefined ? [null, k] : undefined;
  if (facts.shape) {
    const base = facts.shape.length >= 2 && facts.shape[facts.shape.length - 1] === 1 ? facts.shape.slice(0, -1) : facts.shape;
    shape = [...base, k ?? null];
  }
  return dataValue(
    derive(
      facts,
      // Labels beyond the written width (`to_categorical(cifar100_labels, 10)`) still have all their classes.
      { shape, encoding: "one-hot", numClasses: known !== undefined && k !== undefined && known > k ? known : k, range: [0, 1], dtype: "float32", task: facts.task ?? "classification" },
      { op: "to_categorical", ...(k !== undefined ? { detail: String(k) } : {}), span },
    ),
  );
}

// ----------------------------------------------------------------------------------------- scalers

export function scalerTransform(transformer: Value & { t: "scaler" }, x: Value, span: SourceSpan): Value {
  const scaler = transformer.scaler;
  const encoded = encoderTransform(scaler, x, span);
  if (encoded) return encoded;
  if (x.t !== "data") return unknownData();
  if (scaler === "standard") return dataValue(derive(x.facts, { range: undefined, dtype: "float64" }, { op: "standardize", detail: "StandardScaler", span }));
  if (scaler === "minmax") {
    const [lo, hi] = transformer.featureRange ?? [0, 1];
    return dataValue(derive(x.facts, { range: [lo, hi], dtype: "float64" }, { op: "normalize", detail: "MinMaxScaler", span }));
  }
  return dataValue(derive(x.facts, { range: undefined }, { op: "normalize", span }));
}

/** Label encoders and text vectorisers: what their output is, whatever went in. */
function encoderTransform(kind: ScalerKind, x: Value, span: SourceSpan): Value | undefined {
  const n = x.t === "data" ? (x.facts.shape?.[0] ?? null) : x.t === "list" || x.t === "tuple" ? x.items.length : null;
  const base: DataFacts = x.t === "data" ? x.facts : { transforms: [] };
  switch (kind) {
    case "label":
      return dataValue(derive(base, { shape: [n], dtype: "int64", encoding: "integer", range: undefined, task: "classification" }, { op: "other", detail: "LabelEncoder", span }));
    case "onehot":
    case "labelbinarizer":
      return dataValue(derive(base, { shape: [n, null], dtype: "int64", encoding: "one-hot", range: [0, 1], task: "classification" }, { op: "to_categorical", detail: kind === "onehot" ? "OneHotEncoder" : "LabelBinarizer", span }));
    case "multilabel": {
      const classes = distinctLabels(x);
      return dataValue(
        derive(base, { shape: [n, classes ?? null], dtype: "int64", encoding: "multi-hot", numClasses: classes, range: [0, 1], task: "classification" }, { op: "other", detail: "MultiLabelBinarizer", span }),
      );
    }
    case "vectorizer":
      return dataValue(derive(base, { shape: [n, null], dtype: "float64", encoding: undefined, range: undefined, origin: undefined }, { op: "other", detail: "vectorizer", span }));
    default:
      return undefined;
  }
}

/** The number of distinct labels in a literal list of label lists (`[['a', 'b'], ['b']]` has 2). */
function distinctLabels(x: Value): number | undefined {
  const rows = asSequence(x);
  if (!rows) return undefined;
  const seen = new Set<string>();
  for (const row of rows) {
    const labels = asSequence(row);
    if (!labels) return undefined;
    for (const label of labels) {
      const key = dictKey(label);
      if (key === undefined) return undefined;
      seen.add(key);
    }
  }
  return seen.size;
}

/** A Keras text Tokenizer's methods. */
export function tokenizerMethod(numWords: number | undefined, name: string, args: CallArgs, span: SourceSpan): Value | undefined {
  const input = args.positional[0];
  const n = input?.t === "data" ? (input.facts.shape?.[0] ?? null) : input?.t === "list" ? input.items.length : null;
  switch (name) {
    case "fit_on_texts":
    case "fit_on_sequences":
      return NONE;
    case "texts_to_sequences":
      return dataValue({ shape: [n], dtype: "object", ...(numWords !== undefined ? { range: [0, numWords - 1] as [number, number] } : {}), transforms: [{ op: "other", detail: "texts_to_sequences", span }] });
    case "sequences_to_matrix":
    case "texts_to_matrix": {
      const mode = asString(argValue(args, 1, "mode")) ?? "binary";
      const base: DataFacts = input?.t === "data" ? input.facts : { transforms: [] };
      const range: [number, number] | undefined = mode === "binary" ? [0, 1] : mode === "freq" ? [0, 1] : undefined;
      return dataValue(derive(base, { shape: [n, numWords ?? null], dtype: "float64", range, encoding: undefined }, { op: "other", detail: `${name}(${mode})`, span }));
    }
    default:
      return undefined;
  }
}

/** `train_test_split(x, y, test_size=0.2)` → x_train, x_test, y_train, y_test. */
export function trainTestSplit(args: CallArgs, span: SourceSpan): Value {
  const testSize = argValue(args, undefined, "test_size");
  const trainSize = argValue(args, undefined, "train_size");
  const out: Value[] = [];
  for (const array of args.positional) {
    if (array.t !== "data") {
      out.push(unknownData(), unknownData());
      continue;
    }
    const n = array.facts.shape?.[0];
    let test: number | null = null;
    if (typeof n === "number") {
      const ts = asNumber(testSize);
      const tr = asNumber(trainSize);
      if (ts !== undefined) test = ts < 1 ? Math.ceil(n * ts) : ts;
      else if (tr !== undefined) test = n - (tr < 1 ? Math.floor(n * tr) : tr);
      else test = Math.ceil(n * 0.25);
    }
    const part = (count: number | null): Value =>
      dataValue(derive(array.facts, { shape: array.facts.shape ? [count, ...array.facts.shape.slice(1)] : undefined }, { op: "slice", detail: "train_test_split", span }));
    out.push(part(typeof n === "number" && test !== null ? n - test : null), part(test));
  }
  return { t: "list", items: out };
}
