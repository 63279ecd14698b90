/**
 * `nncheck lint [paths...]`: lint files and directories, print a report, exit 0 (clean), 1 (findings at
 * or above --fail-on) or 2 (usage, configuration or internal error).
 */
import { ConfigError, FAIL_ON_VALUES, parseInputShape, type FailOn } from "../lint/config.js";
import { SettingsError, SEVERITY_OVERRIDES, type SeverityOverride } from "../lint/engine.js";
import { createLinter, exitCodeFor, missingPaths, summarize, type LintOptions } from "../lint/lint.js";
import { GlobError } from "../lint/globs.js";
import { parseShard } from "../lint/shard.js";
import { neutralize } from "../report/escape.js";
import type { Report } from "../report/finding.js";
import { isReportFormat, REPORT_FORMATS } from "../report/index.js";
import { describeFlags, HELP_FLAG, parseArgs, splitList, UsageError, type FlagSpec } from "./args.js";
import { processIO, type CliIO, type Command } from "./io.js";
import { emitReport } from "./report-output.js";

const FLAGS: FlagSpec[] = [
  { name: "format", kind: "string", valueName: "FORMAT", description: `Output format: ${REPORT_FORMATS.join(", ")} (default: text)` },
  { name: "output", short: "o", kind: "string", valueName: "FILE", description: "Write the report to FILE instead of stdout" },
  { name: "select", kind: "list", valueName: "CODES", description: "Run only these rules (code prefixes or names, comma-separated; repeatable)" },
  { name: "ignore", kind: "list", valueName: "CODES", description: "Do not run these rules (code prefixes or names)" },
  { name: "preview", kind: "boolean", description: "Also run preview rules matched by --select" },
  { name: "severity", kind: "list", valueName: "CODE=LEVEL", description: "Override a rule's severity: error, warning, info or off (repeatable)" },
  { name: "fail-on", kind: "string", valueName: "LEVEL", description: "Exit 1 at this severity or above: error, warning, info, never (default: warning)" },
  { name: "config", kind: "string", valueName: "FILE", description: "Use this config file (nncheck.config.json or pyproject.toml)" },
  { name: "no-config", kind: "boolean", description: "Ignore config files" },
  { name: "input-shape", kind: "string", valueName: "DIMS", description: "Model input shape without batch, e.g. 28,28,1" },
  { name: "quiet", short: "q", kind: "boolean", description: "Report errors only" },
  { name: "verbose", short: "v", kind: "boolean", description: "Text: also list files with no recognisable model and what the analysis could not follow" },
  { name: "report-unused-suppressions", kind: "boolean", description: "Report suppression comments that suppress nothing" },
  { name: "jobs", short: "j", kind: "string", valueName: "N", description: "Lint files on N worker threads (default: one per core when the files add up to 384 KiB or more, else in-process; 1: in-process)" },
  { name: "shard", kind: "string", valueName: "I/N", description: "Lint only shard I of N (files assigned by a hash of their path), e.g. 2/4" },
  { name: "simulate", kind: "boolean", description: "Also train a TF.js twin of each model briefly on synthetic data and run the dynamic checks on it (needs @tensorflow/tfjs)" },
  HELP_FLAG,
];

export const LINT_USAGE = `Usage: nncheck lint [options] [paths...]

Lint Keras/tf.keras programs (files or directories, default: .).
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or internal error.

Options:
${describeFlags(FLAGS)}
`;

function parseSeverityFlags(values: string[] | undefined): Record<string, SeverityOverride> | undefined {
  if (values === undefined) return undefined;
  const overrides: Record<string, SeverityOverride> = {};
  for (const entry of splitList(values) ?? []) {
    const [code, level] = entry.split("=").map((p) => p.trim());
    if (!code || !level || !SEVERITY_OVERRIDES.includes(level as SeverityOverride)) {
      throw new UsageError(`--severity expects CODE=LEVEL with LEVEL one of error, warning, info, off (got "${entry}")`);
    }
    overrides[code] = level as SeverityOverride;
  }
  return overrides;
}

interface LintInvocation {
  paths: string[];
  options: LintOptions;
  format: (typeof REPORT_FORMATS)[number];
  output?: string;
  failOn?: FailOn;
  quiet: boolean;
  verbose: boolean;
}

function readInvocation(argv: string[], cwd: string): LintInvocation | "help" {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags["help"] === true) return "help";
  const format = (flags["format"] as string | undefined) ?? "text";
  if (!isReportFormat(format)) throw new UsageError(`Unknown format "${format}" (expected ${REPORT_FORMATS.join(", ")})`);
  const failOn = flags["fail-on"] as string | undefined;
  if (failOn !== undefined && !FAIL_ON_VALUES.includes(failOn as FailOn)) {
    throw new UsageError(`--fail-on expects one of ${FAIL_ON_VALUES.join(", ")} (got "${failOn}")`);
  }
  if (flags["config"] !== undefined && flags["no-config"] === true) throw new UsageError("--config and --no-config cannot be used together");

  const options: LintOptions = { cwd };
  const select = splitList(flags["select"] as string[] | undefined);
  const ignore = splitList(flags["ignore"] as string[] | undefined);
  const severity = parseSeverityFlags(flags["severity"] as string[] | undefined);
  if (select !== undefined) options.select = select;
  if (ignore !== undefined) options.ignore = ignore;
  if (severity !== undefined) options.severity = severity;
  if (flags["preview"] === true) options.preview = true;
  if (flags["no-config"] === true) options.config = false;
  if (typeof flags["config"] === "string") options.config = flags["config"];
  if (flags["report-unused-suppressions"] === true) options.reportUnusedSuppressions = true;
  if (flags["simulate"] === true) options.simulate = true;
  if (typeof flags["input-shape"] === "string") {
    try {
      options.inputShape = parseInputShape(flags["input-shape"], undefined, "--input-shape");
    } catch {
      throw new UsageError(`--input-shape expects positive integers separated by commas, e.g. 28,28,1 (got "${flags["input-shape"]}")`);
    }
  }
  const jobs = flags["jobs"] as string | undefined;
  if (jobs !== undefined && !/^\s*\d{1,4}\s*$/.test(jobs)) throw new UsageError(`--jobs expects a positive number (got "${jobs}")`);
  options.jobs = jobs === undefined ? "auto" : Math.max(1, Number(jobs));
  if (typeof flags["shard"] === "string") {
    const shard = parseShard(flags["shard"]);
    if (shard === undefined) throw new UsageError(`--shard expects I/N with 1 <= I <= N, e.g. 2/4 (got "${flags["shard"]}")`);
    options.shard = shard;
  }
  const invocation: LintInvocation = { paths: positionals, options, format, quiet: flags["quiet"] === true, verbose: flags["verbose"] === true };
  if (typeof flags["output"] === "string") invocation.output = flags["output"];
  if (failOn !== undefined) invocation.failOn = failOn as FailOn;
  return invocation;
}

/** `--quiet`: keep errors only, and count only them. */
function errorsOnly(report: Report): Report {
  const findings = report.findings.filter((f) => f.severity === "error");
  return { ...report, findings, summary: summarize(report.files, findings, report.summary.durationMs) };
}

async function runLint(argv: string[], io: CliIO = processIO()): Promise<number> {
  let invocation: LintInvocation | "help";
  try {
    invocation = readInvocation(argv, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`nncheck lint: ${error.message}\n\n${LINT_USAGE}`);
    return 2;
  }
  if (invocation === "help") {
    io.stdout(LINT_USAGE);
    return 0;
  }

  let report: Report;
  let failOn: FailOn;
  try {
    const linter = await createLinter(invocation.options);
    failOn = invocation.failOn ?? linter.settings.failOn ?? "warning";
    report = await linter.lint(invocation.paths);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SettingsError || error instanceof GlobError) {
      io.stderr(`nncheck: invalid configuration: ${neutralize(error.message)}\n`);
      return 2;
    }
    if (error instanceof Error && error.name === "SimulationUnavailableError") {
      io.stderr(`nncheck: ${neutralize(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  if (invocation.quiet) report = errorsOnly(report);

  for (const missing of missingPaths(report)) {
    const why = report.files.find((f) => f.path === missing)?.error?.message ?? "No such file or directory";
    io.stderr(`nncheck: ${neutralize(missing)}: ${neutralize(why.charAt(0).toLowerCase() + why.slice(1))}\n`);
  }
  if (!(await emitReport(report, invocation.format, invocation.output, io, invocation.verbose))) return 2;
  return exitCodeFor(report, failOn);
}

export const command: Command = { name: "lint", summary: "Check programs for faults, statically", run: runLint };
