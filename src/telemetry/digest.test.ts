import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BoundedSeries, layerStatValues, MAX_LAYERS, MAX_SCALAR_SERIES, TraceDigestSink } from "./digest.js";
import { streamTraceText } from "./reader.js";
import type { TensorEntry, TensorStats } from "./schema.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const trace = (name: string) => readFileSync(path.join(root, "test", "fixtures", "traces", name), "utf8");

function digestOf(name: string) {
  const sink = new TraceDigestSink();
  streamTraceText(trace(name), (record) => sink.write(record));
  return sink.digest();
}

describe("BoundedSeries", () => {
  it("keeps every step until it fills", () => {
    const series = new BoundedSeries(8);
    for (let step = 0; step < 8; step++) series.add(step, step * 2);
    const s = series.snapshot();
    expect(s.step).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.last).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(s.bucketSteps).toBe(1);
  });

  it("stays within its capacity over a long run, and a one-step spike survives as a bucket's max", () => {
    const series = new BoundedSeries(100);
    for (let step = 0; step < 100_000; step++) series.add(step, step === 61_234 ? 1e6 : 1 + (step % 7) / 10);
    const s = series.snapshot();
    expect(s.step.length).toBeLessThanOrEqual(100);
    expect(s.step.length).toBeGreaterThan(50);
    expect(s.count).toBe(100_000);
    expect(Math.max(...s.max.map((v) => v ?? -Infinity))).toBe(1e6);
    expect(Math.min(...s.min.map((v) => v ?? Infinity))).toBe(1);
    // Buckets are aligned on their width and cover the steps in order.
    for (let i = 0; i < s.step.length; i++) expect(s.step[i]! % s.bucketSteps).toBe(0);
    expect(s.step).toEqual([...s.step].sort((a, b) => a - b));
    const spike = s.max.indexOf(1e6);
    expect(s.step[spike]!).toBeLessThanOrEqual(61_234);
    expect(s.step[spike]! + s.bucketSteps).toBeGreaterThan(61_234);
  });

  it("counts NaN and Infinity, remembers the first such step, and keeps them out of min/max", () => {
    const series = new BoundedSeries(4);
    [1, Number.NaN, 3, Number.POSITIVE_INFINITY, 2, 5, 4, 8, 9, 7].forEach((v, step) => series.add(step, v));
    const s = series.snapshot();
    expect(s.nonFinite).toBe(2);
    expect(s.firstNonFiniteStep).toBe(1);
    expect(s.step.length).toBeLessThanOrEqual(4);
    expect(s.max.every((v) => v === null || Number.isFinite(v))).toBe(true);
    expect(Math.max(...s.max.map((v) => v ?? -Infinity))).toBe(9);
  });

  it("a bucket whose values are all non-finite is null", () => {
    const series = new BoundedSeries(4);
    series.add(0, 1);
    series.add(1, Number.NaN);
    expect(series.snapshot().last).toEqual([1, null]);
  });
});

const stats = (partial: Partial<TensorStats>): TensorStats => ({ count: 10, mean: 0, std: 1, meanAbs: 1, l2: 1, min: -1, max: 1, zeroFraction: 0, nonFinite: 0, sampled: false, ...partial });

describe("layerStatValues", () => {
  it("reads the gradient's mean |g| (count-weighted), the kernel's update ratio and the unit fractions", () => {
    const entries: TensorEntry[] = [
      { layer: "d", role: "gradient", name: "d/kernel", shape: [3, 3], parameter: "weights", stats: stats({ count: 9, meanAbs: 0.01 }) },
      { layer: "d", role: "gradient", name: "d/bias", shape: [1], parameter: "bias", stats: stats({ count: 1, meanAbs: 0.11 }) },
      { layer: "d", role: "weights", name: "d/kernel", shape: [3, 3], stats: stats({ meanAbs: 0.5 }) },
      { layer: "d", role: "update", name: "d/kernel", shape: [3, 3], parameter: "weights", updateSteps: 10, stats: stats({ meanAbs: 0.05 }) },
      { layer: "d", role: "activation", name: "d/output", shape: [4, 4], stats: stats({ std: 0.3, perUnit: { p95Abs: [0, 0, 0.2, 1] }, saturation: [0.9, 0.1, 0.2, 0.95] }) },
    ];
    const values = layerStatValues(entries);
    expect(values.gradientMeanAbs).toBeCloseTo(0.02, 10);
    expect(values.updateRatioLog10).toBeCloseTo(-2, 10);
    expect(values.deadFraction).toBe(0.5);
    expect(values.saturatedFraction).toBe(0.5);
    expect(values.activationStd).toBe(0.3);
  });

  it("leaves out what the entries do not say", () => {
    const values = layerStatValues([{ layer: "d", role: "weights", name: "d/kernel", shape: [2], stats: stats({}) }]);
    expect(values).toEqual({});
  });
});

describe("TraceDigestSink", () => {
  it("digests a recorded TF.js run: summary, per-step and per-epoch series, layer statistics", () => {
    const digest = digestOf("tfjs-dead-relu.jsonl");
    expect(digest.run).toMatchObject({ framework: "tfjs", backend: "cpu", samplingInterval: 10, loss: "categorical_crossentropy" });
    expect(digest.end?.status).toBe("completed");
    expect(digest.layers.map((l) => l.name)).toEqual(["dense_Dense11_input", "dense_Dense11", "dense_Dense12"]);
    expect(digest.train["loss"]!.step.length).toBe(digest.steps);
    expect(Object.keys(digest.train)).toContain("acc");
    expect(digest.epoch["val_loss"]!.step.length).toBe(digest.epochs);
    const dead = digest.layerStats.find((l) => l.name === "dense_Dense11")!;
    expect(dead.activation).toBe("relu");
    expect(dead.stats.deadFraction!.last.every((v) => v === 1)).toBe(true);
    expect(dead.stats.gradientMeanAbs!.max.every((v) => v === 0)).toBe(true);
  });

  it("a NaN run: the loss series counts the non-finite steps from where they start", () => {
    const digest = digestOf("nan-loss.jsonl");
    expect(digest.train["loss"]!.firstNonFiniteStep).toBe(150);
    expect(digest.end?.status).toBe("stopped");
  });

  it("a truncated run has no run-end", () => {
    const digest = digestOf("dead-relu-truncated.jsonl");
    expect(digest.end).toBeUndefined();
    expect(digest.steps).toBeGreaterThan(0);
  });
});

describe("TraceDigestSink bounds", () => {
  it("keeps a bounded number of scalar series and layers, counting what it leaves out", () => {
    const sink = new TraceDigestSink();
    sink.write({ type: "run-start", v: 1, framework: "tfjs", backend: "cpu", time: "2026-01-01T00:00:00Z", config: { samplingInterval: 1 }, model: { layers: [] } });
    for (let step = 0; step < 500; step++) {
      sink.write({ type: "step", v: 1, step, epoch: 0, batch: step, loss: 1, metrics: { [`m${step}`]: 1 }, timeMs: 1 });
      sink.write({ type: "tensors", v: 1, step, tensors: [{ layer: `layer${step}`, role: "activation", name: "a", shape: [1], stats: stats({}) }] });
    }
    const digest = sink.digest();
    expect(Object.keys(digest.train)).toHaveLength(MAX_SCALAR_SERIES);
    expect(digest.layerStats).toHaveLength(MAX_LAYERS);
    expect(digest.dropped).toEqual({ scalars: 500 - (MAX_SCALAR_SERIES - 1), layers: 500 - MAX_LAYERS });
  });
});

describe("TraceDigestSink over several runs", () => {
  it("digests the last run of a trace holding two (steps count from 0 in each)", () => {
    const sink = new TraceDigestSink();
    streamTraceText(trace("tfjs-dead-relu.jsonl") + trace("tfjs-clean-mlp.jsonl"), (record) => sink.write(record));
    const digest = sink.digest();
    const alone = digestOf("tfjs-clean-mlp.jsonl");
    expect(digest.runs).toBe(2);
    expect(alone.runs).toBe(1);
    expect(digest.steps).toBe(alone.steps);
    expect(digest.train["loss"]).toEqual(alone.train["loss"]);
    expect(digest.layerStats.map((l) => l.name)).toEqual(alone.layerStats.map((l) => l.name));
  });
});
