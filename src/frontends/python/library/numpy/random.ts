/**
 * numpy's random draws (`np.random.*`, and the methods of `default_rng()` Generators and `RandomState`):
 * the shape of what they return (`size=`, or the broadcast of array parameters) and the range their values
 * lie in. Draws rarely hit the ends of their range, so a range here is a bound.
 */
import type { DataFacts, Shape, SourceSpan } from "../../../../model/program.js";
import type { CallArgs } from "../../state.js";
import { NONE, UNKNOWN, asBool, asInt, asNumber, asShape, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { arrayView } from "./arrays.js";
import { dtypeName } from "./dtypes.js";
import { broadcastShapes, known } from "./shapes.js";

function draw(facts: Omit<DataFacts, "transforms">, size?: Value): Value {
  // One draw without `size` is a Python number, not an array: its value is not known.
  if (facts.shape?.length === 0 && (!size || size.t === "none")) return UNKNOWN;
  const out: DataFacts = { ...facts, transforms: [] };
  if (out.range) out.rangeIsBound = true;
  return { t: "data", facts: out };
}

/** The shape `size=` asks for: absent or None draws one value per broadcast parameter. */
function sizeShape(size: Value | undefined, parameters: (Value | undefined)[]): Shape | undefined {
  if (!size || size.t === "none") {
    const shapes = parameters.filter((p): p is Value => p !== undefined && p.t !== "none").map((p) => arrayView(p)?.shape);
    return known(broadcastShapes(shapes));
  }
  const shape = asShape(size);
  return shape && shape.every((d) => d === null || d >= 0) ? shape : undefined;
}

/** Dimensions passed one by one (`rand(2, 3)`): ints, or unknown values that must be ints. */
function dimsShape(args: CallArgs): Shape | undefined {
  const dims = args.positional.map((v) => (v.t === "unknown" ? null : v.t === "num" && v.int && v.v >= 0 ? v.v : undefined));
  return dims.every((d) => d !== undefined) ? (dims as Shape) : undefined;
}

function numberRange(a: Value | undefined, b: Value | undefined): [number, number] | undefined {
  const ra = a ? arrayView(a)?.range : undefined;
  const rb = b ? arrayView(b)?.range : undefined;
  if (!ra || !rb) return undefined;
  return [Math.min(ra[0], rb[0]), Math.max(ra[1], rb[1])];
}

/**
 * A normal draw's facts, when its parameters are known: its distribution, and its practical range, mean ± 5
 * standard deviations (exceeded with probability < 1e-6 per value), so that noise added to data keeps the
 * data's scale visible.
 */
function normalFacts(loc: Value | undefined, scale: Value | undefined): { range: [number, number]; normal: { mean: number; std: number } } | undefined {
  const mean = loc === undefined ? 0 : asNumber(loc);
  const sd = scale === undefined ? 1 : asNumber(scale);
  if (mean === undefined || sd === undefined) return undefined;
  return { range: [mean - 5 * Math.abs(sd), mean + 5 * Math.abs(sd)], normal: { mean, std: Math.abs(sd) } };
}

/** Integers drawn from [low, high): class-id labels when low is 0. */
function integers(low: number | undefined, high: number | undefined, shape: Shape | undefined, dtype: string, size: Value | undefined): Value {
  const facts: Omit<DataFacts, "transforms"> = { ...(shape ? { shape } : {}), dtype };
  if (low !== undefined && high !== undefined && high > low) {
    facts.range = [low, high - 1];
    if (low === 0 && high >= 2) {
      facts.encoding = high === 2 ? "binary" : "integer";
      facts.numClasses = high;
    }
  }
  return draw(facts, size);
}

/** A draw from `np.random.<name>` (or a Generator method of that name); undefined for other names. */
export function randomCall(name: string, args: CallArgs, span: SourceSpan, generator = false): Value | undefined {
  void span;
  switch (name) {
    case "rand":
    case "randn": {
      const shape = dimsShape(args);
      const known = name === "rand" ? { range: [0, 1] as [number, number] } : normalFacts(undefined, undefined);
      return draw({ ...(shape ? { shape } : {}), dtype: "float64", ...known });
    }
    case "random":
    case "random_sample":
    case "sample":
    case "ranf": {
      const size = argValue(args, 0, "size");
      const shape = sizeShape(size, []);
      const dtype = generator ? (dtypeName(argValue(args, 1, "dtype")) ?? "float64") : "float64";
      return draw({ ...(shape ? { shape } : {}), dtype, range: [0, 1] }, size);
    }
    case "uniform": {
      const low = argValue(args, 0, "low");
      const high = argValue(args, 1, "high");
      const size = argValue(args, 2, "size");
      const shape = sizeShape(size, [low, high]);
      const range = numberRange(low ?? { t: "num", v: 0, int: false }, high ?? { t: "num", v: 1, int: false });
      return draw({ ...(shape ? { shape } : {}), dtype: "float64", ...(range ? { range } : {}) }, size);
    }
    case "normal": {
      const loc = argValue(args, 0, "loc");
      const scale = argValue(args, 1, "scale");
      const size = argValue(args, 2, "size");
      const shape = sizeShape(size, [loc, scale]);
      return draw({ ...(shape ? { shape } : {}), dtype: "float64", ...normalFacts(loc, scale) }, size);
    }
    case "standard_normal": {
      const size = argValue(args, 0, "size");
      const shape = sizeShape(size, []);
      return draw({ ...(shape ? { shape } : {}), dtype: generator ? (dtypeName(argValue(args, 1, "dtype")) ?? "float64") : "float64", ...normalFacts(undefined, undefined) }, size);
    }
    case "randint":
    case "integers":
    case "random_integers": {
      const lowArg = argValue(args, 0, "low");
      const highArg = argValue(args, 1, "high");
      const highGiven = highArg !== undefined && highArg.t !== "none";
      // One bound is the exclusive high of [0, n) (random_integers: the inclusive high of [1, n]).
      let low = highGiven ? (lowArg === undefined ? 0 : asInt(lowArg)) : name === "random_integers" ? 1 : 0;
      let high = asInt(highGiven ? highArg : lowArg);
      const endpoint = argValue(args, undefined, "endpoint");
      const inclusive = name === "random_integers" || (name === "integers" && endpoint !== undefined && asBool(endpoint) === true);
      if (name === "integers" && endpoint !== undefined && asBool(endpoint) === undefined) high = undefined;
      if (high !== undefined && inclusive) high += 1;
      if (low === undefined) high = undefined;
      const size = argValue(args, 2, "size");
      const shape = sizeShape(size, [lowArg, highGiven ? highArg : undefined]);
      const dtype = dtypeName(argValue(args, 3, "dtype")) ?? "int64";
      return integers(low, high, shape, dtype, size);
    }
    case "choice": {
      const a = argValue(args, 0, "a");
      const size = argValue(args, 1, "size");
      const shape = sizeShape(size, []);
      const n = asInt(a);
      if (n !== undefined) return draw({ ...(shape ? { shape } : {}), dtype: "int64", ...(n > 0 ? { range: [0, n - 1] as [number, number] } : {}) }, size);
      const view = a ? arrayView(a) : undefined;
      // Choosing from a multi-dimensional array picks rows.
      const rows = view?.shape && view.shape.length > 1 && shape ? [...shape, ...view.shape.slice(1)] : view?.shape?.length === 1 ? shape : undefined;
      return draw({ ...(rows ? { shape: rows } : {}), ...(view?.dtype ? { dtype: view.dtype } : {}), ...(view?.range ? { range: view.range } : {}) }, size);
    }
    case "permutation":
    case "permuted": {
      const x = argValue(args, 0, "x");
      const n = asInt(x);
      if (n !== undefined && x?.t === "num") return { t: "data", facts: { shape: [n], dtype: "int64", ...(n > 0 ? { range: [0, n - 1] as [number, number] } : {}), transforms: [] } };
      if (x?.t === "data") {
        // The same values in another order.
        const { variable: _variable, ...facts } = x.facts;
        return { t: "data", facts: { ...facts, transforms: [...facts.transforms] } };
      }
      const view = x ? arrayView(x) : undefined;
      return draw({ ...(view?.shape ? { shape: view.shape } : {}), ...(view?.dtype ? { dtype: view.dtype } : {}), ...(view?.range ? { range: view.range } : {}) });
    }
    case "shuffle":
      return NONE;
    case "default_rng":
    case "RandomState":
    case "Generator":
      return generator ? undefined : { t: "opaque", what: "rng" };
    case "binomial": {
      const n = asInt(argValue(args, 0, "n"));
      const size = argValue(args, 2, "size");
      const shape = sizeShape(size, [argValue(args, 0, "n"), argValue(args, 1, "p")]);
      return draw({ ...(shape ? { shape } : {}), dtype: "int64", ...(n !== undefined && n >= 0 ? { range: [0, n] as [number, number] } : {}) }, size);
    }
    case "beta": {
      const size = argValue(args, 2, "size");
      const shape = sizeShape(size, [argValue(args, 0, "a"), argValue(args, 1, "b")]);
      return draw({ ...(shape ? { shape } : {}), dtype: "float64", range: [0, 1] }, size);
    }
    case "poisson":
    case "exponential":
    case "gamma":
    case "lognormal":
    case "laplace":
    case "logistic":
    case "standard_exponential": {
      const parameters = name === "standard_exponential" ? [] : [argValue(args, 0), ...(name === "poisson" || name === "exponential" ? [] : [argValue(args, 1)])];
      const sizePosition = name === "standard_exponential" ? 0 : name === "poisson" || name === "exponential" ? 1 : 2;
      const size = argValue(args, sizePosition, "size");
      const shape = sizeShape(size, parameters);
      return draw({ ...(shape ? { shape } : {}), dtype: name === "poisson" ? "int64" : "float64" }, size);
    }
    case "multivariate_normal":
    case "dirichlet": {
      const parameter = arrayView(argValue(args, 0, name === "dirichlet" ? "alpha" : "mean") ?? { t: "unknown" });
      const k = parameter?.shape?.length === 1 ? parameter.shape[0]! : undefined;
      const size = argValue(args, name === "dirichlet" ? 1 : 2, "size");
      const base = !size || size.t === "none" ? [] : asShape(size);
      const shape = base && k !== undefined ? [...base, k] : undefined;
      return draw({ ...(shape ? { shape } : {}), dtype: "float64", ...(name === "dirichlet" ? { range: [0, 1] as [number, number] } : {}) }, size);
    }
    default:
      return undefined;
  }
}
