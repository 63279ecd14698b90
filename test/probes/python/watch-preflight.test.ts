/**
 * `nncheck watch --preflight -- python train.py` (test/probes/python/fixtures/*_preflight.py): the Python probe
 * runs the preflight before the first Keras `fit` trains and at PyTorch's first optimizer step, the D1 checks
 * decide from its records exactly as for TF.js, and the training itself runs on, also when a procedure fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runWatch } from "../../../src/cli/watch.js";
import type { JsonReport } from "../../../src/report/json.js";
import { captureIO, fixtures, PYTHON, rawRecords, repo, schemaProblems, SUITES } from "./helpers.js";

const preload = path.join(repo, "src", "probes", "tfjs", "watch-preload.ts"); // exists; a Python program never loads it
let scratch = "";
let config = "";

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "nncheck-watch-preflight-"));
  config = path.join(scratch, "nncheck.config.json");
  // Budgets cut from the defaults (the suite stays fast); enough for the small models to learn one batch.
  writeFileSync(config, JSON.stringify({ preflight: { sampleSize: 256, overfitIterations: 300, learningRate: 0.01, dependencyIterations: 100 } }));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Watched {
  code: number;
  report: JsonReport;
  records: Record<string, unknown>[];
  log: string;
  err: string;
}

async function watch(script: string, mode: string): Promise<Watched> {
  const name = `${script}-${mode}`;
  const logFile = path.join(scratch, `${name}.log`);
  const trace = path.join(scratch, `${name}.jsonl`);
  const io = captureIO({ TRAIN_LOG: logFile });
  const code = await runWatch(["--preflight", "--config", config, "--format", "json", "--trace", trace, "--", PYTHON, script, mode], io, { preload });
  return { code, report: JSON.parse(io.out) as JsonReport, records: rawRecords(trace), log: existsSync(logFile) ? readFileSync(logFile, "utf8") : "", err: io.err };
}

const serious = (report: JsonReport): string[] => [...new Set(report.findings.filter((f) => f.severity !== "info").map((f) => f.code))].sort();
const preflightOf = (w: Watched, procedure: string) => w.records.find((r) => r["type"] === "preflight" && r["procedure"] === procedure)!;

/** The preflight's records come first, each valid, then the program's own run, which completes. */
function expectPreflightThenRun(w: Watched, framework: string, script = framework === "keras" ? "keras_preflight.py" : "torch_preflight.py"): void {
  const runStart = w.records.findIndex((r) => r["type"] === "run-start");
  expect(runStart, w.err).toBeGreaterThan(7);
  expect(w.records.slice(0, runStart).map((r) => r["procedure"])).toEqual(["model", "data", "init", "initial-loss", "loss-scaling", "overfit-batch", "data-dependency", "sample-dependency"]);
  // The configuration's budget reached the Python child (watch passes it in the environment).
  expect(w.records[0]).toMatchObject({ framework, budget: { sampleSize: 256, overfitIterations: 300, dependencyIterations: 100, learningRate: 0.01, maxTimeMs: 60000 } });
  for (const record of w.records.slice(0, runStart)) expect(schemaProblems(record), String(record["procedure"])).toEqual([]);
  // The model as the probe describes it for the run, layers with their source lines.
  expect((w.records[0]!["model"] as { layers: { span?: { file: string } }[] }).layers[0]!.span?.file).toBe(script);
  expect(w.records.at(-1)).toMatchObject({ type: "run-end", status: "completed" });
  expect(w.report.findings.filter((f) => f.code === "nncheck-internal-error")).toEqual([]);
}

describe.skipIf(!SUITES.keras)("nncheck watch --preflight -- python (Keras)", () => {
  it("a summed loss: D107 before the first fit trains; the fit then runs to its end", async () => {
    const w = await watch("keras_preflight.py", "sum");
    expectPreflightThenRun(w, "keras");
    expect(serious(w.report)).toContain("D107");
    expect(w.code).toBe(1);
    expect(w.log).toBe("trained 2 epochs\n");
    expect(w.err).toMatch(/D107 loss-sum-reduction/);
  });

  it("a clean MLP fit on a tf.data.Dataset: the sample taken from its batches, no warning", async () => {
    const w = await watch("keras_preflight.py", "dataset");
    expectPreflightThenRun(w, "keras");
    expect(preflightOf(w, "data")).toMatchObject({ samples: 256 });
    expect(serious(w.report)).toEqual([]);
    expect(w.code).toBe(0);
    expect(w.log).toBe("trained 2 epochs\n");
  });

  it("a procedure that fails is written skipped; the other procedures and the training run", async () => {
    const w = await watch("keras_preflight.py", "crash");
    expectPreflightThenRun(w, "keras");
    expect(preflightOf(w, "initial-loss")["skipped"]).toBe("failed: ValueError: this loss takes at most 100 samples at a time");
    expect(preflightOf(w, "sample-dependency")["skipped"]).toBeUndefined();
    expect(w.log).toBe("trained 2 epochs\n");
  });
});

describe.skipIf(!SUITES.keras)("nncheck watch --preflight -- python (Keras, data the preflight cannot sample)", () => {
  it("fit on a Python generator: every procedure skipped with the reason, the generator left to fit, the training runs", async () => {
    const w = await watch("keras_preflight.py", "generator");
    const runStart = w.records.findIndex((r) => r["type"] === "run-start");
    const preflight = w.records.slice(0, runStart);
    expect(preflight.map((r) => r["procedure"])).toEqual(["data", "init", "initial-loss", "loss-scaling", "overfit-batch", "data-dependency", "sample-dependency"]);
    for (const record of preflight) expect(record["skipped"]).toMatch(/^fit was given no targets as an array/);
    expect(w.records.filter((r) => r["type"] === "step")).toHaveLength(32);
    expect(w.log).toBe("trained 2 epochs\n");
  });
});

describe.skipIf(!SUITES.keras || !SUITES.torch)("nncheck watch --preflight -- python (Keras on torch, no TensorFlow)", () => {
  it("every procedure skipped with the reason (they are written for Keras's TensorFlow backend); fit then recorded whole, gradients and outputs included", async () => {
    const w = await watch("keras_torch_train.py", "-");
    const runStart = w.records.findIndex((r) => r["type"] === "run-start");
    const preflight = w.records.slice(0, runStart);
    expect(preflight.length).toBeGreaterThan(0);
    for (const record of preflight) expect(record["skipped"]).toMatch(/^Keras runs on its torch backend: the preflight's procedures are written for its TensorFlow backend/);
    expect([w.records[runStart]!["framework"], w.records[runStart]!["backend"]]).toEqual(["keras", "torch"]);
    const roles = new Set(w.records.filter((r) => r["type"] === "tensors").flatMap((r) => (r["tensors"] as { role: string }[]).map((e) => e.role)));
    expect([...roles]).toEqual(expect.arrayContaining(["gradient", "activation", "weights"]));
    expect(w.records.filter((r) => r["type"] === "step")).toHaveLength(32);
    expect(w.err).not.toMatch(/probe failed|disabled/);
    expect(w.code).toBe(0);
    expect(w.log).toBe("trained 2 epochs\n");
  });
});

describe.skipIf(!SUITES.torch)("nncheck watch --preflight -- python (PyTorch)", () => {
  it("a summed loss: D107 at the first optimizer step; the loop then runs to its end", async () => {
    const w = await watch("torch_preflight.py", "sum");
    expectPreflightThenRun(w, "pytorch");
    expect(serious(w.report)).toContain("D107");
    expect(w.code).toBe(1);
    expect(w.log).toBe("trained 32 steps\n");
  });

  it("a clean MLP: the sample spread over the loader's dataset (not only the first batch of 32), no warning", async () => {
    const w = await watch("torch_preflight.py", "clean");
    expectPreflightThenRun(w, "pytorch");
    expect(preflightOf(w, "data")).toMatchObject({ samples: 256 });
    expect(serious(w.report)).toEqual([]);
    expect(w.code).toBe(0);
    expect(w.log).toBe("trained 32 steps\n");
  });

  it("a loop that converts its batch for the loss (a squeezed logit, float targets): the dataset's sample converted alike, no failure, no warning", async () => {
    const w = await watch("torch_preflight.py", "squeeze");
    expectPreflightThenRun(w, "pytorch");
    expect(preflightOf(w, "data")).toMatchObject({ samples: 256 });
    expect(w.records.filter((r) => r["type"] === "preflight" && r["skipped"] !== undefined)).toEqual([]);
    expect(serious(w.report)).toEqual([]);
    expect(w.log).toBe("trained 32 steps\n");
  });

  it("a loop that standardises its batch before the model: the sample is what the model saw (the step's batch), not the raw dataset", async () => {
    const w = await watch("torch_preflight.py", "scaled");
    expectPreflightThenRun(w, "pytorch");
    const data = preflightOf(w, "data") as { samples: number; inputs: { columns: { mean: number; std: number }[] }[] };
    expect(data.samples).toBe(32);
    // The raw data has means near 50 and stds near 10.
    for (const column of data.inputs[0]!.columns) expect(Math.abs(column.mean)).toBeLessThan(1);
    expect(w.log).toBe("trained 32 steps\n");
  });

  it("a loop without a DataLoader, slicing its batches from the data tensors: the sample spread over those tensors", async () => {
    const w = await watch("torch_preflight.py", "slices");
    expectPreflightThenRun(w, "pytorch");
    expect(preflightOf(w, "data")).toMatchObject({ samples: 256, targets: { classCounts: [expect.any(Number), expect.any(Number), expect.any(Number)] } });
    expect(serious(w.report)).toEqual([]);
    expect(w.log).toBe("trained 32 steps\n");
  });

  it("a loss computed by a function: the procedures that need it are skipped with the reason, the others run", async () => {
    const w = await watch("torch_preflight.py", "functional");
    expectPreflightThenRun(w, "pytorch");
    for (const procedure of ["initial-loss", "loss-scaling", "overfit-batch", "data-dependency"]) expect(preflightOf(w, procedure)["skipped"]).toMatch(/not an nn\.\*Loss module/);
    expect(preflightOf(w, "sample-dependency")).toMatchObject({ output: { others: 0 } });
    expect(serious(w.report)).toEqual([]);
    expect(w.log).toBe("trained 32 steps\n");
  });

  it("a procedure that fails is written skipped; the training runs", async () => {
    const w = await watch("torch_preflight.py", "crash");
    expectPreflightThenRun(w, "pytorch");
    expect(preflightOf(w, "loss-scaling")["skipped"]).toBe("failed: ValueError: this loss takes at most 100 samples at a time");
    expect(preflightOf(w, "overfit-batch")["skipped"]).toBeUndefined();
    expect(w.log).toBe("trained 32 steps\n");
  });
});
