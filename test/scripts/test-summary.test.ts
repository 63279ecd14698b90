import { describe, expect, it } from "vitest";
import { summarizeResults, type VitestJsonResults } from "../../scripts/test-summary.js";

/** Shaped as vitest 3's JSON reporter writes it (only the fields the summary reads). */
function results(files: { status: string; tests: string[] }[], pending = 0): VitestJsonResults {
  const tests = files.flatMap((f) => f.tests);
  return {
    numPassedTests: tests.filter((s) => s === "passed").length,
    numFailedTests: tests.filter((s) => s === "failed").length,
    numPendingTests: pending,
    numTodoTests: 0,
    testResults: files.map((f) => ({ status: f.status, assertionResults: f.tests.map((status) => ({ status })) })),
  };
}

describe("npm test summary line", () => {
  it("counts passed, failed and skipped tests", () => {
    const summary = summarizeResults(results([{ status: "passed", tests: ["passed", "passed"] }, { status: "failed", tests: ["passed", "failed"] }], 1));
    expect(summary.line).toBe("tests: 3 passed, 1 failed, 1 skipped");
  });

  it("counts a test file that failed to load (no test of its own failed) as a failure", () => {
    const summary = summarizeResults(results([{ status: "passed", tests: ["passed"] }, { status: "failed", tests: [] }]));
    expect(summary).toMatchObject({ passed: 1, failed: 1, line: "tests: 1 passed, 1 failed" });
  });
});
