/**
 * The human reporter: one line per finding (`file:line:col  CODE severity  name  message`), a code frame
 * with carets under the span, file problems, and a summary line. A pure function of the Report.
 * Everything that comes from the program or the trace (paths, names, messages, source lines) is shown
 * with its control characters escaped (escape.ts): the output is safe on a terminal and in a CI log.
 */
import { neutralize, neutralizeCommandStart } from "./escape.js";
import { isSkippedFile, type FileResult, type Finding, type Report, type ReportSummary, type Severity } from "./finding.js";

export interface TextOptions {
  /** ANSI colours (the CLI enables them only for a TTY without NO_COLOR). */
  color?: boolean;
  /** Also list the files in which no model was recognised, and every note of the front end. */
  verbose?: boolean;
}

type Paint = (code: string, text: string) => string;

const SEVERITY_COLOR: Record<Severity, string> = { error: "31", warning: "33", info: "36" };

function painter(color: boolean): Paint {
  return color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function joinWithAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/**
 * `1 error, 2 warnings and 3 infos in 4 files (5 ms)` or `No problems found in 4 files (5 ms)`. Dynamic
 * reports (watch, check-trace) have no files to count: `withFiles` false drops that part.
 */
export function summaryLine(summary: ReportSummary, withFiles = true): string {
  const counts = [
    [summary.errors, "error"],
    [summary.warnings, "warning"],
    [summary.infos, "info"],
  ] as const;
  const parts = counts.filter(([n]) => n > 0).map(([n, word]) => plural(n, word));
  const tail = withFiles ? `in ${plural(summary.files, "file")} (${summary.durationMs} ms)` : `(${summary.durationMs} ms)`;
  const line = parts.length === 0 ? `No problems found ${tail}` : `${joinWithAnd(parts)} ${tail}`;
  // A file with no recognisable model was not checked: say so, so that silence is not taken for a clean bill.
  const unread = summary.filesWithoutModel ?? 0;
  if (!withFiles || unread === 0) return line;
  return `${line}; ${unread === summary.files ? (unread === 1 ? "it had" : "none had") : `${plural(unread, "file")} had`} no recognisable model`;
}

function location(file: string, line?: number, column?: number): string {
  const shown = neutralize(file);
  if (line === undefined) return shown;
  return column === undefined ? `${shown}:${line}` : `${shown}:${line}:${column}`;
}

/** Splits a source into lines (once per file: a report may hold thousands of findings on one file). */
export function sourceLines(source: string): string[] {
  return source.split(/\r?\n/);
}

/** The source line with a gutter, and carets under [column, endColumn) — clipped to the line's end. */
export function codeFrame(source: string | readonly string[], finding: Finding): string[] {
  const { line, column } = finding;
  if (line === undefined || column === undefined) return [];
  const lines = typeof source === "string" ? sourceLines(source) : source;
  const text = lines[line - 1];
  if (text === undefined) return [];
  const lineEnd = text.replace(/\s+$/, "").length;
  const start = Math.min(Math.max(column - 1, 0), Math.max(lineEnd - 1, 0));
  const sameLine = finding.endLine === undefined || finding.endLine === line;
  const end = sameLine && finding.endColumn !== undefined ? Math.min(finding.endColumn - 1, lineEnd) : lineEnd;
  // Widths are measured on the shown (escaped) text, so carets stay under what they mark.
  const width = Math.max(neutralize(text.slice(start, Math.max(end, start)), true).length, 1);
  const gutter = String(line);
  // Keep tabs in the caret line so carets stay under the characters they mark.
  const lead = neutralize(text.slice(0, start), true).replace(/[^\t]/g, " ");
  return [`  ${gutter} | ${neutralize(text, true)}`, `  ${" ".repeat(gutter.length)} | ${lead}${"^".repeat(width)}`];
}

/** Where a finding points: its source position, else (dynamic findings) its layer. */
function findingPlace(finding: Finding): string {
  if (finding.file !== undefined) return location(finding.file, finding.line, finding.column);
  return finding.layer === undefined ? "model" : `layer ${neutralize(finding.layer.name)} (${neutralize(finding.layer.kind)})`;
}

/** Dynamic findings: when the condition held, the worst value seen, and whether it was seen on the program's simulated twin; a finding repeated at one place: how often. */
function stepsSuffix(finding: Finding): string {
  const parts: string[] = [];
  const { steps } = finding;
  if (steps !== undefined) {
    const range = steps.first === steps.last ? `step ${steps.first}` : `steps ${steps.first}-${steps.last}`;
    parts.push(`${finding.run !== undefined ? `run ${finding.run}, ` : ""}${range}, ${plural(steps.count, "time")}`);
  }
  if (finding.worst !== undefined) parts.push(`worst ${formatWorst(finding.worst)}`);
  if (finding.repeats !== undefined) parts.push(`${finding.repeats} times at this place, on different layers`);
  const suffix = parts.length === 0 ? "" : ` (${parts.join("; ")})`;
  return finding.simulated === true ? `${suffix} (simulated)` : suffix;
}

/** Four significant digits, exponent form only far from 1. */
function formatWorst(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && Number.isFinite(value) && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(value.toPrecision(4)));
}

function findingLines(finding: Finding, source: readonly string[] | undefined, paint: Paint): string[] {
  const head = [
    paint("1", findingPlace(finding)),
    "  ",
    paint(SEVERITY_COLOR[finding.severity], `${neutralize(finding.code)} ${finding.severity}`),
    "  ",
    paint("2", neutralize(finding.name)),
    "  ",
    neutralize(finding.message),
    stepsSuffix(finding),
  ].join("");
  const frame = source === undefined ? [] : codeFrame(source, finding).map((l) => paint("2", l));
  return [head, ...frame];
}

function fileProblemLine(file: FileResult, paint: Paint): string | undefined {
  const error = file.error;
  // A missing path is a usage error the CLI reports on stderr; it is not a file of the report.
  if (error === undefined || error.kind === "missing") return undefined;
  if (error.kind === "syntax") {
    return `${paint("1", location(file.path, error.line, error.column))}  ${paint("31", "syntax error")}: ${neutralize(error.message)}`;
  }
  const label = isSkippedFile(error) ? paint("36", "skipped") : paint("31", "error");
  return `${paint("1", location(file.path, error.line, error.column))}  ${label}: ${neutralize(error.message)}`;
}

/** Notes on how a file was read: names assumed without imports, an analysis cut short, and (verbose) what was not followed. */
function fileNoteLines(file: FileResult, verbose: boolean, paint: Paint, dynamic = false): Entry[] {
  const entries: Entry[] = [];
  const note = (line: number, column: number, text: string): void => {
    entries.push({ file: file.path, line, column, lines: [`${paint("1", location(file.path, line || undefined, column || undefined))}  ${paint("36", "note")}: ${neutralize(text)}`] });
  };
  if (file.assumed !== undefined && file.assumed.length > 0) {
    const names = file.assumed.map((a) => (verbose ? `${a.name} (${a.path})` : a.name));
    note(0, 0, `used without an import, read as the framework's: ${names.join(", ")}`);
  }
  const understood = file.understood;
  if (understood?.partial === true) note(0, 0, partialReason(file.notes ?? []));
  // Dynamic reports have few notes, each about the whole run (several runs in one trace): always shown.
  if (!verbose && !dynamic) return entries;
  if (understood !== undefined && understood.models === 0) note(0, 0, "no model recognised: nothing was checked");
  for (const n of file.notes ?? []) note(n.line ?? 0, n.column ?? 0, n.message);
  return entries;
}

/** Why a file was only partly analysed, from the front end's notes: stopped (the rest unread), or loops and calls cut short. */
function partialReason(notes: NonNullable<FileResult["notes"]>): string {
  const stopped = notes.find((n) => n.message.startsWith("analysis stopped"));
  if (stopped !== undefined) return `${stopped.message}: the rest of the file was not analysed`;
  const cut = notes.filter((n) => n.message.startsWith("analysis cut short"));
  if (cut.length > 0) {
    const lines = [...new Set(cut.map((n) => n.line).filter((l): l is number => l !== undefined))];
    const where = lines.length === 0 ? "" : ` (line${lines.length === 1 ? "" : "s"} ${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", ..." : ""})`;
    return `analysis cut short at the work budget: loops stopped unrolling or calls were not followed${where}; the rest of the file was analysed`;
  }
  const other = notes.find((n) => n.message.startsWith("not analysed"));
  return other?.message ?? "analysis stopped early: the rest of the file was not analysed";
}

interface Entry {
  file: string;
  line: number;
  column: number;
  lines: string[];
}

/**
 * Dynamic reports grouped by likely cause (src/checks/diagnosis.ts): the likely root cause first, then the
 * findings that probably follow from it, in causal order.
 */
function rootCauseLines(report: Report, paint: Paint): string[] {
  if (report.tool === "lint") return [];
  const grouped = report.findings.filter((f) => f.group !== undefined).sort((a, b) => a.group! - b.group! || Number(b.cause === true) - Number(a.cause === true));
  const root = grouped.find((f) => f.group === 1 && f.cause === true);
  if (root === undefined) return [];
  const where = root.layer === undefined ? "" : ` in layer ${neutralize(root.layer.name)}${root.file !== undefined && root.line !== undefined ? ` (${location(root.file, root.line)})` : ""}`;
  const lines = [`${paint("1", "Likely root cause")}: ${paint(SEVERITY_COLOR[root.severity], neutralize(root.code))} ${neutralize(root.name)}${where}: ${neutralize(root.message)}`];
  const rest = grouped.filter((f) => f !== root);
  if (rest.length > 0) {
    const named = rest.slice(0, 8).map((f) => `${neutralize(f.code)} ${neutralize(f.name)}${f.layer ? ` [${neutralize(f.layer.name)}]` : ""}`);
    lines.push(`  then: ${named.join(", ")}${rest.length > named.length ? ` and ${rest.length - named.length} more` : ""}`);
  }
  return lines;
}

/** Renders a report for a terminal, file by file (a file's problem, e.g. its syntax error, in line order). Ends with a newline. */
export function formatText(report: Report, options: TextOptions = {}): string {
  const paint = painter(options.color === true);
  const sources = new Map(report.files.map((f) => [f.path, f.source]));
  // Each source is split once, on first use: the work stays linear in the number of findings.
  const split = new Map<string, readonly string[] | undefined>();
  const linesOf = (file: string | undefined): readonly string[] | undefined => {
    if (file === undefined) return undefined;
    if (!split.has(file)) {
      const source = sources.get(file);
      split.set(file, source === undefined ? undefined : sourceLines(source));
    }
    return split.get(file);
  };
  const entries: Entry[] = report.findings.map((finding) => ({
    file: finding.file ?? "",
    line: finding.line ?? 0,
    column: finding.column ?? 0,
    lines: findingLines(finding, linesOf(finding.file), paint),
  }));
  for (const file of report.files) {
    const line = fileProblemLine(file, paint);
    if (line !== undefined) entries.push({ file: file.path, line: file.error?.line ?? 0, column: file.error?.column ?? 0, lines: [line] });
    entries.push(...fileNoteLines(file, options.verbose === true, paint, report.tool !== "lint"));
  }
  // Stable sort: findings keep their order; a file problem goes where its position puts it.
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const out = [...rootCauseLines(report, paint), ...entries.flatMap((e) => e.lines)].map(neutralizeCommandStart);
  // A dynamic run that checked nothing (the program trained no model) must not read "No problems found".
  const nothingChecked = report.tool !== "lint" && report.findings.length === 0 && report.files.length > 0 && report.files.every((f) => f.error?.kind === "unchecked");
  out.push(nothingChecked ? `Nothing checked (${report.summary.durationMs} ms)` : summaryLine(report.summary, report.tool === "lint"));
  return `${out.join("\n")}\n`;
}
