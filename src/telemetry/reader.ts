/**
 * Tolerant trace reader. A trace of a crashed run ends mid-line; a trace copied around may have a damaged
 * line. Both still carry evidence, so the reader keeps every good record, says what it skipped, and
 * refuses only what it cannot interpret: another major schema version.
 */
import { readFileSync } from "node:fs";
import { decodeLine } from "./codec.js";
import type { TelemetryRecord } from "./schema.js";
import { UnknownRecordTypeError, validateRecord } from "./validate.js";

export { UnsupportedTraceVersionError } from "./validate.js";

export interface BadLine {
  /** 1-based line number. */
  line: number;
  error: string;
}

export interface TraceReadResult {
  records: TelemetryRecord[];
  /** The last line was cut short (the writer died mid-record): everything before it was read. */
  truncated: boolean;
  /** Damaged lines skipped in the middle of the trace. */
  badLines: BadLine[];
  /** Things worth telling the user that do not stop the read (unknown record types, no run-end...). */
  warnings: string[];
}

/** Decodes one trace line into a record; throws on malformed JSON, a malformed record or another version. */
export function decodeTraceLine(line: string, lineNumber?: number): TelemetryRecord {
  return validateRecord(decodeLine(line), lineNumber);
}

/**
 * Reads a trace from JSON-lines text. Throws UnsupportedTraceVersionError when a record has another
 * major version; every other problem is reported in the result.
 */
export function parseTrace(text: string): TraceReadResult {
  const lines = text.split("\n");
  // A complete trace ends with "\n", leaving one empty last element; anything else there is a cut line.
  const endsCleanly = lines[lines.length - 1] === "";
  if (endsCleanly) lines.pop();
  const result: TraceReadResult = { records: [], truncated: false, badLines: [], warnings: [] };
  const unknownTypes = new Set<string>();

  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    const lineNumber = i + 1;
    const isLast = i === lines.length - 1;
    try {
      result.records.push(decodeTraceLine(line, lineNumber));
    } catch (error) {
      if (error instanceof UnknownRecordTypeError) {
        unknownTypes.add(error.recordType);
        return;
      }
      if (error instanceof SyntaxError && isLast && !endsCleanly) {
        result.truncated = true;
        return;
      }
      if (!(error instanceof SyntaxError) && !(error instanceof TypeError)) throw error;
      result.badLines.push({ line: lineNumber, error: error.message });
    }
  });

  for (const type of unknownTypes) result.warnings.push(`skipped records of unknown type "${type}"`);
  if (result.truncated) result.warnings.push(`the trace ends mid-record (line ${lines.length}): read up to the last complete record`);
  if (result.badLines.length > 0) result.warnings.push(`skipped ${result.badLines.length} damaged line(s)`);
  const first = result.records[0];
  if (first && first.type !== "run-start") result.warnings.push("the trace does not start with a run-start record: layer names and sources are unknown");
  if (result.records.length > 0 && !result.records.some((r) => r.type === "run-end")) {
    result.warnings.push("the trace has no run-end record: the run was interrupted or is still going");
  }
  return result;
}

/** Reads a trace file (a path) or trace text (anything that looks like JSON lines). */
export function readTrace(pathOrText: string): TraceReadResult {
  return parseTrace(looksLikeTraceText(pathOrText) ? pathOrText : readFileSync(pathOrText, "utf8"));
}

function looksLikeTraceText(value: string): boolean {
  return value.includes("\n") || value.trimStart().startsWith("{") || value.trim() === "";
}
