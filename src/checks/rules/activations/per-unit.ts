/** Shared by D402/D403: a per-unit statistic of an activation over its recent samples. */
import type { TensorEntry, TensorStats } from "../../../telemetry/schema.js";
import type { CheckState } from "../../state.js";

/**
 * The per-unit vectors `pick` reads from the last `window` samples of the entry's series (samples without
 * one skipped), when there are at least `minSamples` of them, all of the same non-zero length.
 */
export function recentPerUnit(
  state: CheckState,
  entry: TensorEntry,
  window: number,
  minSamples: number,
  pick: (stats: TensorStats) => number[] | undefined,
): number[][] | undefined {
  const samples = (state.series(entry.layer, entry.role, entry.name)?.samples ?? [])
    .slice(-window)
    .map((s) => pick(s.stats))
    .filter((p): p is number[] => Array.isArray(p));
  if (samples.length < minSamples) return undefined;
  const units = samples[samples.length - 1]!.length;
  if (units === 0 || samples.some((p) => p.length !== units)) return undefined;
  return samples;
}
