/** End-to-end `nncheck lint` on real Python programs (front end and rules included). */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, runBin, runInProcess, withoutTiming } from "./helpers.js";

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "nncheck-lint-cli-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const S201_LINE = /^project\/train\.py:10:5 {2}S201 error {2}missing-softmax {2}.*dense.*/m;

describe("nncheck lint on Python programs", () => {
  it("reports a missing softmax with its code frame, and exits 1", async () => {
    const run = await runInProcess(["lint", "--no-config", "--select", "S2", "project/train.py"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(S201_LINE);
    expect(run.stdout).toContain("  10 |     layers.Dense(10),\n     |     ^^^^^^^^^^^^^^^^\n");
    expect(withoutTiming(run.stdout)).toMatch(/\n1 error in 1 file \(T ms\)\n$/);
    expect(run.stderr).toBe("");
  });
  it("exits 0 on a clean program", async () => {
    const run = await runInProcess(["lint", "--no-config", "clean"]);
    expect(run.code).toBe(0);
    expect(withoutTiming(run.stdout)).toBe("No problems found in 1 file (T ms)\n");
  });
  it("lints a directory: a syntax error in one file, the others still linted, suppressions honoured", async () => {
    const run = await runInProcess(["lint", "--no-config", "project"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(S201_LINE);
    expect(run.stdout).toMatch(/^project\/models\/broken\.py:10:\d+ {2}syntax error: /m);
    expect(run.stdout).not.toMatch(/^project\/models\/suppressed\.py:\d+:\d+ {2}S201/m);
    expect(run.stdout).not.toContain("models/clean.py");
    expect(run.stdout).toMatch(/ in 4 files \(\d+ ms\)\n$/);
  });
  it("honours --fail-on, --severity, --select/--ignore and --quiet", async () => {
    expect((await runInProcess(["lint", "--no-config", "--fail-on", "never", "project/train.py"])).code).toBe(0);
    const demoted = await runInProcess(["lint", "--no-config", "--severity", "S201=info", "project/train.py"]);
    expect(demoted.code).toBe(0);
    expect(demoted.stdout).toContain("S201 info");
    const ignored = await runInProcess(["lint", "--no-config", "--ignore", "missing-softmax", "project/train.py"]);
    expect(ignored.stdout).not.toContain("S201");
    const selected = await runInProcess(["lint", "--no-config", "--select", "S3", "project/train.py"]);
    expect(selected.code).toBe(0);
    const quiet = await runInProcess(["lint", "--no-config", "--quiet", "--severity", "S201=warning", "project/train.py"]);
    expect(quiet.stdout).not.toContain("S201");
    expect(quiet.code).toBe(0);
  });
  it("reports unused suppressions only when asked", async () => {
    const run = await runInProcess(["lint", "--no-config", "--report-unused-suppressions", "clean"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^clean\/ok\.py:5:29 {2}nncheck-unused-suppression info {2}unused-suppression {2}Unused suppression \(ignore for S115\)/m);
    expect((await runInProcess(["lint", "--no-config", "--report-unused-suppressions", "--fail-on", "info", "clean"])).code).toBe(1);
  });
  it("reads the config found in the working directory", async () => {
    const run = await runInProcess(["lint", "train.py"], path.join(FIXTURES, "configured"));
    expect(run.stdout).toContain("S201 info");
    expect(run.code).toBe(0);
    const overridden = await runInProcess(["lint", "--fail-on", "info", "train.py"], path.join(FIXTURES, "configured"));
    expect(overridden.code).toBe(1);
  });
  it("exits 2 for a missing path after linting the rest, with the message on stderr", async () => {
    const run = await runInProcess(["lint", "--no-config", "nope.py", "project/train.py"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nncheck: nope.py: no such file or directory");
    expect(run.stdout).toMatch(S201_LINE);
  });
  it("writes JSON to --output and prints nothing else", async () => {
    const out = path.join(tmp, "report.json");
    const run = await runInProcess(["lint", "--no-config", "--format", "json", "--output", out, "project"]);
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: "" });
    const report = JSON.parse(await readFile(out, "utf8")) as {
      version: number;
      files: { path: string; parsed: boolean; error?: { line?: number } }[];
      findings: { code: string; file: string; line: number; column: number; layer?: { kind: string } }[];
      summary: { files: number; errors: number };
    };
    expect(report.version).toBe(1);
    expect(report.files.find((f) => f.path === "project/models/broken.py")).toMatchObject({ parsed: false, error: { line: 10 } });
    expect(report.findings).toContainEqual(expect.objectContaining({ code: "S201", file: "project/train.py", line: 10, column: 5, layer: expect.objectContaining({ kind: "dense" }) }));
    expect(report.summary.files).toBe(4);
  });
  it("exits 2 when the output file cannot be written", async () => {
    const run = await runInProcess(["lint", "--no-config", "--output", path.join(tmp, "no", "such", "dir.json"), "clean"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot write/);
  });
  it("renders SARIF and GitHub annotations", async () => {
    const sarif = JSON.parse((await runInProcess(["lint", "--no-config", "--format", "sarif", "project/train.py"])).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === "S201");
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("project/train.py");
    expect(sarif.runs[0]!.tool.driver.rules.some((r) => r.id === "S201")).toBe(true);
    const github = await runInProcess(["lint", "--no-config", "--format", "github", "project/train.py"]);
    expect(github.stdout).toMatch(/^::error file=project\/train\.py,line=10,col=5,endLine=10,endColumn=21,title=S201 missing-softmax::/m);
  });
  it("colours text only on a TTY without NO_COLOR", async () => {
    const tty = await runInProcess(["lint", "--no-config", "project/train.py"], FIXTURES, {}, true);
    expect(tty.stdout).toContain("\u001b[");
    const noColor = await runInProcess(["lint", "--no-config", "project/train.py"], FIXTURES, { NO_COLOR: "1" }, true);
    expect(noColor.stdout).not.toContain("\u001b[");
  });
  it("runs through bin/nncheck.js with the same exit codes", async () => {
    const buggy = await runBin(["lint", "--no-config", "project/train.py"]);
    expect(buggy.code).toBe(1);
    expect(buggy.stdout).toMatch(S201_LINE);
    expect((await runBin(["lint", "--no-config", "clean"])).code).toBe(0);
    expect((await runBin(["lint", "--no-config", "missing-dir"])).code).toBe(2);
  });
});
