/**
 * Output shapes of layers that work on feature maps: convolutions (plain, transposed, separable,
 * depthwise, ConvLSTM2D), pooling, global pooling, zero padding, cropping and up-sampling. Each takes the
 * spatial rank from the vocabulary, honours `dataFormat`, and returns undefined for an input of the wrong
 * rank (the rank-mismatch rule reads the input shapes itself).
 */
import type { Dim, LayerConfig, Shape } from "../program.js";
import {
  convOutputLength,
  isChannelsFirst,
  joinSpatial,
  mapDim,
  perDimension,
  perDimensionPairs,
  splitSpatial,
  transposedConvOutputLength,
} from "./dims.js";

/** Keras and TF.js both default `padding` to valid and pool sizes / up-sampling factors to 2. */
const DEFAULT_POOL_SIZE = 2;
const DEFAULT_UPSAMPLING = 2;

/** Spatial output sizes of a convolution window sliding over `spatial`. */
function convolvedSpatial(spatial: Dim[], config: LayerConfig): Dim[] {
  const rank = spatial.length;
  const kernel = perDimension(config.kernelSize, rank);
  // Absent means unknown (the front ends write the framework defaults they apply), never a guessed 1.
  const strides = perDimension(config.strides, rank);
  const dilation = perDimension(config.dilationRate, rank);
  const padding = config.padding;
  if (padding === undefined) return spatial.map(() => null);
  return spatial.map((n, i) => convOutputLength(n, kernel[i], strides[i], dilation[i], padding));
}

export function convShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const layout = splitSpatial(input, spatialRank, isChannelsFirst(config));
  if (layout === undefined) return undefined;
  return joinSpatial(layout.batch, convolvedSpatial(layout.spatial, config), config.filters ?? null, layout.channelsFirst);
}

/** DepthwiseConv2D: each input channel gets `depthMultiplier` filters of its own. */
export function depthwiseConvShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const layout = splitSpatial(input, spatialRank, isChannelsFirst(config));
  if (layout === undefined) return undefined;
  const multiplier = config.depthMultiplier ?? 1;
  const channels = mapDim(layout.channels, (c) => c * multiplier);
  return joinSpatial(layout.batch, convolvedSpatial(layout.spatial, config), channels, layout.channelsFirst);
}

export function transposedConvShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const layout = splitSpatial(input, spatialRank, isChannelsFirst(config));
  if (layout === undefined) return undefined;
  const kernel = perDimension(config.kernelSize, spatialRank);
  const strides = perDimension(config.strides, spatialRank);
  const dilation = perDimension(config.dilationRate, spatialRank);
  const outputPaddingWritten = config.outputPadding;
  const outputPadding = outputPaddingWritten === undefined ? undefined : perDimension(outputPaddingWritten, spatialRank);
  const padding = config.padding;
  const spatial = layout.spatial.map((n, i) =>
    padding === undefined || (outputPadding !== undefined && outputPadding[i] === undefined)
      ? null
      : transposedConvOutputLength(n, kernel[i], strides[i], dilation[i], padding, outputPadding?.[i]),
  );
  return joinSpatial(layout.batch, spatial, config.filters ?? null, layout.channelsFirst);
}

/**
 * For layers that keep the channels and resize each spatial axis on its own (pooling, padding, cropping,
 * up-sampling): the input's layout with every spatial size passed through `resize`.
 */
function resizeSpatial(
  config: LayerConfig,
  input: Shape | undefined,
  spatialRank: number,
  resize: (size: Dim, axis: number) => Dim,
): Shape | undefined {
  const layout = splitSpatial(input, spatialRank, isChannelsFirst(config));
  if (layout === undefined) return undefined;
  return joinSpatial(layout.batch, layout.spatial.map(resize), layout.channels, layout.channelsFirst);
}

export function poolingShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const pool = perDimension(config.poolSize, spatialRank, DEFAULT_POOL_SIZE);
  // Strides default to the pool size, dimension by dimension.
  const strides = config.strides === undefined ? pool : perDimension(config.strides, spatialRank);
  const padding = config.padding ?? "valid";
  return resizeSpatial(config, input, spatialRank, (n, i) => convOutputLength(n, pool[i], strides[i], 1, padding));
}

export function globalPoolingShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const layout = splitSpatial(input, spatialRank, isChannelsFirst(config));
  if (layout === undefined) return undefined;
  if (config.keepDims === true) {
    return joinSpatial(layout.batch, layout.spatial.map(() => 1), layout.channels, layout.channelsFirst);
  }
  return [layout.batch, layout.channels];
}

export function zeroPaddingShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const amounts = perDimensionPairs(config.paddingAmounts, spatialRank, [1, 1]);
  return resizeSpatial(config, input, spatialRank, (n, i) => {
    const pair = amounts[i];
    return pair === undefined ? null : mapDim(n, (size) => size + pair[0] + pair[1]);
  });
}

/** Keras defaults: Cropping1D crops (1, 1); Cropping2D crops nothing; Cropping3D crops (1, 1) per axis. */
function defaultCropping(spatialRank: number): [number, number] {
  return spatialRank === 2 ? [0, 0] : [1, 1];
}

export function croppingShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const amounts = perDimensionPairs(config.cropping, spatialRank, defaultCropping(spatialRank));
  return resizeSpatial(config, input, spatialRank, (n, i) => {
    const pair = amounts[i];
    return pair === undefined ? null : mapDim(n, (size) => size - pair[0] - pair[1]);
  });
}

export function upSamplingShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  const factors = perDimension(config.size, spatialRank, DEFAULT_UPSAMPLING);
  return resizeSpatial(config, input, spatialRank, (n, i) => {
    const factor = factors[i];
    return factor === undefined ? null : mapDim(n, (size) => size * factor);
  });
}

/**
 * ConvLSTM2D: input (b, t, h, w, c) — or (b, t, c, h, w) channels_first — convolved per step; the time
 * axis stays with return_sequences, else only the last step's map is returned.
 */
export function convLstmShape(config: LayerConfig, input: Shape | undefined, spatialRank: number): Shape | undefined {
  if (input === undefined || input.length !== spatialRank + 3) return undefined;
  const [batch = null, time = null, ...perStep] = input;
  const layout = splitSpatial([batch, ...perStep], spatialRank, isChannelsFirst(config));
  if (layout === undefined) return undefined;
  const map = joinSpatial(layout.batch, convolvedSpatial(layout.spatial, config), config.filters ?? null, layout.channelsFirst);
  return config.returnSequences === true ? [map[0] ?? null, time, ...map.slice(1)] : map;
}
