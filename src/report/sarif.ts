/**
 * The SARIF 2.1.0 reporter (for GitHub code scanning and other viewers): rules come from the rule
 * metadata, results point at relative, forward-slash URIs, and file problems become tool execution
 * notifications. There is always a `results` array, even when empty.
 */
import path from "node:path";
import { INTERNAL_ERROR_CODE, isSkippedFile, type FileResult, type Finding, type Report, type RuleDescriptor, type Severity } from "./finding.js";
import { exampleLanguage, ruleDocSections } from "./rule-doc.js";

export interface SarifOptions {
  toolVersion?: string;
  informationUri?: string;
  /** Absolute paths are made relative to this directory (default: kept, with forward slashes). */
  baseDir?: string;
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const DEFAULT_INFORMATION_URI = "https://www.npmjs.com/package/nncheck";

type SarifLevel = "error" | "warning" | "note";

const LEVEL: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

/**
 * A path as a relative URI reference with forward slashes and percent-encoded segments. Only the
 * platform's separator separates: on POSIX a backslash is part of a name and is encoded (`%5C`).
 */
export function artifactUri(file: string, baseDir?: string, separator: string = path.sep): string {
  const relative = baseDir !== undefined && path.isAbsolute(file) ? path.relative(baseDir, file) : file;
  const segments = (separator === "/" ? relative : relative.split(separator).join("/")).replace(/^\.\//, "").split("/");
  // A lone surrogate (possible in a name read from a trace) cannot be percent-encoded: it becomes U+FFFD.
  return segments.map((segment) => encodeURIComponent(wellFormed(segment))).join("/");
}

function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

function helpText(meta: RuleDescriptor): { text: string; markdown: string } {
  const d = meta.docs;
  const present = ruleDocSections(meta, d.options ?? "", d.references.join("\n")).filter(([, body]) => body.trim().length > 0);
  const text = present.map(([title, body]) => `${title}\n${body}`).join("\n\n");
  const markdown = present
    .map(([title, body]) => {
      const rendered =
        title === "References"
          ? d.references.map((r) => `- ${r}`).join("\n")
          : title === "Example"
            ? `\`\`\`${exampleLanguage(meta)}\n${body}\n\`\`\``
            : body;
      return `## ${title}\n\n${rendered}`;
    })
    .join("\n\n");
  return { text, markdown };
}

function sarifRule(meta: RuleDescriptor): Record<string, unknown> {
  return {
    id: meta.code,
    name: meta.name,
    shortDescription: { text: meta.docs.summary },
    fullDescription: { text: meta.docs.whatItChecks },
    help: helpText(meta),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      family: meta.family,
      lifecycle: meta.lifecycle,
      frameworks: meta.frameworks,
      tags: [meta.family, ...meta.frameworks],
    },
  };
}

function region(line?: number, column?: number, endLine?: number, endColumn?: number): Record<string, number> | undefined {
  if (line === undefined) return undefined;
  const r: Record<string, number> = { startLine: line };
  if (column !== undefined) r["startColumn"] = column;
  if (endLine !== undefined) r["endLine"] = endLine;
  if (endColumn !== undefined) r["endColumn"] = endColumn;
  return r;
}

function physicalLocation(file: string, baseDir: string | undefined, r: Record<string, number> | undefined): Record<string, unknown> {
  const location: Record<string, unknown> = { artifactLocation: { uri: artifactUri(file, baseDir) } };
  if (r !== undefined) location["region"] = r;
  return { physicalLocation: location };
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>, baseDir: string | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = { ruleId: finding.code };
  const index = ruleIndex.get(finding.code);
  if (index !== undefined) result["ruleIndex"] = index;
  result["level"] = LEVEL[finding.severity];
  result["message"] = { text: finding.message };
  result["locations"] =
    finding.file === undefined
      ? []
      : [physicalLocation(finding.file, baseDir, region(finding.line, finding.column, finding.endLine, finding.endColumn))];
  const properties: Record<string, unknown> = {};
  if (finding.layer !== undefined) properties["layer"] = finding.layer;
  if (finding.simulated === true) properties["simulated"] = true;
  if (Object.keys(properties).length > 0) result["properties"] = properties;
  return result;
}

function notification(file: FileResult, baseDir: string | undefined): Record<string, unknown> | undefined {
  const error = file.error;
  if (error === undefined) return undefined;
  const label = error.kind === "syntax" ? "syntax error: " : "";
  return {
    level: isSkippedFile(error) ? "note" : "error",
    message: { text: `${label}${error.message}` },
    locations: [physicalLocation(file.path, baseDir, region(error.line, error.column))],
  };
}

/** The report as a SARIF log object. */
export function toSarif(report: Report, options: SarifOptions = {}): Record<string, unknown> {
  const { baseDir } = options;
  const ruleIndex = new Map(report.rules.map((meta, i) => [meta.code, i]));
  const notifications = report.files.map((f) => notification(f, baseDir)).filter((n) => n !== undefined);
  const failed =
    report.findings.some((f) => f.code === INTERNAL_ERROR_CODE) || report.files.some((f) => f.error?.kind === "missing");
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "nncheck",
            version: options.toolVersion ?? "0.0.0",
            informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
            rules: report.rules.map(sarifRule),
          },
        },
        invocations: [{ executionSuccessful: !failed, toolExecutionNotifications: notifications }],
        results: report.findings.map((f) => sarifResult(f, ruleIndex, baseDir)),
      },
    ],
  };
}

/** Renders the report as SARIF 2.1.0 JSON, ending with a newline. */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}
