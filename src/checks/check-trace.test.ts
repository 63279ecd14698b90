import { describe, expect, it } from "vitest";
import { checkTrace, TraceFileError } from "./check-trace.js";
import { encodeLine } from "../telemetry/codec.js";
import { classifierSpec, editSteps, syntheticRun } from "./testing/synthetic-run.js";

const text = (records: unknown[]) => records.map((r) => encodeLine(r) + "\n").join("");

describe("checkTrace", () => {
  it("returns a check-trace Report with rule metadata and counts", () => {
    const records = editSteps(syntheticRun(classifierSpec({ steps: 120 })), (s) => (s.step >= 100 ? { ...s, loss: Infinity } : s));
    const report = checkTrace(text(records));
    expect(report.tool).toBe("check-trace");
    expect(report.files).toEqual([{ path: "<trace>", parsed: true }]);
    expect(report.findings.map((f) => f.code)).toContain("D501");
    expect(report.findings.find((f) => f.code === "D501")!.file).toBe("<trace>");
    expect(report.summary.errors).toBe(report.findings.filter((f) => f.severity === "error").length);
    expect(report.rules.map((r) => r.code)).toContain("D302");
  });

  it("reports damaged lines on the file, and still checks the rest", () => {
    const lines = text(syntheticRun(classifierSpec({ steps: 60 }))).split("\n");
    lines.splice(5, 0, "{garbage");
    const report = checkTrace(lines.join("\n"), { displayPath: "run.jsonl" });
    expect(report.files[0]).toMatchObject({ path: "run.jsonl", parsed: true, error: { line: 6 } });
    expect(report.summary.filesWithErrors).toBe(1);
  });

  it("throws TraceFileError for unreadable traces", () => {
    expect(() => checkTrace("missing/run.jsonl")).toThrow(TraceFileError);
    expect(() => checkTrace("{nope\n")).toThrow(/no readable record/);
  });
});
