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
 * The kernel gradients of the first and last layers among `kernels` (by layer index), when they are
 * different layers, with their mean |g| over the last `count` samples, when both have that many.
 * AUTOTRAINER compares these two to judge gradient flow.
 */
export function gradientFlow(state: CheckState, kernels: readonly TensorSeries[], count: number, measure: GradientMeasure = "all"): GradientFlow | undefined {
  const ranked = kernels
    .map((s) => ({ s, index: state.layer(s.layer)?.index }))
    .filter((x): x is { s: TensorSeries; index: number } => x.index !== undefined)
    .sort((a, b) => a.index - b.index);
  if (ranked.length < 2) return undefined;
  const first = ranked[0]!.s;
  const last = ranked[ranked.length - 1]!.s;
  if (first.layer === last.layer) return undefined;
  // A layer of unknown kind (a sub-model: a GAN's discriminator and generator, each trained by its own
  // optimizer on its own loss) has no known place in one chain from input to output: no flow to judge.
  if (state.layer(first.layer)?.kind === "unknown" || state.layer(last.layer)?.kind === "unknown") return undefined;
  const firstMeans = recentMeanAbs(first, count, measure);
  const lastMeans = recentMeanAbs(last, count, measure);
  if (firstMeans.length < count || lastMeans.length < count) return undefined;
  return { first, last, firstMeans, lastMeans };
}

export interface GradientFlow {
  first: TensorSeries;
  last: TensorSeries;
  /** Mean |g| of the first and last layer at each of the last samples, oldest first. */
  firstMeans: number[];
  lastMeans: number[];
}

/**
 * Which mean |g|: over every entry, or over the entries that got a gradient ("active"). Sparse inputs
 * (multi-hot text, one-hot features) leave the rows of absent features exactly zero at every step: the mean
 * over all entries is small by construction there, however well the layer learns. A layer whose entries
 * are all zero has an active mean of 0.
 */
export type GradientMeasure = "all" | "active";

/** Mean |g| of a series at each of its last `count` samples (fewer when not recorded yet). */
export function recentMeanAbs(series: TensorSeries, count: number, measure: GradientMeasure = "all"): number[] {
  return series.samples.slice(-count).map((s) => {
    if (measure === "all") return s.stats.meanAbs;
    const active = 1 - s.stats.zeroFraction;
    return active > 0 ? s.stats.meanAbs / active : 0;
  });
}
