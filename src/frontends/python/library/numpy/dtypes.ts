/**
 * numpy dtypes: the names programs write for them, how operands promote (numpy 2, where a Python number
 * adapts to the array's type), and what a cast does to a value range.
 */
import type { Value } from "../../values.js";

/** The canonical name of a dtype written as a string, a numpy/TensorFlow attribute or a Python type. */
export function dtypeName(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.t === "str") return ALIASES[value.v] ?? value.v;
  if (value.t === "ref") {
    const last = value.path.slice(value.path.lastIndexOf(".") + 1);
    return ALIASES[last] ?? last;
  }
  if (value.t === "builtin") return PYTHON_TYPES[value.name];
  return undefined;
}

const PYTHON_TYPES: Record<string, string> = { float: "float64", int: "int64", bool: "bool", complex: "complex128", str: "str", object: "object" };

const ALIASES: Record<string, string> = {
  float: "float64", double: "float64", float_: "float64", f8: "float64", d: "float64", "<f8": "float64",
  single: "float32", f4: "float32", f: "float32", "<f4": "float32", half: "float16", f2: "float16",
  int: "int64", int_: "int64", i8: "int64", l: "int64", longlong: "int64", "<i8": "int64", intp: "int64",
  i4: "int32", i: "int32", intc: "int32", "<i4": "int32", i2: "int16", short: "int16", i1: "int8", byte: "int8",
  u1: "uint8", B: "uint8", ubyte: "uint8", u2: "uint16", u4: "uint32", u8: "uint64", uint: "uint64",
  bool_: "bool", "?": "bool", bool8: "bool", b1: "bool",
};

type Kind = "bool" | "uint" | "int" | "float" | "complex";

interface DtypeInfo {
  kind: Kind;
  bits: number;
}

function infoOf(dtype: string | undefined): DtypeInfo | undefined {
  if (dtype === undefined) return undefined;
  if (dtype === "bool") return { kind: "bool", bits: 8 };
  const m = /^(uint|int|float|complex)(8|16|32|64|128)$/.exec(dtype);
  if (!m) return undefined;
  return { kind: m[1] as Kind, bits: Number(m[2]) };
}

function nameOf(info: DtypeInfo): string {
  return info.kind === "bool" ? "bool" : `${info.kind}${info.bits}`;
}

export function isFloatType(dtype: string | undefined): boolean {
  return dtype !== undefined && /float|double/.test(dtype);
}

export function isIntegerType(dtype: string | undefined): boolean {
  const kind = infoOf(dtype)?.kind;
  return kind === "int" || kind === "uint";
}

/** The smallest float type that holds every value of an integer type. */
function floatFor(info: DtypeInfo): DtypeInfo {
  return { kind: "float", bits: info.bits <= 8 ? 16 : info.bits <= 16 ? 32 : 64 };
}

/** numpy's promotion of two array dtypes (both arrays); undefined when either is not known. */
export function promoteTypes(a: string | undefined, b: string | undefined): string | undefined {
  const x = infoOf(a);
  const y = infoOf(b);
  if (!x || !y) return a !== undefined && a === b ? a : undefined;
  if (x.kind === y.kind) return nameOf({ kind: x.kind, bits: Math.max(x.bits, y.bits) });
  const order: Kind[] = ["bool", "uint", "int", "float", "complex"];
  const [low, high] = order.indexOf(x.kind) < order.indexOf(y.kind) ? [x, y] : [y, x];
  if (low.kind === "bool") return nameOf(high);
  if (low.kind === "uint" && high.kind === "int") {
    if (high.bits > low.bits) return nameOf(high);
    return low.bits >= 64 ? "float64" : nameOf({ kind: "int", bits: low.bits * 2 });
  }
  if (high.kind === "float" || high.kind === "complex") {
    const needed = floatFor(low).bits;
    return nameOf({ kind: high.kind, bits: high.kind === "complex" ? Math.max(high.bits, needed * 2) : Math.max(high.bits, needed) });
  }
  return undefined;
}

/** The kind of a Python number or bool operand. */
export type PythonScalar = "bool" | "int" | "float";

/**
 * An array of `dtype` combined with a Python number (numpy 2, NEP 50): the number takes the array's type
 * when it is of the same kind or lower; an integer array with a float gives float64.
 */
export function promoteWithScalar(dtype: string | undefined, scalar: PythonScalar): string | undefined {
  const info = infoOf(dtype);
  if (!info) return undefined;
  if (scalar === "bool") return dtype;
  if (scalar === "int") return info.kind === "bool" ? "int64" : dtype;
  return info.kind === "float" || info.kind === "complex" ? dtype : "float64";
}

/** The float type a float function of `dtype` computes in (numpy picks the smallest that holds it). */
export function floatFunctionType(dtype: string | undefined): string | undefined {
  const info = infoOf(dtype);
  if (!info) return undefined;
  if (info.kind === "float" || info.kind === "complex") return dtype;
  return nameOf(floatFor(info.kind === "bool" ? { kind: "uint", bits: 8 } : info));
}

/** The dtype of true division (`/`): integers divide into float64, floats keep their type. */
export function divisionType(dtype: string | undefined): string | undefined {
  const info = infoOf(dtype);
  if (!info) return undefined;
  return info.kind === "float" || info.kind === "complex" ? dtype : "float64";
}

/** The dtype numpy infers for an array of Python numbers of these kinds. */
export function literalType(kinds: ReadonlySet<PythonScalar | "str">): string | undefined {
  if (kinds.has("str")) return kinds.size === 1 ? "str" : undefined;
  if (kinds.has("float")) return "float64";
  if (kinds.has("int")) return "int64";
  return kinds.has("bool") ? "bool" : undefined;
}

/** The values an integer type holds. */
function integerLimits(info: DtypeInfo): [number, number] {
  if (info.kind === "uint") return [0, Math.pow(2, info.bits) - 1];
  return [-Math.pow(2, info.bits - 1), Math.pow(2, info.bits - 1) - 1];
}

/**
 * Whether values in `range` stay in range under integer arithmetic of `dtype` (numpy wraps around on
 * overflow): undefined range or a non-integer dtype answer true.
 */
export function fitsInteger(range: [number, number] | undefined, dtype: string | undefined): boolean {
  const info = infoOf(dtype);
  if (!range || !info || (info.kind !== "int" && info.kind !== "uint")) return true;
  const [lo, hi] = integerLimits(info);
  return range[0] >= lo && range[1] <= hi;
}

/**
 * The range after a cast to `to` (undefined when not known): casts to an integer type truncate toward zero
 * and wrap when out of range; bools become 0 or 1; float16 overflows beyond 65504.
 */
export function castRange(range: [number, number] | undefined, to: string | undefined): [number, number] | undefined {
  if (to === "bool") return [0, 1];
  const info = infoOf(to);
  if (!range || !info) return undefined;
  if (info.kind === "float") return info.bits === 16 && Math.max(Math.abs(range[0]), Math.abs(range[1])) > 65504 ? undefined : range;
  if (info.kind === "int" || info.kind === "uint") {
    const truncated: [number, number] = [Math.trunc(range[0]), Math.trunc(range[1])];
    return fitsInteger(truncated, to) ? truncated : undefined;
  }
  return info.kind === "complex" ? range : undefined;
}

/** Whether a cast keeps every value as it was (so a range's ends stay values the array holds). */
export function castKeepsValues(range: [number, number] | undefined, to: string | undefined): boolean {
  const info = infoOf(to);
  if (!range || !info) return false;
  if (info.kind === "int" || info.kind === "uint") return Number.isInteger(range[0]) && Number.isInteger(range[1]) && fitsInteger(range, to);
  return info.kind === "float" || info.kind === "complex";
}
