/**
 * `nncheck watch` end to end: unmodified example scripts run under the preload (compiled once here, as
 * `npm run build` would), the parent tails their telemetry, runs the checks and reports.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIO } from "../../src/cli/io.js";
import { captureIO as captureCliIO } from "../helpers/capture-io.js";
import { readWatchInvocation, runWatch, type SignalSource } from "../../src/cli/watch.js";
import { checkTrace } from "../../src/checks/check-trace.js";
import { readTrace } from "../../src/telemetry/reader.js";
import type { JsonReport } from "../../src/report/json.js";
import type { RunStartRecord } from "../../src/telemetry/schema.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const examples = path.join(repo, "examples", "tfjs");
const fixtures = path.join(repo, "test", "probes", "fixtures");
let preload = "";
let scratch = "";

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "nncheck-watch-test-"));
  // The preload must be JavaScript: compile it (and what it imports) into node_modules/.cache so its
  // imports of @tensorflow/tfjs resolve from this checkout.
  const out = path.join(repo, "node_modules", ".cache", `nncheck-watch-test-${process.pid}`);
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, path.join(repo, "src/probes/tfjs/watch-preload.ts"), "--outDir", out, "--rootDir", path.join(repo, "src"), "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "--types", "node"], { stdio: "pipe" });
  preload = path.join(out, "probes", "tfjs", "watch-preload.js");
  return () => {
    rmSync(out, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
}, 120_000);

function captureIO(): CliIO & { out: string; err: string } {
  return captureCliIO(examples, { ...process.env, NODE_OPTIONS: "" });
}

describe("nncheck watch", () => {
  it("finds dead ReLUs in an unmodified script, streams a trace, and exits 1", async () => {
    const io = captureIO();
    const trace = path.join(scratch, "dead.jsonl");
    const report = path.join(scratch, "dead.json");
    const code = await runWatch(["--format", "json", "--output", report, "--trace", trace, "--", "node", "dead-relu.js"], io, { preload });
    expect(code).toBe(1);
    const json = JSON.parse(readFileSync(report, "utf8")) as JsonReport;
    const dead = json.findings.find((f) => f.code === "D402");
    expect(dead?.layer?.name).toBe("dead_relu");
    expect(dead?.steps?.first).toBeGreaterThanOrEqual(0);
    expect(json.summary.warnings).toBeGreaterThan(0);
    const records = readFileSync(trace, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { type: string });
    expect(records[0]!.type).toBe("run-start");
    expect(records.at(-1)!.type).toBe("run-end");
    expect(records.filter((r) => r.type === "step")).toHaveLength(48);
    // The live view (not a TTY): findings as plain lines, then a summary line.
    expect(io.err).toMatch(/nncheck: warning D402 dead-units \[dead_relu\]/);
    expect(io.err).toMatch(/step 48 · epoch 3 · loss/);
  });

  it("reports a NaN loss as an error (a bare script runs with this node)", async () => {
    const io = captureIO();
    const code = await runWatch(["--format", "json", "--fail-on", "error", "nan-loss.js"], io, { preload });
    expect(code).toBe(1);
    const json = JSON.parse(io.out) as JsonReport;
    expect(json.findings.find((f) => f.code === "D501")?.severity).toBe("error");
  });

  it("folds a check's findings on layers built at one place (a loop) into one, in the live view and the report alike", async () => {
    const io = captureIO();
    const report = path.join(scratch, "vanishing.json");
    const code = await runWatch(["--format", "json", "--output", report, "--", "node", "vanishing-gradients.js"], io, { preload });
    expect(code).toBe(1);
    const json = JSON.parse(readFileSync(report, "utf8")) as JsonReport & { findings: { repeats?: number }[] };
    // sigmoid_2 ... sigmoid_10 come from one line: their tiny gradients are one finding there, counting the others.
    const loop = json.findings.filter((f) => f.code === "D302" && f.line === 7);
    expect(loop).toHaveLength(1);
    expect(loop[0]!.repeats).toBeGreaterThan(1);
    const live = [...io.err.matchAll(/^nncheck: warning D302 vanishing-gradient \[(\w+)\]/gm)].map((m) => m[1]);
    expect(live.filter((layer) => layer !== "sigmoid_1")).toHaveLength(1);
    // The last line's counts are the report's.
    const counts = io.err.match(/nncheck watch: .*· (\d+) errors, (\d+) warnings, (\d+) infos/);
    expect(counts?.slice(1).map(Number)).toEqual([json.summary.errors, json.summary.warnings, json.summary.infos]);
  });

  it("passes a clean MLP", async () => {
    const io = captureIO();
    const code = await runWatch(["--format", "json", "--quiet", "--", "node", "clean-mlp.js"], io, { preload });
    const json = JSON.parse(io.out) as JsonReport;
    expect(json.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(code).toBe(0);
    expect(io.err).toBe("");
  });

  it("--preflight: checks the model and data of the first fit before it trains (a summed loss; a clean MLP)", async () => {
    const config = path.join(scratch, "preflight.config.json");
    writeFileSync(config, JSON.stringify({ preflight: { sampleSize: 128, overfitIterations: 150, learningRate: 0.01, dependencyIterations: 80 } }));
    const io = captureIO();
    const trace = path.join(scratch, "preflight.jsonl");
    const code = await runWatch(["--preflight", "--config", config, "--format", "json", "--quiet", "--trace", trace, "--", "node", path.join(fixtures, "summed-loss.mjs")], io, { preload });
    const json = JSON.parse(io.out) as JsonReport;
    expect(json.findings.find((f) => f.code === "D107")?.message).toMatch(/grows with the batch size/);
    expect(code).toBe(1);
    const types = readFileSync(trace, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { type: string; procedure?: string }));
    // The preflight comes first, then the program's own training, recorded as usual.
    expect(types[0]).toMatchObject({ type: "preflight", procedure: "model" });
    const runStart = types.findIndex((r) => r.type === "run-start");
    expect(types.slice(0, runStart).every((r) => r.type === "preflight")).toBe(true);
    expect(types.filter((r) => r.type === "step")).toHaveLength(8);

    const clean = captureIO();
    const cleanCode = await runWatch(["--preflight", "--config", config, "--format", "json", "--quiet", "--", "node", "clean-mlp.js"], clean, { preload });
    expect((JSON.parse(clean.out) as JsonReport).findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(cleanCode).toBe(0);
  });

  it("rewrites one progress line in place on a terminal", async () => {
    const io = captureIO();
    io.env["NNCHECK_FORCE_TTY"] = "1";
    const code = await runWatch(["--format", "json", "--", "node", "zero-learning-rate.js"], io, { preload });
    expect(code).toBe(1);
    expect(io.err).toMatch(/\rnncheck: step \d+ · epoch \d · loss /);
    expect(io.err).toMatch(/warning D205 untrained-parameters \[hidden\]/);
    expect((JSON.parse(io.out) as JsonReport).findings.some((f) => f.code === "D205")).toBe(true);
  });

  it("reports overfitting in a readable text report and exits 1", async () => {
    const io = captureIO();
    const code = await runWatch(["--", "node", "overfitting.js"], io, { preload });
    expect(code).toBe(1);
    expect(io.err).toMatch(/nncheck: warning D506 overfitting at step \d+: validation loss rose for 3 epochs while training loss fell/);
    const lines = io.out.split("\n").filter((l) => /\bD\d{3} (error|warning|info)\b/.test(l));
    expect(lines.some((l) => /^model {2}D506 warning {2}overfitting {2}validation loss rose/.test(l))).toBe(true);
    // One step summary per finding, never a second step range inside the message.
    for (const line of lines) expect(line.match(/\bsteps? \d+/g), line).toHaveLength(1);
  });

  it("states the program's early stopping, and reports the overfitting it ends as an info", async () => {
    const io = captureIO();
    io.cwd = fixtures;
    const trace = path.join(scratch, "early-stopped.jsonl");
    const code = await runWatch(["--quiet", "--format", "json", "--trace", trace, "overfitting-early-stopped.mjs"], io, { preload });
    const start = JSON.parse(readFileSync(trace, "utf8").split("\n")[0]!) as RunStartRecord;
    expect(start.earlyStopping).toEqual({ monitor: "val_loss", patience: 4, restoresBest: false });
    const overfitting = (JSON.parse(io.out) as JsonReport).findings.filter((f) => f.code === "D506");
    expect(overfitting.length).toBeGreaterThan(0);
    for (const finding of overfitting) expect(finding.severity).toBe("info");
    expect(overfitting.map((f) => f.message)).toContainEqual(expect.stringMatching(/early stopping on val_loss \(patience 4\) ends it, keeping the last epoch's weights/));
    expect(code).toBe(0);
  });

  it("passes a clean CNN and a clean LSTM", async () => {
    for (const script of ["clean-cnn.js", "clean-lstm.js"]) {
      const io = captureIO();
      const code = await runWatch(["--format", "json", "--quiet", "--", "node", script], io, { preload });
      const json = JSON.parse(io.out) as JsonReport;
      expect(json.findings.filter((f) => f.severity !== "info"), script).toEqual([]);
      expect(code).toBe(0);
    }
  });

  it("keeps the program's own callbacks working (plain objects and tf.callbacks)", async () => {
    const io = captureIO();
    io.cwd = fixtures;
    const trace = path.join(scratch, "callbacks.jsonl");
    const code = await runWatch(["--quiet", "--format", "json", "--fail-on", "error", "--trace", trace, "user-callbacks.mjs"], io, { preload });
    expect(code).toBe(0); // the script exits 5 when its own callback did not see every epoch
    const types = readFileSync(trace, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types.filter((t) => t === "epoch")).toHaveLength(3);
  });

  it("says so when the program trains nothing (never \"No problems found\"), and passes its failure's exit code on", async () => {
    const quiet = path.join(scratch, "no-training.mjs");
    writeFileSync(quiet, "console.log('hello');\n");
    const io = captureIO();
    expect(await runWatch(["--", "node", quiet], io, { preload })).toBe(0);
    expect(io.err).toMatch(/trained no TF.js model/);
    expect(io.out).toMatch(/skipped: the program trained no TF.js model \(no fit, fitDataset, optimizer update or tf.variableGrads was seen\): nothing was checked\nNothing checked \(\d+ ms\)\n$/);
    const failing = path.join(scratch, "failing.mjs");
    writeFileSync(failing, "process.exit(3);\n");
    const io2 = captureIO();
    expect(await runWatch(["--", "node", failing], io2, { preload })).toBe(3);
    expect(io2.err).toMatch(/the program exited with code 3/);
  });

  it("rejects bad usage with exit 2", async () => {
    const io = captureIO();
    expect(await runWatch([], io, { preload })).toBe(2);
    expect(io.err).toMatch(/No program to run/);
    expect(await runWatch(["--fail-on", "sometimes", "--", "node", "x.js"], captureIO(), { preload })).toBe(2);
    expect(await runWatch(["--sampling", "0", "x.js"], captureIO(), { preload })).toBe(2);
  });
});

/** Waits (polling, no fixed delay) until `ready()` holds; fails after `limitMs`. */
async function until(ready: () => boolean, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const hasStep = (file: string): boolean => existsSync(file) && readFileSync(file, "utf8").includes('"type":"step"');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("nncheck watch as a supervisor", () => {
  const fake = path.join(fixtures, "fake-trainer.mjs");

  it("Ctrl-C stops the program's whole process group, reports, keeps a readable trace and exits 130", async () => {
    const io = captureIO();
    const signals = new EventEmitter();
    const trace = path.join(scratch, "interrupted.jsonl");
    const pids = path.join(scratch, "interrupted.pids");
    const running = runWatch(["--format", "json", "--trace", trace, "--", "node", fake, "forever", pids], io, { preload, signals: signals as unknown as SignalSource, pollMs: 10 });
    await until(() => hasStep(trace) && existsSync(pids));
    const [program, helper] = readFileSync(pids, "utf8").split(" ").map(Number) as [number, number];
    signals.emit("SIGINT", "SIGINT");
    expect(await running).toBe(130);
    expect(alive(program)).toBe(false);
    await until(() => !alive(helper), 10_000);
    expect(io.err).toMatch(/interrupted by SIGINT: the program stopped by SIGINT; the trace in .*interrupted\.jsonl is complete up to there/);
    expect((JSON.parse(io.out) as JsonReport).files[0]).toEqual({ path: fake, parsed: true });
    const read = readTrace(trace);
    expect(read.records[0]!.type).toBe("run-start");
    expect(read.records.filter((r) => r.type === "step").length).toBeGreaterThan(0);
    expect(read.badLineCount).toBe(0);
    expect(checkTrace(trace).findings.filter((f) => f.code === "nncheck-internal-error")).toEqual([]);
  });

  it("SIGTERM to the built CLI: report on stdout alone (the program's output on stderr), exit 143, no temp folder left", async () => {
    const temp = mkdtempSync(path.join(scratch, "tmp-"));
    const trace = path.join(scratch, "terminated.jsonl");
    const bin = path.join(repo, "bin", "nncheck.js");
    const child = spawn(process.execPath, [bin, "watch", "--format", "json", "--trace", trace, "--", "node", fake, "forever"], {
      cwd: fixtures,
      env: { ...process.env, NODE_OPTIONS: "", TMPDIR: temp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => void (stdout += c.toString()));
    child.stderr!.on("data", (c: Buffer) => void (stderr += c.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    await until(() => hasStep(trace));
    child.kill("SIGTERM");
    expect(await closed).toBe(143);
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stdout).not.toContain("hello from the program");
    expect(stderr).toContain("hello from the program (forever)");
    expect(stderr).toMatch(/interrupted by SIGTERM/);
    expect(readdirSync(temp)).toEqual([]);
    expect(readTrace(trace).records.length).toBeGreaterThan(1);
  });

  it("refuses a --trace it cannot write (a folder, a device) before starting the program", async () => {
    const marker = path.join(scratch, "started.txt");
    const program = path.join(scratch, "marks.mjs");
    writeFileSync(program, `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(marker)}, "ran");\n`);
    for (const [target, message] of [
      [scratch, "is a directory"],
      ["/dev/full", "is a character device, not a regular file"],
      [path.join(scratch, "no", "such", "dir", "t.jsonl"), "cannot write it: its folder does not exist"],
    ] as const) {
      const io = captureIO();
      expect(await runWatch(["--trace", target, "--", "node", program], io, { preload })).toBe(2);
      expect(io.err).toBe(`nncheck watch: --trace ${target}: ${message}\n`);
    }
    const io = captureIO();
    expect(await runWatch(["--output", scratch, "--", "node", program], io, { preload })).toBe(2);
    expect(io.err).toBe(`nncheck watch: --output ${scratch}: is a directory\n`);
    expect(existsSync(marker)).toBe(false);
  });

  it("reports a probe that disabled itself instead of \"No problems found\", and exits 2", async () => {
    const io = captureIO();
    const code = await runWatch(["--", "node", fake, "probe-fails"], io, { preload });
    expect(code).toBe(2);
    expect(io.out).toMatch(/^model {2}nncheck-internal-error warning {2}check-crashed {2}the TF.js probe failed in observeActivation at step 2 and was disabled; training went on unchecked: boom/m);
    expect(io.out).not.toMatch(/No problems found/);
    expect(io.out).toMatch(/^1 warning \(\d+ ms\)$/m);
  });

  it("passes on the exit code of a program that fails or is killed", async () => {
    const failed = captureIO();
    expect(await runWatch(["--quiet", "--", "node", fake, "exit-3"], failed, { preload })).toBe(3);
    expect(failed.err).toBe("nncheck watch: the program exited with code 3\n");
    const killed = captureIO();
    expect(await runWatch(["--quiet", "--", "node", fake, "killed"], killed, { preload })).toBe(137);
    expect(killed.err).toBe("nncheck watch: the program was killed by SIGKILL\n");
  });

  it("keeps a report on stdout valid when the program floods its own stdout", async () => {
    const bin = path.join(repo, "bin", "nncheck.js");
    const child = spawn(process.execPath, [bin, "watch", "--format", "json", "--quiet", "--", "node", fake, "flood"], {
      cwd: fixtures,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderrBytes = 0;
    child.stdout!.on("data", (c: Buffer) => void (stdout += c.toString()));
    child.stderr!.on("data", (c: Buffer) => void (stderrBytes += c.length));
    expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
    expect((JSON.parse(stdout) as JsonReport).files[0]!.parsed).toBe(true);
    expect(stderrBytes).toBeGreaterThanOrEqual(20 * 1024 * 1024);
  });

  it("writes its telemetry through a descriptor the program cannot clobber", async () => {
    const io = captureIO();
    io.cwd = fixtures;
    const code = await runWatch(["--quiet", "--format", "json", "--fail-on", "never", "reuses-trace-fd.mjs"], io, { preload });
    expect(code).toBe(0); // the script exits 7 when telemetry landed in its own file
    const json = JSON.parse(io.out) as JsonReport;
    expect(json.files[0]).toEqual({ path: "reuses-trace-fd.mjs", parsed: true });
  });
});

describe("nncheck watch: custom loops, runs over several fit calls, configuration", () => {
  it("checks a custom loop built on optimizer.minimize, with no change to the script", async () => {
    const io = captureIO();
    io.cwd = fixtures;
    const trace = path.join(scratch, "minimize.jsonl");
    const code = await runWatch(["--quiet", "--format", "json", "--trace", trace, "--", "node", "custom-minimize.mjs", "dead"], io, { preload });
    expect(code).toBe(1);
    const json = JSON.parse(io.out) as JsonReport;
    expect(json.files[0]).toEqual({ path: "custom-minimize.mjs", parsed: true });
    // The dead layer is found, located at the line that built it, and its cause leads the report.
    const first = json.findings[0]!;
    expect(first).toMatchObject({ code: "D305", group: 1, cause: true, file: "custom-minimize.mjs", line: 11 });
    expect(json.findings.some((f) => f.code === "D402" && f.layer?.name === first.layer?.name)).toBe(true);
    // Every step of the loop is recorded with minimize's cost as its loss (the first from the first update on).
    const records = readTrace(trace).records;
    const steps = records.filter((r) => r.type === "step");
    expect(steps).toHaveLength(48);
    expect(steps.every((s) => s.type === "step" && Number.isFinite(s.loss))).toBe(true);
    expect(records.some((r) => r.type === "tensors" && r.tensors.some((t) => t.role === "activation"))).toBe(true);
    const start = records[0]!;
    expect(start.type === "run-start" && start.model.outputs).toEqual([]);
  });

  it("checks a CommonJS loop built on tf.variableGrads and applyGradients, its loss from variableGrads' value", async () => {
    const io = captureIO();
    io.cwd = fixtures;
    const trace = path.join(scratch, "variable-grads.jsonl");
    const code = await runWatch(["--quiet", "--format", "json", "--trace", trace, "--", "node", "custom-variable-grads.cjs"], io, { preload });
    const json = JSON.parse(io.out) as JsonReport;
    expect(json.files[0]!.parsed).toBe(true);
    expect(json.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(code).toBe(0);
    const steps = readTrace(trace).records.filter((r) => r.type === "step");
    expect(steps).toHaveLength(60);
    const losses = steps.map((s) => (s.type === "step" ? s.loss : NaN));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
  });

  it("counts one fit call per epoch as one training: steps and epochs go on", async () => {
    const io = captureIO();
    io.cwd = fixtures;
    const trace = path.join(scratch, "per-epoch.jsonl");
    const code = await runWatch(["--format", "json", "--trace", trace, "--", "node", "fit-per-epoch.mjs"], io, { preload });
    expect(code).toBe(0);
    expect(io.err).toMatch(/step 96 · epoch 6 · loss/);
    const records = readTrace(trace).records;
    expect(records.filter((r) => r.type === "run-start")).toHaveLength(1);
    expect(records.filter((r) => r.type === "epoch").map((r) => (r.type === "epoch" ? r.epoch : -1))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(records.at(-1)).toMatchObject({ type: "run-end", steps: 96 });
    expect((JSON.parse(io.out) as JsonReport).files[0]!.notes).toBeUndefined();
  });

  it("reads the configuration file (checks, failOn) and rejects unknown checks and mistyped settings", async () => {
    const dir = mkdtempSync(path.join(scratch, "config-"));
    const script = path.join(examples, "dead-relu.js");
    writeFileSync(path.join(dir, "nncheck.config.json"), JSON.stringify({ checks: { D402: { enabled: false }, "dying-relu-gradients": { severity: "info" } }, failOn: "error" }));
    const io = captureIO();
    io.cwd = dir;
    const code = await runWatch(["--quiet", "--format", "json", "--", "node", script], io, { preload });
    const json = JSON.parse(io.out) as JsonReport;
    expect(json.findings.some((f) => f.code === "D402")).toBe(false);
    expect(json.findings.find((f) => f.code === "D305")?.severity).toBe("info");
    expect(code).toBe(0); // warnings remain, but the configuration fails on errors only
    for (const [checks, message] of [
      [{ D999: { enabled: false } }, /"checks.D999" names no dynamic check/],
      [{ D302: { minMeanAbs: "small" } }, /"checks.D302.minMeanAbs" must be a finite number/],
      [{ D302: { minMeanAb: 1e-7 } }, /check D302 vanishing-gradient has no option "minMeanAb"/],
    ] as const) {
      writeFileSync(path.join(dir, "nncheck.config.json"), JSON.stringify({ checks }));
      const bad = captureIO();
      bad.cwd = dir;
      expect(await runWatch(["--quiet", "--", "node", script], bad, { preload })).toBe(2);
      expect(bad.err).toMatch(message);
    }
  });
});

describe("readWatchInvocation", () => {
  it("reads flags before the program, with or without --", () => {
    expect(readWatchInvocation(["--sampling", "5", "train.js", "--epochs", "3"])).toMatchObject({ command: process.execPath, args: ["train.js", "--epochs", "3"], sampling: 5 });
    expect(readWatchInvocation(["--trace", "t.jsonl", "--", "npm", "run", "train"])).toMatchObject({ command: "npm", args: ["run", "train"], trace: "t.jsonl", format: "text" });
    expect(readWatchInvocation(["--help"])).toBe("help");
  });
});
