/**
 * Digit and garment images are strokes on a dark background: most of their pixels are 0. Drawn over the
 * whole [0, 1] range instead, MNIST-shaped inputs had about three times MNIST's mean square, and the
 * classic logistic regression (SGD 0.5) diverged on them in simulation (D406, D502 on a clean program).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { drawInputs } from "./synthetic-inputs.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const program = (dataset: string) => `
from tensorflow import keras
from tensorflow.keras import layers
(x_train, y_train), _ = keras.datasets.${dataset}.load_data()
x_train = x_train.reshape(-1, ${dataset.includes("cifar") ? 3072 : 784}).astype("float32") / 255
model = keras.Sequential([layers.Dense(10, activation="softmax", input_shape=(${dataset.includes("cifar") ? 3072 : 784},))])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, batch_size=32)
`;

function summary(values: Float32Array): { zeros: number; mean: number; meanSquare: number } {
  let zeros = 0;
  let sum = 0;
  let squares = 0;
  for (const v of values) {
    if (v === 0) zeros++;
    sum += v;
    squares += v * v;
  }
  return { zeros: zeros / values.length, mean: sum / values.length, meanSquare: squares / values.length };
}

describe("synthetic pixels of known datasets", () => {
  it("MNIST: about 81 % of the pixels are background, the mean about 0.13 as in the real images", async () => {
    const drawn = await drawInputs(program("mnist"), 3, 200);
    const { zeros, mean, meanSquare } = summary(drawn.values);
    expect(zeros).toBeGreaterThan(0.75);
    expect(zeros).toBeLessThan(0.87);
    expect(mean).toBeGreaterThan(0.07);
    expect(mean).toBeLessThan(0.2);
    expect(meanSquare).toBeLessThan(0.15);
    expect(drawn.values.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(1);
    expect(drawn.description.join("\n")).toMatch(/81% of them 0 \(dark background\)/);
  });

  it("Fashion-MNIST: about half the pixels are background", async () => {
    const { zeros } = summary((await drawInputs(program("fashion_mnist"), 3, 200)).values);
    expect(zeros).toBeGreaterThan(0.42);
    expect(zeros).toBeLessThan(0.58);
  });

  it("CIFAR-10 photographs keep values spread over the whole range", async () => {
    const drawn = await drawInputs(program("cifar10"), 3, 200);
    const { zeros, mean } = summary(drawn.values);
    expect(zeros).toBeLessThan(0.01);
    expect(mean).toBeGreaterThan(0.4);
    expect(drawn.description.join("\n")).not.toMatch(/background/);
  });
});
