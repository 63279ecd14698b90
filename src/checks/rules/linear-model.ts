/**
 * A linear model: one layer with weights between the inputs and the outputs (a linear or logistic
 * regression). Checks that assume hidden layers leave such models alone: their weights grow from near zero
 * by large relative steps while a convex loss is minimised (D206), and they cannot fit arbitrary targets of
 * more samples than they have weights per output (D110).
 */
import { LAYER_KINDS } from "../../model/vocabulary.js";
import type { LayerSummary } from "../../telemetry/schema.js";

/** The model's only layer with a kernel (normalisation layers' scales aside), when it has exactly one. */
export function onlyKernelLayer(layers: readonly LayerSummary[]): LayerSummary | undefined {
  const kernels = layers.filter((layer) => layer.params > 0 && LAYER_KINDS[layer.kind]?.learns !== false && LAYER_KINDS[layer.kind]?.category !== "normalization");
  return kernels.length === 1 ? kernels[0] : undefined;
}
