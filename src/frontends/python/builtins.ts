/**
 * Python built-in functions and the methods of built-in types (str, list, dict) on known values.
 */
import type { Interpreter } from "./interpreter.js";
import { formatValue } from "./operators.js";
import type { CallArgs, CallSite } from "./state.js";
import {
  MAX_ITEMS,
  MAX_STRING,
  NONE,
  UNKNOWN,
  WalkBudget,
  addSamples,
  appendItems,
  boundedList,
  overflowList,
  asInt,
  asNumber,
  asString,
  bool,
  dictKey,
  int,
  list,
  num,
  pyEquals,
  setOf,
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
      if (a.t === "str") return int([...a.v].length);
      if (a.t === "list" && (a.unknownLength || a.uncertainItems)) return UNKNOWN;
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
        // Python accepts only a whole literal in the base (`int("3.5")` raises).
        const base = b ? asInt(b) : 10;
        if (base !== 10 || !/^\s*[+-]?\d+(_\d+)*\s*$/.test(a.v)) return UNKNOWN;
        return int(Number.parseInt(a.v.replace(/_/g, "").trim(), 10));
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
      // A key function orders by what it returns, which is not evaluated here.
      if (args.keywords.has("key") || (args.positional.length === 1 && isUncertainList(a))) return UNKNOWN;
      const items = args.positional.length === 1 ? interp.iterate(a!) : args.positional;
      if (!items || items.length === 0) return UNKNOWN;
      const ns = items.map(asNumber);
      if (ns.some((n) => n === undefined)) return UNKNOWN;
      let best = 0;
      for (let i = 1; i < ns.length; i++) if (name === "max" ? ns[i]! > ns[best]! : ns[i]! < ns[best]!) best = i;
      return items[best]!;
    }
    case "sum": {
      const items = a && !isUncertainList(a) ? interp.iterate(a) : undefined;
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
      if (x === undefined || y === undefined) return UNKNOWN;
      if (c) {
        const m = asInt(c);
        if (m === undefined || m === 0 || !Number.isSafeInteger(x) || !Number.isSafeInteger(y) || y < 0) return UNKNOWN;
        let result = 1n;
        let base = ((BigInt(x) % BigInt(m)) + BigInt(m)) % BigInt(m);
        for (let e = BigInt(y); e > 0n; e >>= 1n) {
          if (e & 1n) result = (result * base) % BigInt(m);
          base = (base * base) % BigInt(m);
        }
        const r = Number(result);
        return int(m < 0 && r !== 0 ? r + m : r);
      }
      const r = Math.pow(x, y);
      return Number.isFinite(r) ? num(r, isIntArg(a) && isIntArg(b) && y >= 0) : UNKNOWN;
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
      // A key function orders by what it returns, which is not evaluated here.
      if (name === "sorted" && args.keywords.has("key")) return UNKNOWN;
      if (isUncertainList(a)) {
        // Items that may not be there: a list of them keeps the doubt; a tuple or a set's order cannot.
        if (name === "tuple" || name === "set") return UNKNOWN;
        if (name === "sorted" && !items.every((v) => asNumber(v) !== undefined)) return UNKNOWN;
      }
      let out = [...items];
      if (name === "set") return setOf(out);
      if (name === "sorted") {
        const ns = out.map(asNumber);
        if (ns.every((n) => n !== undefined)) out = out.map((v, i) => ({ v, n: ns[i]! })).sort((x, y) => x.n - y.n).map((e) => e.v);
        else if (out.every((v) => v.t === "str")) out.sort((x, y) => ((x as { v: string }).v < (y as { v: string }).v ? -1 : 1));
        else return UNKNOWN;
        if (args.keywords.get("reverse")?.t === "bool" && (args.keywords.get("reverse") as { v: boolean }).v) out.reverse();
      }
      if (name === "reversed") out.reverse();
      if (name === "tuple") return tuple(out);
      return isUncertainList(a) ? { t: "list", items: out, uncertainItems: true } : list(out);
    }
    case "dict": {
      const entries = new Map<string, { key: Value; value: Value }>();
      if (a?.t === "dict") for (const [k, e] of a.entries) entries.set(k, e);
      else if (a) {
        // `dict(pairs)`: every pair must be known, else the dict is.
        const pairs = isUncertainList(a) ? undefined : interp.iterate(a);
        if (!pairs) return UNKNOWN;
        for (const pair of pairs) {
          const kv = pair.t === "tuple" || (pair.t === "list" && !pair.unknownLength && !pair.uncertainItems) ? pair.items : undefined;
          const k = kv?.length === 2 ? dictKey(kv[0]!) : undefined;
          if (!kv || k === undefined) return UNKNOWN;
          entries.set(k, { key: kv[0]!, value: kv[1]! });
        }
      }
      for (const [key, value] of args.keywords) entries.set(`s:${key}`, { key: str(key), value });
      return { t: "dict", entries };
    }
    case "zip": {
      if (args.positional.some(isUncertainList)) return UNKNOWN;
      const seqs = args.positional.map((v) => interp.iterate(v));
      if (seqs.length === 0 || seqs.some((s) => s === undefined)) return UNKNOWN;
      const n = Math.min(...seqs.map((s) => s!.length));
      const out: Value[] = [];
      for (let i = 0; i < n; i++) out.push(tuple(seqs.map((s) => s![i]!)));
      return list(out);
    }
    case "enumerate": {
      const items = a && !isUncertainList(a) ? interp.iterate(a) : undefined;
      if (!items) return UNKNOWN;
      const start = asInt(b ?? args.keywords.get("start")) ?? 0;
      return list(items.map((v, i) => tuple([int(start + i), v])));
    }
    case "map": {
      // map(f, a, b, ...) calls f with one item of each, as far as the shortest goes.
      const iterables = args.positional.slice(1);
      if (!a || iterables.length === 0 || iterables.some(isUncertainList)) return UNKNOWN;
      const seqs = iterables.map((v) => interp.iterate(v));
      if (seqs.some((s) => s === undefined)) return UNKNOWN;
      const n = Math.min(...seqs.map((s) => s!.length));
      const out: Value[] = [];
      for (let i = 0; i < n; i++) out.push(interp.call(a, simpleArgs(seqs.map((s) => s![i]!)), site));
      return list(out);
    }
    case "any":
    case "all": {
      const items = a ? interp.iterate(a) : undefined;
      if (!items) return UNKNOWN;
      const ts = items.map(truthy);
      // Over items that may not be there, only a verdict every item agrees with holds.
      const maybe = isUncertainList(a);
      if (name === "any") return ts.includes(true) ? (maybe ? UNKNOWN : bool(true)) : ts.includes(undefined) ? UNKNOWN : bool(false);
      return ts.includes(false) ? (maybe ? UNKNOWN : bool(false)) : ts.includes(undefined) ? UNKNOWN : bool(true);
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

function isUncertainList(v: Value | undefined): boolean {
  return v?.t === "list" && v.uncertainItems === true;
}

function isIntArg(v: Value | undefined): boolean {
  return (v?.t === "num" && v.int) || v?.t === "bool";
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
        const parts = items.map((i) => (i as { v: string }).v);
        let length = self.v.length * Math.max(0, parts.length - 1);
        for (const part of parts) length += part.length;
        return length <= MAX_STRING ? str(parts.join(self.v)) : UNKNOWN;
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
        if (from === undefined || to === undefined) return UNKNOWN;
        const parts = self.v.split(from);
        return self.v.length + (parts.length - 1) * (to.length - from.length) <= MAX_STRING ? str(parts.join(to)) : UNKNOWN;
      }
      case "split": {
        const sep = asString(a);
        const parts = sep === undefined ? self.v.trim().split(/\s+/) : self.v.split(sep);
        return boundedList(parts.map(str));
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
  if (self.t === "list") return listMethod(self, name, args, interp);
  if (self.t === "tuple") {
    if (name === "index") {
      const i = a ? firstEqual(self.items, a) : undefined;
      return i === undefined || i < 0 ? UNKNOWN : int(i);
    }
    // Other methods belong to tuple-like library values (a TensorShape's `as_list()`): the library model's.
    return undefined;
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


const MUTATING_LIST_METHODS = new Set(["append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"]);

/** Methods of a list value, in place. */
function listMethod(self: Value & { t: "list" }, name: string, args: CallArgs, interp: Interpreter): Value {
  const [a, b] = args.positional;
  // Changed in a loop of unknown count: the list keeps samples and forgets its length.
  if (interp.state.uncertainDepth > 0 && MUTATING_LIST_METHODS.has(name)) self.unknownLength = true;
  if (self.unknownLength) {
    if (name === "append" && a) addSamples(self, [a]);
    if (name === "extend" && a?.t === "list") addSamples(self, a.items);
    if (name === "extend" && (a?.t !== "list" || a.samplesVary)) self.samplesVary = true;
    if (name === "clear" && interp.state.uncertainDepth === 0) {
      self.items = [];
      delete self.unknownLength;
      delete self.uncertainItems;
    }
    return MUTATING_LIST_METHODS.has(name) && name !== "pop" ? NONE : UNKNOWN;
  }
  switch (name) {
    case "append":
      appendItems(self, [a ?? UNKNOWN]);
      return NONE;
    case "extend": {
      const items = a && !isUncertainList(a) ? interp.iterate(a) : undefined;
      if (items) appendItems(self, items);
      else {
        // Extended by items not known: what it holds besides its samples may be anything.
        self.unknownLength = true;
        if (a?.t === "list") self.items.push(...a.items.slice(0, 4));
        if (a?.t !== "list" || a.samplesVary) self.samplesVary = true;
      }
      return NONE;
    }
    case "insert": {
      const i = asInt(a);
      if (i === undefined || !b || self.uncertainItems) {
        self.unknownLength = true;
        if (b) self.items.push(b);
        return NONE;
      }
      self.items.splice(i < 0 ? Math.max(0, self.items.length + i) : i, 0, b);
      if (self.items.length > MAX_ITEMS) overflowList(self);
      return NONE;
    }
    case "pop": {
      const i = a ? asInt(a) : -1;
      const at = i === undefined ? undefined : i < 0 ? self.items.length + i : i;
      if (at === undefined || at < 0 || at >= self.items.length || self.uncertainItems) {
        // Which item went (if any) is not known: what is left are samples.
        self.unknownLength = true;
        return UNKNOWN;
      }
      return self.items.splice(at, 1)[0]!;
    }
    case "remove": {
      const at = a && !self.uncertainItems ? firstEqual(self.items, a) : undefined;
      if (at === undefined) self.unknownLength = true;
      else if (at >= 0) self.items.splice(at, 1);
      return NONE;
    }
    case "clear":
      self.items = [];
      delete self.uncertainItems;
      return NONE;
    case "sort": {
      const sorted = args.keywords.has("key") ? undefined : sortedItems(self.items);
      if (!sorted) self.unknownLength = true;
      else {
        self.items = sorted;
        const reverse = args.keywords.get("reverse");
        if (reverse && truthy(reverse) === true) self.items.reverse();
        else if (reverse && truthy(reverse) === undefined) self.unknownLength = true;
      }
      return NONE;
    }
    case "reverse":
      self.items.reverse();
      return NONE;
    case "copy":
      return self.uncertainItems ? { t: "list", items: [...self.items], uncertainItems: true } : list([...self.items]);
    case "index": {
      const at = a && !self.uncertainItems ? firstEqual(self.items, a) : undefined;
      return at === undefined || at < 0 ? UNKNOWN : int(at);
    }
    case "count": {
      if (!a || self.uncertainItems) return UNKNOWN;
      const walk = new WalkBudget();
      const eqs = self.items.map((v) => pyEquals(v, a, walk));
      return eqs.includes(undefined) ? UNKNOWN : int(eqs.filter((e) => e === true).length);
    }
    default:
      return UNKNOWN;
  }
}

/** The position of the first item equal to `item`, -1 when none is, undefined when that cannot be decided. */
function firstEqual(items: Value[], item: Value): number | undefined {
  const walk = new WalkBudget();
  for (let i = 0; i < items.length; i++) {
    if (walk.spent) return undefined;
    const eq = pyEquals(items[i]!, item, walk);
    if (eq === true) return i;
    if (eq === undefined) return undefined;
  }
  return -1;
}

/** Items in Python's order when they are all numbers or all strings (stable, like `list.sort`). */
function sortedItems(items: Value[]): Value[] | undefined {
  const ns = items.map(asNumber);
  if (ns.every((n) => n !== undefined)) return items.map((v, i) => ({ v, n: ns[i]! })).sort((x, y) => x.n - y.n).map((e) => e.v);
  if (items.every((v) => v.t === "str")) return [...items].sort((x, y) => ((x as { v: string }).v < (y as { v: string }).v ? -1 : (x as { v: string }).v > (y as { v: string }).v ? 1 : 0));
  return undefined;
}
