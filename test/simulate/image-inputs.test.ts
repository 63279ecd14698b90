/**
 * Synthetic images vary over whole regions, as real ones do: each latent factor loads on an image through
 * a smooth spatial field. Loadings drawn per pixel made images that differ pixel by pixel only; after
 * convolutions and pooling the dense head's inputs were nearly the same for every sample, and most of its
 * ReLU units died (D305/D402 on 13 clean corpus programs in simulation).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { drawInputs } from "./synthetic-inputs.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const program = (inputShape: string) => `
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([keras.Input(shape=${inputShape}),${inputShape.includes(",)") ? "" : " layers.Flatten(),"} layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x_train = x_train / 255.0
model.fit(x_train, y_train, batch_size=32)
`;

/** The synthetic inputs of the program's model, one row of features per sample. */
async function draw(inputShape: string): Promise<{ rows: Float32Array[]; features: number }> {
  const { values, samples } = await drawInputs(program(inputShape), 7, 400);
  const features = values.length / samples;
  const rows = Array.from({ length: samples }, (_, s) => values.slice(s * features, (s + 1) * features));
  return { rows, features };
}

/** Correlation across samples of features a and b. */
function correlation(rows: Float32Array[], a: number, b: number): number {
  const n = rows.length;
  const ma = rows.reduce((t, r) => t + r[a]!, 0) / n;
  const mb = rows.reduce((t, r) => t + r[b]!, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (const r of rows) {
    sab += (r[a]! - ma) * (r[b]! - mb);
    saa += (r[a]! - ma) ** 2;
    sbb += (r[b]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Mean over the samples of |correlation| between neighbouring features (horizontal neighbours for images). */
function neighbourCorrelation(rows: Float32Array[], pairs: [number, number][]): number {
  return pairs.reduce((t, [a, b]) => t + Math.abs(correlation(rows, a, b)), 0) / pairs.length;
}

/** Standard deviation across samples of each sample's mean value: how much whole images differ. */
function spreadOfMeans(rows: Float32Array[]): number {
  const means = rows.map((r) => r.reduce((t, v) => t + v, 0) / r.length);
  const m = means.reduce((t, v) => t + v, 0) / means.length;
  return Math.sqrt(means.reduce((t, v) => t + (v - m) ** 2, 0) / means.length);
}

describe("synthetic image inputs", () => {
  it("vary over regions: neighbouring pixels move together across samples, and whole images differ", async () => {
    const { rows } = await draw("(24, 24, 3)");
    // Pixel (y, x, channel 0) and its right neighbour, over a few rows.
    const pairs: [number, number][] = [];
    for (const y of [0, 5, 11, 17]) for (const x of [0, 6, 12, 20]) pairs.push([(y * 24 + x) * 3, (y * 24 + x + 1) * 3]);
    expect(neighbourCorrelation(rows, pairs)).toBeGreaterThan(0.5);
    expect(spreadOfMeans(rows)).toBeGreaterThan(0.05);
  });

  it("flat feature vectors keep independent loadings: neighbours are no more alike than any two features", async () => {
    const { rows } = await draw("(576,)");
    const pairs: [number, number][] = [];
    for (let j = 0; j < 64; j++) pairs.push([j * 9, j * 9 + 1]);
    const far: [number, number][] = pairs.map(([a]) => [a, (a + 288) % 576]);
    // Shared latent factors correlate any two features somewhat; neighbours are not special.
    expect(Math.abs(neighbourCorrelation(rows, pairs) - neighbourCorrelation(rows, far))).toBeLessThan(0.1);
  });
});
