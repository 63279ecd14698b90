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
});
