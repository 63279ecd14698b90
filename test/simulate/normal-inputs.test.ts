/**
 * Inputs a program draws from a normal distribution (`rng.normal`, `np.random.randn`: GAN codes, toy
 * regressions) are drawn normal with the program's mean and spread. Spread over their practical range
 * (mean ± 5 std) instead, as ranged inputs are, they had three times the program's spread, and the
 * simulated preflight read them as unscaled features (D102 on two clean corpus programs).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzePython } from "../../src/frontends/python/index.js";
import { drawInputs } from "./synthetic-inputs.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const program = (draw: string, after = "") => `
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
rng = np.random.default_rng(0)
X = ${draw}
${after}
y = rng.integers(0, 2, size=(2000,))
model = keras.Sequential([keras.Input(shape=(12,)), layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, batch_size=32)
`;

function moments(values: Float32Array): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

describe("synthetic inputs of normal draws", () => {
  it("a standard normal draw: mean 0, std 1 (not spread over ±5)", async () => {
    const drawn = await drawInputs(program(`rng.normal(size=(2000, 12)).astype("float32")`), 3, 400);
    const { mean, std } = moments(drawn.values);
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(std).toBeGreaterThan(0.85);
    expect(std).toBeLessThan(1.15);
    expect(drawn.description.join("\n")).toMatch(/standard normal values/);
  });

  it("a normal draw of mean 3 and scale 2 keeps them, and says so", async () => {
    const drawn = await drawInputs(program(`np.random.normal(3.0, 2.0, size=(2000, 12))`), 3, 400);
    const { mean, std } = moments(drawn.values);
    expect(mean).toBeGreaterThan(2.7);
    expect(mean).toBeLessThan(3.3);
    expect(std).toBeGreaterThan(1.7);
    expect(std).toBeLessThan(2.3);
    expect(drawn.description.join("\n")).toMatch(/normal values, mean 3, std 2 \(as the program draws them\)/);
  });

  it("the distribution is kept through a type or a reshape, and dropped by arithmetic on the values", async () => {
    const kept = await analyzePython(program(`np.random.randn(2000, 12).astype("float32").reshape(2000, 12)`), "m.py");
    expect(kept.program!.models[0]!.training[0]!.x).toMatchObject({ normal: { mean: 0, std: 1 } });
    const scaled = await analyzePython(program(`np.random.randn(2000, 12)`, "X = X * 10 + 1"), "m.py");
    const facts = scaled.program!.models[0]!.training[0]!.x;
    expect(facts?.normal).toBeUndefined();
  });
});
