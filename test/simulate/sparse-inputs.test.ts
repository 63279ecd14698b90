/**
 * Inputs the program makes sparse are drawn sparse: bag-of-words matrices (`sequences_to_matrix`, a 0/1
 * matrix written into zeros) as 0/1 rows with a few percent of the words set, `to_categorical` inputs as
 * one-hot rows. Dense draws in [0, 1] gave the first ReLU layer inputs no real row has (dead and dying
 * units reported on clean bag-of-words models).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { multiHotDensity, normalQuantile } from "../../src/probes/simulate/data.js";
import { drawInputs } from "./synthetic-inputs.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const HEAD = `
import numpy as np
from keras.datasets import reuters
from keras.preprocessing.text import Tokenizer
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import to_categorical
`;

const TAIL = (width: number) => `
model = Sequential()
model.add(Dense(16, input_shape=(${width},), activation="relu"))
model.add(Dense(46, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, batch_size=32, epochs=5)
`;

/** The synthetic inputs the simulation would draw for the program's only model. */
function inputsOf(source: string) {
  return drawInputs(source, 5, 200);
}

function shareOf(values: Float32Array, predicate: (v: number) => boolean): number {
  let n = 0;
  for (const v of values) if (predicate(v)) n++;
  return n / values.length;
}

describe("sparse synthetic inputs", () => {
  it("normalQuantile inverts the normal distribution", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 4);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 4);
    expect(multiHotDensity(10_000)).toBeCloseTo(0.02, 6);
  });

  // The rows a validation split leaves (`x[1000:]`) hold the values the program made, sparse as before.
  it.each([["", ""], ["x_train = x_train[1000:]", "y_train = y_train[1000:]"]])("draws a sequences_to_matrix input as 0/1 rows with a few percent of the words set %s", async (sliceX, sliceY) => {
    const source = `${HEAD}
(x_train, y_train), _ = reuters.load_data(num_words=1000)
tokenizer = Tokenizer(num_words=1000)
x_train = tokenizer.sequences_to_matrix(x_train, mode="binary")
y_train = to_categorical(y_train, 46)
${sliceX}
${sliceY}
${TAIL(1000)}`;
    const { values, description } = await inputsOf(source);
    expect(shareOf(values, (v) => v !== 0 && v !== 1)).toBe(0);
    const ones = shareOf(values, (v) => v === 1);
    expect(ones).toBeGreaterThan(multiHotDensity(1000) * 0.6);
    expect(ones).toBeLessThan(multiHotDensity(1000) * 1.4);
    expect(description[0]).toMatch(/sparse rows \(sequences_to_matrix\(binary\)\)/);
  });

  it.each([["", ""], ["x_train = x_train[1000:]", "y_train = y_train[1000:]"]])("draws a wide 0/1 matrix written into zeros as sparse rows, and says it assumed so %s", async (sliceX, sliceY) => {
    const source = `${HEAD}
def vectorize(seqs, dim=2000):
    out = np.zeros((len(seqs), dim))
    for i, seq in enumerate(seqs):
        out[i, seq] = 1.0
    return out

(train, y_train), _ = reuters.load_data(num_words=2000)
x_train = vectorize(train)
y_train = to_categorical(y_train, 46)
${sliceX}
${sliceY}
${TAIL(2000)}`;
    const { values, notes } = await inputsOf(source);
    expect(shareOf(values, (v) => v !== 0 && v !== 1)).toBe(0);
    expect(shareOf(values, (v) => v === 1)).toBeLessThan(0.1);
    expect(notes.join("\n")).toMatch(/known only to lie in \[0, 1\]: drawn as sparse 0\/1 rows/);
  });

  it("draws a to_categorical input as one-hot rows", async () => {
    const source = `${HEAD}
codes = np.random.randint(0, 12, size=(500,))
x_train = to_categorical(codes, 12)
y_train = to_categorical(np.random.randint(0, 46, size=(500,)), 46)
${TAIL(12)}`;
    const { values, width, description } = await inputsOf(source);
    expect(description[0]).toMatch(/one-hot rows/);
    for (let row = 0; row < values.length / width; row++) {
      const cells = values.subarray(row * width, (row + 1) * width);
      expect(cells.filter((v) => v === 1).length).toBe(1);
      expect(cells.filter((v) => v === 0).length).toBe(width - 1);
    }
  });

  it("keeps dense draws for a [0, 1] input the program scaled (pixels)", async () => {
    const source = `${HEAD}
from keras.datasets import mnist
(x_train, labels), _ = mnist.load_data()
x_train = x_train.reshape(60000, 784).astype("float32") / 255
y_train = to_categorical(labels, 46)
${TAIL(784)}`;
    const { values } = await inputsOf(source);
    // MNIST's dark background leaves most pixels at 0; the strokes take values over the whole range, not 1 only.
    const strokes = Float32Array.from(values.filter((v) => v > 0));
    expect(strokes.length / values.length).toBeGreaterThan(0.12);
    expect(shareOf(strokes, (v) => v > 0.05 && v < 0.95)).toBeGreaterThan(0.5);
  });
});
