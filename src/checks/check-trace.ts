/**
 * Offline checking of a saved trace: stream it tolerantly through the checks engine (record by record, so
 * memory stays bounded whatever the trace's size), and return the same Report the reporters render for lint.
 */
import type { Report } from "../report/finding.js";
import { diagnose } from "./diagnosis.js";
import { looksLikeTraceText, streamTraceFile, streamTraceText, type TraceReadOptions, type TraceReadSummary } from "../telemetry/reader.js";
import { TraceDigestSink } from "../telemetry/digest.js";
import { createCheckEngine } from "./engine.js";
import type { CheckEngineOptions } from "./options.js";
import type { TelemetryRecord } from "../telemetry/schema.js";

export interface CheckTraceOptions extends CheckEngineOptions, TraceReadOptions {
  /** How the trace is named in the report (default: the path, or "<trace>" for text). */
  displayPath?: string;
}

/** A trace that cannot be checked at all (unreadable, another schema version, no records). */
export class TraceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TraceFileError";
  }
}

export interface CheckTraceResult {
  report: Report;
  /** What the reader found: truncation, damaged lines, warnings. */
  read: TraceReadSummary;
}

/** Checks a trace file (a path) or trace text; throws TraceFileError when it cannot be read. */
export function checkTrace(pathOrText: string, options: CheckTraceOptions = {}): Report {
  return checkTraceDetailed(pathOrText, options).report;
}

export function checkTraceDetailed(pathOrText: string, options: CheckTraceOptions = {}): CheckTraceResult {
  const started = performance.now();
  const isText = looksLikeTraceText(pathOrText) && pathOrText.trim() !== "";
  const displayPath = options.displayPath ?? (isText ? "<trace>" : pathOrText);
  const engine = createCheckEngine(options);
  // The digest keeps bounded series of the trace for reporters that plot it.
  const digest = new TraceDigestSink();
  const consume = (record: TelemetryRecord): void => {
    engine.write(record);
    digest.write(record);
  };
  let read: TraceReadSummary;
  try {
    read = isText ? streamTraceText(pathOrText, consume, options) : streamTraceFile(pathOrText, consume, options);
  } catch (error) {
    throw new TraceFileError(`${displayPath}: ${describeReadError(error)}`);
  }
  if (read.recordCount === 0) {
    const why = read.badLineCount > 0 ? `no readable record (${read.badLineCount} damaged line(s))` : "no telemetry records";
    throw new TraceFileError(`${displayPath}: ${why}`);
  }
  // Findings about the whole run (loss, epochs) have no source line: they point at the trace itself.
  // Root cause first: findings grouped by layer and window, in causal order (diagnosis.ts).
  const findings = diagnose(engine.findings().map((f) => (f.file === undefined ? { ...f, file: displayPath } : f)));
  const file: Report["files"][number] = { path: displayPath, parsed: true };
  const runs = engine.runs();
  if (runs > 1) file.notes = [{ message: severalRunsNote(runs) }];
  if (read.badLineCount > 0) {
    const first = read.badLines[0]!;
    file.error = { message: `${read.badLineCount} damaged line(s) skipped; first at line ${first.line}: ${first.error}`, line: first.line };
  }
  const report: Report = {
    tool: "check-trace",
    files: [file],
    findings,
    rules: engine.descriptors(),
    summary: {
      files: 1,
      filesWithErrors: file.error ? 1 : 0,
      errors: findings.filter((f) => f.severity === "error").length,
      warnings: findings.filter((f) => f.severity === "warning").length,
      infos: findings.filter((f) => f.severity === "info").length,
      durationMs: Math.round(performance.now() - started),
    },
    trace: digest.digest(),
  };
  return { report, read };
}

/** A read failure in words: file-system errors without their errno prefix. */
function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "symbolic link loop";
  return error instanceof Error ? error.message : String(error);
}

/** What a report says of a trace (or a watched program) holding several training runs. */
export function severalRunsNote(runs: number): string {
  return `the telemetry holds ${runs} training runs (models trained one after another, or loops restarted); their findings are told apart by run, and steps count from 0 in each`;
}
