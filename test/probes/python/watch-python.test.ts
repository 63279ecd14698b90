/**
 * `nncheck watch` on unmodified Python programs (test/probes/python/fixtures/): the probe preloaded through
 * PYTHONPATH, telemetry streamed through an inherited descriptor, findings live, the report, the trace,
 * the exit codes, `--fail-on` stopping training through the back channel, Ctrl-C, and `check-trace` on
 * the traces kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runWatch, type SignalSource } from "../../../src/cli/watch.js";
import { checkTrace } from "../../../src/checks/check-trace.js";
import type { JsonReport } from "../../../src/report/json.js";
import { readTrace } from "../../../src/telemetry/reader.js";
import { captureIO, fixtures, PYTHON, repo, SUITES } from "./helpers.js";

const preload = path.join(repo, "src", "probes", "tfjs", "watch-preload.ts"); // exists; a Python program never loads it
let scratch = "";

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "nncheck-watch-python-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function codes(report: JsonReport, severities = ["error", "warning"]): string[] {
  return [...new Set(report.findings.filter((f) => severities.includes(f.severity)).map((f) => f.code))].sort();
}

/** The program's own output is not watch's: the fixtures also write their last line to TRAIN_LOG. */
function trainLog(name: string): { env: NodeJS.ProcessEnv; text(): string } {
  const file = path.join(scratch, `${name}.log`);
  return { env: { TRAIN_LOG: file }, text: () => (existsSync(file) ? readFileSync(file, "utf8") : "") };
}

async function until(ready: () => boolean, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!SUITES.torch)("nncheck watch -- python (PyTorch)", () => {
  it("finds dead ReLUs live, reports in JSON, keeps a trace check-trace reads alike, exits 1", async () => {
    const log = trainLog("torch-dead");
    const io = captureIO(log.env);
    const trace = path.join(scratch, "torch-dead.jsonl");
    const code = await runWatch(["--format", "json", "--trace", trace, "--", PYTHON, "torch_train.py", "dead"], io, { preload });
    expect(code, io.err).toBe(1);
    const report = JSON.parse(io.out) as JsonReport;
    expect(codes(report)).toContain("D402");
    const dead = report.findings.find((f) => f.code === "D402")!;
    expect(dead.layer?.name).toBe("hidden");
    expect(dead.file).toBe("torch_train.py");
    expect(dead.line).toBe(27);
    // The live view: findings as plain lines (not a terminal), then the summary line.
    expect(io.err).toMatch(/nncheck: warning D402 dead-units \[hidden\] at step \d+/);
    expect(io.err).toMatch(/step 128 · epoch 8 · loss [\d.]+ · \d+ errors, \d+ warnings, \d+ infos · run completed/);
    // The program's code after the loop ran.
    expect(log.text()).toBe("trained 128 steps\n");
    const read = readTrace(trace);
    expect(read.badLineCount).toBe(0);
    expect(read.records[0]).toMatchObject({ type: "run-start", framework: "pytorch" });
    expect(read.records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 128 });
    expect(codes(JSON.parse(JSON.stringify(checkTrace(trace))) as JsonReport)).toEqual(codes(report));
  });

  it("--fail-on warning stops the training at the first warning (the loop ends by TrainingStopped) and exits 1", async () => {
    const log = trainLog("torch-stopped");
    const io = captureIO(log.env);
    const trace = path.join(scratch, "torch-stopped.jsonl");
    const code = await runWatch(["--fail-on", "warning", "--trace", trace, "--", PYTHON, "torch_train.py", "dead"], io, { preload });
    expect(code, io.err).toBe(1);
    expect(io.err).toMatch(/training stopped at the first finding at or above warning \(--fail-on\)/);
    expect(log.text()).toBe("");
    const end = readTrace(trace).records.at(-1)!;
    expect(end).toMatchObject({ type: "run-end", status: "stopped" });
    expect((end as { steps: number }).steps).toBeLessThan(128);
    expect((end as { reason: string }).reason).toMatch(/^D\d{3} /);
  });

  it("a clean training through a shell wrapper, SARIF on stdout: no result above info, exit 0", async () => {
    const io = captureIO();
    const code = await runWatch(["--format", "sarif", "--quiet", "--", "sh", "-c", `'${PYTHON}' torch_train.py clean`], io, { preload });
    expect(code, io.err).toBe(0);
    const sarif = JSON.parse(io.out) as { runs: { results: { level: string; ruleId: string }[]; tool: { driver: { rules: unknown[] } } }[] };
    expect(sarif.runs[0]!.results.filter((r) => r.level !== "note")).toEqual([]);
    expect(sarif.runs[0]!.tool.driver.rules.length).toBeGreaterThan(20);
  });

  it("a bare train.py runs with NNCHECK_PYTHON", async () => {
    const io = captureIO({ NNCHECK_PYTHON: PYTHON });
    const code = await runWatch(["--format", "json", "--quiet", "torch_train.py", "clean"], io, { preload });
    expect(code, io.err).toBe(0);
    expect((JSON.parse(io.out) as JsonReport).files[0]).toEqual({ path: "torch_train.py", parsed: true });
  });

  it("Ctrl-C stops the program, reports, leaves a readable trace ending in run-end stopped, exits 130", async () => {
    const io = captureIO();
    const signals = new EventEmitter();
    const trace = path.join(scratch, "torch-interrupted.jsonl");
    const pid = path.join(scratch, "torch-interrupted.pid");
    const running = runWatch(["--format", "json", "--trace", trace, "--", PYTHON, "torch_train.py", "forever", pid], io, { preload, signals: signals as unknown as SignalSource });
    await until(() => existsSync(pid) && readFileSync(pid, "utf8").length > 0);
    signals.emit("SIGINT", "SIGINT");
    expect(await running).toBe(130);
    expect(io.err).toMatch(/interrupted by SIGINT: the program .*; the trace in .*torch-interrupted\.jsonl is complete up to there/);
    expect((JSON.parse(io.out) as JsonReport).files[0]).toEqual({ path: "torch_train.py", parsed: true });
    const read = readTrace(trace);
    expect(read.badLineCount).toBe(0);
    expect(read.records.at(-1)).toMatchObject({ type: "run-end", status: "stopped", reason: "interrupted (SIGINT)" });
    expect(checkTrace(trace).findings.filter((f) => f.code === "nncheck-internal-error")).toEqual([]);
  });

  it("a probe that cannot describe the model disables itself: training goes on, the report says so, exit 2", async () => {
    const log = trainLog("torch-probe-fails");
    const io = captureIO(log.env);
    const code = await runWatch(["--", PYTHON, "torch_train.py", "probe-fails"], io, { preload });
    expect(code, io.err).toBe(2);
    expect(log.text()).toBe("trained 128 steps\n");
    expect(io.out).toMatch(/nncheck-internal-error warning {2}check-crashed {2}the PyTorch probe failed in step at step 0 and was disabled; training went on unchecked: NotImplementedError: this wrapper does not list its modules/);
    expect(io.out).not.toMatch(/No problems found|Nothing checked/);
  });

  it("says so when the program trains nothing, and keeps a sitecustomize the program had", async () => {
    const site = path.join(scratch, "site");
    mkdirSync(site, { recursive: true });
    writeFileSync(path.join(site, "sitecustomize.py"), "import builtins\nbuiltins.OWN_SITECUSTOMIZE = True\n");
    const log = trainLog("site");
    const io = captureIO({ PYTHONPATH: site, ...log.env });
    const program = "import builtins, os, torch; open(os.environ['TRAIN_LOG'], 'w').write('own sitecustomize ran: %s' % getattr(builtins, 'OWN_SITECUSTOMIZE', False))";
    const code = await runWatch(["--", PYTHON, "-c", program], io, { preload });
    expect(code, io.err).toBe(0);
    expect(log.text()).toBe("own sitecustomize ran: True");
    expect(io.err).toMatch(/the program trained no model the probe could see \(Keras fit, a TensorFlow or PyTorch optimizer step\)/);
    expect(io.out).toMatch(/Nothing checked/);
  });
});

describe.skipIf(!SUITES.keras)("nncheck watch -- python (Keras)", () => {
  it("finds dead ReLUs in fit, with epochs and validation, and a trace check-trace reads alike; exit 1", async () => {
    const log = trainLog("keras-dead");
    const io = captureIO(log.env);
    const trace = path.join(scratch, "keras-dead.jsonl");
    const code = await runWatch(["--format", "json", "--trace", trace, "--", PYTHON, "keras_train.py", "dead"], io, { preload });
    expect(code, io.err).toBe(1);
    const report = JSON.parse(io.out) as JsonReport;
    expect(codes(report)).toContain("D402");
    expect(report.findings.find((f) => f.code === "D402")).toMatchObject({ layer: { name: "hidden", kind: "dense" }, file: "keras_train.py", line: 26 });
    expect(io.err).toMatch(/nncheck: step 15 · epoch 1 · loss/);
    expect(log.text()).toBe("after fit: 6 epochs\n");
    const read = readTrace(trace);
    expect(read.records.filter((r) => r.type === "epoch").map((r) => "valLoss" in r)).toEqual([true, true, true, true, true, true]);
    expect(read.records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 90 });
    expect(codes(JSON.parse(JSON.stringify(checkTrace(trace))) as JsonReport)).toEqual(codes(report));
  });

  it("Ctrl-C during fit: SARIF report, a readable trace ending in run-end stopped, exit 130", async () => {
    const io = captureIO();
    const signals = new EventEmitter();
    const trace = path.join(scratch, "keras-interrupted.jsonl");
    const pid = path.join(scratch, "keras-interrupted.pid");
    const running = runWatch(["--format", "sarif", "--trace", trace, "--", PYTHON, "keras_train.py", "forever", pid], io, { preload, signals: signals as unknown as SignalSource });
    await until(() => existsSync(pid) && readFileSync(pid, "utf8").length > 0);
    signals.emit("SIGINT", "SIGINT");
    expect(await running).toBe(130);
    expect(io.err).toMatch(/interrupted by SIGINT: the program .*; the trace in .*keras-interrupted\.jsonl is complete up to there/);
    const sarif = JSON.parse(io.out) as { runs: { results: { level: string }[] }[] };
    expect(sarif.runs[0]!.results.filter((r) => r.level !== "note")).toEqual([]);
    const read = readTrace(trace);
    expect(read.badLineCount).toBe(0);
    expect(read.records[0]).toMatchObject({ type: "run-start", framework: "keras" });
    expect(read.records.at(-1)).toMatchObject({ type: "run-end", status: "stopped", reason: "interrupted (SIGINT)" });
    expect(read.records.filter((r) => r.type === "step").length).toBeGreaterThanOrEqual(29);
  });

  it("--fail-on warning stops fit through its own flag: the program goes on after fit, exit 1", async () => {
    const log = trainLog("keras-stopped");
    const io = captureIO(log.env);
    const trace = path.join(scratch, "keras-stopped.jsonl");
    const code = await runWatch(["--fail-on", "warning", "--format", "json", "--trace", trace, "--", PYTHON, "keras_train.py", "dead"], io, { preload });
    expect(code, io.err).toBe(1);
    expect(log.text()).toMatch(/^after fit: [1-5] epochs\n$/);
    const end = readTrace(trace).records.at(-1)!;
    expect(end).toMatchObject({ type: "run-end", status: "stopped" });
    expect((end as { steps: number }).steps).toBeLessThan(90);
  });
});
