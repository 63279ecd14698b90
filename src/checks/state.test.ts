import { describe, expect, it } from "vitest";
import type { EpochRecord, TensorsRecord } from "../telemetry/schema.js";
import { CheckState, MAX_EPOCHS, MAX_SERIES, MAX_TENSOR_SAMPLES } from "./state.js";

const stats = { count: 1, mean: 0, std: 0, meanAbs: 0, l2: 0, min: 0, max: 0, zeroFraction: 0, nonFinite: 0, sampled: false };

describe("CheckState windows stay bounded on a trace of any length", () => {
  it("keeps the last MAX_EPOCHS epochs", () => {
    const state = new CheckState();
    for (let epoch = 0; epoch < MAX_EPOCHS * 3; epoch++) {
      const record: EpochRecord = { type: "epoch", v: 1, epoch, loss: 1, metrics: {} };
      state.addEpoch(record);
    }
    expect(state.epochs).toHaveLength(MAX_EPOCHS);
    expect(state.epochs[0]!.epoch).toBe(MAX_EPOCHS * 2);
  });

  it("follows at most MAX_SERIES tensors (a model renamed every step), still showing new ones in their own record", () => {
    const state = new CheckState();
    const perRecord = 1000;
    for (let record = 0; record * perRecord < MAX_SERIES + 5 * perRecord; record++) {
      const tensors: TensorsRecord = {
        type: "tensors",
        v: 1,
        step: record,
        tensors: Array.from({ length: perRecord }, (_, i) => ({ layer: `dense_${record * perRecord + i}`, role: "weights" as const, name: "kernel", shape: [1], stats })),
      };
      state.addTensors(tensors);
      expect(state.current("weights")).toHaveLength(perRecord);
    }
    expect(state.seriesOfRole("weights")).toHaveLength(MAX_SERIES);
    for (const series of state.seriesOfRole("weights")) expect(series.samples.length).toBeLessThanOrEqual(MAX_TENSOR_SAMPLES);
  });
});

describe("CheckState loss periods", () => {
  it("leave out the steps whose loss the probe could not know (schema 1.4), keeping the others whole", () => {
    const state = new CheckState();
    state.period = 2;
    const step = (n: number, loss?: number) => ({ type: "step" as const, v: 1 as const, step: n, epoch: 0, batch: n, metrics: {}, timeMs: 1, ...(loss === undefined ? {} : { loss }) });
    // Unknown, 2, unknown, 4: one period of the two known losses, not a NaN one.
    const closed = [step(0), step(1, 2), step(2), step(3, 4)].map((s) => state.addStep(s));
    expect(closed.filter((p) => p !== undefined).map((p) => p!.meanLoss)).toEqual([3]);
    expect(state.firstStepLoss).toBe(2);
    expect(state.lastStepRecord?.step).toBe(3);
  });
});
