import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTraceWriter } from "./writer.js";
import { parseTrace, readTrace, UnsupportedTraceVersionError } from "./reader.js";
import { decodeLine, encodeLine, PackedArrayError, unpackFloat32 } from "./codec.js";

/** Little-endian float32 values as a packed array's base64 text, as the Python probe writes them. */
function packFloat32(values: readonly number[]): { f32: string } {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return { f32: bytes.toString("base64") };
}
import type { RunStartRecord, StepRecord, TelemetryRecord, TensorsRecord } from "./schema.js";

const runStart: RunStartRecord = {
  type: "run-start",
  v: 1,
  framework: "tfjs",
  backend: "cpu",
  time: "2026-01-01T00:00:00.000Z",
  config: { samplingInterval: 10 },
  model: { layers: [{ name: "dense_1", kind: "dense", index: 0, outputShape: [null, 4], params: 12, activation: "relu" }] },
};
const step = (n: number, loss: number): StepRecord => ({ type: "step", v: 1, step: n, epoch: 0, batch: n, loss, metrics: { acc: 0.5 }, timeMs: 3 });
const tensors: TensorsRecord = {
  type: "tensors",
  v: 1,
  step: 0,
  tensors: [
    {
      layer: "dense_1",
      role: "gradient",
      name: "dense_1/kernel",
      shape: [2, 4],
      parameter: "weights",
      stats: { count: 8, mean: NaN, std: NaN, meanAbs: Infinity, l2: -Infinity, min: -Infinity, max: Infinity, zeroFraction: 0, nonFinite: 8, sampled: false },
    },
  ],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nncheck-trace-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("trace writer and reader", () => {
  it("round-trips records, NaN and ±Infinity included", () => {
    const path = join(dir, "run.jsonl");
    const writer = createTraceWriter(path);
    const records: TelemetryRecord[] = [runStart, step(0, NaN), step(1, Infinity), tensors, { type: "run-end", v: 1, status: "crashed", steps: 2, reason: "NaN" }];
    for (const r of records) writer.write(r);
    expect(writer.count).toBe(5);
    writer.close();
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")).toHaveLength(6);
    expect(text).toContain('"loss":"NaN"');
    const read = readTrace(path);
    expect(read.truncated).toBe(false);
    expect(read.badLines).toEqual([]);
    expect(read.warnings).toEqual([]);
    expect(read.records).toEqual(records);
  });

  it("makes every record visible on disk before the next write (nothing buffered)", () => {
    const path = join(dir, "live.jsonl");
    const writer = createTraceWriter(path);
    writer.write(runStart);
    expect(readTrace(path).records).toHaveLength(1);
    writer.write(step(0, 1));
    expect(readTrace(path).records).toHaveLength(2);
    writer.close();
    expect(() => writer.write(step(1, 1))).toThrow(/closed/);
  });

  it("appends to an existing file and writes to a stream", () => {
    const chunks: string[] = [];
    const writer = createTraceWriter({ write: (c: string) => chunks.push(c) });
    writer.write(step(0, -Infinity));
    expect(chunks).toEqual(['{"type":"step","v":1,"step":0,"epoch":0,"batch":0,"loss":"-Infinity","metrics":{"acc":0.5},"timeMs":3}\n']);
    const path = join(dir, "append.jsonl");
    writeFileSync(path, chunks[0]!);
    const w = createTraceWriter(path);
    w.write(step(1, 2));
    w.close();
    expect(readTrace(path).records.map((r) => (r as StepRecord).loss)).toEqual([-Infinity, 2]);
  });

  it("never writes into a descriptor the program closed and reused: it reopens the trace", () => {
    const path = join(dir, "ours.jsonl");
    const writer = createTraceWriter(path);
    writer.write(step(0, 1));
    const ours = readdirSync("/proc/self/fd").map(Number).find((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    })!;
    closeSync(ours);
    const theirs = join(dir, "theirs.txt");
    const fd = openSync(theirs, "w");
    expect(fd).toBe(ours);
    writer.write(step(1, 2));
    writer.close();
    expect(readFileSync(theirs, "utf8")).toBe("");
    closeSync(fd);
    expect(readTrace(path).records.map((r) => (r as StepRecord).step)).toEqual([0, 1]);
  });

  it("reads a truncated trace up to its last complete record", () => {
    const full = [runStart, step(0, 1), step(1, 0.9)].map((r) => JSON.stringify(r)).join("\n") + "\n";
    const cut = full + JSON.stringify(step(2, 0.8)).slice(0, 25);
    const read = parseTrace(cut);
    expect(read.truncated).toBe(true);
    expect(read.records).toHaveLength(3);
    expect(read.badLines).toEqual([]);
    expect(read.warnings.some((w) => /mid-record/.test(w))).toBe(true);
  });

  it("skips and reports damaged lines in the middle", () => {
    const text = [JSON.stringify(runStart), "{not json", JSON.stringify({ type: "step", v: 1, step: "x" }), JSON.stringify(step(1, 1)), ""].join("\n");
    const read = parseTrace(text);
    expect(read.truncated).toBe(false);
    expect(read.records).toHaveLength(2);
    expect(read.badLines.map((b) => b.line)).toEqual([2, 3]);
    expect(read.badLines[1]!.error).toMatch(/"step" must be a number/);
  });

  it("reads a step's adversarial flag (schema 1.6) and rejects one that is not a boolean", () => {
    const text = [JSON.stringify(runStart), JSON.stringify({ ...step(1, 1), adversarial: true }), JSON.stringify({ ...step(2, 1), adversarial: "yes" }), ""].join("\n");
    const read = parseTrace(text);
    expect(read.records.map((r) => (r as StepRecord).adversarial)).toEqual([undefined, true]);
    expect(read.badLines[0]!.error).toMatch(/field "adversarial" must be a boolean/);
  });

  it("reads a step's moving-target flag (schema 1.10) and rejects one that is not a boolean", () => {
    const text = [JSON.stringify(runStart), JSON.stringify({ ...step(1, 1), movingTarget: true }), JSON.stringify({ ...step(2, 1), movingTarget: 1 }), ""].join("\n");
    const read = parseTrace(text);
    expect(read.records.map((r) => (r as StepRecord).movingTarget)).toEqual([undefined, true]);
    expect(read.badLines[0]!.error).toMatch(/field "movingTarget" must be a boolean/);
  });

  it("reads a layer's part (schema 1.8) and rejects one that is not a string", () => {
    const layer = runStart.model.layers[0]!;
    const inPart = (part: unknown) => JSON.stringify({ ...runStart, model: { ...runStart.model, layers: [{ ...layer, part }] } });
    const read = parseTrace([inPart("encoder"), inPart(3), ""].join("\n"));
    expect(read.records.map((r) => (r as RunStartRecord).model.layers[0]!.part)).toEqual(["encoder"]);
    expect(read.badLines[0]!.error).toMatch(/layer 0: field "part" must be a string \(got 3\)/);
  });

  it("reads a layer's untracked parameters (schema 1.9) and rejects a list that is not of strings", () => {
    const layer = runStart.model.layers[0]!;
    const withUntracked = (untracked: unknown) => JSON.stringify({ ...runStart, model: { ...runStart.model, layers: [{ ...layer, untracked }] } });
    const read = parseTrace([withUntracked(["vq/embeddings"]), withUntracked("vq/embeddings"), withUntracked([1]), ""].join("\n"));
    expect(read.records.map((r) => (r as RunStartRecord).model.layers[0]!.untracked)).toEqual([["vq/embeddings"]]);
    expect(read.badLines.map((b) => b.error)).toEqual([expect.stringMatching(/layer 0: field "untracked" must be an array of strings \(got /), expect.stringMatching(/field "untracked"/)]);
  });

  it("rejects another major version with a clear error", () => {
    const text = JSON.stringify({ ...runStart, v: 2 }) + "\n";
    expect(() => parseTrace(text)).toThrow(UnsupportedTraceVersionError);
    expect(() => parseTrace(text)).toThrow(/unsupported telemetry version 2 at line 1/);
  });

  it("accepts minor revisions and skips unknown record types with a warning", () => {
    const text = [JSON.stringify({ ...runStart, v: 1.1 }), JSON.stringify({ type: "histogram", v: 1 }), ""].join("\n");
    const read = parseTrace(text);
    expect(read.records).toHaveLength(1);
    expect(read.warnings).toContain('skipped records of unknown type "histogram"');
    expect(read.warnings.some((w) => /no run-end/.test(w))).toBe(true);
  });
});

describe("packed per-unit arrays (schema 1.3)", () => {
  const activation = (perUnit: unknown, saturation?: unknown): string =>
    encodeLine({
      ...tensors,
      tensors: [{ layer: "dense_1", role: "activation", name: "dense_1/output", shape: [2, 4], stats: { ...tensors.tensors[0]!.stats, perUnit, ...(saturation === undefined ? {} : { saturation }) } }],
    });

  it("round-trips float32 values, NaN and ±Infinity included, and an empty array", () => {
    const values = [0, -0.5, 0.1, 3.4028234663852886e38, 1e-45, NaN, Infinity, -Infinity];
    const back = unpackFloat32("mean", packFloat32(values));
    expect(back.map((v) => (Number.isNaN(v) ? "NaN" : v))).toEqual(values.map((v) => (Number.isNaN(v) ? "NaN" : Math.fround(v))));
    expect(unpackFloat32("mean", packFloat32([]))).toEqual([]);
    // The base64 of float32 1.0 and 0.5, little-endian, as Python's struct/numpy write it.
    expect(unpackFloat32("mean", { f32: "AACAPwAAAD8=" })).toEqual([1, 0.5]);
  });

  it("are unpacked into plain arrays wherever a per-unit array may be, and left alone elsewhere", () => {
    const line = activation({ p95Abs: packFloat32([0, 1]), mean: packFloat32([0.25, NaN]), std: [0.5, "NaN"], zeroFraction: { f32: "" } }, packFloat32([0.75]));
    const record = decodeLine(line) as TensorsRecord;
    const stats = record.tensors[0]!.stats;
    expect(stats.perUnit).toEqual({ p95Abs: [0, 1], mean: [0.25, NaN], std: [0.5, NaN], zeroFraction: [] });
    expect(Array.isArray(stats.saturation) && stats.saturation).toEqual([0.75]);
    // A scalar named like a per-unit array stays a number; an object without "f32" is not a packed array.
    expect(stats.mean).toBeNaN();
    const metrics = decodeLine(JSON.stringify({ ...step(0, 1), metrics: { mean: 2 }, extra: { std: { x: 1 } } })) as Record<string, unknown>;
    expect(metrics.metrics).toEqual({ mean: 2 });
    expect(metrics.extra).toEqual({ std: { x: 1 } });
  });

  it("a damaged packed array skips its line with the reason, and the trace is read on", () => {
    expect(() => decodeLine(activation({ p95Abs: { f32: "AAA*" } }))).toThrow(PackedArrayError);
    expect(() => decodeLine(activation({ p95Abs: { f32: "AAAAAAA=" } }))).toThrow(/holds 5 bytes, not whole float32 values/);
    expect(() => decodeLine(activation({ p95Abs: { f32: "AAAAAA==", extra: 1 } }))).toThrow(/must be \{"f32": base64 text\}/);
    const text = [JSON.stringify(runStart), activation({ p95Abs: { f32: 12 } }), activation({ p95Abs: packFloat32([0.5]) }), ""].join("\n");
    const read = parseTrace(text);
    expect(read.records).toHaveLength(2);
    expect(read.badLines.map((b) => b.line)).toEqual([2]);
    expect(read.badLines[0]!.error).toMatch(/field "p95Abs": packed float32 array must be/);
    expect((read.records[1] as TensorsRecord).tensors[0]!.stats.perUnit?.p95Abs).toEqual([0.5]);
  });
});
