/**
 * nncheck's library entry: lint programs, format reports, and the types and rule catalogue behind them.
 */
export { lint, lintSource, createLinter, exitCodeFor, missingPaths, type LintOptions, type Linter, type ResolvedLintSettings } from "./lint/lint.js";
export { loadConfig, ConfigError, type NncheckConfig, type FailOn } from "./lint/config.js";
export type { SimulationOptions } from "./simulate/simulate-report.js";
export type { SimulationSettings } from "./simulate/options.js";
export type { PreflightContext, PreflightStep } from "./simulate/preflight.js";
export { createEngine, SettingsError, type Engine, type EngineSettings, type SeverityOverride } from "./lint/engine.js";
export { formatReport, formatText, formatJson, formatSarif, formatGithub, formatHtml, toJsonReport, REPORT_FORMATS, OUTPUT_FORMATS, type ReportFormat, type FormatOptions, type OutputFormat, type JsonReport } from "./report/index.js";
export { TraceDigestSink, type TraceDigest, type DigestSeries } from "./telemetry/digest.js";
export { allRules } from "./lint/rules/index.js";
export { analyzePython } from "./frontends/python/index.js";
export { defineRule, type AnyRule, type Rule, type RuleContext, type RuleReport } from "./lint/rule.js";
export type { Frontend, FrontendOptions, FrontendResult, SyntaxProblem } from "./frontends/frontend.js";
export type * from "./model/program.js";
export type { FileResult, Finding, FindingLayer, Lifecycle, Report, ReportSummary, RuleDescriptor, RuleDocs, RuleOptionSpec, Severity } from "./report/finding.js";
export * from "./telemetry/index.js";
export { createCheckEngine, allChecks, checkTrace, type CheckEngine } from "./checks/index.js";
