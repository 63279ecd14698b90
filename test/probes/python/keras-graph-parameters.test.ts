/**
 * The Keras probe reduces a sampled step's gradients and updated weights inside the sampled training
 * function: the host copies each tensor's statistics subsample and a few facts of the whole (non-finite
 * count, squared sum, per-unit zero counts), not the tensor. What it records must be what the host computes
 * from the whole tensors, and a penalised parameter's gradient is still split into its data and
 * regularisation parts (D304).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeLine } from "../../../src/telemetry/codec.js";
import { drivers, runPython, SUITES } from "./helpers.js";

type Stats = Record<string, unknown>;
interface Step {
  expected: Record<string, Stats>;
  recorded: Record<string, Stats>;
}

/** Close within `relative` of the larger magnitude (gradients computed twice differ in float32 rounding). */
function expectNear(actual: unknown, expected: unknown, relative: number, label: string): void {
  if (typeof expected === "number") {
    expect(typeof actual, label).toBe("number");
    const a = actual as number;
    expect(Math.abs(a - expected), `${label}: ${a} vs ${expected}`).toBeLessThanOrEqual(relative * Math.max(Math.abs(a), Math.abs(expected)) + 1e-12);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), label).toBe(true);
    expect((actual as unknown[]).length, label).toBe(expected.length);
    expected.forEach((e, i) => expectNear((actual as unknown[])[i], e, relative, `${label}[${i}]`));
  } else if (typeof expected === "object" && expected !== null) {
    for (const [key, value] of Object.entries(expected)) expectNear((actual as Record<string, unknown>)?.[key], value, relative, `${label}.${key}`);
  } else expect(actual, label).toEqual(expected);
}

describe.skipIf(!SUITES.keras)("Keras gradients and weights: reduced inside the training function", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-keras-parameters-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("records the statistics of the whole tensors: strided rows, dead units' zero gradients, the penalty's split", async () => {
    const run = await runPython([path.join(drivers, "keras_graph_parameters.py"), path.join(scratch, "trace.jsonl")]);
    expect(run.code, run.stderr).toBe(0);
    const { steps, held, returned } = decodeLine(run.stdout, 64) as { steps: Step[]; held: Record<string, number>; returned: number[] };
    // One step a call: every sampled call returns what it kept beside its logs (6 gradients, 6 weights with
    // their facts, the batch, the layers' outputs), none written into a variable and read back.
    expect(returned).toHaveLength(2);
    for (const count of returned) expect(count).toBeGreaterThan(12);
    // The host copies the subsample of the 600 × 40 kernel (whole rows, strided: 4,000 of 24,000 values), and
    // the penalised kernel's gradient whole (40 × 3).
    const heldOf = (prefix: string, suffix: string): number | undefined => Object.entries(held).find(([key]) => key.startsWith(prefix) && key.endsWith(suffix))?.[1];
    expect(heldOf("gradient:", "wide/kernel")).toBeLessThanOrEqual(4096);
    expect(heldOf("value:", "wide/kernel")).toBeLessThanOrEqual(4096);
    expect(heldOf("gradient:", "out/kernel")).toBe(120);
    expect(steps).toHaveLength(2);
    for (const [index, step] of steps.entries()) {
      const keys = Object.keys(step.expected).filter((key) => key !== "norms");
      // The kernels and biases of conv, wide and out (flat has none): the gradient and the value of each.
      expect(keys.length, `step ${index}`).toBe(12);
      for (const key of keys) {
        expect(step.recorded[key], `step ${index}: ${key} recorded`).toBeDefined();
        // Weights: the same float32 values read two ways. Gradients: the same step computed twice.
        expectNear(step.recorded[key], step.expected[key], key.startsWith("gradient:") ? 1e-4 : 1e-12, `step ${index}: ${key}`);
      }
      const wide = Object.keys(step.recorded).find((key) => key.startsWith("gradient:") && key.endsWith("wide/kernel"))!;
      expect(step.recorded[wide]!.sampled, "the 600 × 40 kernel is subsampled").toBe(true);
      const zeros = (step.recorded[wide]!.perUnit as { zeroFraction: number[] }).zeroFraction;
      expect(zeros.slice(0, 10)).toEqual(new Array(10).fill(1));
      // The others were initialised alive; the recorded fractions are the host's (compared above).
      expect(zeros.slice(10).filter((z) => z < 1).length).toBeGreaterThan(15);
      expectNear(step.recorded.norms, step.expected.norms, 1e-4, `step ${index}: gradientNorms`);
      expect((step.recorded.norms as { regularization: number }).regularization).toBeGreaterThan(0);
    }
  }, 60_000);
});
