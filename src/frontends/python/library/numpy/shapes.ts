/**
 * numpy's shape rules on partially known shapes. A dimension is a size or `null` (a size not known); a shape
 * is `undefined` when its rank is not known. Every function gives either the exact shape numpy gives (with
 * `null` where a size depends on what is not known), `undefined`, or `false` when what is known already
 * makes numpy refuse the operation (the program stops there): never a guess.
 */
import type { Dim, Shape } from "../../../../model/program.js";

/** A shape, `undefined` (rank not known) or `false` (numpy raises). */
export type ShapeResult = Shape | undefined | false;

/** `false` and `undefined` both say no shape. */
export function known(result: ShapeResult): Shape | undefined {
  return result === false ? undefined : result;
}

/** Total number of elements, when every dimension is known. */
export function sizeOf(shape: Shape | undefined | false): number | undefined {
  if (!shape) return undefined;
  let total = 1;
  for (const d of shape) {
    if (d === null) return undefined;
    total *= d;
  }
  return total;
}

/** A dimension index (negative counts from the end) within `rank`, or undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) return undefined;
  return axis < 0 ? axis + rank : axis;
}

/** Several axes normalised; undefined when one is out of range or repeated (numpy raises). */
function normalizeAxes(axes: readonly number[], rank: number): number[] | undefined {
  const out: number[] = [];
  for (const axis of axes) {
    const a = normalizeAxis(axis, rank);
    if (a === undefined || out.includes(a)) return undefined;
    out.push(a);
  }
  return out;
}

/** Two sizes that must be equal: the known one, or false when both are known and differ. */
function unifyDim(a: Dim, b: Dim): Dim | false {
  if (a === null) return b;
  if (b === null) return a;
  return a === b ? a : false;
}

/** Shapes that must be equal, dimension by dimension. */
function unifyShapes(shapes: readonly Shape[]): ShapeResult {
  const first = shapes[0];
  if (!first) return undefined;
  const out = [...first];
  for (const shape of shapes.slice(1)) {
    if (shape.length !== out.length) return false;
    for (let i = 0; i < out.length; i++) {
      const d = unifyDim(out[i]!, shape[i]!);
      if (d === false) return false;
      out[i] = d;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------- broadcasting

function broadcastDim(a: Dim, b: Dim): Dim | false {
  if (a === 1) return b;
  if (b === 1) return a;
  // An unknown size broadcasts against a known one only if it is 1 or equal to it: either way the known one.
  if (a === null) return b;
  if (b === null) return a;
  return a === b ? a : false;
}

/** numpy broadcasting of element-wise operands (`+`, `*`, comparisons, `np.where`). */
export function broadcastShapes(shapes: readonly ShapeResult[]): ShapeResult {
  if (shapes.some((s) => s === false)) return false;
  const given = shapes.filter((s): s is Shape => s !== undefined);
  const rank = Math.max(0, ...given.map((s) => s.length));
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const shape of given) {
      const d = shape[shape.length - rank + i];
      if (d === undefined) continue;
      const next = broadcastDim(dim, d);
      if (next === false) return false;
      dim = next;
    }
    out.push(dim);
  }
  // An operand of unknown rank may add axes: only a conflict among the known ones is certain.
  return given.length === shapes.length ? out : undefined;
}

// ------------------------------------------------------------------------------------ products

/** `a @ b` and `np.matmul`: stacks of matrices, 1-D operands promoted and their axis removed again. */
export function matmulShape(a: ShapeResult, b: ShapeResult): ShapeResult {
  if (a === false || b === false || a?.length === 0 || b?.length === 0) return false;
  if (!a || !b) return undefined;
  const left = a.length === 1 ? [1, a[0]!] : a;
  const right = b.length === 1 ? [b[0]!, 1] : b;
  if (unifyDim(left[left.length - 1]!, right[right.length - 2]!) === false) return false;
  const batch = broadcastShapes([left.slice(0, -2), right.slice(0, -2)]);
  if (!batch) return batch;
  const out: Shape = [...batch];
  if (a.length > 1) out.push(left[left.length - 2]!);
  if (b.length > 1) out.push(right[right.length - 1]!);
  return out;
}

/** `np.dot(a, b)` / `a.dot(b)`: a sum over the last axis of `a` and the second-to-last of `b`. */
export function dotShape(a: ShapeResult, b: ShapeResult): ShapeResult {
  if (a === false || b === false) return false;
  if (!a || !b) return undefined;
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const inner = b.length === 1 ? b[0]! : b[b.length - 2]!;
  if (unifyDim(a[a.length - 1]!, inner) === false) return false;
  return b.length === 1 ? a.slice(0, -1) : [...a.slice(0, -1), ...b.slice(0, -2), b[b.length - 1]!];
}

/** `np.outer(a, b)`: both flattened. */
export function outerShape(a: ShapeResult, b: ShapeResult): ShapeResult {
  if (a === false || b === false) return false;
  return [sizeOf(a) ?? null, sizeOf(b) ?? null];
}

// ------------------------------------------------------------------------------------- reshaping

/**
 * `reshape`: `target` as written, `-1` for the one size numpy infers and `null` for sizes the program
 * computes from values not known. The element count must be preserved.
 */
export function reshapeShape(source: ShapeResult, target: Shape): ShapeResult {
  if (source === false) return false;
  const inferred = target.filter((d) => d === -1).length;
  if (inferred > 1 || target.some((d) => d !== null && (d < -1 || !Number.isInteger(d)))) return false;
  const total = sizeOf(source);
  const rest = sizeOf(target.filter((d) => d !== -1));
  if (inferred === 0) {
    if (total !== undefined && rest !== undefined && total !== rest) return false;
    return [...target];
  }
  let size: Dim = null;
  if (total !== undefined && rest !== undefined) {
    if (rest === 0 || total % rest !== 0) return false;
    size = total / rest;
  }
  return target.map((d) => (d === -1 ? size : d));
}

/** `ravel` / `flatten`: one axis holding every element. */
export function flattenShape(shape: ShapeResult): ShapeResult {
  return shape === false ? false : [sizeOf(shape) ?? null];
}

/** `np.expand_dims(a, axis)` with an int or a tuple of axes, counted in the result's rank. */
export function expandDimsShape(shape: ShapeResult, axes: readonly number[]): ShapeResult {
  if (!shape) return shape;
  const rank = shape.length + axes.length;
  const at = normalizeAxes(axes, rank);
  if (!at) return false;
  const out: Shape = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(at.includes(i) ? 1 : shape[next++]!);
  return out;
}

/**
 * `np.squeeze(a, axis)`. Without axes every size-1 axis goes: a size not known may be 1, so the rank is
 * then unknown. With axes, each must have size 1 (an unknown size is taken as 1: numpy raises otherwise).
 */
export function squeezeShape(shape: ShapeResult, axes?: readonly number[]): ShapeResult {
  if (!shape) return shape;
  if (!axes) return shape.some((d) => d === null) ? undefined : shape.filter((d) => d !== 1);
  const at = normalizeAxes(axes, shape.length);
  if (!at || at.some((a) => shape[a] !== 1 && shape[a] !== null)) return false;
  return shape.filter((_, i) => !at.includes(i));
}

/** `transpose` / `.T`: reversed without axes, else the given permutation. */
export function transposeShape(shape: ShapeResult, axes?: readonly number[]): ShapeResult {
  if (!shape) return shape;
  if (!axes) return [...shape].reverse();
  if (axes.length !== shape.length) return false;
  const at = normalizeAxes(axes, shape.length);
  return at ? at.map((a) => shape[a]!) : false;
}

export function swapAxesShape(shape: ShapeResult, a: number, b: number): ShapeResult {
  if (!shape) return shape;
  const i = normalizeAxis(a, shape.length);
  const j = normalizeAxis(b, shape.length);
  if (i === undefined || j === undefined) return false;
  const out = [...shape];
  out[i] = shape[j]!;
  out[j] = shape[i]!;
  return out;
}

export function moveAxisShape(shape: ShapeResult, source: number, destination: number): ShapeResult {
  if (!shape) return shape;
  const from = normalizeAxis(source, shape.length);
  const to = normalizeAxis(destination, shape.length);
  if (from === undefined || to === undefined) return false;
  const out = shape.filter((_, i) => i !== from);
  out.splice(to, 0, shape[from]!);
  return out;
}

// ------------------------------------------------------------------------------------------- joining

/**
 * `np.concatenate(parts, axis)`. `moreParts`: the parts are samples of a list of unknown length (each item
 * shaped like them, as numpy requires of all but the joined axis). `axis` null joins the flattened parts.
 */
export function concatenateShapes(parts: readonly ShapeResult[], axis: number | null, moreParts = false): ShapeResult {
  if (parts.length === 0 || parts.some((p) => p === false)) return false;
  if (axis === null) {
    const sizes = parts.map((p) => sizeOf(known(p)));
    return [moreParts || sizes.some((s) => s === undefined) ? null : sizes.reduce<number>((t, s) => t + s!, 0)];
  }
  const given = parts.filter((p): p is Shape => p !== undefined && p !== false);
  const rank = given[0]?.length;
  if (rank === undefined) return undefined;
  if (rank === 0 || given.some((p) => p.length !== rank)) return false;
  const at = normalizeAxis(axis, rank);
  if (at === undefined) return false;
  const others = unifyShapes(given.map((p) => p.filter((_, i) => i !== at)));
  if (!others) return others;
  let joined: Dim = 0;
  for (const part of parts) {
    const d = part ? part[at] : undefined;
    joined = moreParts || joined === null || d === undefined || d === null ? null : joined + d;
  }
  const out = [...others];
  out.splice(at, 0, joined);
  return out;
}

/** `np.stack(parts, axis)`: equal shapes, joined along a new axis. */
export function stackShapes(parts: readonly ShapeResult[], axis: number, moreParts = false): ShapeResult {
  if (parts.length === 0 || parts.some((p) => p === false)) return false;
  const given = parts.filter((p): p is Shape => p !== undefined && p !== false);
  const common = unifyShapes(given);
  if (!common) return common;
  const at = normalizeAxis(axis, common.length + 1);
  if (at === undefined) return false;
  if (given.length < parts.length) return undefined;
  const out = [...common];
  out.splice(at, 0, moreParts ? null : parts.length);
  return out;
}

function atLeast(shape: ShapeResult, rank: 1 | 2 | 3): ShapeResult {
  if (!shape || shape.length >= rank) return shape;
  if (rank === 1) return [1];
  if (rank === 2) return shape.length === 0 ? [1, 1] : [1, shape[0]!];
  if (shape.length === 0) return [1, 1, 1];
  return shape.length === 1 ? [1, shape[0]!, 1] : [...shape, 1];
}

/** `np.vstack`, `np.hstack`, `np.dstack`, `np.column_stack`: each a concatenation after promoting ranks. */
export function namedStackShapes(kind: "vstack" | "hstack" | "dstack" | "column_stack", parts: readonly ShapeResult[], moreParts = false): ShapeResult {
  switch (kind) {
    case "vstack":
      return concatenateShapes(parts.map((p) => atLeast(p, 2)), 0, moreParts);
    case "dstack":
      return concatenateShapes(parts.map((p) => atLeast(p, 3)), 2, moreParts);
    case "hstack": {
      const promoted = parts.map((p) => atLeast(p, 1));
      const first = promoted[0];
      if (promoted.some((p) => p === false) || promoted.length === 0) return false;
      if (!first) return undefined;
      return concatenateShapes(promoted, first.length === 1 ? 0 : 1, moreParts);
    }
    case "column_stack":
      return concatenateShapes(parts.map((p) => (p && p.length < 2 ? (p.length === 0 ? [1, 1] : [p[0]!, 1]) : p)), 1, moreParts);
  }
}

/** `np.repeat(a, n, axis)`. */
export function repeatShape(shape: ShapeResult, repeats: number | undefined, axis: number | null): ShapeResult {
  if (shape === false || (repeats !== undefined && repeats < 0)) return false;
  const times = (d: Dim): Dim => (d === null || repeats === undefined ? null : d * repeats);
  if (axis === null) return [times(sizeOf(shape) ?? null)];
  if (!shape) return undefined;
  const at = normalizeAxis(axis, shape.length);
  if (at === undefined) return false;
  return shape.map((d, i) => (i === at ? times(d) : d));
}

/** `np.tile(a, reps)`. */
export function tileShape(shape: ShapeResult, reps: readonly (number | null)[]): ShapeResult {
  if (shape === false || reps.some((r) => r !== null && r < 0)) return false;
  if (!shape) return undefined;
  const rank = Math.max(shape.length, reps.length);
  const base = [...Array<Dim>(rank - shape.length).fill(1), ...shape];
  const times = [...Array<number | null>(rank - reps.length).fill(1), ...reps];
  return base.map((d, i) => (d === null || times[i] === null ? null : d * times[i]!));
}

// ---------------------------------------------------------------------------------------- reductions

/** `sum`, `mean`, `max`... over `axes` (null: all of them), with `keepdims`. A full reduction without keepdims is a scalar whatever the rank. */
export function reduceShape(shape: ShapeResult, axes: readonly number[] | null, keepdims: boolean): ShapeResult {
  if (shape === false) return false;
  if (axes === null) {
    if (!keepdims) return [];
    return shape ? shape.map(() => 1) : undefined;
  }
  if (!shape) return undefined;
  const at = normalizeAxes(axes, shape.length);
  if (!at) return false;
  return keepdims ? shape.map((d, i) => (at.includes(i) ? 1 : d)) : shape.filter((_, i) => !at.includes(i));
}

// ------------------------------------------------------------------------------------------ indexing

/** One component of an index expression, as numpy classifies it. */
export type IndexPart =
  | { kind: "int"; value: number }
  | { kind: "slice"; start: number | null | undefined; stop: number | null | undefined; step: number | null | undefined }
  | { kind: "newaxis" }
  | { kind: "ellipsis" }
  /** An integer index array (a list or an array of ints) of the given shape; `values` when written out. */
  | { kind: "int-array"; shape: Shape; values?: number[] }
  /** A boolean mask of the given shape, selecting `count` elements when known. */
  | { kind: "bool-array"; shape: Shape; count?: number };

/**
 * The length of `start:stop:step` over a dimension. `null` inside the slice: a bound present but not known
 * (an unknown step is not allowed: its sign decides everything).
 */
export function sliceLength(part: Extract<IndexPart, { kind: "slice" }>, size: Dim): Dim | false {
  const step = part.step === null ? 1 : part.step;
  if (step === undefined) return null;
  if (step === 0) return false;
  if (part.start === undefined || part.stop === undefined) return null;
  if (size === null) return null;
  const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v < 0 ? v + size : v));
  let start: number;
  let stop: number;
  if (step > 0) {
    start = part.start === null ? 0 : clamp(part.start, 0, size);
    stop = part.stop === null ? size : clamp(part.stop, 0, size);
    return stop > start ? Math.ceil((stop - start) / step) : 0;
  }
  start = part.start === null ? size - 1 : clamp(part.start, -1, size - 1);
  stop = part.stop === null ? -1 : clamp(part.stop, -1, size - 1);
  return start > stop ? Math.ceil((start - stop) / -step) : 0;
}

/** The shape `a[index]` has, with numpy's basic and advanced indexing rules. */
export function indexShape(shape: ShapeResult, parts: readonly IndexPart[]): ShapeResult {
  if (!shape) return shape;
  const consumed = (p: IndexPart): number => (p.kind === "bool-array" ? p.shape.length : p.kind === "newaxis" || p.kind === "ellipsis" ? 0 : 1);
  const ellipses = parts.filter((p) => p.kind === "ellipsis").length;
  const used = parts.reduce((n, p) => n + consumed(p), 0);
  if (ellipses > 1 || used > shape.length) return false;
  const full: IndexPart = { kind: "slice", start: null, stop: null, step: null };
  const expanded: IndexPart[] = [];
  for (const p of parts) {
    // An ellipsis separates the indices around it even when it stands for no axis (numpy places the
    // selected axes of separated index arrays first).
    if (p.kind === "ellipsis") {
      if (shape.length === used) expanded.push(p);
      for (let i = 0; i < shape.length - used; i++) expanded.push(full);
    } else expanded.push(p);
  }
  if (ellipses === 0) for (let i = used; i < shape.length; i++) expanded.push(full);
  // With any index array, integers are advanced indices too (they broadcast with the arrays).
  const advanced = expanded.some((p) => p.kind === "int-array" || p.kind === "bool-array");
  const out: Shape = [];
  const advancedShapes: Shape[] = [];
  const positions: number[] = [];
  let firstAdvanced = -1;
  let axis = 0;
  for (let i = 0; i < expanded.length; i++) {
    const p = expanded[i]!;
    const size = shape[axis] ?? null;
    switch (p.kind) {
      case "newaxis":
        out.push(1);
        continue;
      case "slice": {
        const length = sliceLength(p, size);
        if (length === false) return false;
        out.push(length);
        axis++;
        continue;
      }
      case "int":
        if (size !== null && (p.value < -size || p.value >= size)) return false;
        axis++;
        if (!advanced) continue;
        advancedShapes.push([]);
        break;
      case "int-array":
        if (size !== null && p.values?.some((v) => v < -size || v >= size)) return false;
        axis++;
        advancedShapes.push(p.shape);
        break;
      case "bool-array": {
        const dims = shape.slice(axis, axis + p.shape.length);
        if (dims.some((d, j) => unifyDim(d, p.shape[j]!) === false)) return false;
        axis += p.shape.length;
        advancedShapes.push([p.count ?? null]);
        break;
      }
      case "ellipsis":
        continue;
    }
    if (firstAdvanced < 0) firstAdvanced = out.length;
    positions.push(i);
  }
  if (advancedShapes.length === 0) return out;
  const selected = broadcastShapes(advancedShapes);
  if (!selected) return selected;
  const adjacent = positions.every((p, j) => j === 0 || p === positions[j - 1]! + 1);
  if (adjacent) out.splice(firstAdvanced, 0, ...selected);
  else out.unshift(...selected);
  return out;
}
