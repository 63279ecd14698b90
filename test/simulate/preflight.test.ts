/**
 * The preflight plugged into `lint --simulate`: its procedures run on the program's twin and synthetic
 * data, and D1 findings come back placed at the program's lines, marked simulated.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lint, lintSource } from "../../src/lint/lint.js";
import { fittedBudget, preflightStep } from "../../src/simulate/preflight-step.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/simulate/", import.meta.url));
const budget = { sampleSize: 128, overfitIterations: 60, dependencyIterations: 40, learningRate: 0.01 };

describe("the preflight's budget in a simulation", () => {
  it("shrinks the passes that cannot be cut to what the twin's forward pass fits in a quarter of the time; keeps what the user set", () => {
    // A large CNN twin: 20 ms a sample. 512 samples' initial loss alone would take 10 s.
    expect(fittedBudget({}, { fixedMs: 5, perSampleMs: 20 }, 5000)).toEqual({ sampleSize: 32, lossScalingSamples: 4, sampleDependencyBatch: 8 });
    // 2 ms a sample: 309 samples and 12 for the loss scaling fit; the cross-sample batch of 32 does.
    expect(fittedBudget({}, { fixedMs: 2, perSampleMs: 2 }, 5000)).toEqual({ sampleSize: 309, lossScalingSamples: 12 });
    // A small MLP: the defaults fit.
    expect(fittedBudget({}, { fixedMs: 2, perSampleMs: 0.05 }, 5000)).toEqual({});
    expect(fittedBudget({ sampleSize: 256 }, { fixedMs: 5, perSampleMs: 20 }, 5000)).toMatchObject({ sampleSize: 256, lossScalingSamples: 4 });
    expect(fittedBudget({}, undefined, 5000)).toEqual({});
  });
});

describe("the preflight in a simulation", () => {
  it("finds hidden kernels initialised to zeros (D105) at the layers' lines, before the simulated training", async () => {
    const source = readFileSync(`${FIXTURES}zero_kernel_init.py`, "utf8");
    const report = await lintSource(source, "zero_kernel_init.py", { config: false, simulate: { settings: { steps: 40, timeLimit: 60 }, preflight: [preflightStep({ budget })] } });
    const d105 = report.findings.filter((f) => f.code === "D105" && f.simulated === true);
    expect(d105.map((f) => f.line).sort()).toEqual([11, 12]);
    expect(d105[0]!.message).toMatch(/every weight equal/);
    expect(report.rules.map((r) => r.code)).toContain("D113");
  }, 120_000);

  it("D112 on a twin: an XOR network that learns slowly is not reported; a first layer frozen at zero, which cuts the input off, is", async () => {
    const program = (first: string) => `import numpy as np
from keras.models import Sequential
from keras.layers import Dense
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
y = np.array([0, 1, 1, 0])
model = Sequential()
model.add(${first})
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(X, y, epochs=1000, verbose=0)
`;
    // The default budgets, as simulate.preflight: true runs them.
    const settings = { timeLimit: 10, preflight: true };
    const xor = await lintSource(program(`Dense(4, input_dim=2, activation="relu")`), "xor.py", { config: false, simulate: { settings } });
    expect(xor.findings.filter((f) => f.code === "D112")).toEqual([]);
    const blind = await lintSource(program(`Dense(4, input_dim=2, kernel_initializer="zeros", trainable=False)`), "blind.py", { config: false, simulate: { settings } });
    expect(blind.findings.filter((f) => f.code === "D112" && f.simulated === true)).toHaveLength(1);
  }, 120_000);

  it("token ids read by an embedding are not judged as unscaled features (D102); the numeric input beside them is", async () => {
    const source = `from tensorflow import keras
from tensorflow.keras import layers
tokens = keras.Input(shape=(20,), dtype="int32")
amounts = keras.Input(shape=(3,))
x = layers.GlobalAveragePooling1D()(layers.Embedding(5000, 8)(tokens))
x = layers.Concatenate()([x, layers.Dense(4)(amounts)])
model = keras.Model([tokens, amounts], layers.Dense(1, activation="sigmoid")(x))
model.compile(optimizer="adam", loss="binary_crossentropy")
`;
    const report = await lintSource(source, "text.py", { config: false, simulate: { settings: { steps: 10, timeLimit: 60 }, preflight: [preflightStep({ budget })] } });
    expect(report.findings.filter((f) => f.code === "D102" && /max [0-9]{4}/.test(f.message))).toEqual([]);
  }, 120_000);

  it("runs by default from the settings (budgets from the configuration's preflight table); `simulate.preflight: false` turns it off", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "nncheck-sim-preflight-"));
    copyFileSync(`${FIXTURES}zero_kernel_init.py`, path.join(dir, "zero_kernel_init.py"));
    writeFileSync(path.join(dir, "nncheck.config.json"), JSON.stringify({ simulate: { steps: 40, timeLimit: 60 }, preflight: budget }));
    const report = await lint(["zero_kernel_init.py"], { cwd: dir, simulate: true });
    expect(report.findings.filter((f) => f.code === "D105" && f.simulated === true).map((f) => f.line).sort()).toEqual([11, 12]);
    writeFileSync(path.join(dir, "nncheck.config.json"), JSON.stringify({ simulate: { steps: 40, timeLimit: 60, preflight: false } }));
    const plain = await lint(["zero_kernel_init.py"], { cwd: dir, simulate: true });
    expect(plain.findings.filter((f) => /^D1\d\d$/.test(f.code))).toEqual([]);
  }, 180_000);
});
