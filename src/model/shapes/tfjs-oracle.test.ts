/**
 * Cross-checks shape inference and parameter counts against real TensorFlow.js layers, which follow
 * Keras semantics: the same layer built in TF.js must report the same output shape and weight count.
 */
import { withConvDefaults } from "./testing.js";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { LayerConfig, Shape } from "../program.js";
import type { LayerKind } from "../vocabulary.js";
import { countParams, inferOutputShape } from "../shapes.js";

/** What the test needs of a TF.js layer. */
interface TfLayer {
  apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[]): unknown;
  countParams(): number;
}

interface OracleCase {
  name: string;
  kind: LayerKind;
  config: LayerConfig;
  /** Input shapes without the batch dimension. */
  inputs: number[][];
  make: () => TfLayer;
  /** Where TF.js departs from Keras, the Keras shape (which nncheck follows) and why. */
  kerasShape?: { shape: Shape; why: string };
}

const cases: OracleCase[] = [
  { name: "dense on rank 3", kind: "dense", config: { units: 7 }, inputs: [[5, 3]], make: () => tf.layers.dense({ units: 7 }) },
  { name: "dense without bias", kind: "dense", config: { units: 7, useBias: false }, inputs: [[12]], make: () => tf.layers.dense({ units: 7, useBias: false }) },
  { name: "conv1d strided", kind: "conv1d", config: { filters: 4, kernelSize: [3], strides: [2] }, inputs: [[20, 3]], make: () => tf.layers.conv1d({ filters: 4, kernelSize: 3, strides: 2 }) },
  { name: "conv1d causal dilated", kind: "conv1d", config: { filters: 4, kernelSize: [3], dilationRate: [2], padding: "causal" }, inputs: [[20, 3]], make: () => tf.layers.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: "causal" }),
    kerasShape: { shape: [null, 20, 4], why: "TF.js computes a causal output length as if valid; Keras keeps the length" } },
  { name: "conv2d asymmetric strides", kind: "conv2d", config: { filters: 5, kernelSize: [3, 4], strides: [2, 3] }, inputs: [[17, 23, 2]], make: () => tf.layers.conv2d({ filters: 5, kernelSize: [3, 4], strides: [2, 3] }) },
  { name: "conv2d same strided", kind: "conv2d", config: { filters: 5, kernelSize: [3, 3], strides: [2, 2], padding: "same" }, inputs: [[17, 23, 2]], make: () => tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: "same" }) },
  { name: "conv2d dilated", kind: "conv2d", config: { filters: 5, kernelSize: [3, 3], dilationRate: [3, 3] }, inputs: [[17, 23, 2]], make: () => tf.layers.conv2d({ filters: 5, kernelSize: 3, dilationRate: 3 }) },
  { name: "conv2d channels_first", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3], dataFormat: "channels_first" }, inputs: [[3, 32, 30]], make: () => tf.layers.conv2d({ filters: 8, kernelSize: 3, dataFormat: "channelsFirst" }) },
  { name: "conv2d collapse", kind: "conv2d", config: { filters: 8, kernelSize: [5, 5] }, inputs: [[2, 3, 8]], make: () => tf.layers.conv2d({ filters: 8, kernelSize: 5 }) },
  { name: "conv3d", kind: "conv3d", config: { filters: 3, kernelSize: [2, 3, 3], strides: [1, 2, 2] }, inputs: [[6, 11, 12, 2]], make: () => tf.layers.conv3d({ filters: 3, kernelSize: [2, 3, 3], strides: [1, 2, 2] }) },
  { name: "conv2dTranspose valid", kind: "conv2dTranspose", config: { filters: 4, kernelSize: [3, 3], strides: [2, 2] }, inputs: [[7, 9, 6]], make: () => tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2 }) },
  { name: "conv2dTranspose kernel < stride", kind: "conv2dTranspose", config: { filters: 4, kernelSize: [2, 2], strides: [3, 3] }, inputs: [[7, 9, 6]], make: () => tf.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 3 }) },
  { name: "conv2dTranspose same", kind: "conv2dTranspose", config: { filters: 4, kernelSize: [4, 4], strides: [2, 2], padding: "same" }, inputs: [[7, 9, 6]], make: () => tf.layers.conv2dTranspose({ filters: 4, kernelSize: 4, strides: 2, padding: "same" }) },
  { name: "separableConv2d", kind: "separableConv2d", config: { filters: 6, kernelSize: [3, 3], depthMultiplier: 2 }, inputs: [[10, 10, 3]], make: () => tf.layers.separableConv2d({ filters: 6, kernelSize: 3, depthMultiplier: 2 }) },
  { name: "depthwiseConv2d", kind: "depthwiseConv2d", config: { kernelSize: [3, 3], depthMultiplier: 3, strides: [2, 2] }, inputs: [[10, 11, 3]], make: () => tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 3, strides: 2 }) },
  { name: "maxPooling1d", kind: "maxPooling1d", config: { poolSize: [3] }, inputs: [[20, 4]], make: () => tf.layers.maxPooling1d({ poolSize: 3 }) },
  { name: "maxPooling2d default", kind: "maxPooling2d", config: {}, inputs: [[15, 9, 4]], make: () => tf.layers.maxPooling2d({}) },
  { name: "maxPooling2d overlapping", kind: "maxPooling2d", config: { poolSize: [3, 3], strides: [2, 2] }, inputs: [[15, 9, 4]], make: () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }) },
  { name: "averagePooling2d same", kind: "averagePooling2d", config: { poolSize: [3, 3], padding: "same" }, inputs: [[15, 9, 4]], make: () => tf.layers.averagePooling2d({ poolSize: 3, padding: "same" }) },
  { name: "maxPooling2d collapse", kind: "maxPooling2d", config: { poolSize: [2, 2] }, inputs: [[1, 1, 8]], make: () => tf.layers.maxPooling2d({ poolSize: 2 }) },
  { name: "maxPooling3d", kind: "maxPooling3d", config: { poolSize: [2, 2, 2] }, inputs: [[5, 8, 9, 2]], make: () => tf.layers.maxPooling3d({ poolSize: 2 }) },
  { name: "globalAveragePooling2d", kind: "globalAveragePooling2d", config: {}, inputs: [[7, 7, 12]], make: () => tf.layers.globalAveragePooling2d({}) },
  { name: "globalMaxPooling1d", kind: "globalMaxPooling1d", config: {}, inputs: [[7, 12]], make: () => tf.layers.globalMaxPooling1d({}) },
  { name: "flatten", kind: "flatten", config: {}, inputs: [[7, 7, 12]], make: () => tf.layers.flatten({}) },
  { name: "reshape with -1", kind: "reshape", config: { targetShape: [-1, 6] }, inputs: [[7, 12]], make: () => tf.layers.reshape({ targetShape: [-1, 6] }),
    kerasShape: { shape: [null, 14, 6], why: "TF.js leaves -1 unresolved when the batch is unknown; Keras resolves it from the non-batch dims" } },
  { name: "permute", kind: "permute", config: { dims: [3, 1, 2] }, inputs: [[4, 5, 6]], make: () => tf.layers.permute({ dims: [3, 1, 2] }) },
  { name: "repeatVector", kind: "repeatVector", config: { n: 4 }, inputs: [[6]], make: () => tf.layers.repeatVector({ n: 4 }) },
  { name: "embedding", kind: "embedding", config: { inputDim: 50, outputDim: 8 }, inputs: [[12]], make: () => tf.layers.embedding({ inputDim: 50, outputDim: 8 }) },
  { name: "simpleRNN", kind: "simpleRnn", config: { units: 5 }, inputs: [[9, 3]], make: () => tf.layers.simpleRNN({ units: 5 }) },
  { name: "lstm sequences", kind: "lstm", config: { units: 6, returnSequences: true }, inputs: [[9, 3]], make: () => tf.layers.lstm({ units: 6, returnSequences: true }) },
  // TF.js implements GRU with reset_after=False only.
  { name: "gru", kind: "gru", config: { units: 7, resetAfter: false }, inputs: [[9, 3]], make: () => tf.layers.gru({ units: 7 }) },
  {
    name: "bidirectional lstm concat",
    kind: "bidirectional",
    config: { units: 6, returnSequences: true, wrappedKind: "lstm" },
    inputs: [[9, 3]],
    make: () => tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 6, returnSequences: true }) }),
  },
  {
    name: "bidirectional simpleRNN sum",
    kind: "bidirectional",
    config: { units: 6, wrappedKind: "simpleRnn", mergeMode: "sum" },
    inputs: [[9, 3]],
    make: () => tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 6 }), mergeMode: "sum" }),
  },
  { name: "convLstm2d", kind: "convLstm2d", config: { filters: 4, kernelSize: [3, 3] }, inputs: [[3, 8, 9, 2]], make: () => tf.layers.convLstm2d({ filters: 4, kernelSize: 3 }) },
  {
    name: "timeDistributed dense",
    kind: "timeDistributed",
    config: { units: 4, wrappedKind: "dense" },
    inputs: [[9, 3]],
    make: () => tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 4 }) }),
  },
  { name: "batchNormalization", kind: "batchNormalization", config: {}, inputs: [[6, 6, 5]], make: () => tf.layers.batchNormalization({}) },
  { name: "batchNormalization axis 1", kind: "batchNormalization", config: { axis: 1 }, inputs: [[5, 6, 6]], make: () => tf.layers.batchNormalization({ axis: 1 }) },
  { name: "layerNormalization", kind: "layerNormalization", config: {}, inputs: [[6, 5]], make: () => tf.layers.layerNormalization({}) },
  { name: "prelu shared axes", kind: "prelu", config: { sharedAxes: [1, 2] }, inputs: [[6, 6, 5]], make: () => tf.layers.prelu({ sharedAxes: [1, 2] }) },
  { name: "concatenate axis 1", kind: "concatenate", config: { axis: 1 }, inputs: [[3, 5], [4, 5]], make: () => tf.layers.concatenate({ axis: 1 }) },
  { name: "dot", kind: "dot", config: { dotAxes: [2, 2] }, inputs: [[8, 6], [8, 6]], make: () => tf.layers.dot({ axes: [2, 2] }) },
  { name: "add", kind: "add", config: {}, inputs: [[3, 5], [3, 5]], make: () => tf.layers.add({}) },
  { name: "zeroPadding2d", kind: "zeroPadding2d", config: { paddingAmounts: [[1, 2], [3, 4]] }, inputs: [[5, 5, 2]], make: () => tf.layers.zeroPadding2d({ padding: [[1, 2], [3, 4]] }) },
  { name: "cropping2D", kind: "cropping2d", config: { cropping: [[1, 2], [0, 1]] }, inputs: [[8, 8, 2]], make: () => tf.layers.cropping2D({ cropping: [[1, 2], [0, 1]] }) },
  { name: "upSampling2d", kind: "upSampling2d", config: { size: [2, 3] }, inputs: [[4, 5, 2]], make: () => tf.layers.upSampling2d({ size: [2, 3] }) },
];

function tfjsFacts(c: OracleCase): { shape: Shape; params: number } {
  const layer = c.make();
  const symbolic = c.inputs.map((shape) => tf.input({ shape }));
  const output = layer.apply(symbolic.length === 1 ? symbolic[0]! : symbolic);
  const single = Array.isArray(output) ? output[0] : output;
  if (single === undefined || !("shape" in single)) throw new Error(`no symbolic output for ${c.name}`);
  return { shape: [...single.shape], params: layer.countParams() };
}

describe("shape inference agrees with TensorFlow.js layers", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const expected = tfjsFacts(c);
    const inputShapes = c.inputs.map((shape): Shape => [null, ...shape]);
    if (c.kerasShape !== undefined) expect(expected.shape).not.toEqual(c.kerasShape.shape); // the divergence is still real
    const config = withConvDefaults(c.kind, c.config);
    expect(inferOutputShape(c.kind, config, inputShapes)).toEqual(c.kerasShape?.shape ?? expected.shape);
    expect(countParams(c.kind, config, inputShapes)).toBe(expected.params);
  });
});
