/**
 * Tolerant, streaming trace reader. A trace of a crashed run ends mid-line; a trace copied around may have
 * a damaged line. Both still carry evidence, so the reader keeps every good record, says what it skipped,
 * and refuses only what it cannot interpret: another major schema version, or a file that is not a
 * regular file (a FIFO, a device such as /dev/zero).
 *
 * Memory stays bounded whatever the trace's size: the file is read in chunks, each record is handed to
 * the caller as soon as its line is complete, and a line longer than `maxLineBytes` is skipped (its bytes
 * dropped as they come) rather than gathered. What is kept of the damage (bad lines, unknown types) is
 * capped too.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { decodeLine, MAX_RECORD_DEPTH, NestingError } from "./codec.js";
import type { TelemetryRecord } from "./schema.js";
import { UnknownRecordTypeError, UnsupportedTraceVersionError, validateRecord } from "./validate.js";

export { UnsupportedTraceVersionError } from "./validate.js";

/** Longest line read: far above any record a probe writes (a tensors record of a large model is a few MB). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Bytes read from the file at a time. */
export const READ_CHUNK_BYTES = 1024 * 1024;
/** Damaged lines described one by one; beyond that they are only counted. */
export const MAX_BAD_LINES_KEPT = 100;
const MAX_UNKNOWN_TYPES_KEPT = 20;

export interface BadLine {
  /** 1-based line number. */
  line: number;
  error: string;
}

/** What reading a trace found, apart from the records themselves. */
export interface TraceReadSummary {
  /** Number of good records read. */
  recordCount: number;
  /** The last line was cut short (the writer died mid-record): everything before it was read. */
  truncated: boolean;
  /** Damaged lines skipped in the middle of the trace: the first MAX_BAD_LINES_KEPT of them. */
  badLines: BadLine[];
  /** Every damaged line skipped, counted (badLines keeps only the first ones). */
  badLineCount: number;
  /** Things worth telling the user that do not stop the read (unknown record types, no run-end...). */
  warnings: string[];
}

export interface TraceReadResult extends TraceReadSummary {
  records: TelemetryRecord[];
}

export interface TraceReadOptions {
  /** Longest line accepted (default MAX_LINE_BYTES); a longer one is skipped as damaged. */
  maxLineBytes?: number;
  /** Told of each damaged line as it is skipped (a live tail reports them as they come). */
  onBadLine?: (line: number, error: string) => void;
}

/** Decodes one trace line into a record; throws on malformed JSON, a malformed record or another version. */
export function decodeTraceLine(line: string, lineNumber?: number): TelemetryRecord {
  return validateRecord(decodeLine(line), lineNumber);
}

/** JSON.parse's message, with the usual mis-encoding of non-finite numbers named. */
function syntaxMessage(error: SyntaxError, line: string): string {
  if (/(^|[\s,:[])-?(NaN|Infinity)\s*[,}\]]/.test(line)) {
    return `${error.message} (a bare NaN or Infinity is not JSON: traces write "NaN", "Infinity" or "-Infinity")`;
  }
  return error.message;
}

/**
 * The incremental decoder: feed it chunks (bytes or text) as they come, get records through `onRecord`,
 * and a summary from `end()`. Holds at most one line (up to `maxLineBytes`) at a time.
 */
export class TraceDecoder {
  private readonly maxLineBytes: number;
  private readonly onBadLine: ((line: number, error: string) => void) | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current line passed maxLineBytes: its bytes are dropped until its newline. */
  private overlong = false;
  private lineNumber = 0;
  private readonly summary: TraceReadSummary = { recordCount: 0, truncated: false, badLines: [], badLineCount: 0, warnings: [] };
  private readonly unknownTypes = new Set<string>();
  private unknownTypeCount = 0;
  private first: TelemetryRecord | undefined;
  private sawRunEnd = false;
  /** Last step of a step / tensors record in the current run: steps only go forward. */
  private lastStep = -Infinity;
  private lastTensorsStep = -Infinity;

  constructor(
    private readonly onRecord: (record: TelemetryRecord, line: number) => void,
    options: TraceReadOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.onBadLine = options.onBadLine;
  }

  /** Feeds the next bytes of the trace. */
  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(10, start);
      if (newline === -1) {
        this.hold(bytes.subarray(start));
        return;
      }
      if (this.pendingBytes === 0 && !this.overlong && newline - start <= this.maxLineBytes) {
        // The whole line is in this chunk: decoded straight from it, without a copy.
        this.completeLine(false, bytes.toString("utf8", start, newline));
      } else {
        this.hold(bytes.subarray(start, newline));
        this.completeLine(false);
      }
      start = newline + 1;
    }
  }

  /** Ends the trace: a last line without its newline is a truncated record unless it parses. */
  end(): TraceReadSummary {
    if (this.pendingBytes > 0 || this.overlong) this.completeLine(true);
    const summary = this.summary;
    for (const type of this.unknownTypes) summary.warnings.push(`skipped records of unknown type ${JSON.stringify(type)}`);
    if (this.unknownTypeCount > this.unknownTypes.size) {
      summary.warnings.push(`skipped records of ${this.unknownTypeCount - this.unknownTypes.size} more unknown types`);
    }
    if (summary.truncated) summary.warnings.push(`the trace ends mid-record (line ${this.lineNumber}): read up to the last complete record`);
    if (summary.badLineCount > 0) summary.warnings.push(`skipped ${summary.badLineCount} damaged line(s)`);
    if (this.first && this.first.type !== "run-start") summary.warnings.push("the trace does not start with a run-start record: layer names and sources are unknown");
    if (summary.recordCount > 0 && !this.sawRunEnd) summary.warnings.push("the trace has no run-end record: the run was interrupted or is still going");
    return summary;
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0 || this.overlong) return;
    if (this.pendingBytes + bytes.length > this.maxLineBytes) {
      this.overlong = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copied: the caller may reuse its buffer for the next chunk.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
  }

  private completeLine(last: boolean, text?: string): void {
    this.lineNumber++;
    const lineNumber = this.lineNumber;
    if (this.overlong) {
      this.overlong = false;
      this.bad(lineNumber, `line longer than ${formatBytes(this.maxLineBytes)}: skipped`);
      return;
    }
    let line = text ?? (this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes)).toString("utf8");
    this.pending = [];
    this.pendingBytes = 0;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") return;
    let record: TelemetryRecord;
    try {
      record = decodeTraceLine(line, lineNumber);
    } catch (error) {
      if (error instanceof UnsupportedTraceVersionError) throw error;
      if (error instanceof UnknownRecordTypeError) {
        this.unknownTypeCount++;
        if (this.unknownTypes.size < MAX_UNKNOWN_TYPES_KEPT) this.unknownTypes.add(error.recordType.slice(0, 60));
        return;
      }
      if (error instanceof SyntaxError && last) {
        this.summary.truncated = true;
        return;
      }
      if (error instanceof SyntaxError) this.bad(lineNumber, syntaxMessage(error, line));
      else if (error instanceof NestingError || error instanceof TypeError) this.bad(lineNumber, error.message);
      else if (error instanceof RangeError) this.bad(lineNumber, `cannot be read (${error.message}): skipped`);
      else throw error;
      return;
    }
    const order = this.orderProblem(record);
    if (order !== undefined) {
      this.bad(lineNumber, order);
      return;
    }
    this.first ??= record;
    if (record.type === "run-end") this.sawRunEnd = true;
    this.summary.recordCount++;
    this.onRecord(record, lineNumber);
  }

  /** Steps only go forward within a run (a new run-start starts over): a step that does not is skipped. */
  private orderProblem(record: TelemetryRecord): string | undefined {
    if (record.type === "run-start") {
      this.lastStep = -Infinity;
      this.lastTensorsStep = -Infinity;
    } else if (record.type === "step") {
      if (record.step <= this.lastStep) return `step ${record.step} comes after step ${this.lastStep} (steps must increase): skipped`;
      this.lastStep = record.step;
    } else if (record.type === "tensors") {
      if (record.step < this.lastTensorsStep) {
        return `tensors of step ${record.step} come after tensors of step ${this.lastTensorsStep} (steps must increase): skipped`;
      }
      this.lastTensorsStep = record.step;
    }
    return undefined;
  }

  private bad(line: number, error: string): void {
    this.summary.badLineCount++;
    if (this.summary.badLines.length < MAX_BAD_LINES_KEPT) this.summary.badLines.push({ line, error });
    this.onBadLine?.(line, error);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes} bytes`;
}

/**
 * Streams a trace file: records go to `onRecord` one at a time, in order. Throws (with a plain message)
 * when the path is not a regular file (a FIFO, a device, a directory) or cannot be opened, and
 * UnsupportedTraceVersionError for another major version.
 */
export function streamTraceFile(file: string, onRecord: (record: TelemetryRecord, line: number) => void, options: TraceReadOptions = {}): TraceReadSummary {
  const info = statSync(file);
  if (info.isDirectory()) throw new Error("is a directory, not a trace file");
  if (!info.isFile()) throw new Error(`not a regular file (${specialKind(info)}): traces are read from saved files only`);
  // O_NONBLOCK: should a FIFO take the file's place between stat and open, open returns at once.
  const fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new Error("the file was replaced while being opened");
    const decoder = new TraceDecoder(onRecord, options);
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      decoder.push(chunk.subarray(0, read));
    }
    return decoder.end();
  } finally {
    closeSync(fd);
  }
}

function specialKind(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  return "a special file";
}

/** Streams trace text (JSON lines) through the decoder. */
export function streamTraceText(text: string, onRecord: (record: TelemetryRecord, line: number) => void, options: TraceReadOptions = {}): TraceReadSummary {
  const decoder = new TraceDecoder(onRecord, options);
  decoder.push(text);
  return decoder.end();
}

function collect(read: (onRecord: (record: TelemetryRecord) => void) => TraceReadSummary): TraceReadResult {
  const records: TelemetryRecord[] = [];
  const summary = read((record) => records.push(record));
  return { ...summary, records };
}

/**
 * Reads a trace from JSON-lines text, keeping every record in memory (for small traces and tests;
 * `streamTraceText` does not keep them). Throws UnsupportedTraceVersionError for another major version.
 */
export function parseTrace(text: string, options: TraceReadOptions = {}): TraceReadResult {
  return collect((onRecord) => streamTraceText(text, onRecord, options));
}

/** Reads a trace file (a path) or trace text (anything that looks like JSON lines), keeping every record. */
export function readTrace(pathOrText: string, options: TraceReadOptions = {}): TraceReadResult {
  if (looksLikeTraceText(pathOrText)) return parseTrace(pathOrText, options);
  return collect((onRecord) => streamTraceFile(pathOrText, onRecord, options));
}

/** Whether a string passed where a path or trace text is accepted is trace text. */
export function looksLikeTraceText(value: string): boolean {
  return value.includes("\n") || value.trimStart().startsWith("{") || value.trim() === "";
}

export { MAX_RECORD_DEPTH };
