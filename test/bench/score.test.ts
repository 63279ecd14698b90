import { describe, expect, it } from "vitest";
import { formatEvalMarkdown, scoreCorpus } from "../../bench/lib/score.js";
import { median, quantile } from "../../bench/lib/stats.js";

const rules = [
  { code: "S201", name: "missing-softmax", severity: "error", lifecycle: "stable" },
  { code: "S105", name: "lack-of-pooling", severity: "info", lifecycle: "stable" },
  { code: "S108", name: "asymmetric-conv-block", severity: "info", lifecycle: "preview" },
];

const labels = {
  "g/a_buggy.py": { expect: ["S201", "S501"] },
  "g/a_fixed.py": { expect: [] },
  "g/b_buggy.py": { expect: ["S105"], allow: ["S211"] },
  "g/b_fixed.py": { expect: [] },
};

describe("scoreCorpus", () => {
  const result = scoreCorpus({
    labels,
    rules,
    files: [
      { file: "g/a_buggy.py", parsed: true },
      { file: "g/b_fixed.py", parsed: false },
    ],
    findings: [
      { file: "g/a_buggy.py", code: "S201", severity: "error" },
      { file: "g/a_buggy.py", code: "S207", severity: "warning" },
      { file: "g/b_buggy.py", code: "S105", severity: "info" },
      { file: "g/b_buggy.py", code: "S211", severity: "error" },
      { file: "g/a_fixed.py", code: "S105", severity: "info" },
      { file: "g/b_fixed.py", code: "S201", severity: "error" },
      { file: "g/b_fixed.py", code: "S201", severity: "error" },
    ],
  });
  const rule = (code: string) => result.perRule.find((r) => r.code === code)!;

  it("counts an expected code as detected at any severity, info included", () => {
    expect(rule("S201")).toMatchObject({ expected: 1, detected: 1, recall: 1 });
    expect(rule("S105")).toMatchObject({ expected: 1, detected: 1, recall: 1 });
  });

  it("counts a labelled rule that does not exist as a miss", () => {
    expect(rule("S501")).toMatchObject({ implemented: false, expected: 1, detected: 0, recall: 0, missed: ["g/a_buggy.py"] });
  });

  it("counts only error/warning findings on fixed programs as false alarms", () => {
    expect(rule("S105").falseAlarms).toBe(0);
    expect(rule("S201")).toMatchObject({ falseAlarms: 2, falseAlarmPrograms: ["g/b_fixed.py"] });
    expect(result.totals.fixedProgramsWithFalseAlarm).toBe(1);
    expect(result.totals.falseAlarmRate).toBe(0.5);
  });

  it("reports unlabelled error/warning codes on buggy programs separately, tolerating allowed ones", () => {
    expect(rule("S207")).toMatchObject({ unexpected: 1, unexpectedPrograms: ["g/a_buggy.py"], implemented: false });
    expect(result.perRule.find((r) => r.code === "S211")).toBeUndefined();
    expect(result.totals.unexpectedFindingsInBuggy).toBe(1);
  });

  it("totals recall over all labelled faults and over existing rules", () => {
    expect(result.totals).toMatchObject({
      programs: 4,
      buggyPrograms: 2,
      fixedPrograms: 2,
      expectedInstances: 3,
      detectedInstances: 2,
      recallOnImplementedRules: 1,
      buggyProgramsFullyDetected: 1,
      notParsed: ["g/b_fixed.py"],
    });
    expect(result.totals.recall).toBeCloseTo(2 / 3);
    // one expected error finding (S201) against two false alarms and one unexpected finding
    expect(result.totals.precision).toBeCloseTo(1 / 4);
  });

  it("renders a table row per rule that exists or was labelled, with its lifecycle", () => {
    const markdown = formatEvalMarkdown(result);
    expect(markdown).toContain("| S201 | missing-softmax | yes | 1 | 1 | 100.0 % | 2 | 0 |");
    expect(markdown).toContain("| S501 | – | no | 1 | 0 | 0.0 % | 0 | 0 |");
    expect(markdown).toContain("| S108 | asymmetric-conv-block | yes (preview) | 0 | 0 | – | 0 | 0 |");
    expect(markdown).toContain("| Fixed programs with a false alarm | 1/2 (50.0 %) |");
  });
});

describe("bench statistics", () => {
  it("interpolates quantiles between closest ranks", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
