import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { command } from "./check-trace.js";
import type { CliIO } from "./io.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixture = (name: string) => path.join("test", "fixtures", "traces", name);
const scratch = mkdtempSync(path.join(tmpdir(), "nncheck-check-trace-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, env: {}, stdoutIsTTY: false };
  const code = await command.run(argv, io);
  return { code, stdout, stderr };
}

describe("nncheck check-trace", () => {
  it("a healthy run: no findings, exit 0", async () => {
    const { code, stdout, stderr } = await run(fixture("healthy-mlp.jsonl"), "--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  it("a NaN run: summarised errors with steps, exit 1", async () => {
    const { code, stdout } = await run(fixture("nan-loss.jsonl"), "--format", "json");
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings as Array<{ code: string; steps: { first: number; last: number; count: number }; layer?: { name: string } }>;
    const nan = findings.find((f) => f.code === "D501")!;
    expect(nan.steps).toEqual({ first: 150, last: 199, count: 50 });
    expect(findings.find((f) => f.code === "D201")!.layer!.name).toBe("dense_2");
  });

  it("--fail-on never exits 0 whatever the findings; --fail-on from a config file", async () => {
    expect((await run(fixture("nan-loss.jsonl"), "--fail-on", "never")).code).toBe(0);
    const config = path.join(scratch, "nncheck.config.json");
    writeFileSync(config, JSON.stringify({ select: ["S1"], failOn: "never", checks: { D501: { enabled: false } } }));
    const { code, stdout } = await run(fixture("nan-loss.jsonl"), "--config", config, "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings.some((f: { code: string }) => f.code === "D501")).toBe(false);
  });

  it("a truncated trace is read to its last record, with a warning", async () => {
    const { code, stdout, stderr } = await run(fixture("dead-relu-truncated.jsonl"), "--format", "json", "--fail-on", "error");
    expect(stderr).toMatch(/ends mid-record/);
    expect(stderr).toMatch(/no run-end/);
    expect(code).toBe(0);
    const findings = JSON.parse(stdout).findings as Array<{ code: string; layer?: { name: string } }>;
    expect(findings.map((f) => [f.code, f.layer?.name])).toContainEqual(["D402", "dense_1"]);
  });

  it("renders text and sarif, and writes --output", async () => {
    const text = await run(fixture("nan-loss.jsonl"));
    expect(text.stdout).toMatch(/D501/);
    const out = path.join(scratch, "report.sarif");
    const sarif = await run(fixture("nan-loss.jsonl"), "--format", "sarif", "--output", out);
    expect(sarif.stdout).toBe("");
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.runs[0].results.length).toBeGreaterThan(0);
    expect(doc.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === "D501")).toBe(true);
  });

  it("exit 2: missing file, another schema version, empty trace, bad usage, bad config", async () => {
    expect((await run("no-such-trace.jsonl")).code).toBe(2);
    const v2 = path.join(scratch, "v2.jsonl");
    writeFileSync(v2, JSON.stringify({ type: "run-start", v: 2 }) + "\n");
    const r = await run(v2);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unsupported telemetry version 2/);
    const empty = path.join(scratch, "empty.jsonl");
    writeFileSync(empty, "");
    expect((await run(empty)).stderr).toMatch(/no telemetry records/);
    expect((await run()).code).toBe(2);
    expect((await run(fixture("healthy-mlp.jsonl"), "--fail-on", "sometimes")).code).toBe(2);
    const bad = path.join(scratch, "bad.json");
    writeFileSync(bad, JSON.stringify({ checks: { D302: { minMeanAbss: 1 } } }));
    const badConfig = await run(fixture("healthy-mlp.jsonl"), "--config", bad);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/has no option "minMeanAbss"/);
  });

  it("reads its config through lint's loader: a misspelt key is an error, not silently ignored", async () => {
    const typo = path.join(scratch, "typo.json");
    writeFileSync(typo, JSON.stringify({ check: { D501: { enabled: false } } }));
    const { code, stderr } = await run(fixture("nan-loss.jsonl"), "--config", typo, "--fail-on", "never");
    expect(code).toBe(2);
    expect(stderr).toMatch(/"check" is not a known key/);
    const pyproject = path.join(scratch, "pyproject.toml");
    writeFileSync(pyproject, '[tool.nncheck]\nfailOn = "never"\n\n[tool.nncheck.checks.D501]\nenabled = false\n');
    const toml = await run(fixture("nan-loss.jsonl"), "--config", pyproject, "--format", "json");
    expect(toml.code).toBe(0);
    expect(JSON.parse(toml.stdout).findings.some((f: { code: string }) => f.code === "D501")).toBe(false);
  });

  it("--help prints the usage", async () => {
    const { code, stdout } = await run("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: nncheck check-trace/);
  });

  it("refuses /dev/zero and a folder with a message and exit 2, without reading them", async () => {
    for (const target of ["/dev/zero", "test"]) {
      const { code, stdout, stderr } = await run(target);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^nncheck check-trace: (\/dev\/zero: not a regular file \(a character device\)|test: is a directory)/);
    }
  });

  it("skips a line nested 3,000 deep with a note and checks the rest", async () => {
    const lines = readFileSync(path.join(root, fixture("nan-loss.jsonl")), "utf8").split("\n");
    lines.splice(3, 0, `{"type":"step","v":1,"x":${"[".repeat(3000)}${"]".repeat(3000)}}`);
    const trace = path.join(scratch, "deep.jsonl");
    writeFileSync(trace, lines.join("\n"));
    const { code, stdout, stderr } = await run(trace, "--format", "json");
    expect(code).toBe(1);
    expect(stderr).toMatch(/skipped 1 damaged line\(s\)/);
    const report = JSON.parse(stdout) as { files: { error?: { message: string } }[]; findings: { code: string }[] };
    expect(report.files[0]!.error!.message).toBe("1 damaged line(s) skipped; first at line 4: nested deeper than 32 levels (no record is): skipped");
    expect(report.findings.some((f) => f.code === "D501")).toBe(true);
  });

  it("escapes control characters of trace-derived text on stderr", async () => {
    const trace = path.join(scratch, "evil\u001b]0;x\u0007.jsonl");
    writeFileSync(trace, '{"type":"\\u001b[2Jwipe","v":1}\n' + readFileSync(path.join(root, fixture("healthy-mlp.jsonl")), "utf8"));
    const { stderr } = await run(trace, "--format", "json");
    expect(stderr).toContain('evil\\x1b]0;x\\x07.jsonl: skipped records of unknown type "\\u001b[2Jwipe"');
    expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
