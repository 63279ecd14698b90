import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { command as checkTrace } from "./check-trace.js";
import type { CliIO, Command } from "./io.js";
import { command as lint } from "./lint.js";
import { command as report } from "./report.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixture = (name: string) => path.join("test", "fixtures", "traces", name);
const scratch = mkdtempSync(path.join(tmpdir(), "nncheck-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(cmd: Command, argv: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, env: {}, stdoutIsTTY: tty };
  const code = await cmd.run(argv, io);
  return { code, stdout, stderr };
}

describe("nncheck report", () => {
  it("writes the page of a faulty run to --output and exits 0 (findings do not fail a report)", async () => {
    const out = path.join(scratch, "dead.html");
    const { code, stderr } = await run(report, [fixture("tfjs-dead-relu.jsonl"), "-o", out]);
    expect(code).toBe(0);
    expect(stderr).toContain("wrote");
    const html = readFileSync(out, "utf8");
    expect(html).toContain('id="chart-loss"');
    expect(html).toContain("D402");
  });

  it("--fail-on makes findings fail it, as check-trace does", async () => {
    const out = path.join(scratch, "fail.html");
    expect((await run(report, [fixture("tfjs-dead-relu.jsonl"), "-o", out, "--fail-on", "warning"])).code).toBe(1);
  });

  it("refuses to print a page on a terminal, and says what is missing", async () => {
    const { code, stderr } = await run(report, [fixture("tfjs-dead-relu.jsonl")], true);
    expect(code).toBe(2);
    expect(stderr).toContain("--output");
    const piped = await run(report, [fixture("tfjs-dead-relu.jsonl")]);
    expect(piped.code).toBe(0);
    expect(piped.stdout.startsWith("<!doctype html>")).toBe(true);
  });

  it("shows the source excerpt where a finding's layer is defined, when the trace gives its span", async () => {
    const lines = readFileSync(path.join(root, fixture("tfjs-dead-relu.jsonl")), "utf8").split("\n");
    const start = JSON.parse(lines[0]!) as { model: { layers: { name: string; span?: unknown }[] } };
    start.model.layers.find((l) => l.name === "dense_Dense11")!.span = { file: "examples/mnist_missing_softmax.py", line: 36, column: 9, endLine: 36, endColumn: 34 };
    const trace = path.join(scratch, "with-span.jsonl");
    writeFileSync(trace, [JSON.stringify(start), ...lines.slice(1)].join("\n"));
    const { code, stdout } = await run(report, [trace]);
    expect(code).toBe(0);
    expect(stdout).toContain("layer defined at <code>examples/mnist_missing_softmax.py:36:9</code>");
    expect(stdout).toMatch(/<span class="src-line hit"><span class="ln">36<\/span>\s+layers\.Dense\(NUM_CLASSES\),<\/span>/);
  });

  it("never quotes a file outside the working directory or one that is not a program source", async () => {
    const lines = readFileSync(path.join(root, fixture("tfjs-dead-relu.jsonl")), "utf8").split("\n");
    const secret = path.join(scratch, "secret.py");
    writeFileSync(secret, "x = 1\nTOKEN = 'do-not-publish'\ny = 2\n");
    for (const file of [secret, "../../etc/passwd", "package.json"]) {
      const start = JSON.parse(lines[0]!) as { model: { layers: { name: string; span?: unknown }[] } };
      start.model.layers.find((l) => l.name === "dense_Dense11")!.span = { file, line: 2, column: 1, endLine: 2, endColumn: 5 };
      const trace = path.join(scratch, "outside.jsonl");
      writeFileSync(trace, [JSON.stringify(start), ...lines.slice(1)].join("\n"));
      const { stdout } = await run(report, [trace]);
      expect(stdout).toContain("layer defined at");
      expect(stdout).not.toContain('class="src-line');
      expect(stdout).not.toContain("do-not-publish");
    }
  });

  it("--no-config and --config exclude each other", async () => {
    const { code, stderr } = await run(report, [fixture("tfjs-dead-relu.jsonl"), "--config", "x.json", "--no-config"]);
    expect(code).toBe(2);
    expect(stderr).toContain("cannot be used together");
    expect((await run(report, [fixture("tfjs-dead-relu.jsonl"), "--no-config"])).code).toBe(0);
  });

  it("an unreadable trace is an error named after the command", async () => {
    const { code, stderr } = await run(report, ["no-such-trace.jsonl", "-o", path.join(scratch, "x.html")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^nncheck report: no-such-trace.jsonl: no such file/);
  });
});

describe("--format html on the other commands", () => {
  it("check-trace renders the page with plots", async () => {
    const { code, stdout } = await run(checkTrace, [fixture("tfjs-exploding.jsonl"), "--format", "html"]);
    expect(code).toBe(1);
    expect(stdout).toContain('id="chart-loss"');
    expect(stdout).toContain("D301");
  });

  it("lint renders the findings per file", async () => {
    const out = path.join(scratch, "lint.html");
    const { code } = await run(lint, ["examples/mnist_missing_softmax.py", "--format", "html", "--output", out]);
    expect(code).toBe(1);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('data-file="examples/mnist_missing_softmax.py"');
    expect(html).toContain('data-code="S201"');
    expect(html).toContain('class="src-line hit"');
  });

  it("help texts list html among the formats", async () => {
    expect((await run(lint, ["--help"])).stdout).toMatch(/text, json, sarif, github, html/);
    expect((await run(checkTrace, ["--help"])).stdout).toMatch(/text, json, sarif, github, html/);
  });
});
