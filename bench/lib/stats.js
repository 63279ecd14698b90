/**
 * Small order statistics for the benchmarks. Pure functions over arrays of numbers.
 */

/** The value at quantile q (0..1) of the values, by linear interpolation between closest ranks. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export function median(values) {
  return quantile(values, 0.5);
}

export function sum(values) {
  return values.reduce((total, v) => total + v, 0);
}

/** Rounds to a number of decimals (for tables and JSON that people read). */
export function round(value, decimals = 2) {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
