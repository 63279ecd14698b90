/** Shared by D202: the fraction of a tensor's values with |x| below a threshold, from what the probe recorded. */
import type { TensorStats } from "../../../telemetry/schema.js";

/**
 * From `absDecades` (any threshold; inside a decade, values are taken as spread evenly over log|x|); else
 * from a schema 1.0 `tinyFraction` (whose threshold was 1e-5) when that is the threshold asked; else the
 * exact-zero fraction, a lower bound (a check that fires on it is right; one that does not may miss).
 */
export function fractionBelow(stats: TensorStats, threshold: number): number {
  const h = stats.absDecades;
  if (h && h.fractions.length > 0 && threshold > 0) {
    const e = Math.log10(threshold);
    let total = h.fractions[0]!;
    if (e < h.from) return total;
    for (let i = 1; i < h.fractions.length; i++) {
      const lo = h.from + i - 1;
      const hi = i === h.fractions.length - 1 ? Infinity : lo + 1;
      if (e >= hi) total += h.fractions[i]!;
      else {
        if (e > lo && Number.isFinite(hi)) total += h.fractions[i]! * (e - lo);
        break;
      }
    }
    return total;
  }
  if (stats.tinyFraction !== undefined && threshold === 1e-5) return stats.tinyFraction;
  // Exact zeros are below any threshold: a lower bound of the fraction asked.
  return stats.zeroFraction;
}
