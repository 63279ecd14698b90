/**
 * Hostile inputs the front end must read in work linear in their size, or stop at a bound and say so:
 * comments between statements, syntax errors everywhere, a model of thousands of layers, values grown
 * without bound, and code that must never run.
 */
import { describe, expect, test } from "vitest";
import { analyzePythonWith } from "./index.js";
import { MAX_REPAIRS, parsePython, REPAIR_BUDGET } from "./parser.js";

const statements = (root: { children: readonly unknown[] }): number => root.children.length;

describe("comments between statements", () => {
  test("one statement followed by 40,000 comment lines parses as one statement", async () => {
    const source = `x = 1\n${"# a comment line that goes on for a while\n".repeat(40_000)}`;
    const parsed = await parsePython(source);
    expect(parsed.problems).toEqual([]);
    expect(statements(parsed.root)).toBe(1);
  });

  test("4,000 statements each followed by a comment parse as 4,000 statements", async () => {
    const source = Array.from({ length: 4000 }, (_, i) => `x${i} = ${i}  # the value ${i}\n# and a line about it`).join("\n");
    const parsed = await parsePython(source);
    expect(parsed.problems).toEqual([]);
    expect(statements(parsed.root)).toBe(4000);
  });
});

describe("syntax repair is bounded", () => {
  test("a file with an error on every line stops repairing after a bounded number of rounds, and says so", async () => {
    // The rounds re-read the text, so they stop at the repair budget (a multiple of one parse); the errors
    // left are reported from the last tree.
    const source = Array.from({ length: 2500 }, (_, i) => `x${i} = = ${i}`).join("\n");
    expect(source.length * 3 * MAX_REPAIRS).toBeGreaterThan(REPAIR_BUDGET);
    const result = await analyzePythonWith(source, "broken.py", {});
    expect(result.syntaxErrors.length).toBeGreaterThan(MAX_REPAIRS);
    expect(result.program!.notes.some((n) => /repair bound/.test(n.message))).toBe(true);
  });
});

describe("work counted, not time", () => {
  test("a Sequential model of 5,000 added layers is analysed in full within a budget of 12 steps per line", async () => {
    const layers = 5_000;
    const lines = ["from tensorflow import keras", "from tensorflow.keras import layers", "model = keras.Sequential()"];
    for (let i = 0; i < layers; i++) lines.push(`model.add(layers.Dense(${(i % 50) + 1}, activation='relu'))`);
    lines.push("model.compile(loss='mse', optimizer='adam')");
    const result = await analyzePythonWith(lines.join("\n"), "deep.py", { stepBudget: 12 * lines.length });
    expect(result.partial).toBeUndefined();
    expect(result.program!.models[0]!.architecture.layers).toHaveLength(layers);
    expect(result.program!.models[0]!.learner?.loss).toBeDefined();
  });

  test("lists and strings grown without bound become unknown instead of exhausting memory", async () => {
    const source = [
      "a = [1]",
      "for i in range(200):",
      "    a = a + a",
      "b = [0]",
      "for i in range(200):",
      "    b.extend(b)",
      "s = 'x' * 10**6",
      "t = s * 10**6",
      "r = list(range(10**9))",
      "from tensorflow import keras",
      "m = keras.Sequential([keras.layers.Dense(len(a) if False else 4, input_shape=(3,))])",
      "m.compile(loss='mse', optimizer='sgd')",
    ].join("\n");
    const result = await analyzePythonWith(source, "grow.py", {});
    expect(result.program!.models).toHaveLength(1);
    expect(result.program!.models[0]!.learner?.loss).toBeDefined();
  });
});
