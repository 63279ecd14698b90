/**
 * Python operators on known constants: arithmetic, comparisons, indexing/slicing, string formatting.
 * Each returns undefined when an operand is not a plain constant (the library model may know better).
 */
import type { DataFacts } from "../../model/program.js";
import { MAX_ITEMS, MAX_STRING, UNKNOWN, WalkBudget, addSamples, asInt, asNumber, dictKey, num, overflowList, pyEquals, sampledList, str, toPyRepr, toPyString, type Value } from "./values.js";

function isConstant(v: Value): boolean {
  return v.t === "num" || v.t === "bool" || v.t === "str" || v.t === "none" || v.t === "tuple" || v.t === "list";
}

export function binaryConstant(op: string, a: Value, b: Value): Value | undefined {
  if (a.t === "unknown" || b.t === "unknown") {
    // Unknown stays unknown, except where the other side is a framework value the library tracks.
    return isConstant(a) || isConstant(b) || (a.t === "unknown" && b.t === "unknown") ? UNKNOWN : undefined;
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return arithmetic(op, x, y, isIntValue(a) && isIntValue(b));
  // `n * seq` repeats like `seq * n`.
  if (op === "*" && (b.t === "str" || b.t === "list" || b.t === "tuple") && (a.t === "num" || a.t === "bool")) return binaryConstant(op, b, a);
  if (a.t === "str") {
    if (op === "+" && b.t === "str") return a.v.length + b.v.length <= MAX_STRING ? str(a.v + b.v) : UNKNOWN;
    if (op === "*" && b.t !== "str" && isIntValue(b)) return y! * a.v.length <= MAX_REPEATED ? str(a.v.repeat(Math.max(0, y!))) : UNKNOWN;
    if (op === "%") return percentFormat(a.v, b);
    return isConstant(b) ? UNKNOWN : undefined;
  }
  const aList = a.t === "list" ? a : undefined;
  const bList = b.t === "list" ? b : undefined;
  if (aList?.uncertainItems || bList?.uncertainItems || aList?.unknownLength || bList?.unknownLength) {
    // Lists of unknown length (or maybe fewer items) joined or repeated: samples of what they hold.
    const samplesVary = aList?.samplesVary === true || bList?.samplesVary === true;
    if (op === "+" && aList && bList) return sampledList([...aList.items, ...bList.items], samplesVary);
    if (op === "*" && aList && isIntValue(b)) return y! > 0 ? sampledList(aList.items, samplesVary) : { t: "list", items: [] };
    return isConstant(a) && isConstant(b) ? UNKNOWN : undefined;
  }
  if ((a.t === "list" || a.t === "tuple") && op === "+" && b.t === a.t) {
    const items = [...a.items, ...b.items];
    if (items.length <= MAX_ITEMS) return { t: a.t, items };
    return a.t === "list" ? sampledList(items, false) : UNKNOWN;
  }
  if ((a.t === "list" || a.t === "tuple") && op === "*" && isIntValue(b)) {
    const count = Math.max(0, y!);
    // A list too long to hold item by item keeps samples of what it holds (a tuple just becomes unknown).
    if (count * a.items.length > MAX_REPEATED) return a.t === "list" ? sampledList(a.items, false) : UNKNOWN;
    const items: Value[] = [];
    for (let i = 0; i < count; i++) for (const item of a.items) items.push(item);
    return { t: a.t, items };
  }
  if (isConstant(a) && isConstant(b)) return UNKNOWN;
  return undefined;
}

/** The most items (or characters) a repetition builds before it keeps only samples. */
const MAX_REPEATED = 100_000;

function isIntValue(v: Value): boolean {
  return (v.t === "num" && v.int) || v.t === "bool";
}

function arithmetic(op: string, x: number, y: number, ints: boolean): Value {
  switch (op) {
    case "+":
      return num(x + y, ints);
    case "-":
      return num(x - y, ints);
    case "*":
      return num(x * y, ints);
    case "/":
      return y === 0 ? UNKNOWN : num(x / y, false);
    case "//":
      return y === 0 ? UNKNOWN : num(Math.floor(x / y), ints);
    case "%":
      return y === 0 ? UNKNOWN : num(x - y * Math.floor(x / y), ints);
    case "**": {
      const r = Math.pow(x, y);
      return Number.isFinite(r) ? num(r, ints && y >= 0) : UNKNOWN;
    }
    case "<<":
      return ints && y >= 0 ? num(x * Math.pow(2, y), true) : UNKNOWN;
    case ">>":
      return ints && y >= 0 ? num(Math.floor(x / Math.pow(2, y)), true) : UNKNOWN;
    case "&":
    case "|":
    case "^":
      return ints ? bitwise(op, x, y) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** Python's bitwise operators on integers of any size (JavaScript's work on 32 bits). */
function bitwise(op: string, x: number, y: number): Value {
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) return UNKNOWN;
  const a = BigInt(x);
  const b = BigInt(y);
  const r = op === "&" ? a & b : op === "|" ? a | b : a ^ b;
  return num(Number(r), true);
}

export function unaryConstant(op: string, v: Value): Value | undefined {
  const x = asNumber(v);
  if (x === undefined) return v.t === "unknown" ? UNKNOWN : undefined;
  const isInt = v.t === "bool" || (v.t === "num" && v.int);
  if (op === "-") return num(-x, isInt);
  if (op === "+") return num(x, isInt);
  if (op === "~" && isInt) return num(~x, true);
  return UNKNOWN;
}

export function compareValues(op: string, a: Value, b: Value): boolean | undefined {
  switch (op) {
    case "==":
      return pyEquals(a, b);
    case "!=":
    case "<>": {
      const eq = pyEquals(a, b);
      return eq === undefined ? undefined : !eq;
    }
    case "is":
      if (a.t === "none" || b.t === "none") return a.t === "unknown" || b.t === "unknown" ? undefined : a.t === b.t;
      return a === b ? true : pyEquals(a, b) === false ? false : undefined;
    case "is not": {
      const r = compareValues("is", a, b);
      return r === undefined ? undefined : !r;
    }
    case "in":
      return contains(b, a);
    case "not in": {
      const r = contains(b, a);
      return r === undefined ? undefined : !r;
    }
    default: {
      const x = asNumber(a);
      const y = asNumber(b);
      let cmp: number | undefined;
      if (x !== undefined && y !== undefined) cmp = x - y;
      else if (a.t === "str" && b.t === "str") cmp = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      if (cmp === undefined) return undefined;
      if (op === "<") return cmp < 0;
      if (op === "<=") return cmp <= 0;
      if (op === ">") return cmp > 0;
      if (op === ">=") return cmp >= 0;
      return undefined;
    }
  }
}

function contains(container: Value, item: Value): boolean | undefined {
  if (container.t === "str" && item.t === "str") return container.v.includes(item.v);
  if (container.t === "list" && container.unknownLength) return undefined;
  if (container.t === "list" || container.t === "tuple") {
    let unknown = false;
    const walk = new WalkBudget();
    for (const element of container.items) {
      if (walk.spent) return undefined;
      const eq = pyEquals(element, item, walk);
      // An item that may not be there proves nothing.
      if (eq === true && !(container.t === "list" && container.uncertainItems)) return true;
      if (eq !== false) unknown = true;
    }
    return unknown ? undefined : false;
  }
  if (container.t === "dict") {
    const key = dictKey(item);
    return key === undefined ? undefined : container.entries.has(key);
  }
  return undefined;
}

/** Indexing and slicing of constant containers; undefined when `obj` is not one. */
export function subscriptConstant(obj: Value, index: Value): Value | undefined {
  if (obj.t === "dict") {
    const key = dictKey(index);
    return (key !== undefined ? obj.entries.get(key)?.value : undefined) ?? UNKNOWN;
  }
  if (obj.t !== "list" && obj.t !== "tuple" && obj.t !== "str") return obj.t === "unknown" ? UNKNOWN : undefined;
  if (obj.t === "list" && (obj.unknownLength || obj.uncertainItems)) return UNKNOWN;
  const length = obj.t === "str" ? obj.v.length : obj.items.length;
  if (index.t === "slice") {
    const range = sliceIndices(index, length);
    if (!range) return UNKNOWN;
    if (obj.t === "str") {
      let out = "";
      for (const i of range) out += obj.v[i];
      return str(out);
    }
    return { t: obj.t, items: range.map((i) => obj.items[i]!) };
  }
  const i = asInt(index);
  if (i === undefined) return UNKNOWN;
  const at = i < 0 ? length + i : i;
  if (at < 0 || at >= length) return UNKNOWN;
  return obj.t === "str" ? str(obj.v[at]!) : obj.items[at]!;
}

/** The indices a slice selects from a sequence of `length` items (Python semantics). */
export function sliceIndices(slice: Value & { t: "slice" }, length: number): number[] | undefined {
  const step = slice.step.t === "none" ? 1 : asInt(slice.step);
  if (step === undefined || step === 0) return undefined;
  const resolve = (v: Value, fallback: number, lo: number, hi: number): number | undefined => {
    if (v.t === "none") return fallback;
    const n = asInt(v);
    if (n === undefined) return undefined;
    const at = n < 0 ? n + length : n;
    return Math.max(lo, Math.min(hi, at));
  };
  const start = step > 0 ? resolve(slice.start, 0, 0, length) : resolve(slice.start, length - 1, -1, length - 1);
  const stop = step > 0 ? resolve(slice.stop, length, 0, length) : resolve(slice.stop, -1, -1, length - 1);
  if (start === undefined || stop === undefined) return undefined;
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/** `format(value, spec)` for the common specs (`d`, `.2f`, `03d`, `>8`, `e`, `%`); undefined when unknown. */
export function formatValue(value: Value, spec: string): string | undefined {
  const plain = toPyString(value);
  if (plain === undefined) return undefined;
  if (!spec) return plain;
  const m = /^(?:(.)?([<>^=]))?([+\- ])?(0)?(\d+)?(,)?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) return undefined;
  const [, fill = " ", align, , zero, widthText, , precisionText, type] = m;
  // JavaScript formats at most 100 digits; a width past the string bound is not a string this model holds.
  if ((precisionText !== undefined && Number(precisionText) > 100) || (widthText !== undefined && Number(widthText) > MAX_STRING)) return undefined;
  const x = asNumber(value);
  let body = plain;
  if (x !== undefined && type) {
    const precision = precisionText !== undefined ? Number(precisionText) : 6;
    switch (type) {
      case "d":
      case "n":
        body = String(Math.trunc(x));
        break;
      case "f":
      case "F":
        body = x.toFixed(precision);
        break;
      case "e":
      case "E":
        body = x.toExponential(precision).replace(/e([+-])(\d)$/, "e$10$2");
        break;
      case "%":
        body = `${(x * 100).toFixed(precision)}%`;
        break;
      case "g":
      case "G":
        body = String(Number(x.toPrecision(precisionText !== undefined ? Math.max(1, Number(precisionText)) : 6)));
        break;
      case "x":
        body = Math.trunc(x).toString(16);
        break;
      case "b":
        body = Math.trunc(x).toString(2);
        break;
      default:
        body = plain;
    }
  } else if (precisionText !== undefined && value.t === "str") {
    body = plain.slice(0, Number(precisionText));
  }
  const width = widthText ? Number(widthText) : 0;
  if (body.length >= width) return body;
  const pad = width - body.length;
  if (zero && !align) return body.startsWith("-") ? `-${"0".repeat(pad)}${body.slice(1)}` : "0".repeat(pad) + body;
  const effectiveAlign = align ?? (x !== undefined ? ">" : "<");
  if (effectiveAlign === "<") return body + fill.repeat(pad);
  if (effectiveAlign === "^") return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(Math.ceil(pad / 2));
  return fill.repeat(pad) + body;
}

/** printf-style `"%s_%d" % args`. */
function percentFormat(template: string, args: Value): Value {
  const values = args.t === "tuple" ? args.items : [args];
  let index = 0;
  let failed = false;
  const out = template.replace(/%(\(\w+\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifreEgGxXc%])/g, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === "%") return "%";
    let value: Value | undefined;
    if (key) {
      const k = dictKey(str(key.slice(1, -1)));
      value = args.t === "dict" && k ? args.entries.get(k)?.value : undefined;
    } else value = values[index++];
    if (!value) {
      failed = true;
      return "";
    }
    let spec = "";
    if (flags.includes("0")) spec += "0";
    if (width) spec += flags.includes("-") ? `<${width}` : width;
    if (precision !== undefined) spec += `.${precision}`;
    if (conv === "r") {
      const r = toPyRepr(value);
      if (r === undefined) failed = true;
      return r ?? "";
    }
    if ("difeEgGxX".includes(conv)) spec += conv === "i" ? "d" : conv;
    const formatted = formatValue(value, spec);
    if (formatted === undefined) failed = true;
    return formatted ?? "";
  });
  return failed ? UNKNOWN : str(out);
}


/**
 * `owner[key] = value` on a dict, a list or a data array, in place. What cannot be decided is widened: an
 * item at an unknown position may be any item, an array written into may hold the written values.
 */
export function assignItem(owner: Value, key: Value, value: Value): void {
  if (owner.t === "dict") {
    const k = dictKey(key);
    if (k !== undefined) owner.entries.set(k, { key, value });
    return;
  }
  if (owner.t === "list") {
    if (owner.unknownLength) {
      addSamples(owner, [value]);
      return;
    }
    const i = asInt(key);
    if (i !== undefined && !owner.uncertainItems) {
      const at = i < 0 ? owner.items.length + i : i;
      if (at >= 0 && at < owner.items.length) owner.items[at] = value;
      return;
    }
    if (key.t === "slice" && !owner.uncertainItems) {
      const range = sliceIndices(key, owner.items.length);
      const step = key.step.t === "none" ? 1 : asInt(key.step);
      const replacement = value.t === "list" && (value.unknownLength || value.uncertainItems) ? undefined : value.t === "list" || value.t === "tuple" ? value.items : undefined;
      if (range && replacement && step === 1) {
        const length = owner.items.length;
        const first = key.start.t === "none" ? 0 : (asInt(key.start) ?? 0);
        const start = range[0] ?? (first < 0 ? Math.max(0, first + length) : Math.min(first, length));
        owner.items = [...owner.items.slice(0, start), ...replacement, ...owner.items.slice(start + range.length)];
        if (owner.items.length > MAX_ITEMS) overflowList(owner);
        return;
      }
      if (range && replacement && range.length === replacement.length) {
        range.forEach((at, j) => (owner.items[at] = replacement[j]!));
        return;
      }
    }
    // Which items changed (or how many there are now) is not known: keep samples.
    owner.unknownLength = true;
    addSamples(owner, [value]);
    return;
  }
  if (owner.t === "data") writeIntoArray(owner.facts, value);
}

/** Values written into part of an array: its range widens to hold them, and labels may change class. */
function writeIntoArray(facts: DataFacts, value: Value): void {
  const written = rangeOfValue(value);
  if (facts.range && written) {
    facts.range = [Math.min(facts.range[0], written[0]), Math.max(facts.range[1], written[1])];
    facts.rangeIsBound = true;
  } else {
    delete facts.range;
    delete facts.rangeIsBound;
  }
  const label = asNumber(value);
  const sameClasses = facts.numClasses !== undefined && label !== undefined && Number.isInteger(label) && label >= 0 && label < facts.numClasses && facts.encoding !== "one-hot" && facts.encoding !== "multi-hot";
  if (!sameClasses) {
    delete facts.encoding;
    delete facts.numClasses;
  }
}

function rangeOfValue(value: Value): [number, number] | undefined {
  const n = asNumber(value);
  if (n !== undefined) return [n, n];
  return value.t === "data" ? value.facts.range : undefined;
}
