import { describe, expect, it } from "vitest";
import type { Finding } from "../report/finding.js";
import { applySuppressions, commentSyntaxOf, extractComments, parseSuppressions, UNUSED_SUPPRESSION_CODE } from "./suppressions.js";

const finding = (line: number, code = "S201", name = "missing-softmax"): Finding => ({ code, name, severity: "error", message: "m", file: "t.py", line, column: 1 });
const keptLines = (source: string, findings: Finding[], syntax: "python" | "js" = "python"): number[] =>
  applySuppressions(findings, parseSuppressions(source, syntax), "t.py").kept.map((f) => f.line!);

describe("parseSuppressions", () => {
  it("reads code lists, bare directives and file-level directives", () => {
    const source = ["x = 1  # nncheck: ignore[S201, S115]", "# nncheck: ignore", "# nncheck: ignore-file[S501]", "#nncheck:ignore-file"].join("\n");
    expect(parseSuppressions(source, "python")).toEqual([
      { scope: "line", rules: ["S201", "S115"], line: 1, column: 8 },
      { scope: "line", rules: "all", line: 2, column: 1 },
      { scope: "file", rules: ["S501"], line: 3, column: 1 },
      { scope: "file", rules: "all", line: 4, column: 1 },
    ]);
  });
  it("ignores directives inside Python strings, including triple-quoted and prefixed ones", () => {
    const source = [
      's = "# nncheck: ignore"',
      "t = '''",
      "# nncheck: ignore-file",
      "'''",
      "u = rb'\\' # nncheck: ignore'",
      'v = f"{x}" # nncheck: ignore[S101]',
      'w = "escaped \\" # nncheck: ignore"',
    ].join("\n");
    expect(parseSuppressions(source, "python")).toEqual([{ scope: "line", rules: ["S101"], line: 6, column: 12 }]);
  });
  it("reads // and block comments in JS but not strings, templates or regexes", () => {
    const source = [
      'const s = "// nncheck: ignore";',
      "const t = `${a /* nncheck: ignore[S601] */} // nncheck: ignore`;",
      "const r = /\\/\\/ nncheck: ignore/;",
      "model.fit(x); // nncheck: ignore[S603]",
    ].join("\n");
    expect(parseSuppressions(source, "js").map((s) => [s.line, s.rules])).toEqual([
      [2, ["S601"]],
      [4, ["S603"]],
    ]);
  });
  it("does not treat similar words as directives", () => {
    expect(parseSuppressions("# nncheck: ignored[S201]\n# nncheck: ignore-files", "python")).toEqual([]);
  });
});

describe("applySuppressions", () => {
  it("suppresses on the finding's line and on the line after the comment", () => {
    const source = "a  # nncheck: ignore[S201]\nb\nc\n";
    expect(keptLines(source, [finding(1), finding(2), finding(3)])).toEqual([3]);
  });
  it("matches rule names as well as codes, and leaves other rules alone", () => {
    const source = "a  # nncheck: ignore[missing-softmax]\n";
    expect(keptLines(source, [finding(1), finding(1, "S115", "missing-nonlinearity")])).toEqual([1]);
  });
  it("bare ignore suppresses every rule on the line", () => {
    expect(keptLines("a  # nncheck: ignore\n", [finding(1), finding(1, "S115", "x")])).toEqual([]);
  });
  it("file-level directives apply anywhere, for their codes or all", () => {
    expect(keptLines("x\ny\n# nncheck: ignore-file[S501]\n", [finding(1, "S501", "n"), finding(9)])).toEqual([9]);
    expect(keptLines("# nncheck: ignore-file\n", [finding(1), finding(40)])).toEqual([]);
  });
  it("a directive inside a string suppresses nothing", () => {
    expect(keptLines('s = "# nncheck: ignore"\n', [finding(1)])).toEqual([1]);
  });
  it("reports unused suppressions and unused codes within a list", () => {
    const source = "a  # nncheck: ignore[S201, S115]\nb\nc\n# nncheck: ignore\n";
    const { unused } = applySuppressions([finding(1)], parseSuppressions(source, "python"), "t.py");
    expect(unused.map((u) => [u.code, u.line, u.message])).toEqual([
      [UNUSED_SUPPRESSION_CODE, 1, "Unused suppression (ignore for S115): nothing was reported here"],
      [UNUSED_SUPPRESSION_CODE, 4, "Unused suppression (ignore for every rule): nothing was reported here"],
    ]);
  });
});

describe("comment helpers", () => {
  it("picks the comment syntax from the extension", () => {
    expect(commentSyntaxOf("a/b.py")).toBe("python");
    expect(commentSyntaxOf("train.ts")).toBe("js");
    expect(commentSyntaxOf("x.mjs")).toBe("js");
  });
  it("gives 1-based comment positions", () => {
    expect(extractComments("x = 1\n  # hi\n", "python")).toEqual([{ line: 2, column: 3, text: " hi" }]);
  });
});
