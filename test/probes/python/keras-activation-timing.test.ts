/**
 * The Keras probe records a sampled step's activations from the weights that step's gradients were
 * computed with (before its update), as the TF.js and PyTorch probes do during the forward pass. Recorded
 * after the update, they disagreed with the twin's on unscaled inputs, where one step moves them a lot
 * (fidelity runs: dead and dying units on real Keras only).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { drivers, runPython, SUITES } from "./helpers.js";

interface Step {
  before: number;
  after: number;
  recorded: number | null;
}

describe.skipIf(!SUITES.keras)("Keras activations: before the sampled step's update", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-keras-activations-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("records each step's hidden outputs as the weights before that step give them", async () => {
    const run = await runPython([path.join(drivers, "keras_activation_timing.py"), path.join(scratch, "trace.jsonl")]);
    expect(run.code, run.stderr).toBe(0);
    const steps = JSON.parse(run.stdout) as Step[];
    expect(steps).toHaveLength(4);
    for (const step of steps) {
      // The large SGD step moves the outputs: before and after are told apart.
      expect(Math.abs(step.after - step.before)).toBeGreaterThan(0.01);
      expect(step.recorded).not.toBeNull();
      expect(step.recorded!).toBeCloseTo(step.before, 5);
    }
  }, 60_000);
});

interface Subsampled {
  expected: Record<string, Record<string, unknown>>;
  recorded: Record<string, { shape: number[]; stats: Record<string, unknown> }>;
}

describe.skipIf(!SUITES.keras)("Keras activations: subsampled inside the training function", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-keras-subsample-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("records the statistics of the whole output: strided rows, per-unit figures, non-finite counts, partial last batches", async () => {
    const run = await runPython([path.join(drivers, "keras_graph_subsample.py"), path.join(scratch, "trace.jsonl")]);
    expect(run.code, run.stderr).toBe(0);
    const { steps, partial } = JSON.parse(run.stdout) as { steps: Subsampled[]; partial: unknown[] };
    expect(steps).toHaveLength(2);
    for (const step of steps) {
      expect(Object.keys(step.recorded).sort()).toEqual(["conv", "flat", "out", "overflow", "tanh"]);
      expect(step.recorded.conv!.shape).toEqual([16, 10, 10, 6]);
      expect(step.recorded.conv!.stats.sampled).toBe(true);
      expect(step.recorded.overflow!.stats.nonFinite).toBe(80);
      for (const [layer, expected] of Object.entries(step.expected)) {
        const recorded = step.recorded[layer]!.stats;
        for (const [key, value] of Object.entries(expected)) {
          if (typeof value === "number") expect(recorded[key], `${layer}.${key}`).toBeCloseTo(value, 9);
          else expect(recorded[key], `${layer}.${key}`).toEqual(value);
        }
      }
    }
    // 20 samples in batches of 8, two epochs: each epoch's third batch holds 4 (a retrace without the batch size).
    expect(partial).toHaveLength(6);
    for (const [index, step] of partial.entries()) {
      const rows = index % 3 === 2 ? 4 : 8;
      expect(step, `step ${index}`).toEqual([
        ["h1", [rows, 16], rows * 16],
        ["h2", [rows, 16], rows * 16],
        ["y", [rows, 1], rows],
      ]);
    }
  }, 60_000);
});
