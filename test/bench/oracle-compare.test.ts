import { describe, expect, it } from "vitest";
import {
  checkKnownDisagreements,
  compareProgram,
  formatOracleMarkdown,
  summarize,
  type KerasLayer,
  type KerasModel,
  type KerasResult,
} from "../../bench/lib/oracle-compare.js";
import type { Layer, LayerConfig, ModelFacts, ProgramModel, Shape } from "../../src/model/program.js";
import * as vocabulary from "../../src/model/vocabulary.js";
import type { ActivationKind, LayerKind } from "../../src/model/vocabulary.js";

const FILE = "bench/corpus/g/p.py";

// ----------------------------------------------------------------------------- nncheck's side, by hand

interface OursLayerSpec {
  kind: LayerKind;
  name: string;
  line: number;
  column?: number;
  shape?: Shape;
  params?: number;
  activation?: ActivationKind;
  conditional?: boolean;
  config?: LayerConfig;
}

function oursLayer(index: number, spec: OursLayerSpec): Layer {
  const layer: Layer = {
    index,
    name: spec.name,
    kind: spec.kind,
    frameworkName: spec.kind,
    config: spec.config ?? {},
    inbound: index === 0 ? [] : [index - 1],
    span: { file: FILE, line: spec.line, column: spec.column ?? 1, endLine: spec.line, endColumn: 40 },
  };
  if (spec.shape) layer.outputShape = spec.shape;
  if (spec.params !== undefined) layer.paramCount = spec.params;
  if (spec.activation) layer.activation = spec.activation;
  if (spec.conditional) layer.conditional = true;
  return layer;
}

function oursModel(line: number, layers: OursLayerSpec[], extra: Partial<ModelFacts> = {}, complete = true): ModelFacts {
  const built = layers.map((spec, i) => oursLayer(i, spec));
  return {
    variable: "model",
    architecture: { layers: built, inputs: [0], outputs: [built.length - 1], style: "sequential", complete },
    training: [],
    inference: [],
    span: { file: FILE, line, column: 9, endLine: line, endColumn: 30 },
    ...extra,
  };
}

function program(models: ModelFacts[]): ProgramModel {
  return { file: FILE, framework: "keras", models, notes: [] };
}

// ----------------------------------------------------------------------------- Keras's side, by hand

function kerasLayer(spec: Partial<KerasLayer> & { name: string; class: string; line: number; column?: number }): KerasLayer {
  const { line, column, ...rest } = spec;
  return {
    site: { file: FILE, line, column: column ?? 1 },
    sequence: line * 10 + (column ?? 1),
    input: false,
    outputShapes: null,
    params: null,
    activation: null,
    ...rest,
  };
}

function kerasModel(line: number, layers: KerasLayer[], extra: Partial<KerasModel> = {}): KerasModel {
  return {
    class: "Sequential",
    name: "sequential",
    style: "sequential",
    site: { file: FILE, line, column: 9 },
    sequence: 1,
    inputs: null,
    layers,
    outputs: [layers[layers.length - 1]!.name],
    loss: null,
    variables: ["model"],
    ...extra,
  };
}

function built(models: KerasModel[], status: KerasResult["status"] = "built"): KerasResult {
  return { status, models };
}

function compare(ours: ModelFacts[], keras: KerasResult) {
  return compareProgram({ file: FILE, ours: program(ours), keras, vocabulary });
}

// A Dense(64, relu) on 784 features, then Dense(10) named dense_1, as both sides see it when they agree.
const oursMlp = (overrides: Partial<OursLayerSpec> = {}) =>
  oursModel(3, [
    { kind: "dense", name: "dense", line: 4, shape: [null, 64], params: 50240, activation: "relu" },
    { kind: "dense", name: "dense_1", line: 5, shape: [null, 10], params: 650, activation: "softmax", ...overrides },
  ]);
const kerasMlp = (overrides: Partial<KerasLayer> = {}) =>
  kerasModel(3, [
    kerasLayer({ name: "dense", class: "Dense", line: 4, outputShapes: [[64]], params: 50240, activation: "relu" }),
    kerasLayer({ name: "dense_1", class: "Dense", line: 5, outputShapes: [[10]], params: 650, activation: "softmax", ...overrides }),
  ]);

describe("compareProgram", () => {
  it("finds no disagreement when every fact agrees, and counts what it compared", () => {
    const result = compare([oursMlp()], built([kerasMlp()]));
    expect(result.disagreements).toEqual([]);
    expect(result.models).toEqual([{ key: "model@3", layers: 2 }]);
    expect(result.fields.shape).toEqual({ compared: 2, oursUnknown: 0 });
    expect(result.fields.params).toEqual({ compared: 2, oursUnknown: 0 });
    expect(result.fields.output).toEqual({ compared: 1, oursUnknown: 0 });
  });

  it("reports an output shape that differs, with both values", () => {
    const result = compare([oursMlp({ shape: [null, 12] })], built([kerasMlp()]));
    expect(result.disagreements).toEqual([{ program: FILE, model: "model@3", layer: "dense_1", field: "shape", ours: [12], keras: [10] }]);
  });

  it("reports a shape of another rank", () => {
    const result = compare([oursMlp({ shape: [null, 2, 5] })], built([kerasMlp()]));
    expect(result.disagreements.map((d) => d.field)).toEqual(["shape"]);
  });

  it("reports a parameter count that differs", () => {
    const result = compare([oursMlp({ params: 640 })], built([kerasMlp()]));
    expect(result.disagreements).toEqual([{ program: FILE, model: "model@3", layer: "dense_1", field: "params", ours: 640, keras: 650 }]);
  });

  it("reads activation names through the vocabulary: silu is swish, tf.nn.softmax's name is softmax", () => {
    const swish = compare([oursMlp({ activation: "swish" })], built([kerasMlp({ activation: "silu" })]));
    expect(swish.disagreements).toEqual([]);
    expect(swish.fields.activation.compared).toBe(2);
    const wrong = compare([oursMlp({ activation: "linear" })], built([kerasMlp({ activation: "softmax" })]));
    expect(wrong.disagreements).toEqual([{ program: FILE, model: "model@3", layer: "dense_1", field: "activation", ours: "linear", keras: "softmax" }]);
  });

  it("takes an advanced-activation layer's activation from its kind", () => {
    const ours = oursModel(3, [{ kind: "leakyRelu", name: "leaky_re_lu", line: 4, shape: [null, 8], params: 0, activation: "leaky_relu" }]);
    const keras = kerasModel(3, [kerasLayer({ name: "leaky_re_lu", class: "LeakyReLU", line: 4, outputShapes: [[8]], params: 0 })]);
    const result = compare([ours], built([keras]));
    expect(result.disagreements).toEqual([]);
    expect(result.fields.activation.compared).toBe(1);
  });

  it("counts what nncheck does not know as a gap, never as a disagreement", () => {
    const ours = oursModel(3, [
      { kind: "dense", name: "dense", line: 4, shape: [null, null] },
      { kind: "dense", name: "dense_1", line: 5 },
    ]);
    const result = compare([ours], built([kerasMlp()]));
    expect(result.disagreements).toEqual([]);
    expect(result.fields.shape).toEqual({ compared: 0, oursUnknown: 2 });
    expect(result.fields.params).toEqual({ compared: 0, oursUnknown: 2 });
    expect(result.gaps).toContainEqual({ program: FILE, model: "model@3", layer: "dense", field: "shape", keras: [64] });
  });

  it("tells apart two layers made on one line by their columns (Dense(3)(Dense(6)(x)))", () => {
    const ours = oursModel(3, [
      { kind: "dense", name: "dense", line: 4, column: 30, shape: [null, 6], params: 66 },
      { kind: "dense", name: "dense_1", line: 4, column: 5, shape: [null, 3], params: 21 },
    ]);
    const keras = kerasModel(3, [
      kerasLayer({ name: "dense", class: "Dense", line: 4, column: 5, outputShapes: [[3]], params: 21 }),
      kerasLayer({ name: "dense_1", class: "Dense", line: 4, column: 30, outputShapes: [[6]], params: 66 }),
    ], { outputs: ["dense"] });
    expect(compare([ours], built([keras])).disagreements).toEqual([]);
  });

  it("pairs layers made in a loop on one line in construction order", () => {
    const ours = oursModel(3, [
      { kind: "dense", name: "dense", line: 4, shape: [null, 32] },
      { kind: "dense", name: "dense_1", line: 4, shape: [null, 16] },
    ]);
    const keras = kerasModel(3, [
      kerasLayer({ name: "dense", class: "Dense", line: 4, outputShapes: [[32]], sequence: 1 }),
      kerasLayer({ name: "dense_1", class: "Dense", line: 4, outputShapes: [[16]], sequence: 2 }),
    ]);
    expect(compare([ours], built([keras])).disagreements).toEqual([]);
  });

  it("reports a layer Keras built that nncheck missed, unless nncheck knows its model is incomplete", () => {
    const ours = oursModel(3, [{ kind: "dense", name: "dense", line: 4, shape: [null, 64], params: 50240, activation: "relu" }]);
    const complete = compare([ours], built([kerasMlp()]));
    expect(complete.disagreements).toContainEqual({ program: FILE, model: "model@3", layer: "dense_1", field: "layer", ours: null, keras: "Dense" });
    const incomplete = { ...ours, architecture: { ...ours.architecture, complete: false } };
    expect(compare([incomplete], built([kerasMlp()])).disagreements.filter((d) => d.field === "layer")).toEqual([]);
  });

  it("reports a layer nncheck has and Keras does not, unless it was added under an undecided condition", () => {
    const extra = oursModel(3, [
      { kind: "dense", name: "dense", line: 4, shape: [null, 64], params: 50240, activation: "relu" },
      { kind: "dropout", name: "dropout", line: 6, shape: [null, 64], params: 0, conditional: true },
      { kind: "batchNormalization", name: "batch_normalization", line: 7 },
      { kind: "dense", name: "dense_1", line: 5, shape: [null, 10], params: 650, activation: "softmax" },
    ]);
    const result = compare([extra], built([kerasMlp()]));
    expect(result.disagreements.filter((d) => d.field === "layer")).toEqual([
      { program: FILE, model: "model@3", layer: "batch_normalization", field: "layer", ours: "batchNormalization", keras: null },
    ]);
  });

  it("matches an operation Keras records for a function applied to a tensor with nncheck's lambda layer", () => {
    const ours = oursModel(3, [{ kind: "lambda", name: "tf_op_scale", line: 4 }, { kind: "dense", name: "dense", line: 5, shape: [null, 2] }]);
    const keras = kerasModel(3, [
      kerasLayer({ name: "dense", class: "Dense", line: 5, outputShapes: [[2]] }),
      kerasLayer({ name: "true_divide", class: "TrueDivide", line: 4, operation: true }),
      kerasLayer({ name: "subtract", class: "Subtract", line: 4, operation: true }),
    ], { outputs: ["dense"] });
    const result = compare([ours], built([keras]));
    expect(result.disagreements).toEqual([]);
    expect(result.models[0]?.layers).toBe(1);
  });

  it("reports a model Keras built that nncheck did not see, and one nncheck saw only when the program ran to its end", () => {
    const missing = compare([], built([kerasMlp()]));
    expect(missing.disagreements).toEqual([{ program: FILE, model: "model@3", layer: null, field: "model", ours: null, keras: "Sequential" }]);
    expect(compare([oursMlp()], built([])).disagreements.map((d) => d.field)).toEqual(["model"]);
    expect(compare([oursMlp()], built([], "partial")).disagreements).toEqual([]);
  });

  it("does not expect Keras to build a model nncheck found in a function the program never runs", () => {
    const result = compare([oursMlp()], { status: "built", models: [], notRun: [[2, 8]] });
    expect(result.disagreements).toEqual([]);
    expect(result.notRun).toBe(1);
    expect(compare([oursMlp()], { status: "built", models: [], notRun: [[10, 12]] }).disagreements.map((d) => d.field)).toEqual(["model"]);
  });

  it("compares the loss through the vocabulary, and from_logits", () => {
    const ours = oursMlp();
    ours.learner = {
      loss: { kind: "mean_squared_error", frameworkName: "mse", fromLogits: false, span: ours.span },
      metrics: [],
      span: ours.span,
    };
    expect(compare([ours], built([kerasMlp()].map((m) => ({ ...m, loss: { name: "mse", fromLogits: false } })))).disagreements).toEqual([]);
    const logits = compare([ours], built([kerasMlp()].map((m) => ({ ...m, loss: { name: "MeanSquaredError", fromLogits: true } }))));
    expect(logits.disagreements).toEqual([{ program: FILE, model: "model@3", layer: null, field: "fromLogits", ours: false, keras: true }]);
    const other = compare([ours], built([kerasMlp()].map((m) => ({ ...m, loss: { name: "categorical_crossentropy", fromLogits: false } }))));
    expect(other.disagreements.map((d) => [d.field, d.ours, d.keras])).toEqual([["loss", "mean_squared_error", "categorical_crossentropy"]]);
  });

  it("compares input shapes and output layers", () => {
    const ours = oursModel(3, [
      { kind: "input", name: "input_1", line: 2, shape: [null, 784] },
      { kind: "dense", name: "dense", line: 4, shape: [null, 64], params: 50240, activation: "relu" },
      { kind: "dense", name: "dense_1", line: 5, shape: [null, 10], params: 650, activation: "softmax" },
    ]);
    ours.architecture.outputs = [1];
    const result = compare([ours], built([{ ...kerasMlp(), inputs: [[28, 28]] }]));
    expect(result.disagreements.map((d) => [d.field, d.ours, d.keras])).toEqual([
      ["input", [784], [28, 28]],
      ["output", ["dense"], ["dense_1"]],
    ]);
  });
});

describe("checkKnownDisagreements", () => {
  const shape = { program: FILE, model: "model@3", layer: "dense_1", field: "shape" as const, ours: [12], keras: [10] };
  const other = { program: "x.py", model: "m@1", layer: "d", field: "params" as const, ours: 1, keras: 2 };

  it("splits listed from unlisted, and finds listed entries that no longer occur in programs that ran", () => {
    const known = [
      { ...shape, reason: "front end: ..." },
      { ...shape, field: "params" as const, ours: 640, keras: 650, reason: "fixed since" },
      { ...other, reason: "program not run this time" },
    ];
    const check = checkKnownDisagreements([shape, { ...shape, layer: "dense" }], known, [FILE]);
    expect(check.listed).toEqual([{ ...shape, reason: "front end: ..." }]);
    expect(check.unlisted).toEqual([{ ...shape, layer: "dense" }]);
    expect(check.stale.map((k) => k.reason)).toEqual(["fixed since"]);
  });

  it("does not accept an entry whose values changed", () => {
    const check = checkKnownDisagreements([{ ...shape, ours: [11] }], [{ ...shape, reason: "r" }], [FILE]);
    expect(check.unlisted).toHaveLength(1);
    expect(check.stale).toHaveLength(1);
  });
});

describe("summarize and formatOracleMarkdown", () => {
  it("adds up programs, buildable ones, models, layers and disagreements by field", () => {
    const agree = compare([oursMlp()], built([kerasMlp()]));
    const differ = compare([oursMlp({ params: 1 })], built([kerasMlp()]));
    const failed = compareProgram({ file: "y.py", ours: program([]), keras: { status: "not-buildable", category: "file-data", reason: "np.load", models: [] }, vocabulary });
    const summary = summarize([agree, differ, failed]);
    expect(summary).toMatchObject({ programs: 3, buildable: 2, models: 2, layers: 4, disagreements: 1 });
    expect(summary.disagreementsByField.params).toBe(1);
    expect(summary.byCategory).toEqual({ "file-data": 1 });
    const table = formatOracleMarkdown(summary, checkKnownDisagreements(differ.disagreements, [], ["y.py", FILE]));
    expect(table).toContain("| 3 | 2 | 2 | 4 | 1 | 0 | 1 | 0 |");
    expect(table).toContain("| params | 4 | 0 | 1 |");
  });
});
