/**
 * `nncheck check-trace run.jsonl`: re-check a saved telemetry trace offline and report like lint.
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration, bad trace or internal error.
 */
import path from "node:path";
import { checkTraceDetailed, TraceFileError } from "../checks/check-trace.js";
import { CheckOptionsError, type CheckEngineOptions } from "../checks/options.js";
import { ConfigError, FAIL_ON_VALUES, type FailOn } from "../lint/config.js";
import { loadCheckSettings } from "./check-config.js";
import { findingsExitCode } from "../lint/lint.js";
import { neutralize } from "../report/escape.js";
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from "../report/index.js";
import { describeFlags, HELP_FLAG, parseArgs, UsageError, type FlagSpec } from "./args.js";
import { processIO, type CliIO, type Command } from "./io.js";
import { emitReport } from "./report-output.js";

const FLAGS: FlagSpec[] = [
  { name: "format", kind: "string", valueName: "FORMAT", description: `Output format: ${REPORT_FORMATS.join(", ")} (default: text)` },
  { name: "output", short: "o", kind: "string", valueName: "FILE", description: "Write the report to FILE instead of stdout" },
  { name: "config", kind: "string", valueName: "FILE", description: 'JSON (or pyproject.toml [tool.nncheck]) with "checks": { "D302": { "enabled": false, "minMeanAbs": 1e-7 } }, "failOn", "period" (default: nncheck.config.json or pyproject.toml found from the working directory upwards)' },
  { name: "no-config", kind: "boolean", description: "Ignore config files" },
  { name: "fail-on", kind: "string", valueName: "LEVEL", description: "Exit 1 at this severity or above: error, warning, info, never (default: warning)" },
  { name: "period", kind: "string", valueName: "STEPS", description: "Steps per loss period for the loss checks (default: the trace's sampling interval, at least 10)" },
  HELP_FLAG,
];

export const CHECK_TRACE_USAGE = `Usage: nncheck check-trace [options] TRACE.jsonl

Re-run the dynamic checks over a telemetry trace saved by a probe (nncheck watch --trace, or the
TF.js callback's trace option). The trace is streamed: memory stays bounded whatever its size.
Truncated traces are read up to their last complete record; damaged lines (malformed JSON, missing
fields, out-of-order steps, lines over 64 MB or nested too deep) are skipped and counted. A trace of
another schema version, or a path that is not a regular file, is refused.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration, unreadable trace or internal error.

Options:
${describeFlags(FLAGS)}
`;

export interface TraceInvocation {
  trace: string;
  noConfig?: boolean;
  format: ReportFormat;
  output?: string;
  config?: string;
  failOn?: FailOn;
  period?: number;
}

function readInvocation(argv: string[]): TraceInvocation | "help" {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags["help"] === true) return "help";
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "a trace file is required" : "give exactly one trace file");
  const format = (flags["format"] as string | undefined) ?? "text";
  if (!isReportFormat(format)) throw new UsageError(`Unknown format "${format}" (expected ${REPORT_FORMATS.join(", ")})`);
  const invocation: TraceInvocation = { trace: positionals[0]!, format };
  if (typeof flags["output"] === "string") invocation.output = flags["output"];
  readTraceFlags(flags, invocation);
  return invocation;
}

/** The flags `check-trace` and `report` share: --fail-on, --period, --config, --no-config. */
export function readTraceFlags(flags: Record<string, unknown>, invocation: TraceInvocation): void {
  const failOn = flags["fail-on"] as string | undefined;
  if (failOn !== undefined) {
    if (!FAIL_ON_VALUES.includes(failOn as FailOn)) throw new UsageError(`--fail-on expects one of ${FAIL_ON_VALUES.join(", ")} (got "${failOn}")`);
    invocation.failOn = failOn as FailOn;
  }
  const period = flags["period"] as string | undefined;
  if (period !== undefined) {
    const n = Number(period);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--period expects a positive integer (got "${period}")`);
    invocation.period = n;
  }
  if (typeof flags["config"] === "string") invocation.config = flags["config"];
  if (flags["no-config"] === true) {
    if (invocation.config !== undefined) throw new UsageError("--config and --no-config cannot be used together");
    invocation.noConfig = true;
  }
}

async function runCheckTrace(argv: string[], io: CliIO = processIO()): Promise<number> {
  let invocation: TraceInvocation | "help";
  try {
    invocation = readInvocation(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`nncheck check-trace: ${error.message}\n\n${CHECK_TRACE_USAGE}`);
    return 2;
  }
  if (invocation === "help") {
    io.stdout(CHECK_TRACE_USAGE);
    return 0;
  }
  return checkTraceAndReport(invocation, io, "check-trace", "warning");
}

/**
 * Checks a trace and emits its report (shared by `check-trace` and `report`, which differ in their
 * defaults); returns the exit code. `name` prefixes the command's messages.
 */
export async function checkTraceAndReport(invocation: TraceInvocation, io: CliIO, name: string, defaultFailOn: FailOn): Promise<number> {

  const options: CheckEngineOptions & { displayPath: string } = { displayPath: invocation.trace };
  let failOn: FailOn = invocation.failOn ?? defaultFailOn;
  try {
    const config = await loadCheckSettings({ cwd: io.cwd, ...(invocation.config !== undefined ? { configPath: invocation.config } : {}), ...(invocation.noConfig ? { noConfig: true } : {}) });
    if (config.checks) options.checks = config.checks;
    if (config.period !== undefined) options.period = config.period;
    failOn = invocation.failOn ?? config.failOn ?? defaultFailOn;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`nncheck: invalid configuration: ${error.message}\n`);
    return 2;
  }
  if (invocation.period !== undefined) options.period = invocation.period;

  // Streamed: a trace of any size is checked in bounded memory (see telemetry/reader.ts).
  let result: ReturnType<typeof checkTraceDetailed>;
  try {
    result = checkTraceDetailed(path.resolve(io.cwd, invocation.trace), options);
  } catch (error) {
    if (error instanceof TraceFileError) {
      io.stderr(`nncheck ${name}: ${neutralize(error.message)}\n`);
      return 2;
    }
    if (error instanceof CheckOptionsError) {
      io.stderr(`nncheck: invalid configuration: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  for (const warning of result.read.warnings) io.stderr(`nncheck ${name}: ${neutralize(invocation.trace)}: ${neutralize(warning)}\n`);

  if (!(await emitReport(result.report, invocation.format, invocation.output, io))) return 2;
  return findingsExitCode(result.report.findings, failOn);
}

export const command: Command = { name: "check-trace", summary: "Re-check a saved training telemetry trace", run: runCheckTrace };
