/**
 * Array facts the front end states must be numpy's (or unknown): shapes of products and stacks, arrays
 * built from Python lists grown in loops, one-hot rows of an identity matrix, dtypes and value ranges.
 */
import { describe, expect, test } from "vitest";
import type { DataFacts } from "../../../../model/program.js";
import { Interpreter } from "../../interpreter.js";
import { parsePython } from "../../parser.js";
import { ExtractionState } from "../../state.js";
import { analyze, dedent, onlyModel } from "../../testing.js";
import type { Value } from "../../values.js";
import { FrameworkLibrary } from "../index.js";

/** The module-level variables of a program after the interpreter ran it. */
async function run(source: string): Promise<Map<string, Value>> {
  const parsed = await parsePython(dedent(source));
  const state = new ExtractionState("test.py", undefined, 100_000);
  const interpreter = new Interpreter(state, new FrameworkLibrary(state));
  interpreter.runModule(parsed.root);
  return interpreter.globals.vars;
}

function facts(vars: Map<string, Value>, name: string): DataFacts | undefined {
  const v = vars.get(name);
  return v?.t === "data" ? v.facts : undefined;
}

describe("matrix products", () => {
  test("x @ w and np.dot with a vector drop the inner axis (numpy's matmul, not broadcasting)", async () => {
    const vars = await run(`
      import numpy as np
      x = np.random.rand(5000, 8).astype('float32')
      y = x @ np.arange(8, dtype='float32') + np.random.normal(0, 0.1, size=(5000,))
      z = np.dot(x, np.ones((8, 3)))
      v = np.ones(8) @ np.ones((8, 2))
      s = np.ones(8).dot(np.ones(8))
      batched = np.zeros((4, 5, 8)) @ np.zeros((4, 8, 2))
      bad = np.zeros((5, 8)) @ np.zeros((7, 2))
    `);
    expect(facts(vars, "y")).toMatchObject({ shape: [5000], dtype: "float64" });
    expect(facts(vars, "z")?.shape).toEqual([5000, 3]);
    expect(facts(vars, "v")?.shape).toEqual([2]);
    expect(facts(vars, "s")?.shape).toEqual([]);
    expect(facts(vars, "batched")?.shape).toEqual([4, 5, 2]);
    // numpy refuses: nothing after it is known.
    expect(vars.get("bad")?.t).toBe("unknown");
  });
});

describe("arrays made from Python lists", () => {
  test("np.array of arrays stacks them: (2,) + their shape", async () => {
    const vars = await run(`
      import numpy as np
      image = np.zeros((28, 28))
      X = np.array([image.reshape(28, 28, 1), image.reshape(28, 28, 1)])
      ragged = np.array([image, np.zeros((28, 27))])
      unknown_items = np.array([load(), load()])
    `);
    expect(facts(vars, "X")).toMatchObject({ shape: [2, 28, 28, 1], range: [0, 0] });
    expect(vars.get("ragged")?.t).toBe("unknown");
    // Items of unknown shape: the rank is not known (not "two numbers").
    expect(facts(vars, "unknown_items")?.shape).toBeUndefined();
  });

  test("rows appended in a loop: known rows give the exact array, rows of unknown contents no shape at all", async () => {
    const vars = await run(`
      import numpy as np
      dim = 6
      X = []
      for n in [[1., 2.], [3.], [4., 5., 6.]]:
          X.append([0.] * (dim - len(n)) + n)
      X = np.array(X)
      Y = []
      for i in range(20):
          n = list(np.random.randint(0, 9, size=4))
          Y.append([0.] * (dim - len(n)) + n)
      Y = np.array(Y)
    `);
    expect(facts(vars, "X")).toMatchObject({ shape: [3, 6], dtype: "float64", range: [0, 6] });
    expect(facts(vars, "Y")?.shape).toBeUndefined();
  });

  test("a loop longer than the interpreter unrolls: the rows' shape, not their count; values written no longer bounded", async () => {
    const vars = await run(`
      import numpy as np
      rows = []
      count = 0
      signal = np.zeros(1000)
      for i in range(1000):
          rows.append([1.0, 2.0])
          signal[i] = 100 * np.cos(i / 100)
          count += 1
      X = np.array(rows)
    `);
    expect(facts(vars, "X")?.shape).toEqual([null, 2]);
    expect(vars.get("count")?.t).toBe("unknown");
    // The first iterations wrote values near 100; the later ones reach -100.
    expect(facts(vars, "signal")?.shape).toEqual([1000]);
    expect(facts(vars, "signal")?.range).toBeUndefined();
  });

  test("rows appended in a loop of unknown count: (None, row) from the one pass, the values of every pass alike", async () => {
    const vars = await run(`
      import numpy as np
      import sys
      X = []
      for path in sys.argv:
          X.append(np.ones(3) * 2)
      X = np.array(X)
      Y = []
      c = 0
      for path in sys.argv:
          Y.append([c, 1])
          c += 1
      Y = np.array(Y)
    `);
    expect(facts(vars, "X")).toMatchObject({ shape: [null, 3], range: [2, 2] });
    // The counter changes from pass to pass: the one pass seen does not bound the others.
    expect(facts(vars, "Y")?.shape).toEqual([null, 2]);
    expect(facts(vars, "Y")?.range).toBeUndefined();
  });

  test("items added under an undecided condition may not be there", async () => {
    const vars = await run(`
      import numpy as np
      import sys
      X = [[1.0, 2.0]]
      if len(sys.argv) > 1:
          X.append([3.0, 4.0])
      n = len(X)
      A = np.array(X)
      flags = [1]
      if len(sys.argv) > 2:
          flags.pop()
    `);
    expect(vars.get("n")?.t).toBe("unknown");
    expect(facts(vars, "A")?.shape).toEqual([null, 2]);
    const flags = vars.get("flags");
    expect(flags?.t === "list" && flags.unknownLength).toBe(true);
  });

  test("a list rebound on one path holds either path's items", async () => {
    const vars = await run(`
      import numpy as np
      import sys
      X = [[1, 2], [3, 4]]
      if len(sys.argv) > 1:
          X = [[1, 2], [3, 4], [5, 6]]
      n = len(X)
      A = np.array(X)
      Y = [1, 2] if len(sys.argv) > 2 else [1, 2, 3]
      Z = []
      for arg in sys.argv:
          Z = Z + [[1.0, 2.0]]
      B = np.array(Z)
    `);
    expect(vars.get("n")?.t).toBe("unknown");
    expect(facts(vars, "A")).toMatchObject({ shape: [null, 2], range: [1, 6] });
    const y = vars.get("Y");
    expect(y?.t === "list" && y.uncertainItems).toBe(true);
    expect(facts(vars, "B")?.shape).toEqual([null, 2]);
  });

  test("list methods and deletions keep lengths exact", async () => {
    const vars = await run(`
      a = [1, 2, 3, 2]
      a.remove(2)
      b = [1, 2, 3]
      del b[0]
      c = [3, 1, 2]
      c.sort()
      d = [1, 2]
      d.clear()
      e = 3 * [0]
    `);
    const items = (name: string) => {
      const v = vars.get(name);
      return v?.t === "list" ? v.items.map((i) => (i.t === "num" ? i.v : "?")) : undefined;
    };
    expect(items("a")).toEqual([1, 3, 2]);
    expect(items("b")).toEqual([2, 3]);
    expect(items("c")).toEqual([1, 2, 3]);
    expect(items("d")).toEqual([]);
    expect(items("e")).toEqual([0, 0, 0]);
  });

  test("dtypes numpy infers from Python values", async () => {
    const vars = await run(`
      import numpy as np
      flags = np.array([True, False])
      mixed = np.array([1, 2.5])
      ints = np.array([[1, 2], [3, 4]])
      sevens = np.full((2, 3), 7)
      steps = np.arange(8, dtype='float32')
      quarters = np.arange(0, 1, 0.25)
    `);
    expect(facts(vars, "flags")).toMatchObject({ shape: [2], dtype: "bool" });
    expect(facts(vars, "mixed")).toMatchObject({ dtype: "float64", range: [1, 2.5] });
    expect(facts(vars, "ints")).toMatchObject({ shape: [2, 2], dtype: "int64" });
    expect(facts(vars, "sevens")).toMatchObject({ shape: [2, 3], dtype: "int64", range: [7, 7] });
    expect(facts(vars, "steps")).toMatchObject({ shape: [8], dtype: "float32", range: [0, 7] });
    expect(facts(vars, "quarters")).toMatchObject({ shape: [4], range: [0, 0.75] });
  });
});

describe("one-hot rows of an identity matrix", () => {
  test("np.eye(k)[y] takes y's shape plus k, even when y's shape is not known", async () => {
    const vars = await run(`
      import numpy as np
      y = np.random.randint(0, 10, size=(5, 2))
      a = np.eye(10)[y]
      b = np.eye(10)[fetch_labels().astype(int)]
      c = np.eye(3, 4)[[0, 2]]
      column = np.eye(10)[y][..., 0]
      shifted = np.eye(3, k=1)[[0, 1]]
      labels = np.argmax(a, axis=-1)
      first = np.argmax(a)
    `);
    expect(facts(vars, "a")).toMatchObject({ shape: [5, 2, 10], encoding: "one-hot", numClasses: 10 });
    expect(facts(vars, "b")).toMatchObject({ encoding: "one-hot", numClasses: 10 });
    expect(facts(vars, "b")?.shape).toBeUndefined();
    expect(facts(vars, "c")).toMatchObject({ shape: [2, 4], encoding: "one-hot", numClasses: 4 });
    // A column of one-hot rows, or rows of a shifted diagonal, are not one-hot.
    expect(facts(vars, "column")?.encoding).toBeUndefined();
    expect(facts(vars, "shifted")?.encoding).toBeUndefined();
    expect(facts(vars, "labels")).toMatchObject({ shape: [5, 2], encoding: "integer", range: [0, 9] });
    expect(facts(vars, "first")).toMatchObject({ shape: [], dtype: "int64" });
    expect(facts(vars, "first")?.encoding).toBeUndefined();
  });
});

describe("value ranges hold every value", () => {
  test("integer arrays wrap around; Python floats turn them into float64", async () => {
    const vars = await run(`
      from tensorflow import keras
      (x, y), _ = keras.datasets.mnist.load_data()
      shifted = x + 10
      centred = x - 127.5
      labels = y - 1
      doubled = x * 2.0
    `);
    expect(facts(vars, "shifted")).toMatchObject({ dtype: "uint8" });
    expect(facts(vars, "shifted")?.range).toBeUndefined();
    expect(facts(vars, "centred")).toMatchObject({ dtype: "float64", range: [-127.5, 127.5] });
    expect(facts(vars, "labels")?.range).toBeUndefined();
    expect(facts(vars, "doubled")).toMatchObject({ dtype: "float64", range: [0, 510] });
  });

  test("the max of an array is a number only when the range's ends are values it holds", async () => {
    const vars = await run(`
      import numpy as np
      from tensorflow import keras
      (x, y), _ = keras.datasets.mnist.load_data()
      classes = y.max() + 1
      drawn = np.random.randint(0, 10, size=(100,)).max()
      literal = np.array([[3, 1], [4, 1]]).max()
      subset = y[:10].max()
    `);
    expect(vars.get("classes")).toMatchObject({ t: "num", v: 10 });
    expect(vars.get("literal")).toMatchObject({ t: "num", v: 4 });
    expect(vars.get("drawn")?.t).toBe("stat");
    expect(vars.get("subset")?.t).toBe("stat");
  });

  test("values written into an array widen its range and clear its classes", async () => {
    const vars = await run(`
      import numpy as np
      x = np.zeros((10, 3))
      x[0, 0] = 1000
      y = np.random.randint(0, 3, size=(10,))
      y[y == 2] = 7
    `);
    expect(facts(vars, "x")).toMatchObject({ shape: [10, 3], range: [0, 1000] });
    expect(facts(vars, "y")?.numClasses).toBeUndefined();
    expect(facts(vars, "y")?.encoding).toBeUndefined();
  });
});

describe("data passed to fit as Python lists", () => {
  test("nested lists of numbers are arrays; a list of arrays is several inputs", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      import numpy as np
      model = Sequential([Dense(32, input_dim=2), Dense(10, activation='softmax')])
      model.compile(loss='categorical_crossentropy', optimizer='sgd')
      model.fit([[0, 1], [1, 1], [1, 0]], [1, 2, 3])
      model.fit([np.zeros((3, 2)), np.zeros((3, 2))], [1, 2, 3])
    `);
    const [lists, inputs] = onlyModel(program).training;
    expect(lists!.x).toMatchObject({ shape: [3, 2], dtype: "int64", range: [0, 1] });
    expect(lists!.y).toMatchObject({ shape: [3], range: [1, 3] });
    expect(inputs!.x).toBeUndefined();
  });
});
