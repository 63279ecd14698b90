/**
 * Error findings must rest on certain facts. Programs that once drew false errors from array facts the
 * front end got wrong (a matmul taken as broadcasting, rows built in a loop taken as scalars, arrays stacked
 * by `np.array` taken as numbers), each beside a variant with a real fault that must still be found.
 */
import { describe, expect, it } from "vitest";
import { lintSource } from "../../src/lint/lint.js";
import { dedent } from "../helpers/rule-tester.js";

async function codes(source: string): Promise<string[]> {
  const report = await lintSource(dedent(source), "program.py", { config: false, preview: true });
  return report.findings.filter((f) => f.severity === "error").map((f) => f.code);
}

const regression = (targets: string): string => `
  import numpy as np
  from tensorflow import keras
  from tensorflow.keras import layers

  x = np.random.rand(5000, 8).astype('float32')
  noise = np.random.normal(0, 0.1, size=(5000,))
  y = ${targets}
  model = keras.Sequential([layers.Dense(16, activation='relu', input_shape=(8,)), layers.Dense(1)])
  model.compile(loss='mse', optimizer='adam')
  model.fit(x, y, epochs=3)
`;

describe("targets made by a matrix product", () => {
  it("x @ w with w a vector gives one target per sample: no S211", async () => {
    expect(await codes(regression("x @ np.arange(8, dtype='float32') + noise"))).not.toContain("S211");
    expect(await codes(regression("np.dot(x, np.ones(8)) + noise"))).not.toContain("S211");
    expect(await codes(regression("x.dot(np.ones((8,))) * 2"))).not.toContain("S211");
  });

  it("x @ W with W a matrix gives several targets per sample: S211", async () => {
    expect(await codes(regression("x @ np.ones((8, 3))"))).toContain("S211");
  });
});

const rows = (loop: string, row: string, inputShape: string): string => `
  import numpy as np
  from tensorflow import keras
  from tensorflow.keras import layers

  dim = 6
  X = []
  ${loop}
      X.append(${row})
  X = np.array(X)
  model = keras.Sequential([layers.Dense(8, activation='relu', input_shape=${inputShape}), layers.Dense(1)])
  model.compile(loss='mse', optimizer='adam')
  model.fit(X, np.zeros(len(X)), epochs=3)
`;

describe("samples built row by row in a loop", () => {
  const padded = "[0.] * (dim - len(n)) + n";
  it("rows padded to a width from values not known: no S119", async () => {
    // A known number of rows whose contents are drawn: each row is a list of unknown length, not a number.
    expect(await codes(rows("for i in range(20):\n      n = list(np.random.randint(0, 9, size=np.random.randint(1, dim)))", padded, "(dim,)"))).not.toContain("S119");
    expect(await codes(rows("for n in load_sequences():", padded, "(dim,)"))).not.toContain("S119");
    expect(await codes(rows("for n in [[1., 2.], [3.], [4., 5., 6.]]:", padded, "(dim,)"))).not.toContain("S119");
  });

  it("rows of a known width that differs from the declared input: S119", async () => {
    expect(await codes(rows("for n in [[1., 2.], [3., 4.]]:", "n + [0.]", "(dim,)"))).toContain("S119");
    expect(await codes(rows("for n in range(500):", "[0.5, 1., 2.]", "(dim,)"))).toContain("S119");
  });
});

const stacked = (items: string): string => `
  import numpy as np
  from keras.models import Sequential
  from keras.layers import Conv2D, Flatten, Dense

  blank = np.zeros((28, 28))
  X = np.array(${items})
  y = np.array([[1, 0], [0, 1]])
  model = Sequential()
  model.add(Conv2D(8, (3, 3), activation='relu', input_shape=(28, 28, 1)))
  model.add(Flatten())
  model.add(Dense(2, activation='softmax'))
  model.compile(loss='categorical_crossentropy', optimizer='adam')
  model.fit(X, y, epochs=5)
`;

describe("a batch stacked from arrays with np.array", () => {
  it("two (28, 28, 1) images make a (2, 28, 28, 1) batch: no S119", async () => {
    expect(await codes(stacked("[blank.reshape(28, 28, 1), blank.reshape(28, 28, 1)]"))).not.toContain("S119");
    expect(await codes(stacked("[blank[..., None]] * 2"))).not.toContain("S119");
  });

  it("two (28, 28) images without a channel axis: S119", async () => {
    expect(await codes(stacked("[blank, blank]"))).toContain("S119");
  });
});
