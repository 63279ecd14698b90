/**
 * The Python probe's sampling budget: with no interval asked for, the probe (its hooks at every step and its
 * samples) may cost at most 2 % of the training's time. The driver feeds the probe's Run steps of stated durations (no framework, no clock).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { drivers, runPython, SUITES } from "./helpers.js";

interface Case {
  sampled: number[];
  config: { samplingInterval: number; samplingBudget?: number };
}

interface Deferred {
  reads: number[];
  written: [type: string, step: number, loss: number | string | null][];
}

/** Every step written once, in order, each sampled step's record right before its tensors; returns the step records. */
function expectWrittenInOrder(d: Deferred, steps: number): Deferred["written"] {
  const written = d.written.filter(([type]) => type === "step");
  expect(written.map(([, step]) => step)).toEqual([...Array(steps).keys()]);
  for (const [index, [type, step]] of d.written.entries()) {
    if (type === "tensors") expect(d.written[index - 1]).toEqual(["step", step, expect.anything()]);
  }
  return written;
}

const gaps = (steps: number[]) => steps.slice(1).map((step, i) => step - steps[i]!);

/** Past the 4 warm-up samples (0, 10, 20, 30), gaps that double from 30 until the budget's interval, then that interval. */
function expectRampThen(sampled: number[], interval: number): void {
  const ramp: number[] = [];
  for (let gap = 30; gap < interval; gap *= 2) ramp.push(gap);
  const after = gaps(sampled.slice(3));
  expect(after.slice(0, ramp.length)).toEqual(ramp);
  expect(after.length).toBeGreaterThan(ramp.length);
  expect(new Set(after.slice(ramp.length))).toEqual(new Set([interval]));
}

describe.skipIf(!SUITES.python)("the Python probe's sampling budget", () => {
  let cases: Record<string, Case>;
  let deferred: Deferred;
  let read: Deferred;
  beforeAll(async () => {
    const run = await runPython([path.join(drivers, "sampling_cases.py")]);
    expect(run.stderr).toBe("");
    const all = JSON.parse(run.stdout) as Record<string, unknown>;
    deferred = all["deferredLosses"] as Deferred;
    read = all["readLosses"] as Deferred;
    cases = all as Record<string, Case>;
  }, 60_000);

  it("an interval asked for is kept, however costly the samples, and the run-start states no budget", () => {
    const asked = cases["asked"]!;
    expect(asked.config).not.toHaveProperty("samplingBudget");
    expect(asked.sampled).toHaveLength(200);
    expect(new Set(gaps(asked.sampled))).toEqual(new Set([10]));
  });

  it("samples that cost little keep the default interval of 10; the run-start states the budget", () => {
    const cheap = cases["cheapSamples"]!;
    expect(cheap.config).toMatchObject({ samplingInterval: 10, samplingBudget: 0.02 });
    expect(new Set(gaps(cheap.sampled))).toEqual(new Set([10]));
  });

  it("costly samples: the first 4 every 10 steps, then the interval that keeps their extra time at 2 %, reached by doubling", () => {
    const costly = cases["costlySamples"]!;
    expect(costly.sampled.slice(0, 4)).toEqual([0, 10, 20, 30]);
    // 3 ms extra per sample over 1 ms steps: 3 / (0.02 × 1) = 150 steps apart, once the steps trained so
    // far allow it: a sample is at most twice as far from the start as the one before.
    expectRampThen(costly.sampled, 150);
  });

  it("time paid by the steps after a sample counts as the sample's", () => {
    const after = cases["costAfterSamples"]!;
    expectRampThen(after.sampled, 150);
  });

  it("the hooks' own time at every step counts against the budget: the samples get what they leave", () => {
    // 3 ms extra per sample; hooks 0.01 ms a step leave 0.01 of the 0.02 ms a 1 ms step allows: 300 apart.
    expectRampThen(cases["costlyHooks"]!.sampled, 300);
    // A sample's own time is the sample's, not the hooks': 3 ms extra, no hooks, 150 apart as without it.
    expectRampThen(cases["samplesOwnTime"]!.sampled, 150);
    // Hooks over the budget (0.05 ms): the samples still get a quarter of it, 0.005 ms a step: 600 apart.
    expectRampThen(cases["hooksOverBudget"]!.sampled, 600);
  });

  it("the interval stretches to 1000 at most: a long training still gets samples", () => {
    const slow = cases["veryCostlySamples"]!;
    expect(gaps(slow.sampled).slice(3, 9)).toEqual([30, 60, 120, 240, 480, 960]);
    expect(gaps(slow.sampled).slice(-3)).toEqual([1000, 1000, 1000]);
  });

  it("losses held as tensors are read in batches at sampled steps, each step written in order before its tensors", () => {
    // 45 steps: read at steps 0, 10, 20 and 21 (sampled) and at the epoch's end; never one read per step.
    expect(deferred.reads).toEqual([1, 10, 10, 1, 9, 10, 4]);
    const steps = expectWrittenInOrder(deferred, 45);
    expect(steps[12]![2]).toBeCloseTo(1 / 13, 12);
    expect(steps[13]![2]).toBe("NaN");
    // The NaN of step 13 is read at step 20: the next step to begin, 21, is sampled.
    expect(deferred.written.filter(([type]) => type === "tensors").map(([, step]) => step)).toEqual([0, 10, 20, 21, 30, 40]);
    expect(deferred.written.at(-1)).toEqual(["epoch", 44, 0.5]);
  });

  it("losses read at their step (a CPU tensor's) are written in the same batches, and a NaN among them forces the next step's sample at once", () => {
    expect(read.reads).toEqual([1, 10, 4, 6, 10, 10, 4]);
    const steps = expectWrittenInOrder(read, 45);
    expect(steps[12]![2]).toBeCloseTo(1 / 13, 12);
    expect(steps[13]![2]).toBe("NaN");
    // Step 14 is sampled, not 21: the NaN was known when step 13 ended; its batch's read forces no second sample.
    expect(read.written.filter(([type]) => type === "tensors").map(([, step]) => step)).toEqual([0, 10, 14, 20, 30, 40]);
  });
});
