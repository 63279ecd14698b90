/**
 * Dimension arithmetic shared by shape inference and parameter counting. A `null` dimension is unknown
 * and stays unknown through arithmetic; a dimension that computes to ≤ 0 is kept as computed (the
 * feature-map-collapse rule needs to see it), but is never multiplied into an element count.
 */
import type { Dim, LayerConfig, Shape } from "../program.js";

/** A feature map split into its batch, spatial and channel parts, whatever the data format. */
export interface SpatialLayout {
  batch: Dim;
  spatial: Dim[];
  channels: Dim;
  channelsFirst: boolean;
}

/** Whether a layer's maps hold their channels first; undefined when the ordering is not known. */
export function isChannelsFirst(config: LayerConfig): boolean | undefined {
  return config.dataFormat === "unknown" ? undefined : config.dataFormat === "channels_first";
}

/** Splits a rank-(spatialRank + 2) shape; undefined when the rank is wrong (a rank mismatch) or the ordering unknown. */
export function splitSpatial(shape: Shape | undefined, spatialRank: number, channelsFirst: boolean | undefined): SpatialLayout | undefined {
  if (shape === undefined || shape.length !== spatialRank + 2 || channelsFirst === undefined) return undefined;
  const batch = shape[0] ?? null;
  if (channelsFirst) {
    return { batch, spatial: shape.slice(2), channels: shape[1] ?? null, channelsFirst };
  }
  return { batch, spatial: shape.slice(1, -1), channels: shape[shape.length - 1] ?? null, channelsFirst };
}

export function joinSpatial(batch: Dim, spatial: Dim[], channels: Dim, channelsFirst: boolean): Shape {
  return channelsFirst ? [batch, channels, ...spatial] : [batch, ...spatial, channels];
}

/**
 * One value per spatial dimension from a per-dimension list: a single value is repeated (lenient towards
 * front ends that did not expand it), a list of the right length is used as is, anything else is unknown.
 */
export function perDimension(values: number[] | undefined, rank: number, fallback?: number): (number | undefined)[] {
  if (values === undefined || values.length === 0) return Array.from({ length: rank }, () => fallback);
  if (values.length === rank) return [...values];
  if (values.length === 1) return Array.from({ length: rank }, () => values[0]);
  return Array.from({ length: rank }, () => undefined);
}

/** Same as `perDimension` for [before, after] pairs (ZeroPadding, Cropping). */
export function perDimensionPairs(
  values: [number, number][] | undefined,
  rank: number,
  fallback: [number, number],
): ([number, number] | undefined)[] {
  if (values === undefined || values.length === 0) return Array.from({ length: rank }, () => fallback);
  if (values.length === rank) return values.map((pair) => [pair[0], pair[1]]);
  if (values.length === 1) {
    const only = values[0]!;
    return Array.from({ length: rank }, () => [only[0], only[1]]);
  }
  return Array.from({ length: rank }, () => undefined);
}

/** Size of a dilated kernel: (k - 1)·d + 1. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

/**
 * Output length of a convolution or pooling window along one axis (Keras `conv_output_length`):
 * valid → ⌊(n − k_eff) / s⌋ + 1, same/causal → ⌈n / s⌉. Not clamped: a collapse shows as ≤ 0.
 */
export function convOutputLength(
  inputLength: Dim,
  kernel: number | undefined,
  stride: number | undefined,
  dilation: number | undefined,
  padding: LayerConfig["padding"],
): Dim {
  if (inputLength === null || stride === undefined || stride <= 0) return null;
  if (padding === "same" || padding === "causal") return Math.ceil(inputLength / stride);
  if (kernel === undefined || dilation === undefined) return null;
  return Math.floor((inputLength - effectiveKernel(kernel, dilation)) / stride) + 1;
}

/**
 * Output length of a transposed convolution along one axis (Keras `deconv_output_length`). With an
 * explicit output padding: (n − 1)·s + k_eff − 2·pad + output_padding, pad = ⌊k_eff / 2⌋ for same.
 */
export function transposedConvOutputLength(
  inputLength: Dim,
  kernel: number | undefined,
  stride: number | undefined,
  dilation: number | undefined,
  padding: LayerConfig["padding"],
  outputPadding: number | undefined,
): Dim {
  if (inputLength === null || stride === undefined || stride <= 0) return null;
  if (padding !== "valid" && padding !== "same") return null;
  if (outputPadding === undefined && padding === "same") return inputLength * stride;
  if (kernel === undefined || dilation === undefined) return null;
  const kEff = effectiveKernel(kernel, dilation);
  if (outputPadding === undefined) return inputLength * stride + Math.max(kEff - stride, 0);
  const pad = padding === "same" ? Math.floor(kEff / 2) : 0;
  return (inputLength - 1) * stride + kEff - 2 * pad + outputPadding;
}

export function mapDim(dim: Dim, f: (size: number) => number): Dim {
  return dim === null ? null : f(dim);
}

/** Product of sizes; null when any is unknown or not positive (an invalid tensor has no element count). */
export function productOfDims(dims: readonly Dim[]): number | null {
  let product = 1;
  for (const dim of dims) {
    if (dim === null || dim <= 0) return null;
    product *= dim;
  }
  return product;
}

/** A known positive size, or undefined (what parameter counts need). */
export function positive(dim: Dim | undefined): number | undefined {
  return dim !== null && dim !== undefined && dim > 0 ? dim : undefined;
}

/** Resolves a possibly negative axis against a rank; undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const resolved = axis < 0 ? rank + axis : axis;
  return resolved >= 0 && resolved < rank ? resolved : undefined;
}

export function copyShape(shape: Shape | undefined): Shape | undefined {
  return shape === undefined ? undefined : [...shape];
}
