import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkLabels, isFixedProgram, listCorpusPrograms, readLabels } from "../../bench/lib/corpus.js";
import { collectSyntaxProblems, getPythonParser } from "../../src/frontends/python/parser.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const corpusDir = path.join(root, "bench", "corpus");
const examplesDir = path.join(root, "examples");

/** The rules the corpus must exercise (static-rules.md: S1–S5, S606–S607, S7), each at least twice. */
const REQUIRED_CODES = [
  ...Array.from({ length: 21 }, (_, i) => `S1${String(i + 1).padStart(2, "0")}`),
  ...Array.from({ length: 13 }, (_, i) => `S2${String(i + 1).padStart(2, "0")}`),
  "S301", "S302", "S303", "S304", "S305",
  "S401", "S402", "S403", "S404", "S405", "S406", "S407",
  "S501", "S502", "S503", "S504", "S505",
  "S606", "S607", "S701",
];

describe("the labelled corpus", () => {
  const labels = readLabels(corpusDir);
  const programs = listCorpusPrograms(corpusDir);

  it("labels every program, and only programs that exist, in complete buggy/fixed pairs", () => {
    expect(checkLabels(labels, programs)).toEqual([]);
    expect(programs.length).toBeGreaterThanOrEqual(90);
    expect(programs.every((p) => /_(buggy|fixed)\.py$/.test(p))).toBe(true);
  });

  it("expects well-formed codes, nothing of a fixed program, and covers every required rule twice", () => {
    const counts = new Map<string, number>();
    for (const [file, label] of Object.entries(labels)) {
      for (const code of [...label.expect, ...(label.allow ?? [])]) expect(code, file).toMatch(/^S[1-7]\d{2}$/);
      if (isFixedProgram(file, label)) expect(label.expect, file).toEqual([]);
      for (const code of label.expect) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const under = REQUIRED_CODES.filter((code) => (counts.get(code) ?? 0) < 2);
    expect(under).toEqual([]);
  });

  it("makes each buggy program differ from its fixed twin", () => {
    for (const file of programs.filter((p) => p.endsWith("_buggy.py"))) {
      const buggy = readFileSync(path.join(corpusDir, file), "utf8");
      const fixed = readFileSync(path.join(corpusDir, file.replace(/_buggy\.py$/, "_fixed.py")), "utf8");
      expect(buggy, file).not.toBe(fixed);
    }
  });

  it("holds only programs and examples that parse as Python without syntax errors", async () => {
    const parser = await getPythonParser();
    const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".py")).map((f) => path.join(examplesDir, f));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const broken: string[] = [];
    for (const file of [...programs.map((p) => path.join(corpusDir, p)), ...examples]) {
      const tree = parser.parse(readFileSync(file, "utf8"));
      if (tree === null || collectSyntaxProblems(tree.rootNode).length > 0) broken.push(path.relative(root, file));
      tree?.delete();
    }
    expect(broken).toEqual([]);
  });
});
