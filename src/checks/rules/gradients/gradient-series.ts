/** Shared by the gradient checks: the kernel gradients of trainable layers, and first/last layer pairs. */
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import type { CheckState, TensorSeries } from "../../state.js";

/**
 * Kernel gradient series recorded at the current step, for layers that train. Embedding tables are left
 * out: only the rows of the batch's tokens get a gradient, so their mean |g| is small by construction.
 */
export function currentKernelGradients(state: CheckState): TensorSeries[] {
  return state
    .seriesOfRole("gradient")
    .filter(
      (s) =>
        s.parameter !== "bias" &&
        state.isTrainable(s.layer) &&
        s.samples[s.samples.length - 1]?.step === state.step &&
        LAYER_KINDS[state.layer(s.layer)?.kind ?? "unknown"]?.category !== "embedding",
    );
}

/**
 * The kernel gradients of the first and last layers that have one at the current step (by layer index),
 * when they are different layers. AUTOTRAINER compares these two to judge gradient flow.
 */
export function firstAndLast(state: CheckState): [TensorSeries, TensorSeries] | undefined {
  const ranked = currentKernelGradients(state)
    .map((s) => ({ s, index: state.layer(s.layer)?.index }))
    .filter((x): x is { s: TensorSeries; index: number } => x.index !== undefined)
    .sort((a, b) => a.index - b.index);
  if (ranked.length < 2) return undefined;
  const first = ranked[0]!;
  const last = ranked[ranked.length - 1]!;
  return first.s.layer === last.s.layer ? undefined : [first.s, last.s];
}

/** Mean |g| of a series at each of its last `count` samples (fewer when not recorded yet). */
export function recentMeanAbs(series: TensorSeries, count: number): number[] {
  return series.samples.slice(-count).map((s) => s.stats.meanAbs);
}
