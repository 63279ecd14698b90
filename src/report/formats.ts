/**
 * The registry of output formats: the one place that maps a format name to its reporter. Every command
 * that ends with a report (lint, watch, check-trace, report) offers and renders formats through it.
 */
import type { Report } from "./finding.js";
import { formatGithub } from "./github.js";
import { formatHtml } from "./html/index.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

export const REPORT_FORMATS = ["text", "json", "sarif", "github", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface FormatOptions {
  /** Text: ANSI colours. */
  color?: boolean;
  /** Text: list unread files and the front end's notes. */
  verbose?: boolean;
  /** SARIF: absolute paths are made relative to this directory (default: process.cwd()). */
  baseDir?: string;
  /** SARIF, HTML: the tool version. */
  toolVersion?: string;
  /** HTML: source texts by path as spans name them, for excerpts of where a dynamic finding's layer is defined. */
  sources?: ReadonlyMap<string, string>;
}

export interface OutputFormat {
  name: ReportFormat;
  /** One line for help texts. */
  description: string;
  /**
   * A document for a file or a tool rather than lines for a terminal: `watch` sends the program's own
   * stdout elsewhere when such a report goes to stdout.
   */
  document: boolean;
  /** Renders the report; `toolVersion` and `baseDir` are filled in by formatReport. */
  render(report: Report, options: FormatOptions & { toolVersion: string; baseDir: string }): string;
}

export const OUTPUT_FORMATS: Readonly<Record<ReportFormat, OutputFormat>> = {
  text: {
    name: "text",
    description: "one line per finding with code frames, for terminals",
    document: false,
    render: (report, o) => formatText(report, { color: o.color === true, verbose: o.verbose === true }),
  },
  json: { name: "json", description: "the versioned JSON report, for tools", document: true, render: (report) => formatJson(report) },
  sarif: {
    name: "sarif",
    description: "SARIF 2.1.0, for code-scanning services",
    document: true,
    render: (report, o) => formatSarif(report, { toolVersion: o.toolVersion, baseDir: o.baseDir }),
  },
  github: { name: "github", description: "GitHub Actions workflow commands (annotations)", document: false, render: (report) => formatGithub(report) },
  html: {
    name: "html",
    description: "one self-contained HTML page with plots (use with --output)",
    document: true,
    render: (report, o) => formatHtml(report, o.sources === undefined ? { toolVersion: o.toolVersion } : { toolVersion: o.toolVersion, sources: o.sources }),
  },
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
