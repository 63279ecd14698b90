import { describe, expect, it } from "vitest";
import type { Architecture, Layer, LayerConfig, Shape } from "./program.js";
import type { LayerKind } from "./vocabulary.js";
import { convOutputLength, countParams, inferOutputShape, propagateShapes } from "./shapes.js";
import { withConvDefaults } from "./shapes/testing.js";

interface ShapeCase {
  name: string;
  kind: LayerKind;
  config?: LayerConfig;
  inputs: (Shape | undefined)[];
  expected: Shape | undefined;
}

function runShapeTable(cases: ShapeCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(inferOutputShape(c.kind, withConvDefaults(c.kind, c.config ?? {}), c.inputs)).toEqual(c.expected);
  });
}

describe("Reshape with a target of unknown sizes", () => {
  it("keeps the target's rank", () => {
    expect(inferOutputShape("reshape", { targetRank: 3 }, [[null, 128]])).toEqual([null, null, null, null]);
    expect(inferOutputShape("reshape", {}, [[null, 128]])).toBeUndefined();
  });
});

describe("hyperparameters a config lacks are unknown, never a guessed default", () => {
  const cases: [string, LayerConfig][] = [
    ["strides", { filters: 8, kernelSize: [3, 3], padding: "same", dilationRate: [1, 1] }],
    ["padding", { filters: 8, kernelSize: [3, 3], strides: [1, 1], dilationRate: [1, 1] }],
    ["dilation", { filters: 8, kernelSize: [3, 3], strides: [1, 1], padding: "valid" }],
  ];
  it.each(cases)("Conv2D without %s", (_missing, config) => {
    expect(inferOutputShape("conv2d", config, [[null, 28, 28, 1]])).toEqual([null, null, null, 8]);
  });
  it("Conv2DTranspose without strides", () => {
    expect(inferOutputShape("conv2dTranspose", { filters: 4, kernelSize: [3, 3], padding: "same", dilationRate: [1, 1] }, [[null, 7, 7, 8]])).toEqual([null, null, null, 4]);
  });
});

describe("convOutputLength", () => {
  it.each([
    // n, k, s, d, padding, expected
    [28, 3, 1, 1, "valid", 26],
    [28, 3, 2, 1, "valid", 13],
    [27, 3, 2, 1, "valid", 13],
    [28, 3, 1, 2, "valid", 24], // k_eff = 5
    [28, 3, 1, 1, "same", 28],
    [28, 3, 3, 1, "same", 10], // ceil(28/3)
    [28, 5, 1, 4, "causal", 28],
    [3, 5, 1, 1, "valid", -1], // collapse is not clamped
    [4, 5, 2, 1, "valid", 0], // floor(-1/2) + 1 = 0, Python-style floor
    [null, 3, 1, 1, "valid", null],
    [28, undefined, 1, 1, "valid", null],
    [28, undefined, 2, 1, "same", 14], // same padding does not need the kernel
  ] as const)("n=%s k=%s s=%s d=%s %s → %s", (n, k, s, d, padding, expected) => {
    expect(convOutputLength(n, k, s, d, padding)).toBe(expected);
  });
});

describe("inferOutputShape: input, dense, identity layers", () => {
  runShapeTable([
    { name: "Input returns the declared shape", kind: "input", inputs: [[null, 28, 28, 1]], expected: [null, 28, 28, 1] },
    { name: "Input without a declared shape is unknown", kind: "input", inputs: [undefined], expected: undefined },
    { name: "Dense on rank 2", kind: "dense", config: { units: 10 }, inputs: [[null, 784]], expected: [null, 10] },
    { name: "Dense applies to the last axis of a map", kind: "dense", config: { units: 64 }, inputs: [[null, 7, 7, 32]], expected: [null, 7, 7, 64] },
    { name: "Dense with unknown units keeps the rank", kind: "dense", inputs: [[null, 784]], expected: [null, null] },
    { name: "Dense on rank 1 is a rank mismatch", kind: "dense", config: { units: 10 }, inputs: [[null]], expected: undefined },
    { name: "Dense with unknown input", kind: "dense", config: { units: 10 }, inputs: [undefined], expected: undefined },
    { name: "Dropout is identity", kind: "dropout", config: { rate: 0.5 }, inputs: [[null, 128]], expected: [null, 128] },
    { name: "SpatialDropout is identity", kind: "spatialDropout", inputs: [[null, 8, 8, 3]], expected: [null, 8, 8, 3] },
    { name: "GaussianNoise is identity", kind: "gaussianNoise", inputs: [[null, 5]], expected: [null, 5] },
    { name: "BatchNormalization is identity", kind: "batchNormalization", inputs: [[null, 8, 8, 3]], expected: [null, 8, 8, 3] },
    { name: "LayerNormalization is identity", kind: "layerNormalization", inputs: [[null, 4, 6]], expected: [null, 4, 6] },
    { name: "Activation is identity", kind: "activation", inputs: [[null, 10]], expected: [null, 10] },
    { name: "LeakyReLU is identity", kind: "leakyRelu", config: { alpha: 0.1 }, inputs: [[null, 10]], expected: [null, 10] },
    { name: "PReLU is identity", kind: "prelu", inputs: [[null, 3, 3]], expected: [null, 3, 3] },
    { name: "Softmax layer is identity", kind: "softmax", inputs: [[null, 3]], expected: [null, 3] },
    { name: "Rescaling is identity", kind: "rescaling", config: { scale: 1 / 255 }, inputs: [[null, 32, 32, 3]], expected: [null, 32, 32, 3] },
    { name: "Normalization is identity", kind: "normalization", inputs: [[null, 8]], expected: [null, 8] },
    { name: "Lambda is unknown", kind: "lambda", inputs: [[null, 8]], expected: undefined },
    { name: "unknown layer is unknown", kind: "unknown", inputs: [[null, 8]], expected: undefined },
    { name: "TimeDistributed without its wrapped kind is unknown", kind: "timeDistributed", inputs: [[null, 5, 8]], expected: undefined },
    { name: "TimeDistributed(Dense)", kind: "timeDistributed", config: { units: 3, wrappedKind: "dense" }, inputs: [[null, 5, 8]], expected: [null, 5, 3] },
    { name: "TimeDistributed(Conv2D)", kind: "timeDistributed", config: { filters: 4, kernelSize: [3, 3], wrappedKind: "conv2d" }, inputs: [[null, 5, 8, 8, 1]], expected: [null, 5, 6, 6, 4] },
    { name: "TimeDistributed(Flatten)", kind: "timeDistributed", config: { wrappedKind: "flatten" }, inputs: [[null, 5, 8, 8, 2]], expected: [null, 5, 128] },
    { name: "TimeDistributed on rank 2", kind: "timeDistributed", config: { units: 3, wrappedKind: "dense" }, inputs: [[null, 8]], expected: undefined },
    { name: "Dot without its axes is unknown", kind: "dot", inputs: [[null, 8], [null, 8]], expected: undefined },
  ]);

  it("does not alias the input shape", () => {
    const input: Shape = [null, 10];
    const output = inferOutputShape("dropout", {}, [input]);
    expect(output).not.toBe(input);
  });

  it("keeps the shape whether the activation is known or not (activations are element-wise)", () => {
    const arch = chain([["dense", { units: 4 }], ["activation", {}]], [null, 3]);
    arch.layers[0]!.activation = "softmax"; // the Activation layer's own activation stays unknown
    propagateShapes(arch);
    expect(arch.layers.map((l) => l.outputShape)).toEqual([[null, 4], [null, 4]]);
  });
});

describe("inferOutputShape: convolutions", () => {
  runShapeTable([
    { name: "Conv2D valid", kind: "conv2d", config: { filters: 32, kernelSize: [3, 3] }, inputs: [[null, 28, 28, 1]], expected: [null, 26, 26, 32] },
    { name: "Conv2D same", kind: "conv2d", config: { filters: 32, kernelSize: [3, 3], padding: "same" }, inputs: [[null, 28, 28, 1]], expected: [null, 28, 28, 32] },
    { name: "Conv2D same strided (ceil)", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3], padding: "same", strides: [2, 2] }, inputs: [[null, 7, 7, 3]], expected: [null, 4, 4, 8] },
    { name: "Conv2D valid strided (floor)", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3], strides: [2, 2] }, inputs: [[null, 8, 8, 3]], expected: [null, 3, 3, 8] },
    { name: "Conv2D asymmetric kernel and strides", kind: "conv2d", config: { filters: 4, kernelSize: [5, 1], strides: [1, 2] }, inputs: [[null, 20, 20, 3]], expected: [null, 16, 10, 4] },
    { name: "Conv2D dilation", kind: "conv2d", config: { filters: 4, kernelSize: [3, 3], dilationRate: [2, 2] }, inputs: [[null, 10, 10, 1]], expected: [null, 6, 6, 4] },
    { name: "Conv2D single kernel value is expanded", kind: "conv2d", config: { filters: 4, kernelSize: [5] }, inputs: [[null, 10, 12, 1]], expected: [null, 6, 8, 4] },
    { name: "Conv2D channels_first", kind: "conv2d", config: { filters: 16, kernelSize: [3, 3], dataFormat: "channels_first" }, inputs: [[null, 3, 32, 32]], expected: [null, 16, 30, 30] },
    { name: "Conv2D channels_last reading a channels-first shape", kind: "conv2d", config: { filters: 16, kernelSize: [3, 3] }, inputs: [[null, 3, 32, 32]], expected: [null, 1, 30, 16] },
    { name: "Conv2D collapse to 0", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3] }, inputs: [[null, 2, 2, 8]], expected: [null, 0, 0, 8] },
    { name: "Conv2D collapse below 0", kind: "conv2d", config: { filters: 8, kernelSize: [5, 5] }, inputs: [[null, 2, 3, 8]], expected: [null, -2, -1, 8] },
    { name: "Conv2D unknown spatial size stays unknown", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3] }, inputs: [[null, null, 32, 3]], expected: [null, null, 30, 8] },
    { name: "Conv2D unknown kernel keeps the rank", kind: "conv2d", config: { filters: 8 }, inputs: [[null, 32, 32, 3]], expected: [null, null, null, 8] },
    { name: "Conv2D on rank 2 is a rank mismatch", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3] }, inputs: [[null, 784]], expected: undefined },
    { name: "Conv2D on rank 3 is a rank mismatch", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3] }, inputs: [[null, 28, 28]], expected: undefined },
    { name: "Conv1D valid", kind: "conv1d", config: { filters: 64, kernelSize: [5] }, inputs: [[null, 100, 8]], expected: [null, 96, 64] },
    { name: "Conv1D causal dilated", kind: "conv1d", config: { filters: 16, kernelSize: [2], dilationRate: [4], padding: "causal" }, inputs: [[null, 100, 8]], expected: [null, 100, 16] },
    { name: "Conv1D channels_first", kind: "conv1d", config: { filters: 16, kernelSize: [3], dataFormat: "channels_first" }, inputs: [[null, 8, 100]], expected: [null, 16, 98] },
    { name: "Conv1D on rank 4 is a rank mismatch", kind: "conv1d", config: { filters: 16, kernelSize: [3] }, inputs: [[null, 8, 8, 1]], expected: undefined },
    { name: "Conv3D valid strided", kind: "conv3d", config: { filters: 8, kernelSize: [3, 3, 3], strides: [1, 2, 2] }, inputs: [[null, 16, 32, 32, 1]], expected: [null, 14, 15, 15, 8] },
    { name: "Conv2DTranspose valid", kind: "conv2dTranspose", config: { filters: 8, kernelSize: [3, 3], strides: [2, 2] }, inputs: [[null, 7, 7, 16]], expected: [null, 15, 15, 8] },
    { name: "Conv2DTranspose valid, kernel smaller than stride", kind: "conv2dTranspose", config: { filters: 8, kernelSize: [2, 2], strides: [3, 3] }, inputs: [[null, 7, 7, 16]], expected: [null, 21, 21, 8] },
    { name: "Conv2DTranspose same", kind: "conv2dTranspose", config: { filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: "same" }, inputs: [[null, 7, 7, 16]], expected: [null, 14, 14, 8] },
    { name: "Conv2DTranspose same with output_padding", kind: "conv2dTranspose", config: { filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: "same", outputPadding: [1] }, inputs: [[null, 7, 7, 16]], expected: [null, 14, 14, 8] },
    { name: "Conv2DTranspose valid with output_padding", kind: "conv2dTranspose", config: { filters: 8, kernelSize: [3, 3], strides: [2, 2], outputPadding: [1, 0] }, inputs: [[null, 7, 7, 16]], expected: [null, 16, 15, 8] },
    { name: "Conv2DTranspose channels_first", kind: "conv2dTranspose", config: { filters: 8, kernelSize: [4, 4], strides: [2, 2], padding: "same", dataFormat: "channels_first" }, inputs: [[null, 16, 7, 7]], expected: [null, 8, 14, 14] },
    { name: "SeparableConv2D", kind: "separableConv2d", config: { filters: 32, kernelSize: [3, 3], strides: [2, 2] }, inputs: [[null, 32, 32, 3]], expected: [null, 15, 15, 32] },
    { name: "DepthwiseConv2D multiplies channels", kind: "depthwiseConv2d", config: { kernelSize: [3, 3], depthMultiplier: 2, padding: "same" }, inputs: [[null, 32, 32, 3]], expected: [null, 32, 32, 6] },
    { name: "DepthwiseConv2D default multiplier", kind: "depthwiseConv2d", config: { kernelSize: [3, 3] }, inputs: [[null, 32, 32, 3]], expected: [null, 30, 30, 3] },
  ]);
});

describe("inferOutputShape: pooling", () => {
  runShapeTable([
    { name: "MaxPooling2D default window 2", kind: "maxPooling2d", inputs: [[null, 28, 28, 32]], expected: [null, 14, 14, 32] },
    { name: "MaxPooling2D odd size floors", kind: "maxPooling2d", config: { poolSize: [2, 2] }, inputs: [[null, 27, 27, 32]], expected: [null, 13, 13, 32] },
    { name: "MaxPooling2D same ceils", kind: "maxPooling2d", config: { poolSize: [2, 2], padding: "same" }, inputs: [[null, 27, 27, 32]], expected: [null, 14, 14, 32] },
    { name: "MaxPooling2D explicit strides", kind: "maxPooling2d", config: { poolSize: [3, 3], strides: [1, 1] }, inputs: [[null, 10, 10, 4]], expected: [null, 8, 8, 4] },
    { name: "MaxPooling2D overlapping (3, stride 2)", kind: "maxPooling2d", config: { poolSize: [3, 3], strides: [2, 2] }, inputs: [[null, 55, 55, 96]], expected: [null, 27, 27, 96] },
    { name: "MaxPooling2D window larger than the map collapses", kind: "maxPooling2d", config: { poolSize: [4, 4] }, inputs: [[null, 3, 3, 8]], expected: [null, 0, 0, 8] },
    { name: "MaxPooling2D 1x1 map by 2 collapses to 0", kind: "maxPooling2d", config: { poolSize: [2, 2] }, inputs: [[null, 1, 1, 8]], expected: [null, 0, 0, 8] },
    { name: "MaxPooling2D channels_first", kind: "maxPooling2d", config: { poolSize: [2, 2], dataFormat: "channels_first" }, inputs: [[null, 3, 32, 16]], expected: [null, 3, 16, 8] },
    { name: "MaxPooling2D on rank 3 is a rank mismatch", kind: "maxPooling2d", inputs: [[null, 28, 28]], expected: undefined },
    { name: "AveragePooling1D", kind: "averagePooling1d", config: { poolSize: [4] }, inputs: [[null, 100, 8]], expected: [null, 25, 8] },
    { name: "MaxPooling1D strides differ from window", kind: "maxPooling1d", config: { poolSize: [3], strides: [2] }, inputs: [[null, 10, 8]], expected: [null, 4, 8] },
    { name: "MaxPooling3D", kind: "maxPooling3d", config: { poolSize: [2, 2, 2] }, inputs: [[null, 16, 16, 16, 4]], expected: [null, 8, 8, 8, 4] },
    { name: "GlobalAveragePooling2D", kind: "globalAveragePooling2d", inputs: [[null, 7, 7, 512]], expected: [null, 512] },
    { name: "GlobalMaxPooling2D channels_first", kind: "globalMaxPooling2d", config: { dataFormat: "channels_first" }, inputs: [[null, 512, 7, 7]], expected: [null, 512] },
    { name: "GlobalAveragePooling2D keepdims", kind: "globalAveragePooling2d", config: { keepDims: true }, inputs: [[null, 7, 7, 512]], expected: [null, 1, 1, 512] },
    { name: "GlobalMaxPooling1D", kind: "globalMaxPooling1d", inputs: [[null, 100, 64]], expected: [null, 64] },
    { name: "GlobalAveragePooling3D", kind: "globalAveragePooling3d", inputs: [[null, 4, 4, 4, 16]], expected: [null, 16] },
    { name: "GlobalMaxPooling1D on rank 2 is a rank mismatch", kind: "globalMaxPooling1d", inputs: [[null, 64]], expected: undefined },
  ]);
});

describe("inferOutputShape: reshaping layers", () => {
  runShapeTable([
    { name: "Flatten", kind: "flatten", inputs: [[null, 7, 7, 64]], expected: [null, 3136] },
    { name: "Flatten of rank 2 keeps it", kind: "flatten", inputs: [[null, 10]], expected: [null, 10] },
    { name: "Flatten of rank 1 adds an axis", kind: "flatten", inputs: [[null]], expected: [null, 1] },
    { name: "Flatten keeps a fixed batch", kind: "flatten", inputs: [[32, 4, 4]], expected: [32, 16] },
    { name: "Flatten with an unknown dim", kind: "flatten", inputs: [[null, null, 4]], expected: [null, null] },
    { name: "Flatten of a collapsed map has no size", kind: "flatten", inputs: [[null, -2, -2, 8]], expected: [null, null] },
    { name: "Reshape to a target", kind: "reshape", config: { targetShape: [28, 28, 1] }, inputs: [[null, 784]], expected: [null, 28, 28, 1] },
    { name: "Reshape resolves -1", kind: "reshape", config: { targetShape: [-1, 7] }, inputs: [[null, 28, 4]], expected: [null, 16, 7] },
    { name: "Reshape with -1 and unknown input", kind: "reshape", config: { targetShape: [-1, 7] }, inputs: [[null, null, 4]], expected: [null, null, 7] },
    { name: "Reshape with -1 not dividing", kind: "reshape", config: { targetShape: [-1, 5] }, inputs: [[null, 28]], expected: [null, null, 5] },
    { name: "Reshape without -1 needs no input", kind: "reshape", config: { targetShape: [4, 4] }, inputs: [undefined], expected: [null, 4, 4] },
    { name: "Reshape keeps the element mismatch visible", kind: "reshape", config: { targetShape: [10, 10] }, inputs: [[null, 784]], expected: [null, 10, 10] },
    { name: "Reshape with two -1 is unknown", kind: "reshape", config: { targetShape: [-1, -1] }, inputs: [[null, 784]], expected: undefined },
    { name: "Reshape without a target is unknown", kind: "reshape", inputs: [[null, 784]], expected: undefined },
    { name: "Permute", kind: "permute", config: { dims: [2, 1] }, inputs: [[null, 10, 64]], expected: [null, 64, 10] },
    { name: "Permute rank 3", kind: "permute", config: { dims: [3, 1, 2] }, inputs: [[null, 4, 5, 6]], expected: [null, 6, 4, 5] },
    { name: "Permute with a non-permutation", kind: "permute", config: { dims: [1, 1] }, inputs: [[null, 4, 5]], expected: undefined },
    { name: "Permute with the wrong length", kind: "permute", config: { dims: [2, 1] }, inputs: [[null, 4, 5, 6]], expected: undefined },
    { name: "RepeatVector", kind: "repeatVector", config: { n: 3 }, inputs: [[null, 32]], expected: [null, 3, 32] },
    { name: "RepeatVector on rank 3 is a rank mismatch", kind: "repeatVector", config: { n: 3 }, inputs: [[null, 4, 32]], expected: undefined },
  ]);
});

describe("inferOutputShape: embedding and recurrent layers", () => {
  runShapeTable([
    { name: "Embedding appends the vector axis", kind: "embedding", config: { inputDim: 1000, outputDim: 64 }, inputs: [[null, 10]], expected: [null, 10, 64] },
    { name: "Embedding input_length fills the sequence", kind: "embedding", config: { inputDim: 1000, outputDim: 64, inputLength: 20 }, inputs: [[null, null]], expected: [null, 20, 64] },
    { name: "Embedding input_length without an input", kind: "embedding", config: { inputDim: 1000, outputDim: 64, inputLength: 20 }, inputs: [undefined], expected: [null, 20, 64] },
    { name: "Embedding without any input is unknown", kind: "embedding", config: { inputDim: 1000, outputDim: 64 }, inputs: [undefined], expected: undefined },
    { name: "LSTM last step", kind: "lstm", config: { units: 32 }, inputs: [[null, 10, 64]], expected: [null, 32] },
    { name: "LSTM return_sequences", kind: "lstm", config: { units: 32, returnSequences: true }, inputs: [[null, 10, 64]], expected: [null, 10, 32] },
    { name: "GRU", kind: "gru", config: { units: 16 }, inputs: [[null, null, 8]], expected: [null, 16] },
    { name: "SimpleRNN return_sequences", kind: "simpleRnn", config: { units: 4, returnSequences: true }, inputs: [[null, 5, 2]], expected: [null, 5, 4] },
    { name: "LSTM on rank 2 is a rank mismatch", kind: "lstm", config: { units: 32 }, inputs: [[null, 64]], expected: undefined },
    { name: "LSTM on rank 4 is a rank mismatch", kind: "lstm", config: { units: 32 }, inputs: [[null, 28, 28, 1]], expected: undefined },
    { name: "Bidirectional concat by default", kind: "bidirectional", config: { units: 32 }, inputs: [[null, 10, 8]], expected: [null, 64] },
    { name: "Bidirectional concat with sequences", kind: "bidirectional", config: { units: 32, returnSequences: true, mergeMode: "concat" }, inputs: [[null, 10, 8]], expected: [null, 10, 64] },
    { name: "Bidirectional sum", kind: "bidirectional", config: { units: 32, mergeMode: "sum" }, inputs: [[null, 10, 8]], expected: [null, 32] },
    { name: "Bidirectional ave", kind: "bidirectional", config: { units: 32, mergeMode: "ave" }, inputs: [[null, 10, 8]], expected: [null, 32] },
    { name: "Bidirectional merge_mode=None has no single shape", kind: "bidirectional", config: { units: 32, mergeMode: null }, inputs: [[null, 10, 8]], expected: undefined },
    { name: "ConvLSTM2D last step", kind: "convLstm2d", config: { filters: 8, kernelSize: [3, 3] }, inputs: [[null, 5, 32, 32, 3]], expected: [null, 30, 30, 8] },
    { name: "ConvLSTM2D sequences", kind: "convLstm2d", config: { filters: 8, kernelSize: [3, 3], padding: "same", returnSequences: true }, inputs: [[null, 5, 32, 32, 3]], expected: [null, 5, 32, 32, 8] },
    { name: "ConvLSTM2D channels_first", kind: "convLstm2d", config: { filters: 8, kernelSize: [3, 3], dataFormat: "channels_first", returnSequences: true }, inputs: [[null, 5, 3, 32, 32]], expected: [null, 5, 8, 30, 30] },
    { name: "ConvLSTM2D on rank 4 is a rank mismatch", kind: "convLstm2d", config: { filters: 8, kernelSize: [3, 3] }, inputs: [[null, 32, 32, 3]], expected: undefined },
  ]);
});

describe("inferOutputShape: merges", () => {
  runShapeTable([
    { name: "Concatenate last axis", kind: "concatenate", inputs: [[null, 8, 8, 16], [null, 8, 8, 32]], expected: [null, 8, 8, 48] },
    { name: "Concatenate axis 1", kind: "concatenate", config: { axis: 1 }, inputs: [[null, 3, 5], [null, 4, 5]], expected: [null, 7, 5] },
    { name: "Concatenate negative axis", kind: "concatenate", config: { axis: -2 }, inputs: [[null, 3, 5], [null, 4, 5]], expected: [null, 7, 5] },
    { name: "Concatenate three inputs", kind: "concatenate", inputs: [[null, 1], [null, 2], [null, 3]], expected: [null, 6] },
    { name: "Concatenate with other dims disagreeing", kind: "concatenate", inputs: [[null, 8, 8, 16], [null, 4, 4, 16]], expected: undefined },
    { name: "Concatenate unknown joined size", kind: "concatenate", inputs: [[null, null], [null, 3]], expected: [null, null] },
    { name: "Concatenate unknown other dim takes the known", kind: "concatenate", inputs: [[null, null, 3], [null, 4, 3]], expected: [null, 4, 6] },
    { name: "Concatenate different ranks", kind: "concatenate", inputs: [[null, 4], [null, 4, 3]], expected: undefined },
    { name: "Concatenate an unknown input", kind: "concatenate", inputs: [[null, 4], undefined], expected: undefined },
    { name: "Concatenate axis out of range", kind: "concatenate", config: { axis: 3 }, inputs: [[null, 4], [null, 4]], expected: undefined },
    { name: "Add equal shapes", kind: "add", inputs: [[null, 8, 8, 16], [null, 8, 8, 16]], expected: [null, 8, 8, 16] },
    { name: "Add broadcasts the batch", kind: "add", inputs: [[32, 16], [null, 16]], expected: [32, 16] },
    { name: "Add mismatched sizes", kind: "add", inputs: [[null, 16], [null, 32]], expected: undefined },
    { name: "Add broadcasts a size-1 axis", kind: "add", inputs: [[null, 1, 16], [null, 5, 16]], expected: [null, 5, 16] },
    { name: "Add contradicting fixed batches", kind: "add", inputs: [[1, 16], [32, 16]], expected: undefined },
    { name: "Multiply", kind: "multiply", inputs: [[null, 4], [null, 4], [null, 4]], expected: [null, 4] },
    // Keras 3: Dot(axes=(2, 2)) of (None, 8, 6) and (None, 8, 6) is (None, 8, 8) (oracle); axes=-1 of two vectors is (None, 1).
    { name: "Dot over one axis per input", kind: "dot", config: { dotAxes: [2, 2] }, inputs: [[null, 8, 6], [null, 8, 6]], expected: [null, 8, 8] },
    { name: "Dot of two vectors gets a unit axis", kind: "dot", config: { dotAxes: [-1] }, inputs: [[null, 16], [null, 16]], expected: [null, 1] },
    { name: "Dot over different axes", kind: "dot", config: { dotAxes: [1, 2] }, inputs: [[null, 5, 3], [null, 4, 5]], expected: [null, 3, 4] },
    { name: "Dot with unequal contracted sizes", kind: "dot", config: { dotAxes: [1] }, inputs: [[null, 5], [null, 6]], expected: undefined },
    { name: "Dot over the batch axis", kind: "dot", config: { dotAxes: [0] }, inputs: [[null, 5], [null, 5]], expected: undefined },
    { name: "Dot of one input", kind: "dot", config: { dotAxes: [1] }, inputs: [[null, 5]], expected: undefined },
    { name: "Subtract needs exactly two", kind: "subtract", inputs: [[null, 4], [null, 4], [null, 4]], expected: undefined },
    { name: "Subtract", kind: "subtract", inputs: [[null, 4], [null, 4]], expected: [null, 4] },
    { name: "Average", kind: "average", inputs: [[null, 4], [null, null]], expected: [null, 4] },
    { name: "Maximum", kind: "maximum", inputs: [[null, 4], [null, 4]], expected: [null, 4] },
    { name: "Minimum different ranks", kind: "minimum", inputs: [[null, 4], [null, 4, 1]], expected: undefined },
  ]);
});

describe("inferOutputShape: padding, cropping, up-sampling", () => {
  runShapeTable([
    { name: "ZeroPadding2D default 1", kind: "zeroPadding2d", inputs: [[null, 28, 28, 1]], expected: [null, 30, 30, 1] },
    { name: "ZeroPadding2D asymmetric", kind: "zeroPadding2d", config: { paddingAmounts: [[1, 2], [3, 4]] }, inputs: [[null, 10, 10, 3]], expected: [null, 13, 17, 3] },
    { name: "ZeroPadding2D channels_first", kind: "zeroPadding2d", config: { paddingAmounts: [[2, 2], [2, 2]], dataFormat: "channels_first" }, inputs: [[null, 3, 10, 10]], expected: [null, 3, 14, 14] },
    { name: "ZeroPadding1D", kind: "zeroPadding1d", config: { paddingAmounts: [[2, 3]] }, inputs: [[null, 10, 4]], expected: [null, 15, 4] },
    { name: "ZeroPadding3D", kind: "zeroPadding3d", config: { paddingAmounts: [[1, 1]] }, inputs: [[null, 4, 4, 4, 2]], expected: [null, 6, 6, 6, 2] },
    { name: "Cropping2D", kind: "cropping2d", config: { cropping: [[2, 2], [4, 4]] }, inputs: [[null, 28, 28, 3]], expected: [null, 24, 20, 3] },
    { name: "Cropping2D default crops nothing", kind: "cropping2d", inputs: [[null, 28, 28, 3]], expected: [null, 28, 28, 3] },
    { name: "Cropping1D default crops one each side", kind: "cropping1d", inputs: [[null, 10, 3]], expected: [null, 8, 3] },
    // Keras 3: Cropping3D(((0, 1), (1, 1), (0, 0))) of (None, 4, 5, 5, 2) is (None, 3, 3, 5, 2) (oracle); the default crops one each side.
    { name: "Cropping3D", kind: "cropping3d", config: { cropping: [[0, 1], [1, 1], [0, 0]] }, inputs: [[null, 4, 5, 5, 2]], expected: [null, 3, 3, 5, 2] },
    { name: "Cropping3D default crops one each side", kind: "cropping3d", inputs: [[null, 4, 5, 6, 2]], expected: [null, 2, 3, 4, 2] },
    { name: "Cropping past the map collapses", kind: "cropping2d", config: { cropping: [[3, 3], [0, 0]] }, inputs: [[null, 4, 4, 3]], expected: [null, -2, 4, 3] },
    { name: "UpSampling2D default 2", kind: "upSampling2d", inputs: [[null, 7, 7, 16]], expected: [null, 14, 14, 16] },
    { name: "UpSampling2D size", kind: "upSampling2d", config: { size: [2, 3] }, inputs: [[null, 7, 7, 16]], expected: [null, 14, 21, 16] },
    { name: "UpSampling1D", kind: "upSampling1d", config: { size: [4] }, inputs: [[null, 5, 16]], expected: [null, 20, 16] },
    { name: "UpSampling3D", kind: "upSampling3d", inputs: [[null, 2, 3, 4, 1]], expected: [null, 4, 6, 8, 1] },
    { name: "UpSampling2D on rank 3 is a rank mismatch", kind: "upSampling2d", inputs: [[null, 7, 7]], expected: undefined },
  ]);
});

describe("countParams", () => {
  interface ParamCase {
    name: string;
    kind: LayerKind;
    config?: LayerConfig;
    input: Shape | undefined;
    expected: number | undefined;
  }
  const cases: ParamCase[] = [
    { name: "Dense 784→128", kind: "dense", config: { units: 128 }, input: [null, 784], expected: 784 * 128 + 128 },
    { name: "Dense without bias", kind: "dense", config: { units: 10, useBias: false }, input: [null, 128], expected: 1280 },
    { name: "Dense on a map uses the last axis", kind: "dense", config: { units: 8 }, input: [null, 7, 7, 4], expected: 4 * 8 + 8 },
    { name: "Dense with unknown input width", kind: "dense", config: { units: 8 }, input: [null, null], expected: undefined },
    { name: "Dense with unknown units", kind: "dense", input: [null, 8], expected: undefined },
    { name: "Dense with unknown input", kind: "dense", config: { units: 8 }, input: undefined, expected: undefined },
    { name: "Conv2D 3x3, 1→32", kind: "conv2d", config: { filters: 32, kernelSize: [3, 3] }, input: [null, 28, 28, 1], expected: 320 },
    { name: "Conv2D 3x3, 32→64", kind: "conv2d", config: { filters: 64, kernelSize: [3, 3] }, input: [null, 26, 26, 32], expected: 18496 },
    { name: "Conv2D channels_first", kind: "conv2d", config: { filters: 16, kernelSize: [3, 3], dataFormat: "channels_first" }, input: [null, 3, 32, 32], expected: 3 * 9 * 16 + 16 },
    { name: "Conv2D without bias", kind: "conv2d", config: { filters: 16, kernelSize: [1, 1], useBias: false }, input: [null, 8, 8, 4], expected: 64 },
    { name: "Conv2D unknown channels", kind: "conv2d", config: { filters: 16, kernelSize: [3, 3] }, input: [null, 8, 8, null], expected: undefined },
    { name: "Conv2D wrong rank", kind: "conv2d", config: { filters: 16, kernelSize: [3, 3] }, input: [null, 8], expected: undefined },
    { name: "Conv1D", kind: "conv1d", config: { filters: 64, kernelSize: [5] }, input: [null, 100, 8], expected: 5 * 8 * 64 + 64 },
    { name: "Conv3D", kind: "conv3d", config: { filters: 8, kernelSize: [3, 3, 3] }, input: [null, 16, 16, 16, 2], expected: 27 * 2 * 8 + 8 },
    { name: "Conv2DTranspose", kind: "conv2dTranspose", config: { filters: 8, kernelSize: [3, 3] }, input: [null, 7, 7, 16], expected: 9 * 16 * 8 + 8 },
    { name: "SeparableConv2D", kind: "separableConv2d", config: { filters: 64, kernelSize: [3, 3] }, input: [null, 32, 32, 32], expected: 9 * 32 + 32 * 64 + 64 },
    { name: "SeparableConv2D with multiplier", kind: "separableConv2d", config: { filters: 8, kernelSize: [3, 3], depthMultiplier: 2 }, input: [null, 32, 32, 3], expected: 9 * 3 * 2 + 3 * 2 * 8 + 8 },
    { name: "DepthwiseConv2D", kind: "depthwiseConv2d", config: { kernelSize: [3, 3], depthMultiplier: 2 }, input: [null, 32, 32, 3], expected: 9 * 3 * 2 + 6 },
    { name: "BatchNormalization 4·channels", kind: "batchNormalization", input: [null, 8, 8, 32], expected: 128 },
    { name: "BatchNormalization axis=1", kind: "batchNormalization", config: { axis: 1 }, input: [null, 16, 8, 8], expected: 64 },
    { name: "BatchNormalization scale=False", kind: "batchNormalization", config: { normScale: false }, input: [null, 10], expected: 30 },
    { name: "BatchNormalization unknown channels", kind: "batchNormalization", input: [null, null], expected: undefined },
    { name: "LayerNormalization 2·features", kind: "layerNormalization", input: [null, 5, 10], expected: 20 },
    { name: "Normalization mean, variance and count", kind: "normalization", input: [null, 8], expected: 17 },
    { name: "Normalization with constants", kind: "normalization", config: { presetStatistics: true }, input: [null, 8], expected: 0 },
    { name: "PReLU one slope per element", kind: "prelu", input: [null, 4, 4, 3], expected: 48 },
    { name: "PReLU shared axes", kind: "prelu", config: { sharedAxes: [1, 2] }, input: [null, 4, 4, 3], expected: 3 },
    { name: "Embedding inputDim·outputDim", kind: "embedding", config: { inputDim: 1000, outputDim: 64 }, input: [null, 10], expected: 64000 },
    { name: "Embedding without input shape", kind: "embedding", config: { inputDim: 1000, outputDim: 64 }, input: undefined, expected: 64000 },
    { name: "SimpleRNN units·(in+units+1)", kind: "simpleRnn", config: { units: 4 }, input: [null, 5, 2], expected: 4 * (2 + 4 + 1) },
    { name: "LSTM 4·units·(in+units+1)", kind: "lstm", config: { units: 32 }, input: [null, 10, 64], expected: 4 * 32 * (64 + 32 + 1) },
    { name: "LSTM on rank 2", kind: "lstm", config: { units: 32 }, input: [null, 64], expected: undefined },
    { name: "GRU tf.keras reset_after", kind: "gru", config: { units: 16 }, input: [null, 10, 8], expected: 3 * 16 * (8 + 16 + 2) },
    { name: "GRU reset_after=False", kind: "gru", config: { units: 16, resetAfter: false }, input: [null, 10, 8], expected: 3 * 16 * (8 + 16 + 1) },
    { name: "Bidirectional LSTM", kind: "bidirectional", config: { units: 32, wrappedKind: "lstm" }, input: [null, 10, 8], expected: 2 * 4 * 32 * (8 + 32 + 1) },
    { name: "Bidirectional of an unknown layer", kind: "bidirectional", config: { units: 32 }, input: [null, 10, 8], expected: undefined },
    { name: "ConvLSTM2D", kind: "convLstm2d", config: { filters: 8, kernelSize: [3, 3] }, input: [null, 5, 32, 32, 3], expected: 4 * 8 * 9 * (3 + 8) + 32 },
    { name: "Flatten is weightless", kind: "flatten", input: [null, 7, 7], expected: 0 },
    { name: "MaxPooling2D is weightless", kind: "maxPooling2d", input: [null, 8, 8, 3], expected: 0 },
    { name: "Dropout is weightless", kind: "dropout", input: [null, 8], expected: 0 },
    { name: "Input is weightless", kind: "input", input: [null, 8], expected: 0 },
    { name: "Lambda is weightless", kind: "lambda", input: [null, 8], expected: 0 },
    { name: "Concatenate is weightless", kind: "concatenate", input: [null, 8], expected: 0 },
    { name: "TimeDistributed without its wrapped kind is not countable", kind: "timeDistributed", input: [null, 5, 8], expected: undefined },
    { name: "TimeDistributed(Dense) shares one Dense", kind: "timeDistributed", config: { units: 3, wrappedKind: "dense" }, input: [null, 5, 8], expected: 27 },
    { name: "unknown layer is not countable", kind: "unknown", input: [null, 8], expected: undefined },
    { name: "a collapsed map has no count", kind: "conv2d", config: { filters: 8, kernelSize: [3, 3] }, input: [null, 0, 0, 0], expected: undefined },
  ];
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(countParams(c.kind, c.config ?? {}, [c.input])).toBe(c.expected);
  });
});

// ------------------------------------------------------------------------------------ propagateShapes

const SPAN = { file: "model.py", line: 1, column: 1, endLine: 1, endColumn: 2 };

function layer(index: number, kind: LayerKind, config: LayerConfig, inbound: number[], declaredInputShape?: Shape): Layer {
  return {
    index,
    name: `${kind}_${index}`,
    kind,
    frameworkName: kind,
    config: withConvDefaults(kind, config),
    inbound,
    ...(declaredInputShape === undefined ? {} : { declaredInputShape }),
    span: { ...SPAN, line: index + 1, endLine: index + 1 },
  };
}

function architecture(layers: Layer[], style: Architecture["style"] = "functional"): Architecture {
  return { layers, inputs: [0], outputs: [layers.length - 1], style, complete: true };
}

/** A Sequential chain: every layer reads the previous one; the first declares the input. */
function chain(specs: [LayerKind, LayerConfig][], inputShape: Shape): Architecture {
  return architecture(
    specs.map(([kind, config], index) => layer(index, kind, config, index === 0 ? [] : [index - 1], index === 0 ? inputShape : undefined)),
    "sequential",
  );
}

describe("propagateShapes", () => {
  it("infers a LeNet-style sequential CNN with parameter counts", () => {
    const arch = chain(
      [
        ["conv2d", { filters: 32, kernelSize: [3, 3] }],
        ["conv2d", { filters: 64, kernelSize: [3, 3] }],
        ["maxPooling2d", { poolSize: [2, 2] }],
        ["dropout", { rate: 0.25 }],
        ["flatten", {}],
        ["dense", { units: 128 }],
        ["dense", { units: 10 }],
      ],
      [null, 28, 28, 1],
    );
    propagateShapes(arch);
    expect(arch.layers.map((l) => l.outputShape)).toEqual([
      [null, 26, 26, 32],
      [null, 24, 24, 64],
      [null, 12, 12, 64],
      [null, 12, 12, 64],
      [null, 9216],
      [null, 128],
      [null, 10],
    ]);
    // The Keras mnist_cnn example: 1,199,882 parameters in total.
    expect(arch.layers.map((l) => l.paramCount)).toEqual([320, 18496, 0, 0, 0, 1179776, 1290]);
    expect(arch.layers[0]!.inputShapes).toEqual([[null, 28, 28, 1]]);
    expect(arch.layers[5]!.inputShapes).toEqual([[null, 9216]]);
  });

  it("uses an Input layer's declared shape in a functional graph with a branch and a merge", () => {
    const arch = architecture([
      layer(0, "input", {}, [], [null, 32, 32, 3]),
      layer(1, "conv2d", { filters: 16, kernelSize: [3, 3], padding: "same" }, [0]),
      layer(2, "conv2d", { filters: 8, kernelSize: [1, 1] }, [0]),
      layer(3, "concatenate", {}, [1, 2]),
      layer(4, "conv2d", { filters: 24, kernelSize: [3, 3], padding: "same" }, [3]),
      layer(5, "add", {}, [3, 4]),
      layer(6, "globalAveragePooling2d", {}, [5]),
      layer(7, "dense", { units: 10 }, [6]),
    ]);
    propagateShapes(arch);
    expect(arch.layers.map((l) => l.outputShape)).toEqual([
      [null, 32, 32, 3],
      [null, 32, 32, 16],
      [null, 32, 32, 8],
      [null, 32, 32, 24],
      [null, 32, 32, 24],
      [null, 32, 32, 24],
      [null, 24],
      [null, 10],
    ]);
    expect(arch.layers[3]!.inputShapes).toEqual([[null, 32, 32, 16], [null, 32, 32, 8]]);
    expect(arch.layers[5]!.inputShapes).toEqual([[null, 32, 32, 24], [null, 32, 32, 24]]);
    expect(arch.layers[4]!.paramCount).toBe(9 * 24 * 24 + 24);
  });

  it("visits layers in dependency order, whatever the list order", () => {
    // The merge is listed before the layers it reads.
    const arch = architecture([
      layer(0, "input", {}, [], [null, 8]),
      layer(1, "concatenate", {}, [2, 3]),
      layer(2, "dense", { units: 4 }, [0]),
      layer(3, "dense", { units: 6 }, [0]),
      layer(4, "dense", { units: 1 }, [1]),
    ]);
    propagateShapes(arch);
    expect(arch.layers[1]!.outputShape).toEqual([null, 10]);
    expect(arch.layers[4]!.outputShape).toEqual([null, 1]);
    expect(arch.layers[4]!.paramCount).toBe(11);
  });

  it("carries a collapse to ≤ 0 forward so the collapse rule can see where it happened", () => {
    const arch = chain(
      [
        ["conv2d", { filters: 8, kernelSize: [5, 5] }],
        ["maxPooling2d", { poolSize: [2, 2] }],
        ["conv2d", { filters: 8, kernelSize: [3, 3] }],
        ["flatten", {}],
        ["dense", { units: 10 }],
      ],
      [null, 8, 8, 1],
    );
    propagateShapes(arch);
    expect(arch.layers[0]!.outputShape).toEqual([null, 4, 4, 8]);
    expect(arch.layers[1]!.outputShape).toEqual([null, 2, 2, 8]);
    expect(arch.layers[2]!.outputShape).toEqual([null, 0, 0, 8]);
    expect(arch.layers[3]!.outputShape).toEqual([null, null]);
    expect(arch.layers[4]!.outputShape).toEqual([null, 10]);
    expect(arch.layers[4]!.paramCount).toBeUndefined();
  });

  it("leaves a rank mismatch undefined but records the offending input shape", () => {
    const arch = chain(
      [
        ["dense", { units: 64 }],
        ["lstm", { units: 32 }],
        ["dense", { units: 1 }],
      ],
      [null, 100],
    );
    propagateShapes(arch);
    expect(arch.layers[1]!.inputShapes).toEqual([[null, 64]]);
    expect(arch.layers[1]!.outputShape).toBeUndefined();
    expect(arch.layers[1]!.paramCount).toBeUndefined();
    expect("outputShape" in arch.layers[1]!).toBe(false);
    expect(arch.layers[2]!.inputShapes).toEqual([undefined]);
    expect(arch.layers[2]!.outputShape).toBeUndefined();
  });

  it("handles an embedding + recurrent text model", () => {
    const arch = chain(
      [
        ["embedding", { inputDim: 10000, outputDim: 128 }],
        ["bidirectional", { units: 64, returnSequences: true, wrappedKind: "lstm" }],
        ["lstm", { units: 32 }],
        ["dense", { units: 1 }],
      ],
      [null, 200],
    );
    propagateShapes(arch);
    expect(arch.layers.map((l) => l.outputShape)).toEqual([[null, 200, 128], [null, 200, 128], [null, 32], [null, 1]]);
    expect(arch.layers.map((l) => l.paramCount)).toEqual([
      1280000,
      2 * 4 * 64 * (128 + 64 + 1),
      4 * 32 * (128 + 32 + 1),
      33,
    ]);
  });

  it("keeps unknown where the declared input is missing", () => {
    const arch = chain(
      [
        ["dense", { units: 8 }],
        ["dense", { units: 4 }],
      ],
      [null, 3],
    );
    delete arch.layers[0]!.declaredInputShape;
    propagateShapes(arch);
    expect(arch.layers[0]!.inputShapes).toEqual([undefined]);
    expect(arch.layers[1]!.outputShape).toBeUndefined();
  });

  it("falls back to a layer's declared shape when its predecessors are unknown", () => {
    const arch = architecture([layer(0, "lambda", {}, [], [null, 4]), layer(1, "dense", { units: 2 }, [0], [null, 6])]);
    propagateShapes(arch);
    expect(arch.layers[1]!.inputShapes).toEqual([[null, 6]]);
    expect(arch.layers[1]!.paramCount).toBe(14);
  });

  it("never throws on a cycle or dangling edges, and clears stale results", () => {
    const arch = architecture([
      layer(0, "input", {}, [], [null, 4]),
      layer(1, "dense", { units: 3 }, [0, 2]),
      layer(2, "dense", { units: 3 }, [1]),
      layer(3, "dense", { units: 2 }, [99]),
      layer(4, "dense", { units: 2 }, [4]),
    ]);
    arch.layers[3]!.outputShape = [null, 999];
    arch.layers[3]!.paramCount = 999;
    expect(() => propagateShapes(arch)).not.toThrow();
    expect(arch.layers[0]!.outputShape).toEqual([null, 4]);
    expect(arch.layers[3]!.outputShape).toBeUndefined();
    expect(arch.layers[3]!.paramCount).toBeUndefined();
    expect(arch.layers[4]!.outputShape).toBeUndefined();
  });

  it("does not share shape arrays between layers", () => {
    const arch = chain([["dropout", { rate: 0.1 }], ["dropout", { rate: 0.1 }]], [null, 5]);
    propagateShapes(arch);
    arch.layers[0]!.outputShape![1] = 7;
    expect(arch.layers[1]!.inputShapes).toEqual([[null, 5]]);
    expect(arch.layers[1]!.outputShape).toEqual([null, 5]);
  });
});
