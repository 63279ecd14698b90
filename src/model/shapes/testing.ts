/**
 * For shape tests: a convolution's config with the Keras defaults a front end writes (strides 1, dilation 1,
 * valid padding) wherever the test does not give them. Shape inference itself never assumes them: a
 * hyperparameter the config lacks is unknown.
 */
import type { LayerConfig } from "../program.js";
import { LAYER_KINDS, type LayerKind } from "../vocabulary.js";

export function withConvDefaults(kind: LayerKind, config: LayerConfig): LayerConfig {
  const spec = LAYER_KINDS[kind] ?? LAYER_KINDS.unknown;
  const convolves = spec.category === "conv" || kind === "convLstm2d" || (kind === "timeDistributed" && config.wrappedKind !== undefined && LAYER_KINDS[config.wrappedKind].category === "conv");
  if (!convolves) return config;
  const rank = (kind === "timeDistributed" ? LAYER_KINDS[config.wrappedKind!].spatialRank : spec.spatialRank) ?? 1;
  return {
    padding: "valid",
    strides: new Array<number>(rank).fill(1),
    dilationRate: new Array<number>(rank).fill(1),
    ...config,
  };
}
