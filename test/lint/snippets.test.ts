/**
 * Programs as they are pasted: without their import lines, every rule fixture must give the findings it gives
 * with them (names used without an import are read as their framework's), and what was assumed is reported.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintSource } from "../../src/lint/lint.js";
import { formatText } from "../../src/report/text.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/rules/", import.meta.url));

/** The program with its import lines blanked (line numbers kept), as a snippet pasted without them. */
function withoutImports(source: string): string {
  let open = false;
  return source
    .split("\n")
    .map((line) => {
      if (open) {
        if (line.includes(")")) open = false;
        return "";
      }
      if (!/^\s*(import\s|from\s+\S+\s+import\s)/.test(line)) return line;
      open = line.includes("(") && !line.includes(")");
      return "";
    })
    .join("\n");
}

const where = (report: Awaited<ReturnType<typeof lintSource>>): string[] => report.findings.map((f) => `${f.code}@${f.line}:${f.column}`).sort();

/** S606 is about which package each import names: without imports there is nothing to compare. */
const ABOUT_IMPORTS = new Set(["S606-mixed-keras-packages"]);

describe("import-less snippets of every rule fixture", () => {
  const cases = readdirSync(FIXTURES)
    .filter((dir) => !ABOUT_IMPORTS.has(dir))
    .flatMap((dir) => ["bad.py", "good.py"].map((file) => [dir, file] as const))
    .filter(([dir, file]) => {
      try {
        readFileSync(`${FIXTURES}${dir}/${file}`);
        return true;
      } catch {
        return false;
      }
    });

  it("covers every rule family", () => {
    const families = new Set(cases.map(([dir]) => dir.slice(0, 2)));
    expect([...families].sort()).toEqual(["S1", "S2", "S3", "S4", "S5", "S6", "S7"]);
  });

  it.each(cases)("%s/%s gives the same findings without its imports", async (dir, file) => {
    const source = readFileSync(`${FIXTURES}${dir}/${file}`, "utf8");
    const stripped = withoutImports(source);
    expect(stripped).not.toEqual(source);
    const withImports = await lintSource(source, `${dir}.py`, { preview: true });
    const snippet = await lintSource(stripped, `${dir}.py`, { preview: true });
    expect(where(snippet)).toEqual(where(withImports));
    if (withImports.files[0]!.understood!.models > 0) expect(snippet.files[0]!.assumed?.length ?? 0).toBeGreaterThan(0);
  });

  it("S606's own fixture, without imports, assumes no package and reports no mixing", async () => {
    const source = readFileSync(`${FIXTURES}S606-mixed-keras-packages/bad.py`, "utf8");
    const report = await lintSource(withoutImports(source), "snippet.py", { select: ["S606"] });
    expect(report.findings).toEqual([]);
    expect(report.files[0]!.assumed?.map((a) => a.path)).toContain("keras.layers.Dense");
  });
});

describe("what was read, and what was not", () => {
  it("reports per file the models, learner and data extracted, and the names assumed", async () => {
    const report = await lintSource(
      ["model = Sequential()", "model.add(Dense(1, activation='sigmoid', input_dim=8))", "model.compile(loss='mse', optimizer=Adam(0.01))", "model.fit(X, y)", ""].join("\n"),
      "snippet.py",
    );
    const file = report.files[0]!;
    expect(file.understood).toEqual({ models: 1, learner: true, data: false });
    expect(file.assumed).toEqual([
      { name: "Sequential", path: "keras.models.Sequential" },
      { name: "Dense", path: "keras.layers.Dense" },
      { name: "Adam", path: "keras.optimizers.Adam" },
    ]);
    // Data names are never assumed: they stay unknown, and say so in the notes.
    expect(file.notes).toEqual(expect.arrayContaining([expect.objectContaining({ message: "unresolved name 'X'", line: 4 })]));
    expect(formatText(report)).toContain("snippet.py  note: used without an import, read as the framework's: Sequential, Dense, Adam");
  });

  it("an assumed Keras name takes the package the program imports elsewhere", async () => {
    const report = await lintSource(
      ["from tensorflow.keras.layers import Dense", "model = Sequential([Dense(1, input_dim=3)])", "model.compile(loss='mse', optimizer=optimizers.SGD())", ""].join("\n"),
      "partial.py",
      { select: ["S606"] },
    );
    expect(report.findings).toEqual([]);
    expect(report.files[0]!.assumed).toEqual([
      { name: "Sequential", path: "tensorflow.keras.models.Sequential" },
      { name: "optimizers", path: "tensorflow.keras.optimizers" },
    ]);
  });

  it("a file with no recognisable model is counted and said to be unread", async () => {
    const report = await lintSource("import os\nprint(os.getcwd())\n", "tool.py");
    expect(report.files[0]!.understood).toEqual({ models: 0, learner: false, data: false });
    expect(report.summary.filesWithoutModel).toBe(1);
    expect(formatText(report)).toMatch(/^No problems found in 1 file \(\d+ ms\); it had no recognisable model\n$/);
    expect(formatText(report, { verbose: true })).toContain("tool.py  note: no model recognised: nothing was checked");
  });

  it("a file cut short by the work budget says so on the file", async () => {
    const source = ["from keras.models import Sequential", "from keras.layers import Dense", "m = Sequential([Dense(2, input_dim=2)])", "for i in range(64):", "    for j in range(64):", "        for k in range(64):", "            x = i + j + k", ""].join("\n");
    const report = await lintSource(source, "long.py");
    expect(report.files[0]!.understood).toMatchObject({ models: 1, partial: true });
    // The loop nest is summarised past half the remaining budget, so the statements after it are still read.
    expect(formatText(report)).toMatch(/long\.py {2}note: analysis cut short at the work budget: loops stopped unrolling .*\(lines 6, 5, 4\); the rest of the file was analysed/);
  });
});
