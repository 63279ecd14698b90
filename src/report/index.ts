/**
 * Reporter entry: `formatReport(report, format)` renders a Report in one of the output formats.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "./finding.js";
import { OUTPUT_FORMATS, type FormatOptions, type ReportFormat } from "./formats.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

export { REPORT_FORMATS, OUTPUT_FORMATS, isReportFormat, type ReportFormat, type FormatOptions, type OutputFormat } from "./formats.js";

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

/** Renders a report in a format of the registry (formats.ts). Every format ends with a newline (github: empty when there is nothing to say). */
export function formatReport(report: Report, format: ReportFormat = "text", options: FormatOptions = {}): string {
  return OUTPUT_FORMATS[format].render(report, { ...options, toolVersion: options.toolVersion ?? packageVersion(), baseDir: options.baseDir ?? process.cwd() });
}

export { formatGithub, formatJson, formatSarif, formatText };
export { formatHtml } from "./html/index.js";
export { summaryLine, codeFrame } from "./text.js";
export { toJsonReport, JSON_REPORT_VERSION, type JsonReport } from "./json.js";
export { toSarif } from "./sarif.js";
