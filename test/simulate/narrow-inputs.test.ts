/**
 * Inputs of fewer values than the latent factors cannot carry them: labels that followed the factors were
 * partly unpredictable, and healthy models on 2 binary inputs stayed at chance in simulation (D502, D508 on
 * an XOR network and a TF1 softmax classifier). The labels now follow such inputs themselves.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { drawInputs } from "./synthetic-inputs.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const program = (features: number) => `
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
X = np.random.randint(0, 2, size=(200, ${features}))
y = np.random.randint(0, 2, size=(200,))
model = Sequential([Dense(4, input_dim=${features}, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(X, y, epochs=10, batch_size=4)
`;

/** For each distinct input row, the set of labels it was given. */
function labelsByRow(values: Float32Array, targets: Float32Array, width: number): Map<string, Set<number>> {
  const rows = new Map<string, Set<number>>();
  for (let s = 0; s < targets.length; s++) {
    const key = Array.from(values.slice(s * width, (s + 1) * width)).join(",");
    if (!rows.has(key)) rows.set(key, new Set());
    rows.get(key)!.add(targets[s]!);
  }
  return rows;
}

describe("labels of narrow inputs", () => {
  it("follow two binary inputs: each distinct input has one label, and both labels occur", async () => {
    const drawn = await drawInputs(program(2), 4, 256);
    const rows = labelsByRow(drawn.values, drawn.targets, 2);
    expect(rows.size).toBe(4);
    expect([...rows.values()].every((labels) => labels.size === 1)).toBe(true);
    expect(new Set(drawn.targets).size).toBe(2);
  });

  it("wide inputs keep labels that follow the latent factors (the same binary row may get either label)", async () => {
    const drawn = await drawInputs(program(12), 4, 1024);
    const rows = labelsByRow(drawn.values, drawn.targets, 12);
    expect([...rows.values()].some((labels) => labels.size === 2)).toBe(true);
  });
});
