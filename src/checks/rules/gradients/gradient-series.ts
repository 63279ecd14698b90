/** Shared by the gradient checks: the kernel gradients of trainable layers, and first/last layer pairs. */
import { LAYER_KINDS, OPTIMIZERS } from "../../../model/vocabulary.js";
import { isFiniteNumber, median } from "../../math.js";
import type { CheckState, TensorSeries } from "../../state.js";
import { updatePerStep } from "../weights/update-ratio.js";

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
    .filter((s) => !holdsParametersOnly(state, s.layer))
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
  // Layers of several sub-models of a subclassed model (schema 1.8 parts): which runs first is not known.
  if (!state.inOneOrder(ranked.map((x) => state.layer(x.s.layer)))) return undefined;
  const firstMeans = recentMeanAbs(first, count, measure);
  const lastMeans = recentMeanAbs(last, count, measure);
  if (firstMeans.length < count || lastMeans.length < count) return undefined;
  return { first, last, firstMeans, lastMeans };
}

/**
 * A layer of the summary that stands for a module's own parameters beside its children, not a layer that
 * runs (kind unknown, no parameters counted as its own: ConvNeXt's layer scale `gamma` in each block, a
 * model's untracked tensors): it has no place in the chain from input to output.
 */
function holdsParametersOnly(state: CheckState, layer: string): boolean {
  const summary = state.layer(layer);
  return summary !== undefined && summary.kind === "unknown" && summary.params === 0;
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

/**
 * Whether an adaptive optimizer keeps `layer` learning however small its gradient. Adam, RMSprop and their
 * kin divide each step by the gradient's own running scale, so a layer's step does not shrink with its
 * gradient: a Transformer's attention query and key, whose gradients start 100× below the other layers'
 * (the attention is uniform at initialisation), move as fast as the rest under AdamW. The layer's latest
 * per-step kernel update is compared with the median of the other layers' at the same step: at least
 * `share` of it keeps pace. False when the optimizer is not adaptive or not known, or when the updates are
 * not recorded at this step (the gradient alone is judged then).
 */
export function adaptiveStepKeepsPace(state: CheckState, layer: string, share: number): boolean {
  const optimizer = state.runStart?.model.optimizer;
  if (optimizer === undefined || !OPTIMIZERS[optimizer]?.adaptive) return false;
  let own: number | undefined;
  const others: number[] = [];
  for (const entry of state.current("update")) {
    if (entry.parameter !== "weights" || !state.isTrainable(entry.layer) || !state.hasKernel(entry.layer)) continue;
    const perStep = updatePerStep(entry);
    if (!isFiniteNumber(perStep)) continue;
    if (entry.layer === layer) own = perStep;
    else others.push(perStep);
  }
  const typical = median(others);
  return own !== undefined && isFiniteNumber(typical) && typical > 0 && own >= share * typical;
}
