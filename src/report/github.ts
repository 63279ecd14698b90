/**
 * The GitHub Actions reporter: one workflow command per finding, so findings show as annotations on the
 * pull request (`::error file=...,line=...::message`). Escaping follows the workflow-command rules, after
 * control characters (newlines, ANSI/OSC escapes) in names and messages were made visible (escape.ts):
 * a value can neither end its command nor colour or rewrite the log.
 */
import { neutralize } from "./escape.js";
import { isSkippedFile, type FileResult, type Finding, type Report, type Severity } from "./finding.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** Escapes a command's message: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value: as data, plus `:` and `,` which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(name: string, properties: [string, string | number | undefined][], message: string): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(neutralize(String(value)))}`)
    .join(",");
  return `::${name}${props.length > 0 ? ` ${props}` : ""}::${escapeData(neutralize(message))}`;
}

function findingCommand(finding: Finding): string {
  return command(
    COMMAND[finding.severity],
    [
      ["file", finding.file],
      ["line", finding.line],
      ["col", finding.column],
      ["endLine", finding.endLine],
      ["endColumn", finding.endColumn],
      ["title", `${finding.code} ${finding.name}`],
    ],
    finding.message,
  );
}

function fileCommand(file: FileResult): string | undefined {
  const error = file.error;
  if (error === undefined) return undefined;
  const title = error.kind === "syntax" ? "syntax error" : "file not linted";
  return command(
    isSkippedFile(error) ? "notice" : "error",
    [
      ["file", file.path],
      ["line", error.line],
      ["col", error.column],
      ["title", `nncheck ${title}`],
    ],
    error.message,
  );
}

/** Renders the report as GitHub workflow commands, one per line, ending with a newline (empty when clean). */
export function formatGithub(report: Report): string {
  const lines = [
    ...report.findings.map(findingCommand),
    ...report.files.map(fileCommand).filter((l): l is string => l !== undefined),
  ];
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
