/**
 * `nncheck check-trace run.jsonl`: re-check a saved telemetry trace offline and report like lint.
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration, bad trace or internal error.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkTraceDetailed, TraceFileError } from "../checks/check-trace.js";
import { INTERNAL_ERROR_CODE } from "../checks/engine.js";
import { CheckOptionsError, type CheckConfig, type CheckEngineOptions } from "../checks/options.js";
import { SEVERITY_RANK, type Report, type Severity } from "../report/finding.js";
import { formatReport, isReportFormat, REPORT_FORMATS, type ReportFormat } from "../report/index.js";
import { describeFlags, HELP_FLAG, parseArgs, UsageError, type FlagSpec } from "./args.js";
import { processIO, type CliIO, type Command } from "./io.js";

type FailOn = Severity | "never";
const FAIL_ON: readonly FailOn[] = ["error", "warning", "info", "never"];

const FLAGS: FlagSpec[] = [
  { name: "format", kind: "string", valueName: "FORMAT", description: `Output format: ${REPORT_FORMATS.join(", ")} (default: text)` },
  { name: "output", short: "o", kind: "string", valueName: "FILE", description: "Write the report to FILE instead of stdout" },
  { name: "config", kind: "string", valueName: "FILE", description: 'JSON (or pyproject.toml [tool.nncheck]) with "checks": { "D302": { "enabled": false, "minMeanAbs": 1e-7 } }, "failOn", "period"' },
  { name: "fail-on", kind: "string", valueName: "LEVEL", description: "Exit 1 at this severity or above: error, warning, info, never (default: warning)" },
  { name: "period", kind: "string", valueName: "STEPS", description: "Steps per loss period for the loss checks (default: the trace's sampling interval, at least 10)" },
  HELP_FLAG,
];

export const CHECK_TRACE_USAGE = `Usage: nncheck check-trace [options] TRACE.jsonl

Re-run the dynamic checks over a telemetry trace saved by a probe (nncheck watch --trace, or the
TF.js callback's trace option). Truncated traces are read up to their last complete record.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration, unreadable trace or internal error.

Options:
${describeFlags(FLAGS)}
`;

class ConfigFileError extends Error {}

interface Invocation {
  trace: string;
  format: ReportFormat;
  output?: string;
  config?: string;
  failOn?: FailOn;
  period?: number;
}

function readInvocation(argv: string[]): Invocation | "help" {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags["help"] === true) return "help";
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "a trace file is required" : "give exactly one trace file");
  const format = (flags["format"] as string | undefined) ?? "text";
  if (!isReportFormat(format)) throw new UsageError(`Unknown format "${format}" (expected ${REPORT_FORMATS.join(", ")})`);
  const invocation: Invocation = { trace: positionals[0]!, format };
  const failOn = flags["fail-on"] as string | undefined;
  if (failOn !== undefined) {
    if (!FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`--fail-on expects one of ${FAIL_ON.join(", ")} (got "${failOn}")`);
    invocation.failOn = failOn as FailOn;
  }
  const period = flags["period"] as string | undefined;
  if (period !== undefined) {
    const n = Number(period);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--period expects a positive integer (got "${period}")`);
    invocation.period = n;
  }
  if (typeof flags["output"] === "string") invocation.output = flags["output"];
  if (typeof flags["config"] === "string") invocation.config = flags["config"];
  return invocation;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads the dynamic-check settings of a config file; keys for lint are ignored, so one file serves both. */
async function readConfig(file: string, cwd: string): Promise<{ checks?: Record<string, CheckConfig>; failOn?: FailOn; period?: number }> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new ConfigFileError(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let raw: unknown;
  try {
    if (file.toLowerCase().endsWith(".toml")) {
      const { parse } = await import("smol-toml");
      const doc = parse(text);
      raw = isObject(doc["tool"]) ? doc["tool"]["nncheck"] : undefined;
      if (raw === undefined) throw new Error("has no [tool.nncheck] table");
    } else {
      raw = JSON.parse(text) as unknown;
    }
  } catch (error) {
    throw new ConfigFileError(`${file}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  if (!isObject(raw)) throw new ConfigFileError(`${file}: must be an object`);
  const out: { checks?: Record<string, CheckConfig>; failOn?: FailOn; period?: number } = {};
  if (raw["checks"] !== undefined) {
    if (!isObject(raw["checks"])) throw new ConfigFileError(`${file}: "checks" must map check codes or names to objects`);
    const checks: Record<string, CheckConfig> = {};
    for (const [code, config] of Object.entries(raw["checks"])) {
      if (!isObject(config)) throw new ConfigFileError(`${file}: "checks.${code}" must be an object`);
      for (const [key, value] of Object.entries(config)) {
        if (!["number", "string", "boolean"].includes(typeof value)) throw new ConfigFileError(`${file}: "checks.${code}.${key}" must be a number, string or boolean`);
      }
      if (config["severity"] !== undefined && !["error", "warning", "info"].includes(config["severity"] as string)) {
        throw new ConfigFileError(`${file}: "checks.${code}.severity" must be error, warning or info`);
      }
      checks[code] = config as CheckConfig;
    }
    out.checks = checks;
  }
  if (raw["failOn"] !== undefined) {
    if (!FAIL_ON.includes(raw["failOn"] as FailOn)) throw new ConfigFileError(`${file}: "failOn" must be one of ${FAIL_ON.join(", ")}`);
    out.failOn = raw["failOn"] as FailOn;
  }
  if (raw["period"] !== undefined) {
    if (!Number.isInteger(raw["period"]) || (raw["period"] as number) < 1) throw new ConfigFileError(`${file}: "period" must be a positive integer`);
    out.period = raw["period"] as number;
  }
  return out;
}

/** 2 for nncheck's own failures, 1 for findings at or above failOn, else 0. */
export function exitCodeFor(report: Report, failOn: FailOn): 0 | 1 | 2 {
  if (report.findings.some((f) => f.code === INTERNAL_ERROR_CODE)) return 2;
  if (failOn === "never") return 0;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

async function runCheckTrace(argv: string[], io: CliIO = processIO()): Promise<number> {
  let invocation: Invocation | "help";
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

  const options: CheckEngineOptions & { displayPath: string } = { displayPath: invocation.trace };
  let failOn: FailOn = invocation.failOn ?? "warning";
  try {
    if (invocation.config !== undefined) {
      const config = await readConfig(invocation.config, io.cwd);
      if (config.checks) options.checks = config.checks;
      if (config.period !== undefined) options.period = config.period;
      failOn = invocation.failOn ?? config.failOn ?? "warning";
    }
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    io.stderr(`nncheck: invalid configuration: ${error.message}\n`);
    return 2;
  }
  if (invocation.period !== undefined) options.period = invocation.period;

  let result: ReturnType<typeof checkTraceDetailed>;
  try {
    result = checkTraceDetailed(path.resolve(io.cwd, invocation.trace), options);
  } catch (error) {
    if (error instanceof TraceFileError) {
      io.stderr(`nncheck check-trace: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CheckOptionsError) {
      io.stderr(`nncheck: invalid configuration: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  for (const warning of result.read.warnings) io.stderr(`nncheck check-trace: ${invocation.trace}: ${warning}\n`);

  const color = invocation.output === undefined && io.stdoutIsTTY && io.env["NO_COLOR"] === undefined;
  const rendered = formatReport(result.report, invocation.format, { color, baseDir: io.cwd });
  if (invocation.output !== undefined) {
    try {
      await writeFile(path.resolve(io.cwd, invocation.output), rendered);
    } catch (error) {
      io.stderr(`nncheck: cannot write ${invocation.output}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  } else {
    io.stdout(rendered);
  }
  return exitCodeFor(result.report, failOn);
}

export const command: Command = { name: "check-trace", summary: "Re-check a saved training telemetry trace", run: runCheckTrace };
