/**
 * The JSON reporter — a stable, versioned contract for tools:
 *
 * ```
 * {
 *   "version": 1,
 *   "files":    [{ "path", "parsed", "error"?: { "message", "line"?, "column"?, "kind"? },
 *                  "understood"?: { "models", "learner", "data", "partial"? },
 *                  "assumed"?: [{ "name", "path" }], "notes"?: [{ "message", "line"?, "column"? }],
 *                  "simulation"?: { "models": [{ "model", "line"?, "simulated", "reason"?, "layers"?, "notBuilt"?,
 *                                   "passedThrough"?, "parameters"?, "data"?, "assumptions"?, "backend"?, "batchSize"?,
 *                                   "steps"?, "stoppedBy"?, "timeMs"? }], "timeMs" } }],
 *   "findings": [{ "code", "name", "severity", "message", "file", "line", "column", "endLine", "endColumn",
 *                  "layer"?: { "name", "kind", "index" }, "steps"?: { "first", "last", "count" }, "worst"?,
 *                  "repeats"?, "simulated"? }],
 *   "summary":  { "files", "filesWithErrors", "filesWithoutModel"?, "errors", "warnings", "infos", "durationMs" }
 * }
 * ```
 * Lines and columns are 1-based; `endColumn` is exclusive. Fields marked `?` are omitted when unknown.
 * `understood` says what the front end extracted from a file it read (a file with `models: 0` was not checked);
 * `assumed` lists names the file uses without importing them, read as their framework's (a pasted snippet).
 * `repeats` counts the findings one entry stands for: the same rule (or check, in one run) at the same source place
 * on other layers (a layer created in a loop, a block built by one function), shown once; the summary counts entries.
 * `simulated` marks a finding of `lint --simulate` (a dynamic check on the program's TF.js twin), and a file's
 * `simulation` says what was simulated of its models (built or not and why, layers not built, steps, time).
 * `version` changes only when a field changes meaning or disappears; new fields may be added.
 */
import type { FileResult, Finding, Report } from "./finding.js";

export const JSON_REPORT_VERSION = 1;

export interface JsonReport {
  version: number;
  files: Omit<FileResult, "source">[];
  findings: Finding[];
  summary: Report["summary"];
}

function fileEntry(file: FileResult): Omit<FileResult, "source"> {
  const entry: Omit<FileResult, "source"> = { path: file.path, parsed: file.parsed };
  if (file.error !== undefined) entry.error = { ...file.error };
  if (file.understood !== undefined) entry.understood = { ...file.understood };
  if (file.assumed !== undefined) entry.assumed = file.assumed.map((a) => ({ ...a }));
  if (file.notes !== undefined) entry.notes = file.notes.map((n) => ({ ...n }));
  if (file.simulation !== undefined) entry.simulation = structuredClone(file.simulation);
  return entry;
}

function findingEntry(finding: Finding): Finding {
  // A fixed key order keeps the output diff-friendly whatever order the finding was built in.
  const entry: Finding = { code: finding.code, name: finding.name, severity: finding.severity, message: finding.message };
  const optional = ["file", "line", "column", "endLine", "endColumn", "layer", "steps", "worst", "run", "group", "cause", "repeats"] as const;
  for (const key of optional) {
    if (finding[key] !== undefined) (entry as unknown as Record<string, unknown>)[key] = finding[key];
  }
  if (finding.simulated === true) entry.simulated = true;
  return entry;
}

/** The report as a plain object following the documented contract. */
export function toJsonReport(report: Report): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    files: report.files.map(fileEntry),
    findings: report.findings.map(findingEntry),
    summary: { ...report.summary },
  };
}

/** Renders the report as indented JSON, ending with a newline. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
