import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyzePython } from "./index.js";
import { analyze, analyzeFixture, fixturePath, layerSignature, onlyModel, readFixture } from "./testing.js";

describe("syntax errors", () => {
  test("a missing ')' is reported with its position, and the model before it is still extracted", async () => {
    const { program, syntaxErrors } = await analyzeFixture("syntax_error.py");
    expect(syntaxErrors).toEqual([{ message: "'(' was never closed", line: 7, column: 1 }]);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["dense:dense", "dense_1:dense"]);
    expect(model.architecture.layers[1]!.outputShape).toEqual([null, 3]);
    // The broken statement is repaired by closing its bracket, and the one after it is still read.
    expect(model.learner?.loss?.kind).toBe("categorical_crossentropy");
    expect(model.training[0]?.epochs).toBe(10);
  });

  test("several errors: each is reported, extraction goes on between them", async () => {
    const { program, syntaxErrors } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      model = Sequential()
      model.add(Dense(4, input_shape=(2,))
      def broken(:
          pass
      model.add(Dense(1, activation='sigmoid'))
      x = = 3
      model.compile(loss='binary_crossentropy', optimizer='adam')
    `);
    expect(syntaxErrors.length).toBeGreaterThanOrEqual(2);
    expect(syntaxErrors.every((e) => e.line >= 4 && e.column >= 1)).toBe(true);
    expect(syntaxErrors[0]!.line).toBe(4);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => l.config.units)).toContain(1);
    expect(model.learner?.loss?.kind).toBe("binary_crossentropy");
  });

  test("an unterminated string and a stray indent do not crash", async () => {
    const { program, syntaxErrors } = await analyze(`
      import keras
      m = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])
      s = "unterminated
          x = 1
      m.compile(loss='mse', optimizer='sgd')
    `);
    expect(syntaxErrors.length).toBeGreaterThan(0);
    expect(onlyModel(program).architecture.layers).toHaveLength(1);
  });
});

describe("pathological inputs", () => {
  test("an empty file", async () => {
    const result = await analyzePython("", "empty.py");
    expect(result.syntaxErrors).toEqual([]);
    expect(result.program).toMatchObject({ file: "empty.py", framework: "keras", models: [] });
    expect(result.program!.seedSet).toBeUndefined();
  });

  test("a 5000-iteration loop building layers: bounded, and the model is marked incomplete", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      model = Sequential([Dense(4, input_shape=(4,))])
      total = 0
      for i in range(5000):
          total += i
          model.add(Dense(4))
    `);
    const model = onlyModel(program);
    expect(model.architecture.complete).toBe(false);
    expect(model.architecture.layers.length).toBeLessThan(200);
    expect(program.notes.some((n) => /unrolled/.test(n.message))).toBe(true);
  });

  test("unbounded recursion and an infinite while loop terminate", async () => {
    const { program } = await analyze(`
      import keras
      def deeper(n):
          return deeper(n + 1) + 1
      value = deeper(0)
      def build(depth):
          if depth == 0:
              return [keras.layers.Dense(1)]
          return [keras.layers.Dense(depth)] + build(depth - 1)
      model = keras.Sequential(build(3))
      while True:
          value += 1
    `);
    expect(onlyModel(program).architecture.layers.map((l) => l.config.units)).toEqual([3, 2, 1, 1]);
  });

  test("an absurdly deep expression does not stop the analysis of the rest", async () => {
    const deep = "x = " + "(".repeat(20000) + "1" + ")".repeat(20000);
    const result = await analyzePython(`${deep}\nimport keras\nm = keras.Sequential([keras.layers.Dense(2)])\n`, "deep.py");
    expect(result.program!.models).toHaveLength(1);
    expect(result.program!.notes.filter((n) => /internal error/.test(n.message))).toEqual([]);
  });

  test("a stray break at module level does not end the program", async () => {
    const { program } = await analyze(`
      import keras
      for i in range(3):
          pass
      break
      m = keras.Sequential([keras.layers.Dense(2)])
    `);
    expect(program.models).toHaveLength(1);
  });

  // Speed is measured by the bench (lint time against program size); here the step budget must suffice.
  test("a large straight-line program is analysed in full, within the step budget", async () => {
    const blocks: string[] = ["import keras", "m = keras.Sequential()"];
    for (let i = 0; i < 1500; i++) blocks.push(`x${i} = ${i} * 2 + len('abc')`, `if x${i} > 10:`, `    y${i} = [x${i}, x${i} + 1]`);
    blocks.push("m.add(keras.layers.Dense(x1499))");
    const { program } = await analyze(blocks.join("\n"));
    expect(onlyModel(program).architecture.layers[0]!.config.units).toBe(2 * 1499 + 3);
    expect(onlyModel(program).architecture.complete).not.toBe(false);
    expect(program.notes.filter((n) => /budget|cut short|partly/.test(n.message))).toEqual([]);
  });

  test("a tiny step budget stops the analysis and marks the models incomplete", async () => {
    const statements = Array.from({ length: 400 }, (_, i) => `x${i} = ${i} + 1`).join("\n");
    const result = await analyze(`import keras\nm = keras.Sequential([keras.layers.Dense(2)])\n${statements}\nm.compile(loss='mse', optimizer='sgd')\n`, {
      stepBudget: 500,
    });
    expect(result.partial).toBe(true);
    expect(onlyModel(result.program).architecture.complete).toBe(false);
    // The statements after the cut were not read.
    expect(onlyModel(result.program).learner).toBeUndefined();
    expect(result.program.notes.some((n) => /analysis stopped: work budget/.test(n.message))).toBe(true);
  });

  test("nested loops past half the remaining budget stop unrolling: the rest of the file is still read", async () => {
    const result = await analyze(
      `
      import keras
      m = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])
      for i in range(60):
          for j in range(60):
              x = i * j
      m.compile(loss='mse', optimizer='sgd')
    `,
      { stepBudget: 2000 },
    );
    expect(result.partial).toBe(true);
    expect(result.program.notes.some((n) => /analysis cut short: this loop stopped unrolling/.test(n.message))).toBe(true);
    expect(onlyModel(result.program).learner?.loss?.kind).toBe("mean_squared_error");
  });

  test("garbage, binary-looking text and deeply nested expressions", async () => {
    const inputs = [
      "\u0000\u0001\u0002 ))) (((",
      "(".repeat(3000) + ")".repeat(3000),
      "x = " + "[".repeat(500) + "]".repeat(500),
      "def f(:\n\tpass\n  return",
      "class A(B, metaclass=M):\n    x: int = 3\n    async def g(self): await h()\n",
      "lambda: (yield)",
      "a = b = c = keras.layers.Dense(3)\nprint(a(b(c)))",
    ];
    for (const source of inputs) {
      const result = await analyzePython(source, "weird.py");
      // The front end never throws (it turns a crash into a note), so what matters is that no crash happened.
      const crashes = result.program?.notes.filter((n) => /internal error|failed/.test(n.message));
      expect(crashes, source.slice(0, 20)).toEqual([]);
    }
  });
});

describe("the corpus of fixtures", () => {
  const dir = fileURLToPath(new URL("../../../test/fixtures/frontend/", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".py"));

  test("holds at least 20 varied programs", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  test.each(files)("%s parses and yields a model without throwing", async (file) => {
    const result = await analyzePython(readFixture(file), fixturePath(file));
    expect(result.program).toBeDefined();
    expect(result.program!.notes.filter((n) => /internal error|failed/.test(n.message))).toEqual([]);
    expect(result.program!.models.length).toBeGreaterThan(0);
    for (const model of result.program!.models) {
      const layers = model.architecture.layers;
      layers.forEach((layer, i) => {
        expect(layer.index).toBe(i);
        for (const inbound of layer.inbound) expect(inbound).toBeLessThan(layers.length);
      });
    }
  });
});
