/**
 * Reporter entry: `formatReport(report, format)` renders a Report in one of the output formats.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "./finding.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

export const REPORT_FORMATS = ["text", "json", "sarif", "github"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface FormatOptions {
  /** Text: ANSI colours. */
  color?: boolean;
  /** Text: list unread files and the front end's notes. */
  verbose?: boolean;
  /** SARIF: absolute paths are made relative to this directory (default: process.cwd()). */
  baseDir?: string;
  /** SARIF: the tool version (default: this package's version). */
  toolVersion?: string;
}

let cachedVersion: string | undefined;

/** This package's version, read once from package.json (two levels up from both src/report and dist/report). */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const file = fileURLToPath(new URL("../../package.json", import.meta.url));
      cachedVersion = (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "0.0.0";
    } catch {
      cachedVersion = "0.0.0";
    }
  }
  return cachedVersion;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders a report. Every format ends with a newline (github: empty when there is nothing to say). */
export function formatReport(report: Report, format: ReportFormat = "text", options: FormatOptions = {}): string {
  switch (format) {
    case "text":
      return formatText(report, { color: options.color === true, verbose: options.verbose === true });
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report, { toolVersion: options.toolVersion ?? packageVersion(), baseDir: options.baseDir ?? process.cwd() });
    case "github":
      return formatGithub(report);
  }
}

export { formatGithub, formatJson, formatSarif, formatText };
export { summaryLine, codeFrame } from "./text.js";
export { toJsonReport, JSON_REPORT_VERSION, type JsonReport } from "./json.js";
export { toSarif } from "./sarif.js";
