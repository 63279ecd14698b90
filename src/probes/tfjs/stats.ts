/**
 * Tensor statistics computed in plain JS over the values a tensor's `dataSync()` returns: on wasm and
 * cpu this is 3–30× cheaper than many tiny backend ops. Large tensors are reduced on a strided subsample
 * of whole rows (a row = one index of every axis but the last), so per-unit statistics keep their units.
 */
import type { TensorStats } from "../../telemetry/schema.js";

export const DEFAULT_MAX_SAMPLED_VALUES = 4096;
/** Powers of ten `absDecades` spans: below 1e-12 (and zero) in the first bin, 1e12 and above in the last. */
const DECADES_FROM = -12;
const DECADES_TO = 12;

export interface StatsOptions {
  /** Upper bound on values the reductions run over; larger tensors are subsampled. */
  maxValues?: number;
  /** Per-unit (last axis) p95 |x|, mean and std: for activations. */
  perUnit?: boolean;
  /** Per-unit (last axis) fraction of exact zeros: for kernel gradients (a unit that passed no gradient). */
  perUnitZeros?: boolean;
  /** The distribution of |x| over powers of ten: for weights (what fraction is below any threshold). */
  absDecades?: boolean;
  /** The activation's codomain, for per-unit saturation of sigmoid/tanh-like layers. */
  saturationRange?: readonly [number, number];
  /** Min/max of per-row sums: for outputs meant to be distributions. */
  rowSums?: boolean;
  /**
   * The size of the whole tensor when `values` is already a subsample of it (e.g. ΔW computed on kept
   * subsamples): marks the statistics as sampled and scales the L2 norm to the whole tensor.
   */
  totalValues?: number;
}

/**
 * A stride that does not alias with a power-of-two layout: an even stride over the rows of a kernel fed by a
 * flattened feature map (rows ordered position × channel) keeps the same few channels at every position —
 * a stride of 64 over 2×2×256 features kept channels 0, 64, 128 and 192 only, and read a layer whose other
 * channels still passed gradients as having none. An odd stride reaches every channel.
 */
function oddStride(stride: number): number {
  return stride > 1 && stride % 2 === 0 ? stride + 1 : stride;
}

/** A strided subsample of whole rows, or of single values when one row is already too long (odd strides). */
export function subsample(values: ArrayLike<number>, shape: readonly number[], maxValues: number): { values: ArrayLike<number>; units: number; sampled: boolean } {
  const total = values.length;
  const units = shape.length >= 2 ? Math.max(1, shape[shape.length - 1]!) : 1;
  if (total <= maxValues) return { values, units, sampled: false };
  if (units > 1 && units <= maxValues) {
    const rows = total / units;
    const keepRows = Math.max(1, Math.floor(maxValues / units));
    const stride = oddStride(Math.ceil(rows / keepRows));
    const out = new Float32Array(Math.ceil(rows / stride) * units);
    let o = 0;
    for (let r = 0; r < rows; r += stride) {
      for (let u = 0; u < units; u++) out[o++] = values[r * units + u]!;
    }
    return { values: out.subarray(0, o), units, sampled: true };
  }
  const stride = oddStride(Math.ceil(total / maxValues));
  const out = new Float32Array(Math.ceil(total / stride));
  let o = 0;
  for (let i = 0; i < total; i += stride) out[o++] = values[i]!;
  return { values: out.subarray(0, o), units: 1, sampled: true };
}

/** The q-quantile (0..1) of ascending-sorted values, by linear interpolation. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Rearranges a[left..right] so that a[k] holds the value it would hold sorted, smaller-or-equal values
 * before it and greater-or-equal after (quickselect: O(n), where sorting 4096 values per tensor was the
 * probe's largest cost).
 */
function selectInPlace(a: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    const x = a[left]!, y = a[mid]!, z = a[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * The q-quantiles (ascending qs in 0..1) of the first n values of `a`, by linear interpolation as
 * `quantileSorted` gives them. Reorders `a`.
 */
export function quantilesInPlace(a: Float64Array, n: number, qs: readonly number[]): number[] {
  const out: number[] = [];
  let left = 0;
  for (const q of qs) {
    if (n === 0) {
      out.push(NaN);
      continue;
    }
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    selectInPlace(a, left, n - 1, lo);
    const low = a[lo]!;
    let high = low;
    if (pos > lo) {
      high = Infinity;
      for (let i = lo + 1; i < n; i++) if (a[i]! < high) high = a[i]!;
    }
    out.push(low + (high - low) * (pos - lo));
    left = lo;
  }
  return out;
}

/** Counts NaN and ±Infinity over every value (cheap, and a NaN must never hide in an unsampled value). */
export function countNonFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    // x − x is 0 for every finite x and NaN for NaN and ±Infinity; faster than Number.isFinite here.
    if (x - x !== 0) n++;
  }
  return n;
}

/** Statistics of one tensor's values (row-major, as `dataSync()` returns them). */
export function computeStats(values: ArrayLike<number>, shape: readonly number[], options: StatsOptions = {}): TensorStats {
  const maxValues = options.maxValues ?? DEFAULT_MAX_SAMPLED_VALUES;
  const sample = subsample(values, shape, maxValues);
  const v = sample.values;
  const finite = new Float64Array(v.length);
  let count = 0;
  let sum = 0;
  let sumAbs = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let negative = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) continue;
    finite[count++] = x;
    sum += x;
    sumAbs += Math.abs(x);
    sumSq += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (x === 0) zeros++;
    if (x < 0) negative++;
  }
  const none = count === 0;
  const mean = none ? NaN : sum / count;
  const variance = none ? NaN : Math.max(0, sumSq / count - mean * mean);
  const total = Math.max(values.length, options.totalValues ?? 0);
  const sampled = sample.sampled || total > values.length;
  const scale = sampled && count > 0 ? Math.sqrt(total / count) : 1;
  const stats: TensorStats = {
    count: v.length,
    mean,
    std: Math.sqrt(variance),
    meanAbs: none ? NaN : sumAbs / count,
    l2: none ? NaN : Math.sqrt(sumSq) * scale,
    min: none ? NaN : min,
    max: none ? NaN : max,
    zeroFraction: v.length === 0 ? 0 : zeros / v.length,
    nonFinite: countNonFinite(values),
    negativeFraction: none ? NaN : negative / count,
    sampled,
  };
  if (options.absDecades && !none) stats.absDecades = absDecades(finite, count);
  if (!none) {
    const [p5, p50, p95] = quantilesInPlace(finite, count, [0.05, 0.5, 0.95]) as [number, number, number];
    stats.percentiles = { p5, p50, p95 };
  }
  if (options.perUnit && sample.units > 1) stats.perUnit = perUnitStats(v, sample.units);
  if (options.perUnitZeros && sample.units > 1) stats.perUnit = { ...stats.perUnit, zeroFraction: perUnitZeroFraction(v, sample.units) };
  if (options.saturationRange && sample.units >= 1) stats.saturation = saturation(v, sample.units, options.saturationRange);
  if (options.rowSums && sample.units > 1) stats.rowSums = rowSums(v, sample.units);
  return stats;
}

/** Per unit (index of the last axis): p95 |x|, mean, std over every row. Non-finite values are skipped. */
export function perUnitStats(values: ArrayLike<number>, units: number): NonNullable<TensorStats["perUnit"]> {
  const rows = Math.floor(values.length / units);
  const p95Abs: number[] = new Array<number>(units);
  const mean: number[] = new Array<number>(units);
  const std: number[] = new Array<number>(units);
  // One pass gathers |x| unit by unit (contiguous columns) with running sums; then one select per unit.
  const columns = new Float64Array(units * rows);
  const counts = new Int32Array(units);
  const sums = new Float64Array(units);
  const sumSqs = new Float64Array(units);
  let i = 0;
  for (let r = 0; r < rows; r++) {
    for (let u = 0; u < units; u++, i++) {
      const x = values[i]!;
      if (x - x !== 0) continue;
      columns[u * rows + counts[u]!++] = x < 0 ? -x : x;
      sums[u]! += x;
      sumSqs[u]! += x * x;
    }
  }
  for (let u = 0; u < units; u++) {
    const n = counts[u]!;
    const m = n ? sums[u]! / n : NaN;
    mean[u] = m;
    std[u] = n ? Math.sqrt(Math.max(0, sumSqs[u]! / n - m * m)) : NaN;
    p95Abs[u] = quantilesInPlace(columns.subarray(u * rows, u * rows + n), n, [0.95])[0]!;
  }
  return { p95Abs, mean, std };
}

/**
 * Per-unit saturation ρ: each value rescaled from [lo, hi] (the activation's codomain) to [−1, 1] — how
 * close to either end it is, clipped there — and averaged: 1 when every value sits at an end. No bins:
 * where a unit counts as saturated is the checks' decision (D403's minSaturation).
 */
export function saturation(values: ArrayLike<number>, units: number, range: readonly [number, number]): number[] {
  const [lo, hi] = range;
  const centre = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  const rows = Math.floor(values.length / units);
  const out: number[] = [];
  for (let u = 0; u < units; u++) {
    let n = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const x = values[r * units + u]!;
      if (x - x !== 0) continue;
      total += Math.min(1, Math.abs(x - centre) / half);
      n++;
    }
    out.push(n ? total / n : NaN);
  }
  return out;
}

/**
 * The distribution of |x| over powers of ten (see TensorStats.absDecades): fractions of the first `n`
 * values below 1e-12 (zeros included), in each decade up to 1e12, and above.
 */
export function absDecades(values: ArrayLike<number>, n: number): { from: number; fractions: number[] } {
  const bins = DECADES_TO - DECADES_FROM + 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const a = Math.abs(values[i]!);
    const bin = a === 0 ? 0 : Math.floor(Math.log10(a)) - DECADES_FROM + 1;
    counts[bin < 0 ? 0 : bin >= bins ? bins - 1 : bin]!++;
  }
  return { from: DECADES_FROM, fractions: counts.map((c) => (n > 0 ? c / n : 0)) };
}

/** Per unit (index of the last axis): the fraction of its values that are exactly zero. */
export function perUnitZeroFraction(values: ArrayLike<number>, units: number): number[] {
  const rows = Math.floor(values.length / units);
  const zeros = new Array<number>(units).fill(0);
  for (let r = 0, i = 0; r < rows; r++) for (let u = 0; u < units; u++, i++) if (values[i] === 0) zeros[u]!++;
  return zeros.map((z) => (rows > 0 ? z / rows : NaN));
}

/** Min and max of the per-row sums over the last axis, over rows without NaN or Infinity (NaN when there is none). */
export function rowSums(values: ArrayLike<number>, units: number): { min: number; max: number } {
  const rows = Math.floor(values.length / units);
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let u = 0; u < units; u++) s += values[r * units + u]!;
    if (s - s !== 0) continue;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return min <= max ? { min, max } : { min: NaN, max: NaN };
}

/** A private copy of the strided subsample `computeStats` would use (kept between steps for ΔW). */
export function subsampleCopy(values: ArrayLike<number>, shape: readonly number[], maxValues: number = DEFAULT_MAX_SAMPLED_VALUES): Float32Array {
  const sample = subsample(values, shape, maxValues);
  return sample.sampled ? (sample.values as Float32Array) : Float32Array.from(sample.values);
}

/** Element-wise after − before, for update (ΔW) statistics. */
export function difference(after: ArrayLike<number>, before: ArrayLike<number>): Float32Array {
  const out = new Float32Array(after.length);
  for (let i = 0; i < after.length; i++) out[i] = after[i]! - before[i]!;
  return out;
}
