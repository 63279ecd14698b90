import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/finding.js";
import { escapeData, escapeProperty, formatGithub } from "../../src/report/github.js";
import { formatReport, packageVersion } from "../../src/report/index.js";
import { formatJson } from "../../src/report/json.js";
import { artifactUri, formatSarif, toSarif } from "../../src/report/sarif.js";
import { codeFrame, formatText, summaryLine } from "../../src/report/text.js";
import { fixedReport } from "../helpers/fixed-report.js";
import { fakeMeta } from "../helpers/lint-fakes.js";

const SNAPSHOTS = "../fixtures/reporters/__snapshots__";

function clean(files = 2): Report {
  return { tool: "lint", files: [], findings: [], rules: [], summary: { files, filesWithErrors: 0, errors: 0, warnings: 0, infos: 0, durationMs: 4 } };
}

describe("text reporter", () => {
  it("renders findings, code frames, file problems and the summary", async () => {
    await expect(formatText(fixedReport())).toMatchFileSnapshot(`${SNAPSHOTS}/text.txt`);
  });
  it("prints the spec's example line, frame and summary exactly", () => {
    const report = fixedReport();
    report.findings = report.findings.slice(0, 1);
    report.files = report.files.slice(2);
    report.summary = { ...report.summary, files: 2, errors: 1, warnings: 0, infos: 0 };
    expect(formatText(report)).toBe(
      [
        "train.py:7:5  S201 error  missing-softmax  categorical_crossentropy expects probabilities, but dense_1 (Dense, 10 units) has no softmax",
        "  7 |     layers.Dense(10),",
        "    |     ^^^^^^^^^^^^^^^^",
        "1 error in 2 files (31 ms)",
        "",
      ].join("\n"),
    );
  });
  it("clips carets of a multi-line span to the first line's end", () => {
    const source = "a = call(\n  x)\n";
    expect(codeFrame(source, { code: "S1", name: "n", severity: "error", message: "m", line: 1, column: 5, endLine: 2, endColumn: 4 })).toEqual([
      "  1 | a = call(",
      "    |     ^^^^^",
    ]);
  });
  it("keeps tabs in the caret line so carets line up", () => {
    expect(codeFrame("\tDense(3)\n", { code: "S1", name: "n", severity: "error", message: "m", line: 1, column: 2, endLine: 1, endColumn: 10 })[1]).toBe(
      "    | \t^^^^^^^^",
    );
  });
  it("writes summaries with plurals and 'and'", () => {
    expect(summaryLine(clean().summary)).toBe("No problems found in 2 files (4 ms)");
    expect(summaryLine({ ...clean(1).summary, errors: 2, infos: 1 })).toBe("2 errors and 1 info in 1 file (4 ms)");
    expect(summaryLine({ ...clean().summary, errors: 1, warnings: 3, infos: 2 })).toBe("1 error, 3 warnings and 2 infos in 2 files (4 ms)");
  });
  it("places dynamic findings at their layer with steps and worst value, without a file count", () => {
    const report: Report = {
      ...clean(0),
      tool: "watch",
      findings: [
        {
          code: "D302",
          name: "vanishing-gradient",
          severity: "warning",
          message: "gradients of dense_1 vanish",
          layer: { name: "dense_1", kind: "dense", index: 1 },
          steps: { first: 10, last: 200, count: 20 },
          worst: 1.234567e-9,
        },
        { code: "D101", name: "nan-loss", severity: "error", message: "loss is NaN", steps: { first: 7, last: 7, count: 1 } },
      ],
      summary: { ...clean(0).summary, errors: 1, warnings: 1 },
    };
    expect(formatText(report)).toBe(
      [
        "layer dense_1 (dense)  D302 warning  vanishing-gradient  gradients of dense_1 vanish (steps 10-200, 20 times; worst 1.235e-9)",
        "model  D101 error  nan-loss  loss is NaN (step 7, 1 time)",
        "1 error and 1 warning (4 ms)",
        "",
      ].join("\n"),
    );
  });
  it("colours only when asked", () => {
    expect(formatText(fixedReport())).not.toContain("\u001b[");
    expect(formatText(fixedReport(), { color: true })).toContain("\u001b[31mS201 error\u001b[0m");
  });
});

describe("json reporter", () => {
  it("follows the documented contract", async () => {
    await expect(formatJson(fixedReport())).toMatchFileSnapshot(`${SNAPSHOTS}/report.json`);
  });
  it("never serialises sources", () => {
    const parsed = JSON.parse(formatJson(fixedReport())) as { version: number; files: Record<string, unknown>[] };
    expect(parsed.version).toBe(1);
    expect(parsed.files.every((f) => !("source" in f))).toBe(true);
  });
});

describe("sarif reporter", () => {
  it("renders SARIF 2.1.0 with rules, results and notifications", async () => {
    await expect(formatSarif(fixedReport(), { toolVersion: "1.2.3" })).toMatchFileSnapshot(`${SNAPSHOTS}/report.sarif`);
  });
  it("always has a results array, and indexes rules", () => {
    const empty = toSarif(clean()) as { runs: { results: unknown[]; invocations: { executionSuccessful: boolean }[] }[] };
    expect(empty.runs[0]?.results).toEqual([]);
    expect(empty.runs[0]?.invocations[0]?.executionSuccessful).toBe(true);
    const full = toSarif(fixedReport()) as { runs: { results: { ruleId: string; ruleIndex: number }[] }[] };
    expect(full.runs[0]?.results.map((r) => [r.ruleId, r.ruleIndex])).toEqual([["S201", 0], ["S402", 1], ["S701", 2]]);
  });
  it("fences a rule's example in its own language: Python for S rules, JavaScript for D checks", () => {
    const report = clean();
    report.rules = [fakeMeta({ code: "S201", name: "missing-softmax" }), fakeMeta({ code: "D501", name: "nan-loss" })];
    const sarif = toSarif(report) as { runs: { tool: { driver: { rules: { help: { markdown: string } }[] } } }[] };
    const [s201, d501] = sarif.runs[0]!.tool.driver.rules.map((r) => r.help.markdown);
    expect(s201).toContain("```python\n");
    expect(d501).toContain("```js\n");
    expect(d501).not.toContain("```python");
  });
  it("makes URIs relative with forward slashes", () => {
    expect(artifactUri("/home/u/proj/src/my model.py", "/home/u/proj")).toBe("src/my%20model.py");
    expect(artifactUri("./a/b.py")).toBe("a/b.py");
  });
  it("marks the run unsuccessful when a path was missing", () => {
    const report = clean();
    report.files = [{ path: "gone.py", parsed: false, error: { message: "No such file or directory", kind: "missing" } }];
    const sarif = toSarif(report) as { runs: { invocations: { executionSuccessful: boolean }[] }[] };
    expect(sarif.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
  });
});

describe("github reporter", () => {
  it("renders workflow commands", async () => {
    await expect(formatGithub(fixedReport())).toMatchFileSnapshot(`${SNAPSHOTS}/github.txt`);
  });
  it("escapes data and properties per the workflow-command rules", () => {
    expect(escapeData("50%\r\nnext")).toBe("50%25%0D%0Anext");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
  });
  it("prints nothing for a clean report", () => {
    expect(formatGithub(clean())).toBe("");
  });
});

describe("formatReport", () => {
  it("dispatches on the format and fills the package version into SARIF", () => {
    const report = fixedReport();
    expect(formatReport(report, "text")).toBe(formatText(report));
    expect(formatReport(report, "json")).toBe(formatJson(report));
    expect(formatReport(report, "github")).toBe(formatGithub(report));
    const sarif = JSON.parse(formatReport(report, "sarif")) as { runs: { tool: { driver: { version: string } } }[] };
    expect(sarif.runs[0]?.tool.driver.version).toBe(packageVersion());
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
