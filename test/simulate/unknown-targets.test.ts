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
});
