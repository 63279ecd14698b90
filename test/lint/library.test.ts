/** The library entry, used as a package user would: lint real Python, format the report. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allRules, analyzePython, exitCodeFor, formatReport, lint, lintSource } from "../../src/index.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/cli", import.meta.url));

const BUGGY = `from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(20,)),
    layers.Dense(5),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
`;

describe("library entry", () => {
  it("exports the rule catalogue and the Python front end", async () => {
    expect(allRules.length).toBeGreaterThan(0);
    expect(new Set(allRules.map((r) => r.meta.code)).size).toBe(allRules.length);
    const result = await analyzePython(BUGGY, "m.py");
    expect(result.syntaxErrors).toEqual([]);
    expect(result.program?.models).toHaveLength(1);
  });
  it("lintSource finds a missing softmax in memory", async () => {
    const report = await lintSource(BUGGY, "m.py", { select: ["S201"] });
    expect(report.findings.map((f) => [f.code, f.file, f.line, f.column])).toEqual([["S201", "m.py", 6, 5]]);
    expect(exitCodeFor(report)).toBe(1);
    expect(formatReport(report, "text")).toContain("m.py:6:5  S201 error  missing-softmax");
  });
  it("a suppression comment on the line before silences it", async () => {
    const suppressed = BUGGY.replace('    layers.Dense(5),', "    # nncheck: ignore[S201]\n    layers.Dense(5),");
    const report = await lintSource(suppressed, "m.py", { select: ["S201"] });
    expect(report.findings).toEqual([]);
  });
  it("a rule leaves a case to a more specific rule only when that rule runs", async () => {
    const narrow = `from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
y_train = keras.utils.to_categorical(y_train, 10)
model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(8, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train / 255.0, y_train)
`;
    const codes = async (select: string[], ignore: string[] = []) =>
      (await lintSource(narrow, "m.py", { select, ignore })).findings.map((f) => `${f.code}:${f.line}`);
    expect(await codes(["S2"])).toEqual(["S206:6"]);
    expect(await codes(["S211"])).toEqual(["S211:6"]);
    expect(await codes(["S2"], ["S206"])).toEqual(["S211:6"]);
    // A suppressed finding still belongs to its rule: the rule runs, so nothing moves to S211.
    const suppressed = narrow.replace("model = keras.Sequential", "# nncheck: ignore[S206]\nmodel = keras.Sequential");
    expect((await lintSource(suppressed, "m.py", { select: ["S2"] })).findings).toEqual([]);
  });
  it("lint walks directories relative to cwd and reports every file", async () => {
    const report = await lint(["project"], { cwd: FIXTURES, config: false, select: ["S2"] });
    expect(report.files.map((f) => [f.path, f.parsed])).toEqual([
      [path.join("project", "models", "broken.py"), false],
      [path.join("project", "models", "clean.py"), true],
      [path.join("project", "models", "suppressed.py"), true],
      [path.join("project", "train.py"), true],
    ]);
    // broken.py has a syntax error late in the file; its model is still extracted and checked.
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.code}`)).toEqual([
      `${path.join("project", "models", "broken.py")}:6 S201`,
      `${path.join("project", "train.py")}:10 S201`,
    ]);
  });
});
