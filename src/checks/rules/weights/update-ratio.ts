/** Shared by D206/D207 (and D302 under an adaptive optimizer): mean |ΔW| per step, and its log10 ratio to mean |W| averaged over the last samples. */
import { sampleAt, type CheckState, type TensorSeries } from "../../state.js";
import { isFiniteNumber, mean } from "../../math.js";
import type { TensorEntry } from "../../../telemetry/schema.js";

/** Mean |ΔW| per optimizer step of an update entry (a ΔW may span several steps). */
export function updatePerStep(update: TensorEntry): number {
  return update.stats.meanAbs / Math.max(1, update.updateSteps ?? 1);
}

export interface UpdateRatio {
  series: TensorSeries;
  /** Average of log10(mav(ΔW)/mav(W)) over the window. */
  log10Ratio: number;
}

/**
 * For each kernel update recorded at the current step, the averaged log10 update ratio over the last
 * `window` samples (all of them needed). Skipped: biases and normalisation parameters (beta starts at
 * 0, so the ratio is undefined), frozen layers, and samples where mean |W| is ~0 or a value is not finite.
 */
export function updateRatios(state: CheckState, window: number): UpdateRatio[] {
  const out: UpdateRatio[] = [];
  for (const series of state.seriesOfRole("update")) {
    if (series.parameter !== "weights" || !state.isTrainable(series.layer) || !state.hasKernel(series.layer)) continue;
    const recent = series.samples.slice(-window);
    if (recent.length < window || recent[recent.length - 1]!.step !== state.step) continue;
    const param = state.parameterOf(series);
    if (!param) continue;
    const logs: number[] = [];
    for (const sample of recent) {
      const w = sampleAt(param, sample.step)?.stats.meanAbs;
      const dw = updatePerStep(sample.entry);
      if (!isFiniteNumber(w) || w < 1e-8 || !isFiniteNumber(dw) || dw <= 0) break;
      logs.push(Math.log10(dw / w));
    }
    if (logs.length === window) out.push({ series, log10Ratio: mean(logs) });
  }
  return out;
}
