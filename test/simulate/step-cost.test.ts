/**
 * A twin whose training step outlasts the time limit is measured, not trained: steps cannot be
 * interrupted, and a ResNet on 224×224 images (~40 s a step on wasm) ran for minutes past a 10 s limit.
 * Where a smaller batch fits, it trains on that (stated); where none does, the model is reported not
 * simulated, with the step's estimated time.
 */
import { describe, expect, it } from "vitest";
import { lintSource } from "../../src/lint/lint.js";
import { chooseBatch, MIN_SIMULATED_BATCH, TRAINING_STEP_FORWARDS } from "../../src/simulate/step-cost.js";

const perSample = (ms: number) => ({ fixedMs: 0, perSampleMs: ms });

describe("chooseBatch", () => {
  const step = (msPerSample: number, batch: number) => TRAINING_STEP_FORWARDS * msPerSample * batch;

  it("keeps the planned batch when its steps fit", () => {
    expect(chooseBatch(perSample(1), 32, step(1, 32) * 6, 6)).toEqual({ ok: true, batchSize: 32, stepMs: step(1, 32) });
  });

  it("shrinks the batch to the largest that fits, not below the minimum", () => {
    expect(chooseBatch(perSample(1), 32, step(1, 20) * 6 + 1, 6)).toEqual({ ok: true, batchSize: 20, stepMs: step(1, 20) });
    expect(chooseBatch(perSample(1), 32, step(1, MIN_SIMULATED_BATCH) * 6, 6)).toMatchObject({ ok: true, batchSize: MIN_SIMULATED_BATCH });
    expect(chooseBatch(perSample(1), 32, step(1, MIN_SIMULATED_BATCH) * 6 - 1, 6)).toEqual({ ok: false, stepMs: step(1, 32) });
  });

  it("never shrinks a planned batch that is already small", () => {
    expect(chooseBatch(perSample(1), 4, step(1, 4) * 6 - 1, 6)).toEqual({ ok: false, stepMs: step(1, 4) });
  });

  it("counts a forward pass's fixed cost once per step, whatever the batch", () => {
    // 100 ms of per-op overhead (a recurrent layer's time steps) and 1 ms per sample: 4 × (100 + 32) ms a step.
    const cost = { fixedMs: 100, perSampleMs: 1 };
    expect(chooseBatch(cost, 32, 6 * 4 * 132, 6)).toEqual({ ok: true, batchSize: 32, stepMs: 4 * 132 });
    expect(chooseBatch(cost, 32, 6 * 4 * 120, 6)).toEqual({ ok: true, batchSize: 20, stepMs: 4 * 120 });
    expect(chooseBatch(cost, 32, 6 * 4 * 107, 6)).toEqual({ ok: false, stepMs: 4 * 132 });
  });

  it("trusts a forward pass it could not time (0 ms) to fit", () => {
    expect(chooseBatch(perSample(0), 32, 1, 6)).toMatchObject({ ok: true, batchSize: 32 });
  });
});

const LARGE_IMAGE_CNN = `
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([
    keras.Input(shape=(160, 160, 3)),
    layers.Conv2D(64, 5, padding="same", activation="relu"),
    layers.Conv2D(64, 5, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train, y_train, batch_size=32, epochs=3)
`;

describe("simulating a model whose step outlasts the time limit", () => {
  it("reports it not simulated, with the step's estimated time, without training it", async () => {
    const report = await lintSource(LARGE_IMAGE_CNN, "large.py", { config: false, simulate: { settings: { timeLimit: 2, samples: 64 } } });
    const summary = report.files[0]!.simulation!.models[0]!;
    expect(summary.simulated).toBe(false);
    expect(summary.reason).toMatch(/^one training step of batch 32 would take about [\d.]+ s \(a forward pass: \d+ ms \+ \d+ ms per sample\): fewer than 6 steps fit in the simulation's time limit of 2 s \(simulate\.timeLimit\)$/);
    expect(summary.steps).toBeUndefined();
    expect(report.findings.filter((f) => f.simulated === true)).toEqual([]);
  });
});
