/**
 * Streaming trace writer: one JSON line per record, handed to the OS as soon as it is written, so a
 * training run that crashes loses nothing it already reported.
 *
 * The file writer runs inside the user's process, whose code may close descriptors it does not own and
 * open its own files, which then get the same numbers. Before each write the writer checks that its
 * descriptor still refers to the trace file (same device and inode); when it does not, it reopens the
 * trace by path, and never writes into (or closes) a descriptor that is now the program's.
 */
import { closeSync, fstatSync, openSync, writeSync } from "node:fs";
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

interface OpenTrace {
  fd: number;
  dev: number;
  ino: number;
}

function openTrace(path: string): OpenTrace {
  const fd = openSync(path, "a");
  const { dev, ino } = fstatSync(fd);
  return { fd, dev, ino };
}

/** Whether the descriptor still is the trace file (the program may have closed it and reused the number). */
function stillOurs(trace: OpenTrace): boolean {
  try {
    const info = fstatSync(trace.fd);
    return info.dev === trace.dev && info.ino === trace.ino;
  } catch {
    return false;
  }
}

function fileWriter(path: string): TraceWriter {
  let trace: OpenTrace | undefined = openTrace(path);
  let count = 0;
  return {
    write(record) {
      if (trace === undefined) throw new Error(`trace writer for ${path} is closed`);
      const line = encodeLine(record) + "\n";
      // Not ours any more: the number now belongs to the program (not closed here); reopen the trace.
      if (!stillOurs(trace)) trace = openTrace(path);
      // writeSync hands the bytes to the kernel before returning: a later crash cannot lose this line.
      writeSync(trace.fd, line);
      count++;
    },
    get count() {
      return count;
    },
    close() {
      if (trace !== undefined && stillOurs(trace)) closeSync(trace.fd);
      trace = undefined;
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
