/**
 * Streaming trace writer: one JSON line per record, handed to the OS as soon as it is written, so a
 * training run that crashes loses nothing it already reported.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { encodeLine } from "./codec.js";
import type { TelemetryRecord, TelemetrySink } from "./schema.js";

/** Anything with a string `write`, e.g. a Node Writable or process.stdout. */
export interface LineStream {
  write(chunk: string): unknown;
}

export interface TraceWriter extends TelemetrySink {
  /** Appends one record as one line. Never buffers in this process. */
  write(record: TelemetryRecord): void;
  /** Number of records written so far. */
  readonly count: number;
  /** Closes the file (a no-op for streams, which belong to the caller). Further writes throw. */
  close(): void;
}

/** Opens `target` (a path, appended to; created when missing) or wraps a stream. */
export function createTraceWriter(target: string | LineStream): TraceWriter {
  return typeof target === "string" ? fileWriter(target) : streamWriter(target);
}

function fileWriter(path: string): TraceWriter {
  let fd: number | undefined = openSync(path, "a");
  let count = 0;
  return {
    write(record) {
      if (fd === undefined) throw new Error(`trace writer for ${path} is closed`);
      // writeSync hands the bytes to the kernel before returning: a later crash cannot lose this line.
      writeSync(fd, encodeLine(record) + "\n");
      count++;
    },
    get count() {
      return count;
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

function streamWriter(stream: LineStream): TraceWriter {
  let open = true;
  let count = 0;
  return {
    write(record) {
      if (!open) throw new Error("trace writer is closed");
      stream.write(encodeLine(record) + "\n");
      count++;
    },
    get count() {
      return count;
    },
    close() {
      open = false;
    },
  };
}
