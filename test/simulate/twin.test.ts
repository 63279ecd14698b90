/** The TF.js twin of a statically extracted model: layers, wiring, initialisers, parameters, and what it cannot build. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzePython } from "../../src/frontends/python/index.js";
import { lintSource } from "../../src/lint/lint.js";
import type { ModelFacts } from "../../src/model/program.js";
import { EmbeddingLayer } from "../../src/probes/simulate/custom-layers.js";
import { createRandom } from "../../src/probes/simulate/random.js";
import { tfjsInitializer } from "../../src/probes/simulate/tfjs-vocabulary.js";
import { buildTwin, type TwinBuild } from "../../src/probes/simulate/twin.js";
import { constraintsCallback } from "../../src/simulate/train.js";
import type { Report } from "../../src/report/finding.js";
import { formatReport } from "../../src/report/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

async function modelOf(source: string): Promise<ModelFacts> {
  const { program } = await analyzePython(source, "m.py");
  expect(program?.models).toHaveLength(1);
  return program!.models[0]!;
}

async function twinOf(source: string): Promise<{ model: ModelFacts; twin: TwinBuild }> {
  const model = await modelOf(source);
  return { model, twin: buildTwin(model.architecture, { random: createRandom(3), maxParameters: 1_000_000 }) };
}

function weight(twin: TwinBuild, layer: string, index = 0): number[] {
  const tfLayer = twin.model!.layers.find((l) => twin.origins.get(l.name)?.name === layer)!;
  return Array.from(tfLayer.getWeights()[index]!.dataSync());
}

const GRAPH = `from tensorflow import keras
from tensorflow.keras import layers, initializers

image = keras.Input(shape=(8, 8, 1))
meta = keras.Input(shape=(5,))
x = layers.Conv2D(4, 3, padding="same", activation="relu", kernel_initializer="zeros")(image)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
y = layers.Dense(64, kernel_initializer=initializers.Constant(0.3), kernel_regularizer="l2")(meta)
z = layers.Concatenate()([x, y])
w = layers.Dense(128, kernel_initializer=initializers.RandomNormal(stddev=0.01))(z)
w = layers.Add()([w, layers.Dense(128)(z)])
out = layers.Dense(3, activation="softmax")(w)
model = keras.Model([image, meta], out)
model.compile(optimizer="adam", loss="categorical_crossentropy")
`;

describe("twin builder", () => {
  it("builds a functional graph with two inputs and merges, with the program's initialisers and parameter counts", async () => {
    const { model, twin } = await twinOf(GRAPH);
    expect(twin.notSimulated).toBeUndefined();
    expect(twin.notBuilt).toEqual([]);
    expect(twin.inputs.map((i) => i.shape)).toEqual([[8, 8, 1], [5]]);
    expect(twin.model!.outputs[0]!.shape).toEqual([null, 3]);
    expect(twin.shapeMismatches).toEqual([]);
    // Each layer's parameters as the front end counts them (the same arithmetic Keras does).
    for (const layer of model.architecture.layers) {
      if (layer.paramCount !== undefined) expect([layer.name, twin.parameterCounts.get(layer.index) ?? 0]).toEqual([layer.name, layer.paramCount]);
    }
    expect(weight(twin, "conv2d").every((v) => v === 0)).toBe(true);
    expect(new Set(weight(twin, "dense"))).toEqual(new Set([Math.fround(0.3)]));
    const normal = weight(twin, "dense_1");
    const std = Math.sqrt(normal.reduce((s, v) => s + v * v, 0) / normal.length);
    expect(std).toBeGreaterThan(0.008);
    expect(std).toBeLessThan(0.012);
    const regularised = twin.model!.layers.find((l) => twin.origins.get(l.name)?.name === "dense")!;
    expect(regularised.getConfig()["kernelRegularizer"]).toBeDefined();
    twin.model!.dispose();
  });

  it("same seed, same twin", async () => {
    const first = await twinOf(GRAPH);
    const second = await twinOf(GRAPH);
    expect(weight(first.twin, "dense_1")).toEqual(weight(second.twin, "dense_1"));
    first.twin.model!.dispose();
    second.twin.model!.dispose();
  });

  it("reports a layer it cannot build and still builds the outputs that do not need it", async () => {
    const { twin } = await twinOf(`from tensorflow import keras
from tensorflow.keras import layers

class Mystery(layers.Layer):
    def call(self, x):
        return some_op(x)

inputs = keras.Input(shape=(16,))
h = layers.Dense(32, activation="relu")(inputs)
main = layers.Dense(4, activation="softmax", name="main")(h)
aux = layers.Dense(3, activation="softmax", name="aux")(Mystery()(h))
model = keras.Model(inputs, [main, aux])
model.compile(optimizer="adam", loss="categorical_crossentropy")
`);
    expect(twin.model).toBeDefined();
    expect(twin.outputs.map((l) => l.name)).toEqual(["main"]);
    expect(twin.notBuilt.map((i) => [i.layer.name, i.layer.span.line])).toEqual([["mystery", 11]]);
    expect(twin.notBuilt[0]!.reason).toMatch(/not known and it changes the shape/);
    expect(twin.notes.map((n) => n.text)).toContain(`left out output aux: ${twin.notBuilt[0]!.reason}`);
    twin.model!.dispose();
  });

  it("a model whose only output cannot be built is not simulated, with the reason", async () => {
    const { twin } = await twinOf(`from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(16,))
h = layers.Lambda(lambda t: t[:, :4])(inputs)
out = layers.Dense(1)(h)
model = keras.Model(inputs, out)
model.compile(optimizer="adam", loss="mse")
`);
    expect(twin.model).toBeUndefined();
    expect(twin.notSimulated).toMatch(/lambda .*not known/i);
    expect(twin.notBuilt.map((i) => i.layer.kind)).toEqual(["lambda"]);
  });

  it("a model over the parameter limit is not simulated", async () => {
    const model = await modelOf(`from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([keras.Input(shape=(1000,)), layers.Dense(1000), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
`);
    const twin = buildTwin(model.architecture, { random: createRandom(1), maxParameters: 10_000 });
    expect(twin.model).toBeUndefined();
    expect(twin.notSimulated).toMatch(/more than the simulation's limit of 10000/);
  });
});

describe("twin layers and initialisers TF.js lacks or runs slowly", () => {
  it("the embedding's gradient adds each row's incoming gradients, as gather's does", () => {
    const layer = new EmbeddingLayer({ name: "emb", inputDim: 5, outputDim: 3, initializer: tf.initializers.randomNormal({ seed: 2 }) });
    const ids = tf.tensor2d([[1, 4, 1], [0, 1, 3]], [2, 3], "int32");
    layer.apply(tf.input({ shape: [3] }));
    const table = layer.getWeights()[0]!;
    const weights = tf.tensor3d(Array.from({ length: 18 }, (_, i) => i / 10), [2, 3, 3]);
    const reference = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.reshape(tf.gather(t, tf.reshape(ids, [-1])), [2, 3, 3]), weights)));
    const viaLayer = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(ids) as tf.Tensor, weights)) as tf.Scalar);
    const grad = Object.values(viaLayer.grads)[0]!;
    expect(Array.from(grad.dataSync()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual(Array.from(reference(table).dataSync()).map((v) => Math.round(v * 1e5) / 1e5));
    expect(layer.getClassName()).toBe("Embedding");
  });

  it("an initialiser whose parameters the program computes is not given the family's defaults", async () => {
    // TF1's random_uniform_initializer defaults to [0, 1): standing in for (-r, r) it made every kernel positive.
    const { model, twin } = await twinOf(`
import tensorflow as tf
from tensorflow import keras
def xavier(n_in, n_out):
    r = tf.sqrt(6.0 / (n_in + n_out))
    return tf.random_uniform_initializer(-r, r)
model = keras.Sequential([keras.layers.Dense(256, activation="relu", input_shape=(784,), kernel_initializer=xavier(784, 256)), keras.layers.Dense(10, kernel_initializer=tf.random_uniform_initializer(-0.1, 0.1))])
model.compile(optimizer="adam", loss="mse")
`);
    const [first, second] = model.architecture.layers.filter((l) => l.kind === "dense");
    expect(first!.kernelInitializer).toMatchObject({ kind: "random_uniform", parametersUnknown: true });
    expect(second!.kernelInitializer).toMatchObject({ kind: "random_uniform", minval: -0.1, maxval: 0.1 });
    expect(second!.kernelInitializer!.parametersUnknown).toBeUndefined();
    const kernel = weight(twin, first!.name);
    expect(kernel.filter((v) => v < 0).length / kernel.length).toBeGreaterThan(0.4);
    expect(kernel.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(Math.sqrt(6 / (784 + 256)) + 1e-6);
    expect(twin.notes.map((n) => n.text).join("\n")).toMatch(/kernel initialiser random_uniform_initializer with parameters not known: glorot_uniform \(Keras's default\)/);
    expect(weight(twin, second!.name).reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(0.1);
  });

  it("weight constraints: Keras's arguments and defaults, applied after each step of the simulation's training", async () => {
    const { model, twin } = await twinOf(`from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.constraints import max_norm, MinMaxNorm
norm = compute_norm()
model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(8, activation="relu", kernel_constraint=max_norm(0.5), bias_constraint="non_neg"),
    layers.Dense(8, kernel_constraint=MinMaxNorm(0.2, 0.3, axis=0)),
    layers.Dense(8, kernel_constraint=max_norm(norm)),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(5.0), loss="mse")
`);
    const [first, second, third, last] = model.architecture.layers.filter((l) => l.kind === "dense");
    expect(first!.kernelConstraint).toMatchObject({ kind: "max_norm", maxValue: 0.5, axis: 0 });
    expect(first!.biasConstraint).toMatchObject({ kind: "non_neg" });
    expect(second!.kernelConstraint).toMatchObject({ kind: "min_max_norm", minValue: 0.2, maxValue: 0.3, rate: 1, axis: 0 });
    expect(third!.kernelConstraint).toMatchObject({ kind: "max_norm", parametersUnknown: true, axis: 0 });
    expect(last!.kernelConstraint).toBeUndefined();
    expect(twin.notes.map((n) => n.text).join("\n")).toMatch(/arguments of max_norm not known: Keras's defaults/);
    const columnNorms = (layer: string) => {
      const kernel = weight(twin, layer);
      return Array.from({ length: 8 }, (_, unit) => Math.hypot(...Array.from({ length: kernel.length / 8 }, (_, row) => kernel[row * 8 + unit]!)));
    };
    const x = tf.randomNormal([64, 6], 0, 3, "float32", 1);
    const y = tf.randomNormal([64, 1], 0, 1, "float32", 2);
    // Unshuffled and a small step: fit's shuffle draws from Math.random, and a run must not diverge by chance.
    twin.model!.compile({ optimizer: tf.train.sgd(0.001), loss: "meanSquaredError" });
    // TF.js's fit alone leaves the constraints unapplied: the first kernel's columns stay past 0.5 (Glorot
    // columns of 6 weights start near 0.9).
    await twin.model!.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0, shuffle: false });
    expect(Math.max(...columnNorms(first!.name))).toBeGreaterThan(0.5 + 1e-3);
    await twin.model!.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0, shuffle: false, callbacks: constraintsCallback(twin.model!) });
    expect(Math.max(...columnNorms(first!.name))).toBeLessThanOrEqual(0.5 + 1e-5);
    expect(Math.min(...weight(twin, first!.name, 1))).toBeGreaterThanOrEqual(0);
    for (const norm of columnNorms(second!.name)) expect(norm).toBeGreaterThanOrEqual(0.2 - 1e-5), expect(norm).toBeLessThanOrEqual(0.3 + 1e-5);
  });

  it("orthogonal initialisation gives orthonormal rows or columns, seeded", () => {
    for (const shape of [[16, 64], [64, 16], [3, 3, 4, 8]]) {
      const draw = () => tfjsInitializer({ kind: "orthogonal", frameworkName: "orthogonal" }, "recurrent", createRandom(5)).initializer.apply(shape);
      const w = tf.reshape(draw(), [-1, shape.at(-1)!]);
      const tall = w.shape[0]! >= w.shape[1]!;
      const gram = tall ? tf.matMul(w, w, true, false) : tf.matMul(w, w, false, true);
      const error = tf.max(tf.abs(tf.sub(gram, tf.eye(gram.shape[0]!)))).dataSync()[0]!;
      expect(error).toBeLessThan(1e-5);
      expect(Array.from(draw().dataSync())).toEqual(Array.from(w.dataSync()));
    }
  });
});

describe("a Keras GRU's twin (reset_after=True, Keras's default; TF.js has only the other convention)", () => {
  // Keras's numbers: scripts/gru-reset-after-case.py (weights and inputs fixed, outputs of Keras 3's layers).
  const reference = JSON.parse(readFileSync(fileURLToPath(new URL("../fixtures/simulate/gru-reset-after.json", import.meta.url)), "utf8")) as {
    input: { shape: number[]; values: number[] };
    units: number;
    cases: { name: string; weights: { shape: number[]; values: number[] }[]; output: { shape: number[]; values: number[] } }[];
  };
  const [, steps, features] = reference.input.shape as [number, number, number];
  const programs: Record<string, string> = {
    gru: `layers.GRU(${reference.units}, return_sequences=True)`,
    "gru-last": `layers.GRU(${reference.units}, activation="relu")`,
    bidirectional: `layers.Bidirectional(layers.GRU(${reference.units}, return_sequences=True))`,
  };

  for (const testCase of reference.cases) {
    it(`${testCase.name}: Keras's weight shapes and parameter count, and Keras's outputs on Keras's weights`, async () => {
      const { model, twin } = await twinOf(`from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([keras.Input(shape=(${steps}, ${features})), ${programs[testCase.name]!}])
model.compile(optimizer="adam", loss="mse")
`);
      expect(twin.notes.join(" ")).not.toMatch(/reset_after/);
      const layer = twin.model!.layers.find((l) => twin.origins.get(l.name) !== undefined && l.countParams() > 0)!;
      expect(layer.getWeights().map((w) => w.shape)).toEqual(testCase.weights.map((w) => w.shape));
      expect(layer.countParams()).toBe(model.architecture.layers.find((l) => l.kind === "gru" || l.kind === "bidirectional")!.paramCount);
      expect(twin.shapeMismatches).toEqual([]);
      layer.setWeights(testCase.weights.map((w) => tf.tensor(w.values, w.shape)));
      const output = twin.model!.predict(tf.tensor(reference.input.values, reference.input.shape)) as tf.Tensor;
      expect(output.shape).toEqual(testCase.output.shape);
      const got = Array.from(output.dataSync());
      const worst = Math.max(...got.map((v, i) => Math.abs(v - testCase.output.values[i]!)));
      expect(worst).toBeLessThan(1e-5);
    });
  }

  it("trains: every weight of the reset-after cell, both biases included, gets a gradient", async () => {
    const { twin } = await twinOf(`from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([keras.Input(shape=(6, 3)), layers.GRU(4, dropout=0.2, recurrent_dropout=0.2), layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
`);
    const gru = twin.model!.layers.find((l) => l.getClassName() === "GRU")!;
    const before = gru.getWeights().map((w) => Array.from(w.dataSync()));
    const x = tf.randomNormal([8, 6, 3], 0, 1, "float32", 1);
    const y = tf.randomNormal([8, 1], 0, 1, "float32", 2);
    twin.model!.compile({ optimizer: tf.train.sgd(0.1), loss: "meanSquaredError" });
    await twin.model!.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0, shuffle: false });
    const after = gru.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after[2]!.length).toBe(2 * 3 * 4);
    for (let i = 0; i < before.length; i++) expect(after[i]!.some((v, j) => v !== before[i]![j])).toBe(true);
    expect(Array.from((twin.model!.predict(x) as tf.Tensor).dataSync()).every(Number.isFinite)).toBe(true);
  });

  it("reset_after=False keeps TF.js's GRU (one bias per gate)", async () => {
    const { model, twin } = await twinOf(`from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([keras.Input(shape=(6, 3)), layers.GRU(4, reset_after=False)])
model.compile(optimizer="adam", loss="mse")
`);
    const gru = twin.model!.layers.find((l) => l.getClassName() === "GRU")!;
    expect(gru.getWeights()[2]!.shape).toEqual([12]);
    expect(gru.countParams()).toBe(model.architecture.layers.find((l) => l.kind === "gru")!.paramCount);
  });
});

describe("simulation in the report", () => {
  const CUSTOM_LOSS = `from tensorflow import keras
from tensorflow.keras import layers

def my_loss(y_true, y_pred):
    return keras.backend.mean(y_pred)

model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])
model.compile(optimizer="sgd", loss=my_loss)
`;

  it("a model with a custom loss is reported as not simulated, and lint's own findings stay", async () => {
    const plain = await lintSource(CUSTOM_LOSS, "m.py", { config: false });
    const report = await lintSource(CUSTOM_LOSS, "m.py", { config: false, simulate: true });
    expect(report.findings).toEqual(plain.findings);
    expect(report.files[0]!.simulation!.models).toEqual([
      expect.objectContaining({ model: "model", line: 7, simulated: false, reason: expect.stringMatching(/custom function/) }),
    ]);
  });

  it("reporters show the simulated mark: a text suffix, a json field, a SARIF property", () => {
    const report: Report = {
      tool: "lint",
      files: [{ path: "m.py", parsed: true, simulation: { models: [{ model: "model", simulated: true, steps: 10 }], timeMs: 5 } }],
      findings: [
        { code: "D402", name: "dead-units", severity: "warning", message: "units are dead", file: "m.py", line: 3, column: 1, simulated: true, steps: { first: 5, last: 9, count: 2 } },
        { code: "S201", name: "missing-softmax", severity: "error", message: "no softmax", file: "m.py", line: 4, column: 1 },
      ],
      rules: [],
      summary: { files: 1, filesWithErrors: 1, errors: 1, warnings: 1, infos: 0, durationMs: 1 },
    };
    const text = formatReport(report, "text");
    expect(text).toContain("units are dead (steps 5-9, 2 times) (simulated)");
    expect(text).not.toMatch(/no softmax.*simulated/);
    const json = JSON.parse(formatReport(report, "json"));
    expect(json.findings.map((f: { simulated?: boolean }) => f.simulated)).toEqual([true, undefined]);
    expect(json.files[0].simulation.models[0]).toEqual({ model: "model", simulated: true, steps: 10 });
    const sarif = JSON.parse(formatReport(report, "sarif"));
    const results = sarif.runs[0].results;
    expect(results.map((r: { properties?: { simulated?: boolean } }) => r.properties?.simulated)).toEqual([true, undefined]);
  });
});
