import { describe, expect, it } from "vitest";
import { model } from "../../test/helpers/model-builder.js";
import {
  effectiveActivation,
  featureMapSource,
  feedsMerge,
  formatShape,
  forwardFromInputs,
  inputLayers,
  outputHead,
  outputHeadIndices,
  outputLayers,
  readOutputLayers,
  outputWidth,
  predecessors,
  reachedThrough,
  receivedShapes,
  singleOutput,
  singleSuccessor,
  spatialDims,
  successors,
} from "./graph.js";

const architectureOf = (b: ReturnType<typeof model>) => b.model().architecture;

describe("neighbours and outputs", () => {
  // 0 input → 1 dense, 2 dense (branches) → 3 concatenate → 4 dense
  const branched = architectureOf(
    model().layer("input", {}, { input: [null, 8] }).dense(4, "relu", { inbound: [0] }).dense(4, "relu", { inbound: [0] })
      .layer("concatenate", {}, { inbound: [1, 2] }).dense(1, "sigmoid").withOutputs([4]),
  );

  it("lists successors and predecessors", () => {
    expect(successors(branched, 0).map((l) => l.index)).toEqual([1, 2]);
    expect(predecessors(branched, 3).map((l) => l.index)).toEqual([1, 2]);
    expect(predecessors(branched, 0)).toEqual([]);
    expect(singleSuccessor(branched, branched.layers[0]!)).toBeUndefined();
    expect(singleSuccessor(branched, branched.layers[1]!)?.index).toBe(3);
  });

  it("uses the declared outputs, else the layers nothing consumes", () => {
    expect(outputLayers(branched).map((l) => l.index)).toEqual([4]);
    const undeclared = { ...branched, outputs: [] };
    expect(outputLayers(undeclared).map((l) => l.index)).toEqual([4]);
  });

  it("uses the declared inputs, else the layers nothing feeds", () => {
    const twoInputs = { ...branched, inputs: [], layers: branched.layers.map((l) => (l.index === 2 ? { ...l, inbound: [] } : l)) };
    expect(inputLayers(twoInputs).map((l) => l.index)).toEqual([0, 2]);
    expect(inputLayers({ ...twoInputs, inputs: [2] }).map((l) => l.index)).toEqual([2]);
  });

  it("walks forward from the recorded inputs, not past a stopping layer", () => {
    const isConcat = (l: { kind: string }) => l.kind === "concatenate";
    expect(forwardFromInputs(branched, isConcat).map((l) => l.index)).toEqual([0, 2, 3, 1]);
    expect(forwardFromInputs(branched, () => false).map((l) => l.index)).toEqual([0, 2, 3, 4, 1]);
    expect(forwardFromInputs({ ...branched, inputs: [] }, () => false)).toEqual([]);
  });

  it("has a single output only when there is one, unconditional", () => {
    expect(singleOutput(branched)?.index).toBe(4);
    expect(singleOutput({ ...branched, outputs: [3, 4] })).toBeUndefined();
    const conditional = { ...branched, layers: branched.layers.map((l) => (l.index === 4 ? { ...l, conditional: true } : l)) };
    expect(singleOutput(conditional)).toBeUndefined();
  });

  it("reaches the layers past those it walks through, each once", () => {
    const isDense = (l: { kind: string }) => l.kind === "dense";
    expect(reachedThrough(branched, branched.layers[0]!, isDense).map((l) => l.index)).toEqual([3]);
    expect(reachedThrough(branched, branched.layers[0]!, () => false).map((l) => l.index)).toEqual([2, 1]);
    expect(reachedThrough(branched, branched.layers[4]!, () => true)).toEqual([]);
  });
});

describe("effectiveActivation", () => {
  it("reads a learning layer's own activation through Dropout and Flatten", () => {
    const a = architectureOf(model().dense(10, "relu").layer("dropout").layer("flatten"));
    expect(effectiveActivation(a, 2)).toMatchObject({ activation: "relu", layer: { index: 0 } });
  });

  it("prefers the last non-linear activation layer, skipping linear ones", () => {
    const a = architectureOf(model().dense(10).layer("softmax").layer("activation", {}, { activation: "linear" }));
    expect(effectiveActivation(a, 2)).toMatchObject({ activation: "softmax", layer: { index: 1 } });
  });

  it("treats normalisation as linear and merges, Lambda and unknown activations as unknown", () => {
    expect(effectiveActivation(architectureOf(model().dense(10, "softmax").layer("batchNormalization")), 1)?.activation).toBe("linear");
    expect(effectiveActivation(architectureOf(model().dense(10, "softmax").layer("lambda")), 1)).toBeUndefined();
    expect(effectiveActivation(architectureOf(model().layer("dense", { units: 3 })), 0)).toBeUndefined();
    expect(effectiveActivation(architectureOf(model().dense(3).layer("activation")), 1)).toBeUndefined();
    const merged = architectureOf(model().dense(3, "softmax").dense(3, "softmax", { inbound: [] }).layer("add", {}, { inbound: [0, 1] }));
    expect(effectiveActivation(merged, 2)).toBeUndefined();
  });

  it("looks back through pooling only when asked", () => {
    const pooled = architectureOf(model().layer("conv2d", { filters: 8 }, { activation: "relu" }).layer("maxPooling2d"));
    expect(effectiveActivation(pooled, 1)).toBeUndefined();
    expect(effectiveActivation(pooled, 1, new Set(["pool"]))).toMatchObject({ activation: "relu", layer: { index: 0 } });
  });

  it("is unknown for a conditional layer", () => {
    expect(effectiveActivation(architectureOf(model().dense(3, "softmax", { conditional: true })), 0)).toBeUndefined();
  });
});

describe("featureMapSource", () => {
  it("finds the conv/pool map a Dense reads through dropout, activation and normalisation only", () => {
    const direct = architectureOf(model().layer("conv2d", { filters: 8 }).layer("batchNormalization").layer("relu").dense(10));
    expect(featureMapSource(direct, direct.layers[3]!)?.index).toBe(0);
    const flattened = architectureOf(model().layer("conv2d", { filters: 8 }).layer("flatten").dense(10));
    expect(featureMapSource(flattened, flattened.layers[2]!)).toBeUndefined();
    const dense = architectureOf(model().dense(8).layer("dropout").dense(10));
    expect(featureMapSource(dense, dense.layers[2]!)).toBeUndefined();
  });
});

describe("outputWidth and outputHead", () => {
  it("prefers the inferred shape, then units through width-preserving layers", () => {
    expect(outputWidth(architectureOf(model().dense(10, "linear", { out: [null, 7] })), 0)).toBe(7);
    expect(outputWidth(architectureOf(model().dense(10).layer("softmax").layer("dropout")), 2)).toBe(10);
    expect(outputWidth(architectureOf(model().dense(10).layer("flatten")), 1)).toBeUndefined();
    expect(outputWidth(architectureOf(model().layer("conv2d", { filters: 16 })), 0)).toBe(16);
    expect(outputWidth(architectureOf(model().layer("conv2d", { filters: 16, dataFormat: "channels_first" })), 0)).toBeUndefined();
  });

  it("finds the layer behind the final activation and dropout layers", () => {
    const a = architectureOf(model().dense(64, "relu").dense(10).layer("activation", {}, { activation: "softmax" }).layer("dropout"));
    expect(outputHead(a, 3)?.index).toBe(1);
    expect([...outputHeadIndices(a)]).toEqual([1]);
  });

  it("counts the heads of the layers read outside the model (an encoder's code layer) as output heads", () => {
    // 0 dense → 1 dense (code) → 2 dropout → 3 dense → 4 dense (output); the encoder's output is the dropout.
    const a = architectureOf(model().dense(64, "relu").dense(8).layer("dropout").dense(64, "relu").dense(784, "sigmoid").withExternalOutputs([2]));
    expect(readOutputLayers(a).map((l) => l.index)).toEqual([4, 2]);
    expect([...outputHeadIndices(a)].sort()).toEqual([1, 4]);
    expect([...outputHeadIndices(architectureOf(model().dense(64, "relu").dense(8).dense(784, "sigmoid")))]).toEqual([2]);
  });
});

describe("shapes", () => {
  it("receives the declared shape on a first layer", () => {
    const a = architectureOf(model().dense(4, "relu", { input: [null, 20] }).dense(1, "linear", { inputShapes: [[null, 4]] }));
    expect(receivedShapes(a.layers[0]!)).toEqual([[null, 20]]);
    expect(receivedShapes(a.layers[1]!)).toEqual([[null, 4]]);
  });

  it("formats shapes like Keras and finds spatial dimensions per data format", () => {
    expect(formatShape([null, 28, 28, 1])).toBe("(None, 28, 28, 1)");
    expect(formatShape([10])).toBe("(10,)");
    expect(spatialDims([null, 28, 20, 3], 2)).toEqual([28, 20]);
    expect(spatialDims([null, 3, 28, 20], 2, "channels_first")).toEqual([28, 20]);
    expect(spatialDims([null, 28, 3], 2)).toBeUndefined();
  });
});

describe("feedsMerge", () => {
  it("follows rearranging layers to a merge, and stops at anything else", () => {
    // 0 dense → 1 softmax → 2 flatten → 3 repeatVector → 4 multiply(0, 3)
    const attention = architectureOf(
      model().dense(1, "tanh").layer("softmax").layer("flatten").layer("repeatVector").layer("multiply", {}, { inbound: [0, 3] }),
    );
    expect(feedsMerge(attention, attention.layers[1]!)).toBe(true);
    const classifier = architectureOf(model().dense(8).layer("softmax").layer("flatten").dense(2).layer("add", {}, { inbound: [3, 3] }));
    expect(feedsMerge(classifier, classifier.layers[1]!)).toBe(false);
  });
});
