/**
 * Python built-in functions and the methods of built-in types (str, list, dict) on known values.
 */
import type { Interpreter } from "./interpreter.js";
import { formatValue } from "./operators.js";
import type { CallArgs, CallSite } from "./state.js";
import {
  NONE,
  UNKNOWN,
  asInt,
  asNumber,
  asString,
  bool,
  dictKey,
  int,
  list,
  num,
  pyEquals,
  str,
  toPyRepr,
  toPyString,
  truthy,
  tuple,
  type Value,
} from "./values.js";

const BUILTIN_NAMES = new Set([
  "range", "xrange", "len", "int", "float", "str", "bool", "max", "min", "sum", "abs", "round", "print", "list",
  "tuple", "dict", "set", "zip", "enumerate", "sorted", "reversed", "isinstance", "type", "map", "filter", "open",
  "super", "getattr", "hasattr", "setattr", "any", "all", "pow", "input", "raw_input", "format", "repr", "iter",
  "next", "object", "Exception", "ValueError", "vars", "id", "hash", "callable", "divmod",
]);

const MAX_RANGE = 100_000;

export function isBuiltinName(name: string): boolean {
  return BUILTIN_NAMES.has(name);
}

export function callBuiltin(name: string, args: CallArgs, interp: Interpreter, site: CallSite): Value | undefined {
  const [a, b, c] = args.positional;
  switch (name) {
    case "range":
    case "xrange": {
      const ns = args.positional.map(asInt);
      if (ns.length === 0 || ns.some((n) => n === undefined)) return UNKNOWN;
      const [start, stop, step] = ns.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? 1];
      if (step === 0) return UNKNOWN;
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > MAX_RANGE) return UNKNOWN;
      const items: Value[] = [];
      for (let i = 0; i < count; i++) items.push(int(start + i * step));
      return list(items);
    }
    case "len": {
      if (!a) return UNKNOWN;
      if (a.t === "str") return int(a.v.length);
      if (a.t === "list" && a.unknownLength) return UNKNOWN;
      if (a.t === "list" || a.t === "tuple") return int(a.items.length);
      if (a.t === "dict") return int(a.entries.size);
      if (a.t === "data") {
        const first = a.facts.shape?.[0];
        return typeof first === "number" ? int(first) : UNKNOWN;
      }
      return UNKNOWN;
    }
    case "int": {
      if (!a) return int(0);
      if (a.t === "str") {
        const n = Number.parseInt(a.v.trim(), asInt(b) ?? 10);
        return Number.isFinite(n) ? int(n) : UNKNOWN;
      }
      const n = asNumber(a);
      return n === undefined ? UNKNOWN : int(Math.trunc(n));
    }
    case "float": {
      if (!a) return num(0, false);
      if (a.t === "str") {
        const n = Number(a.v.trim());
        return Number.isNaN(n) && !/nan/i.test(a.v) ? UNKNOWN : num(n, false);
      }
      const n = asNumber(a);
      return n === undefined ? UNKNOWN : num(n, false);
    }
    case "str": {
      if (!a) return str("");
      const s = toPyString(a);
      return s === undefined ? UNKNOWN : str(s);
    }
    case "repr": {
      const s = a ? toPyRepr(a) : undefined;
      return s === undefined ? UNKNOWN : str(s);
    }
    case "format": {
      const s = a ? formatValue(a, asString(b) ?? "") : undefined;
      return s === undefined ? UNKNOWN : str(s);
    }
    case "bool": {
      const t = a ? truthy(a) : false;
      return t === undefined ? UNKNOWN : bool(t);
    }
    case "max":
    case "min": {
      const items = args.positional.length === 1 ? interp.iterate(a!) : args.positional;
      if (!items || items.length === 0) return UNKNOWN;
      const ns = items.map(asNumber);
      if (ns.some((n) => n === undefined)) return UNKNOWN;
      const pick = name === "max" ? Math.max(...(ns as number[])) : Math.min(...(ns as number[]));
      return items[ns.indexOf(pick)]!;
    }
    case "sum": {
      const items = a ? interp.iterate(a) : undefined;
      if (!items) return UNKNOWN;
      let total = asNumber(b) ?? 0;
      let allInt = true;
      for (const item of items) {
        const n = asNumber(item);
        if (n === undefined) return UNKNOWN;
        if (item.t === "num" && !item.int) allInt = false;
        total += n;
      }
      return num(total, allInt);
    }
    case "abs": {
      const n = asNumber(a);
      return n === undefined ? UNKNOWN : num(Math.abs(n), a?.t === "num" ? a.int : true);
    }
    case "round": {
      const n = asNumber(a);
      if (n === undefined) return UNKNOWN;
      const digits = asInt(b);
      if (digits === undefined) return int(roundHalfEven(n));
      const f = Math.pow(10, digits);
      return num(Math.round(n * f) / f, false);
    }
    case "pow": {
      const x = asNumber(a);
      const y = asNumber(b);
      return x === undefined || y === undefined ? UNKNOWN : num(Math.pow(x, y), a?.t === "num" && a.int && y >= 0);
    }
    case "divmod": {
      const x = asInt(a);
      const y = asInt(b);
      return x === undefined || y === undefined || y === 0 ? UNKNOWN : tuple([int(Math.floor(x / y)), int(x - y * Math.floor(x / y))]);
    }
    case "print":
      return NONE;
    case "list":
    case "tuple":
    case "set":
    case "sorted":
    case "reversed":
    case "iter": {
      if (!a) return name === "tuple" ? tuple([]) : list([]);
      const items = interp.iterate(a);
      if (!items) return UNKNOWN;
      let out = [...items];
      if (name === "set") out = out.filter((v, i) => out.findIndex((w) => pyEquals(v, w) === true) === i);
      if (name === "sorted") {
        const ns = out.map(asNumber);
        if (ns.every((n) => n !== undefined)) out = out.map((v, i) => ({ v, n: ns[i]! })).sort((x, y) => x.n - y.n).map((e) => e.v);
        else if (out.every((v) => v.t === "str")) out.sort((x, y) => ((x as { v: string }).v < (y as { v: string }).v ? -1 : 1));
        else return UNKNOWN;
        if (args.keywords.get("reverse")?.t === "bool" && (args.keywords.get("reverse") as { v: boolean }).v) out.reverse();
      }
      if (name === "reversed") out.reverse();
      return name === "tuple" ? tuple(out) : list(out);
    }
    case "dict": {
      const entries = new Map<string, { key: Value; value: Value }>();
      if (a?.t === "dict") for (const [k, e] of a.entries) entries.set(k, e);
      for (const [key, value] of args.keywords) entries.set(`s:${key}`, { key: str(key), value });
      return { t: "dict", entries };
    }
    case "zip": {
      const seqs = args.positional.map((v) => interp.iterate(v));
      if (seqs.length === 0 || seqs.some((s) => s === undefined)) return UNKNOWN;
      const n = Math.min(...seqs.map((s) => s!.length));
      const out: Value[] = [];
      for (let i = 0; i < n; i++) out.push(tuple(seqs.map((s) => s![i]!)));
      return list(out);
    }
    case "enumerate": {
      const items = a ? interp.iterate(a) : undefined;
      if (!items) return UNKNOWN;
      const start = asInt(b ?? args.keywords.get("start")) ?? 0;
      return list(items.map((v, i) => tuple([int(start + i), v])));
    }
    case "map": {
      const items = b ? interp.iterate(b) : undefined;
      if (!a || !items) return UNKNOWN;
      return list(items.map((item) => interp.call(a, simpleArgs([item]), site)));
    }
    case "any":
    case "all": {
      const items = a ? interp.iterate(a) : undefined;
      if (!items) return UNKNOWN;
      const ts = items.map(truthy);
      if (name === "any") return ts.includes(true) ? bool(true) : ts.includes(undefined) ? UNKNOWN : bool(false);
      return ts.includes(false) ? bool(false) : ts.includes(undefined) ? UNKNOWN : bool(true);
    }
    case "super":
      return { t: "opaque", what: "super" };
    case "getattr": {
      const attr = asString(b);
      if (!a || attr === undefined) return c ?? UNKNOWN;
      return interp.getAttribute(a, attr, site.node);
    }
    default:
      return UNKNOWN;
  }
}

function roundHalfEven(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function simpleArgs(positional: Value[]): CallArgs {
  return { positional, keywords: new Map(), positionalNodes: positional.map(() => undefined), keywordNodes: new Map(), opaqueSplat: false };
}

/** Methods of str, list and dict values; undefined when `self` is not one of those. */
export function callBuiltinMethod(self: Value, name: string, args: CallArgs, interp: Interpreter): Value | undefined {
  const [a, b] = args.positional;
  if (self.t === "str") {
    switch (name) {
      case "format": {
        let index = 0;
        let failed = false;
        const out = self.v.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
          if (m === "{{") return "{";
          if (m === "}}") return "}";
          const [ref = "", spec = ""] = (field ?? "").split(/:(.*)/s);
          const key = ref.replace(/!.$/, "");
          let value: Value | undefined;
          if (key === "") value = args.positional[index++];
          else if (/^\d+$/.test(key)) value = args.positional[Number(key)];
          else value = args.keywords.get(key);
          const formatted = value ? formatValue(value, spec) : undefined;
          if (formatted === undefined) failed = true;
          return formatted ?? "";
        });
        return failed ? UNKNOWN : str(out);
      }
      case "join": {
        const items = a ? interp.iterate(a) : undefined;
        if (!items || items.some((i) => i.t !== "str")) return UNKNOWN;
        return str(items.map((i) => (i as { v: string }).v).join(self.v));
      }
      case "upper":
        return str(self.v.toUpperCase());
      case "lower":
        return str(self.v.toLowerCase());
      case "strip":
        return str(self.v.trim());
      case "capitalize":
        return str(self.v.charAt(0).toUpperCase() + self.v.slice(1).toLowerCase());
      case "replace": {
        const from = asString(a);
        const to = asString(b);
        return from === undefined || to === undefined ? UNKNOWN : str(self.v.split(from).join(to));
      }
      case "split": {
        const sep = asString(a);
        const parts = sep === undefined ? self.v.trim().split(/\s+/) : self.v.split(sep);
        return list(parts.map(str));
      }
      case "startswith":
      case "endswith": {
        const s = asString(a);
        if (s === undefined) return UNKNOWN;
        return bool(name === "startswith" ? self.v.startsWith(s) : self.v.endsWith(s));
      }
      default:
        return UNKNOWN;
    }
  }
  if (self.t === "list") {
    // Appending in a loop of unknown count: the list keeps samples and forgets its length.
    if (interp.state.uncertainDepth > 0 && (name === "append" || name === "extend" || name === "insert")) self.unknownLength = true;
    if (self.unknownLength) {
      if (name === "append" && a && self.items.length < 4) self.items.push(a);
      if (name === "extend" && a?.t === "list" && self.items.length < 4) self.items.push(...a.items.slice(0, 4));
      return name === "append" || name === "extend" || name === "insert" || name === "reverse" ? NONE : UNKNOWN;
    }
    switch (name) {
      case "append":
        self.items.push(a ?? UNKNOWN);
        return NONE;
      case "extend": {
        const items = a ? interp.iterate(a) : undefined;
        if (items) self.items.push(...items);
        else self.unknownLength = true;
        return NONE;
      }
      case "insert": {
        const i = asInt(a);
        if (i !== undefined && b) self.items.splice(i < 0 ? Math.max(0, self.items.length + i) : i, 0, b);
        return NONE;
      }
      case "pop": {
        const i = a ? asInt(a) : -1;
        if (i === undefined || self.items.length === 0) return UNKNOWN;
        const at = i < 0 ? self.items.length + i : i;
        return self.items.splice(at, 1)[0] ?? UNKNOWN;
      }
      case "reverse":
        self.items.reverse();
        return NONE;
      case "copy":
        return list([...self.items]);
      case "index": {
        const i = self.items.findIndex((v) => a && pyEquals(v, a) === true);
        return i < 0 ? UNKNOWN : int(i);
      }
      case "count":
        return int(self.items.filter((v) => a && pyEquals(v, a) === true).length);
      default:
        return UNKNOWN;
    }
  }
  if (self.t === "tuple") {
    if (name === "index") {
      const i = self.items.findIndex((v) => a && pyEquals(v, a) === true);
      return i < 0 ? UNKNOWN : int(i);
    }
    return UNKNOWN;
  }
  if (self.t === "dict") {
    switch (name) {
      case "get": {
        const k = a ? dictKey(a) : undefined;
        if (k === undefined) return UNKNOWN;
        return self.entries.get(k)?.value ?? b ?? NONE;
      }
      case "setdefault": {
        const k = a ? dictKey(a) : undefined;
        if (k === undefined || !a) return UNKNOWN;
        const existing = self.entries.get(k);
        if (existing) return existing.value;
        self.entries.set(k, { key: a, value: b ?? NONE });
        return b ?? NONE;
      }
      case "pop": {
        const k = a ? dictKey(a) : undefined;
        if (k === undefined) return UNKNOWN;
        const existing = self.entries.get(k);
        self.entries.delete(k);
        return existing?.value ?? b ?? UNKNOWN;
      }
      case "keys":
        return list([...self.entries.values()].map((e) => e.key));
      case "values":
        return list([...self.entries.values()].map((e) => e.value));
      case "items":
        return list([...self.entries.values()].map((e) => tuple([e.key, e.value])));
      case "update":
        if (a?.t === "dict") for (const [k, e] of a.entries) self.entries.set(k, e);
        for (const [key, value] of args.keywords) self.entries.set(`s:${key}`, { key: str(key), value });
        return NONE;
      case "copy":
        return { t: "dict", entries: new Map(self.entries) };
      default:
        return UNKNOWN;
    }
  }
  return undefined;
}

