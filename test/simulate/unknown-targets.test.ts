/**
 * Targets the program does not reveal are drawn where the model's output can reach them: a sigmoid output
 * trained with a regression loss on data nobody knows must not be reported as unable to reach its targets
 * (a public tutorial's multi-output model raised D408 on standard-normal targets the simulation made up).
 */
import { describe, expect, it } from "vitest";
import { lintSource } from "../../src/lint/lint.js";

const PROGRAM = `
from tensorflow import keras
from tensorflow.keras import layers

features = load_features()
scores = load_scores()
inputs = keras.Input(shape=(20,))
hidden = layers.Dense(16, activation="relu")(inputs)
score = layers.Dense(1, activation="sigmoid", name="score")(hidden)
model = keras.Model(inputs, score)
model.compile(optimizer="rmsprop", loss="mean_squared_error")
model.fit(features, scores, epochs=2)
`;

describe("simulated targets of unknown range", () => {
  it("stay within a bounded output's range, say so, and raise no target-range finding", async () => {
    const report = await lintSource(PROGRAM, "scores.py", { config: false, simulate: { settings: { steps: 40, timeLimit: 30 } } });
    const models = report.files[0]!.simulation!.models;
    expect(models[0]!.simulated).toBe(true);
    expect(models[0]!.data!.join("\n")).toMatch(/values in \[0, 1\] \(the output's range\)/);
    expect(report.findings.filter((f) => f.simulated && f.code === "D408")).toEqual([]);
  }, 60_000);

  it("are not drawn over a sum's bound: 200 masked values in [0, 1] summed lie in [0, 2], not across [0, 200] (the adding problem)", async () => {
    const source = `
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

N, T = 1000, 200
signals = np.random.uniform(low=0.0, high=1.0, size=(N, T))
masks = np.zeros((N, T))
for i in range(N):
    masks[i, np.random.permutation(T)[:2]] = 1
target = (signals * masks).sum(axis=1).reshape(N, 1)
data = np.concatenate([signals, masks], axis=1)
model = keras.Sequential([keras.Input(shape=(2 * T,)), layers.Dense(32, activation="relu"), layers.Dense(1)])
model.compile(optimizer="adam", loss="mean_squared_error")
model.fit(data, target, batch_size=100, epochs=2)
`;
    const report = await lintSource(source, "adding.py", { config: false, simulate: { settings: { steps: 20, timeLimit: 30, preflight: true } } });
    const model = report.files[0]!.simulation!.models[0]!;
    expect(model.simulated).toBe(true);
    // Not known: drawn as standard-normal values (before, uniform over [0, 200], which D104 reported).
    expect(model.data!.join("\n")).toMatch(/target dense_1 \(1\): standard normal values/);
    expect(report.findings.filter((f) => f.code === "D104")).toEqual([]);
  }, 90_000);

  it("are one class a row for binary cross-entropy over a two-way softmax (0/1 per column asked it for [1, 1] and [0, 0], and the preflight found it could not fit them)", async () => {
    const source = `
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

X = np.load("transactions.npy")
Y = keras.utils.to_categorical(np.load("fraud_labels.npy"), 2)
inputs = keras.Input(shape=(30,))
h = layers.Dense(64, activation="relu")(inputs)
outputs = layers.Dense(2, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, Y, epochs=10, batch_size=512)
`;
    const report = await lintSource(source, "fraud.py", { config: false, simulate: { settings: { steps: 20, timeLimit: 60, preflight: true } } });
    const model = report.files[0]!.simulation!.models[0]!;
    expect(model.data!.join("\n")).toMatch(/one-hot labels of 2 classes/);
    expect(report.findings.filter((f) => f.simulated && f.severity !== "info")).toEqual([]);
  }, 90_000);
});
