/**
 * `nncheck report run.jsonl -o report.html`: the HTML report of a saved trace — the dynamic checks'
 * findings laid on the training curves, per-layer statistics and the model, in one self-contained page.
 * The same as `check-trace --format html`, except that findings do not make the exit code 1 unless
 * --fail-on says so (a report is usually published whatever it shows).
 */
import { neutralize } from "../report/escape.js";
import { describeFlags, HELP_FLAG, parseArgs, UsageError, type FlagSpec } from "./args.js";
import { checkTraceAndReport, readTraceFlags, type TraceInvocation } from "./check-trace.js";
import { processIO, type CliIO, type Command } from "./io.js";

const FLAGS: FlagSpec[] = [
  { name: "output", short: "o", kind: "string", valueName: "FILE", description: "Write the page to FILE (stdout only when it is not a terminal)" },
  { name: "config", kind: "string", valueName: "FILE", description: "Dynamic-check settings, as for check-trace (default: the configuration file found from the working directory up)" },
  { name: "no-config", kind: "boolean", description: "Ignore configuration files" },
  { name: "fail-on", kind: "string", valueName: "LEVEL", description: "Exit 1 at this severity or above: error, warning, info, never (default: never)" },
  { name: "period", kind: "string", valueName: "STEPS", description: "Steps per loss period for the loss checks (as for check-trace)" },
  HELP_FLAG,
];

export const REPORT_USAGE = `Usage: nncheck report [options] TRACE.jsonl -o REPORT.html

Write one self-contained HTML page (no network needed to view it) for a telemetry trace: a summary,
the findings of the dynamic checks grouped by severity, the loss and metric curves (training and
validation) with the steps where findings fired marked, per-layer statistics over steps (mean
|gradient|, update ratio, dead or saturated units, activation std) and the model table. Long runs are
downsampled (min, max and last value per bucket of steps, so spikes stay visible).
Exit codes: 0 written, 1 findings at or above --fail-on, 2 usage, configuration, unreadable trace or internal error.

Options:
${describeFlags(FLAGS)}
`;

function readInvocation(argv: string[], io: CliIO): TraceInvocation | "help" {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags["help"] === true) return "help";
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "a trace file is required" : "give exactly one trace file");
  const invocation: TraceInvocation = { trace: positionals[0]!, format: "html", failOn: "never" };
  if (typeof flags["output"] === "string") invocation.output = flags["output"];
  else if (io.stdoutIsTTY) throw new UsageError("give the page's file with --output (or redirect stdout)");
  readTraceFlags(flags, invocation);
  return invocation;
}

async function runReport(argv: string[], io: CliIO = processIO()): Promise<number> {
  let invocation: TraceInvocation | "help";
  try {
    invocation = readInvocation(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`nncheck report: ${error.message}\n\n${REPORT_USAGE}`);
    return 2;
  }
  if (invocation === "help") {
    io.stdout(REPORT_USAGE);
    return 0;
  }
  const code = await checkTraceAndReport(invocation, io, "report", "never");
  if (code !== 2 && invocation.output !== undefined) io.stderr(`nncheck report: wrote ${neutralize(invocation.output)}\n`);
  return code;
}

export const command: Command = { name: "report", summary: "Write an HTML report with plots of a saved training trace", run: runReport };
