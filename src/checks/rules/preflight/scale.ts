/** Whether a feature (or target) column is on a scale a network trains well on (D102, D104). */
import type { ColumnStats, FeatureStats } from "../../../telemetry/schema.js";
import { formatNumber } from "../../format.js";

export type ScaleOptions = {
  rangeTolerance: number;
  meanTolerance: number;
  stdRatio: number;
};

/**
 * Scaled: inside [−1, 1] (min-max scaled to [0, 1] or [−1, 1]; a sample need not reach the ends, and a
 * one-hot column never goes below 0), or standardised (mean ≈ 0 and std within a factor of 1). Constant columns are D101's.
 */
export function isScaled(c: ColumnStats, o: ScaleOptions): boolean {
  if (!(c.std > 0)) return true;
  const inUnitRange = c.min >= -1 - o.rangeTolerance && c.max <= 1 + o.rangeTolerance;
  const standardised = Math.abs(c.mean) <= o.meanTolerance && c.std <= o.stdRatio && c.std >= 1 / o.stdRatio;
  return inUnitRange || standardised;
}

export interface ScaleProblem {
  /** Columns off scale, of the columns that vary. */
  off: number;
  varying: number;
  /** The column farthest from scale (largest max |value| relative to 1, or std away from 1). */
  worst: { index: number; column: ColumnStats; magnitude: number };
}

export function scaleProblem(feature: FeatureStats, o: ScaleOptions): ScaleProblem | undefined {
  let off = 0;
  let varying = 0;
  let worst: ScaleProblem["worst"] | undefined;
  feature.columns.forEach((column, index) => {
    if (!(column.std > 0)) return;
    varying++;
    if (isScaled(column, o)) return;
    off++;
    const magnitude = Math.max(Math.abs(column.min), Math.abs(column.max), column.std);
    if (!worst || magnitude > worst.magnitude) worst = { index, column, magnitude };
  });
  return worst ? { off, varying, worst } : undefined;
}

export function describeColumn(feature: FeatureStats, problem: ScaleProblem): string {
  const { column, index } = problem.worst;
  const where = feature.scope === "column" ? `column ${index}` : "its values";
  return `${where}: min ${formatNumber(column.min)}, max ${formatNumber(column.max)}, mean ${formatNumber(column.mean)}, std ${formatNumber(column.std)}`;
}
