/**
 * Per-rule fixture programs, seen as the user sees them. For every rule, `test/fixtures/rules/<CODE>-<name>/`
 * holds `bad.py` (a realistic program the rule reports) and `good.py` (the fixed program). Each is linted
 * with only that rule selected, and the rendered report in every format is compared with the snapshot
 * files beside it (`__snapshots__/bad.txt`, `bad.json`, `bad.sarif.json`, `bad.github.txt`, `good.txt`).
 * Regenerate with `npx vitest run test/rules-snapshots.test.ts -u`, then read the diff.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allRules, createLinter, formatReport, type AnyRule, type Report } from "../src/index.js";

/** Lint runs from the project root on relative paths, so reports and snapshots hold no machine paths. */
const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURES = "test/fixtures/rules";
/** Pinned so a version bump does not rewrite fifty SARIF snapshots. */
const TOOL_VERSION = "0.0.0-snapshot";

function fixtureDir(rule: AnyRule): string {
  return `${rule.meta.code}-${rule.meta.name}`;
}

/** Lints one fixture file with only `code` selected (preview rules included), duration zeroed. */
async function lintFixture(code: string, file: string): Promise<Report> {
  const linter = await createLinter({ cwd: PROJECT_ROOT, config: false, select: [code], preview: true }, false);
  const report = await linter.lint([file]);
  report.summary.durationMs = 0;
  return report;
}

function snapshot(dir: string, name: string): string {
  return `fixtures/rules/${dir}/__snapshots__/${name}`;
}

describe("rule fixtures", () => {
  it("every rule has a fixture folder with bad.py and good.py, and every folder is a rule's", () => {
    const folders = readdirSync(fileURLToPath(new URL(`../${FIXTURES}`, import.meta.url)), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const expected = [...new Set(allRules.map(fixtureDir))].sort();
    expect(folders).toEqual(expected);
    for (const dir of expected) {
      for (const file of ["bad.py", "good.py"]) {
        expect(existsSync(fileURLToPath(new URL(`../${FIXTURES}/${dir}/${file}`, import.meta.url))), `${dir}/${file}`).toBe(true);
      }
    }
  });
});

const seen = new Set<string>();
for (const rule of allRules) {
  const { code } = rule.meta;
  if (seen.has(code)) continue;
  seen.add(code);
  const dir = fixtureDir(rule);
  const bad = `${FIXTURES}/${dir}/bad.py`;
  const good = `${FIXTURES}/${dir}/good.py`;

  describe(`${code} ${rule.meta.name}`, () => {
    it("reports bad.py, and renders it in every format", async () => {
      const report = await lintFixture(code, bad);
      expect(report.files.map((f) => [f.path, f.parsed, f.error])).toEqual([[bad, true, undefined]]);
      const own = report.findings.filter((f) => f.code === code);
      expect(own.length, `${code} should report ${bad}`).toBeGreaterThanOrEqual(1);
      const lineCount = readFileSync(path.join(PROJECT_ROOT, bad), "utf8").split("\n").length;
      for (const finding of own) {
        expect(finding.file).toBe(bad);
        expect(finding.line).toBeGreaterThanOrEqual(1);
        expect(finding.line).toBeLessThanOrEqual(lineCount);
        expect(finding.column).toBeGreaterThanOrEqual(1);
      }

      await expect(formatReport(report, "text", { color: false })).toMatchFileSnapshot(snapshot(dir, "bad.txt"));
      await expect(formatReport(report, "json")).toMatchFileSnapshot(snapshot(dir, "bad.json"));
      await expect(formatReport(report, "sarif", { baseDir: PROJECT_ROOT, toolVersion: TOOL_VERSION })).toMatchFileSnapshot(
        snapshot(dir, "bad.sarif.json"),
      );
      await expect(formatReport(report, "github")).toMatchFileSnapshot(snapshot(dir, "bad.github.txt"));
    });

    it("does not report good.py", async () => {
      const report = await lintFixture(code, good);
      expect(report.files.map((f) => [f.path, f.parsed, f.error])).toEqual([[good, true, undefined]]);
      expect(report.findings.filter((f) => f.code === code)).toEqual([]);
      await expect(formatReport(report, "text", { color: false })).toMatchFileSnapshot(snapshot(dir, "good.txt"));
    });
  });
}
