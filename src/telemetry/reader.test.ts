/**
 * The streaming reader on hostile traces: any chunking, over-long and over-nested lines, special files,
 * mis-encoded numbers, missing fields, out-of-order steps, other versions. Each damaged line is skipped
 * with a reason and the rest is read; only another version or a non-file stops the read.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeLine } from "./codec.js";
import { parseTrace, readTrace, streamTraceFile, TraceDecoder, UnsupportedTraceVersionError } from "./reader.js";
import type { RunStartRecord, StepRecord, TelemetryRecord } from "./schema.js";

const runStart: RunStartRecord = {
  type: "run-start",
  v: 1,
  framework: "tfjs",
  backend: "cpu",
  time: "2026-01-01T00:00:00.000Z",
  config: { samplingInterval: 10 },
  model: { layers: [{ name: "dense_1", kind: "dense", index: 0, outputShape: [null, 4], params: 12, activation: "relu" }] },
};
const step = (n: number, loss = 1): StepRecord => ({ type: "step", v: 1, step: n, epoch: 0, batch: n, loss, metrics: { acc: 0.5 }, timeMs: 3 });
const lines = (...items: (TelemetryRecord | string)[]): string => items.map((r) => (typeof r === "string" ? r : encodeLine(r))).join("\n") + "\n";

const dir = mkdtempSync(join(tmpdir(), "nncheck-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("TraceDecoder", () => {
  it("reads the same records whatever the chunking (one byte at a time included)", () => {
    const text = lines(runStart, step(0, NaN), step(1, 0.5), { type: "run-end", v: 1, status: "completed", steps: 2 }) + "{\"cut";
    const whole = parseTrace(text);
    const records: TelemetryRecord[] = [];
    const decoder = new TraceDecoder((r) => records.push(r));
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i++) decoder.push(bytes.subarray(i, i + 1));
    const summary = decoder.end();
    expect(records).toEqual(whole.records);
    expect(records).toHaveLength(4);
    expect(summary.truncated).toBe(true);
  });

  it("skips a line longer than the limit without holding it, and reads on", () => {
    const huge = `{"type":"step","v":1,"pad":"${"x".repeat(5000)}"}`;
    const read = parseTrace(lines(runStart, huge, step(0)), { maxLineBytes: 1000 });
    expect(read.records.map((r) => r.type)).toEqual(["run-start", "step"]);
    expect(read.badLines).toEqual([{ line: 2, error: "line longer than 1000 bytes: skipped" }]);
  });

  it("skips a line nested 3,000 deep with a note instead of overflowing the stack", () => {
    const deep = `{"type":"step","v":1,"x":${"[".repeat(3000)}${"]".repeat(3000)}}`;
    const read = parseTrace(lines(runStart, deep, step(0), step(1)));
    expect(read.records).toHaveLength(3);
    expect(read.badLines[0]).toEqual({ line: 2, error: "nested deeper than 32 levels (no record is): skipped" });
  });

  it("names the usual mis-encodings of non-finite numbers", () => {
    const read = parseTrace(
      lines(
        runStart,
        '{"type":"step","v":1,"step":0,"epoch":0,"batch":0,"loss":NaN,"metrics":{},"timeMs":1}',
        '{"type":"step","v":1,"step":1,"epoch":0,"batch":1,"loss":null,"metrics":{},"timeMs":1}',
        '{"type":"step","v":1,"step":2,"epoch":0,"batch":2,"loss":"inf","metrics":{},"timeMs":1}',
        step(3, Infinity),
      ),
    );
    expect(read.records.map((r) => (r as StepRecord).loss)).toEqual([undefined, Infinity]);
    expect(read.badLines.map((b) => b.error)).toEqual([
      expect.stringMatching(/a bare NaN or Infinity is not JSON: traces write "NaN", "Infinity" or "-Infinity"/),
      'step record: field "loss" is null (JSON.stringify writes NaN and Infinity as null; traces write "NaN", "Infinity", "-Infinity")',
      'step record: field "loss" must be a number: non-finite values are written "NaN", "Infinity" or "-Infinity" (got "inf")',
    ]);
  });

  it("says which field is missing", () => {
    const read = parseTrace(lines(runStart, '{"type":"step","v":1,"step":0,"epoch":0,"loss":1,"metrics":{},"timeMs":1}', '{"type":"step","step":1}'));
    expect(read.badLines.map((b) => b.error)).toEqual(['step record: field "batch" is missing', 'record has no "v" (schema version)']);
  });

  it("reads a step or an epoch without a loss (schema 1.4: the probe could not know it), but not a loss of another type", () => {
    const read = parseTrace(
      lines(
        runStart,
        '{"type":"step","v":1,"step":0,"epoch":0,"batch":0,"metrics":{"d_loss":0.7},"timeMs":1}',
        '{"type":"epoch","v":1,"epoch":0,"metrics":{"d_loss":0.7}}',
        '{"type":"step","v":1,"step":1,"epoch":1,"batch":0,"loss":"high","metrics":{},"timeMs":1}',
      ),
    );
    expect(read.records.map((r) => r.type)).toEqual(["run-start", "step", "epoch"]);
    expect(read.badLines.map((b) => b.error)).toEqual(['step record: field "loss" must be a number (got the string "high")']);
  });

  it("skips steps that go backwards, and starts over at a new run", () => {
    const tensors = (n: number): TelemetryRecord => ({ type: "tensors", v: 1, step: n, tensors: [] });
    const read = parseTrace(lines(runStart, step(0), step(5), step(3), step(5), tensors(5), tensors(0), runStart, step(0)));
    expect(read.records.map((r) => (r.type === "step" || r.type === "tensors" ? `${r.type}${r.step}` : r.type))).toEqual([
      "run-start", "step0", "step5", "tensors5", "run-start", "step0",
    ]);
    expect(read.badLines.map((b) => [b.line, b.error])).toEqual([
      [4, "step 3 comes after step 5 (steps must increase): skipped"],
      [5, "step 5 comes after step 5 (steps must increase): skipped"],
      [7, "tensors of step 0 come after tensors of step 5 (steps must increase): skipped"],
    ]);
  });

  it("refuses another major version with a clear error, wherever it appears", () => {
    expect(() => parseTrace(lines(runStart, step(0), { ...step(1), v: 2 } as unknown as TelemetryRecord))).toThrow(UnsupportedTraceVersionError);
    expect(() => parseTrace(lines(runStart, { ...step(1), v: 2 } as unknown as TelemetryRecord))).toThrow(/unsupported telemetry version 2 at line 2/);
  });

  it("keeps a bounded description of damage however much there is", () => {
    const read = parseTrace(lines(runStart, ...Array.from({ length: 500 }, (_, i) => `{bad ${i}`), step(0)));
    expect(read.badLineCount).toBe(500);
    expect(read.badLines).toHaveLength(100);
    expect(read.records).toHaveLength(2);
  });
});

describe("trace files", () => {
  it("streams a file in chunks larger and smaller than its lines", () => {
    const file = join(dir, "run.jsonl");
    const records: TelemetryRecord[] = [runStart, ...Array.from({ length: 3000 }, (_, i) => step(i))];
    writeFileSync(file, lines(...records));
    const seen: number[] = [];
    const summary = streamTraceFile(file, (_record, line) => seen.push(line));
    expect(summary.recordCount).toBe(3001);
    expect(seen.at(-1)).toBe(3001);
    expect(readTrace(file).records).toEqual(records);
  });

  it("refuses /dev/zero, a link to it, a FIFO and a folder, without reading them", () => {
    const fifo = join(dir, "fifo.jsonl");
    execFileSync("mkfifo", [fifo]);
    const link = join(dir, "zero.jsonl");
    symlinkSync("/dev/zero", link);
    expect(() => streamTraceFile("/dev/zero", () => undefined)).toThrow("not a regular file (a character device)");
    expect(() => streamTraceFile(link, () => undefined)).toThrow("not a regular file (a character device)");
    expect(() => streamTraceFile(fifo, () => undefined)).toThrow("not a regular file (a FIFO)");
    expect(() => streamTraceFile(dir, () => undefined)).toThrow("is a directory");
  });
});
