/**
 * numpy (and TensorFlow tensor-conversion) functions on data: constructors, random draws, reshapes,
 * reductions, element-wise functions, stacking.
 */
import type { DataFacts, DataTransform, Shape, SourceSpan } from "../../../../model/program.js";
import type { CallArgs } from "../../state.js";
import { NONE, UNKNOWN, asInt, asNumber, asSequence, asShape, num, type Value } from "../../values.js";
import { argValue, getArg } from "../args.js";
import { astype, dataMethod, dataValue, derive, dtypeName, expandDims, floatOf, isFloatType, reshapeData, reshapeTarget, scaleRange, unknownData } from "./data.js";

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

