/**
 * `nncheck watch [options] -- node train.js [args]`: runs an unmodified TF.js training script with the
 * probe preloaded (`--import`, through NODE_OPTIONS so wrappers like `npm run` work too), tails the
 * telemetry it appends to a trace file, runs the dynamic checks on it live, shows progress and findings
 * as they appear, and ends with a report. Exit codes: 0 clean, 1 findings at or above --fail-on,
 * 2 usage or internal error, or a script that failed or was killed.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createCheckEngine, type CheckEngine } from "../checks/engine.js";
import type { Finding, Report, Severity } from "../report/finding.js";
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from "../report/index.js";
import { FAIL_ON_VALUES, type FailOn } from "../lint/config.js";
import { findingsExitCode, summarize } from "../lint/lint.js";
import { SAMPLING_ENV, TRACE_ENV } from "../probes/tfjs/watch-env.js";
import { encodeLine } from "../telemetry/codec.js";
import { decodeTraceLine } from "../telemetry/reader.js";
import type { TelemetryRecord } from "../telemetry/schema.js";
import { describeFlags, HELP_FLAG, parseArgs, UsageError, type FlagSpec } from "./args.js";
import { processIO, type CliIO, type Command } from "./io.js";
import { emitReport } from "./report-output.js";


const FLAGS: FlagSpec[] = [
  { name: "trace", kind: "string", valueName: "FILE", description: "Keep the telemetry trace (JSON lines) in FILE" },
  { name: "format", kind: "string", valueName: "FORMAT", description: `Report format: ${REPORT_FORMATS.join(", ")} (default: text)` },
  { name: "output", short: "o", kind: "string", valueName: "FILE", description: "Write the report to FILE instead of stdout" },
  { name: "fail-on", kind: "string", valueName: "LEVEL", description: "Exit 1 at this severity or above: error, warning, info, never (default: warning)" },
  { name: "sampling", kind: "string", valueName: "N", description: "Record tensor statistics every N steps (default: 10; the loss is recorded every step)" },
  { name: "quiet", short: "q", kind: "boolean", description: "No live view: only the final report" },
  HELP_FLAG,
];

export const WATCH_USAGE = `Usage: nncheck watch [options] -- node train.js [args...]
       nncheck watch [options] train.js [args...]

Run a TensorFlow.js training script unmodified and check its training as it runs
(gradients, activations, weights, updates, loss). The live view goes to stderr; the report
to stdout (or --output).
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or the script failed.

Options:
${describeFlags(FLAGS)}
`;

export interface WatchInvocation {
  command: string;
  args: string[];
  trace?: string;
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  sampling?: number;
  quiet: boolean;
}

/** Parses `watch` arguments; a bare script (train.js) runs with this node. */
export function readWatchInvocation(argv: string[]): WatchInvocation | "help" {
  const dashes = argv.indexOf("--");
  const own = dashes === -1 ? [] : argv.slice(0, dashes);
  let rest = dashes === -1 ? argv : argv.slice(dashes + 1);
  let flags: Record<string, string | boolean | string[]>;
  if (dashes === -1) {
    // Without "--", flags run up to the first positional: the program and its own arguments follow.
    const first = argv.findIndex((a, i) => !a.startsWith("-") && !FLAGS.some((f) => f.kind !== "boolean" && (argv[i - 1] === `--${f.name}` || (f.short && argv[i - 1] === `-${f.short}`))));
    const parsed = parseArgs(first === -1 ? argv : argv.slice(0, first), FLAGS);
    flags = parsed.flags;
    rest = first === -1 ? [] : argv.slice(first);
  } else {
    const parsed = parseArgs(own, FLAGS);
    if (parsed.positionals.length > 0) throw new UsageError(`Unexpected "${parsed.positionals[0]}" before "--"`);
    flags = parsed.flags;
  }
  if (flags["help"] === true) return "help";
  if (rest.length === 0) throw new UsageError("No program to run");
  const format = (flags["format"] as string | undefined) ?? "text";
  if (!isReportFormat(format)) throw new UsageError(`Unknown format "${format}" (expected ${REPORT_FORMATS.join(", ")})`);
  const failOn = (flags["fail-on"] as string | undefined) ?? "warning";
  if (!(FAIL_ON_VALUES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on expects one of ${FAIL_ON_VALUES.join(", ")} (got "${failOn}")`);
  const [head, ...tail] = rest as [string, ...string[]];
  const isScript = /\.(c|m)?js$/.test(head);
  const invocation: WatchInvocation = {
    command: isScript ? process.execPath : head,
    args: isScript ? [head, ...tail] : tail,
    format,
    failOn: failOn as FailOn,
    quiet: flags["quiet"] === true,
  };
  if (typeof flags["trace"] === "string") invocation.trace = flags["trace"];
  if (typeof flags["output"] === "string") invocation.output = flags["output"];
  if (typeof flags["sampling"] === "string") {
    const n = Number(flags["sampling"]);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--sampling expects a positive integer (got "${flags["sampling"]}")`);
    invocation.sampling = n;
  }
  return invocation;
}

/** Reads the complete lines appended to a file since the last call. */
export class TraceTail {
  private offset = 0;
  private pending = "";
  private lineNumber = 0;
  constructor(private readonly file: string) {}

  /** New complete lines as records; bad lines are passed to `onBad`. */
  poll(onBad: (line: number, error: string) => void): TelemetryRecord[] {
    if (!existsSync(this.file)) return [];
    const fd = openSync(this.file, "r");
    let text = "";
    try {
      const size = fstatSync(fd).size;
      if (size > this.offset) {
        const buffer = Buffer.alloc(size - this.offset);
        const read = readSync(fd, buffer, 0, buffer.length, this.offset);
        this.offset += read;
        text = buffer.subarray(0, read).toString("utf8");
      }
    } finally {
      closeSync(fd);
    }
    if (!text) return [];
    const lines = (this.pending + text).split("\n");
    this.pending = lines.pop() ?? "";
    const records: TelemetryRecord[] = [];
    for (const line of lines) {
      this.lineNumber++;
      if (!line.trim()) continue;
      try {
        records.push(decodeTraceLine(line, this.lineNumber));
      } catch (error) {
        onBad(this.lineNumber, error instanceof Error ? error.message : String(error));
      }
    }
    return records;
  }
}

/** The live view: a progress line (rewritten in place on a TTY) and findings as they appear. */
class LiveView {
  private lastLength = 0;
  private lastEpochShown = -1;
  private counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private step = -1;
  private epoch = 0;
  private loss = NaN;

  constructor(
    private readonly io: CliIO,
    private readonly tty: boolean,
    private readonly enabled: boolean,
  ) {}

  record(record: TelemetryRecord): void {
    if (record.type === "step") {
      this.step = record.step;
      this.epoch = record.epoch;
      this.loss = record.loss;
      if (this.tty) this.redraw();
    } else if (record.type === "epoch" && !this.tty && this.enabled && record.epoch !== this.lastEpochShown) {
      this.lastEpochShown = record.epoch;
      this.io.stderr(`nncheck: ${this.progress()}\n`);
    }
  }

  finding(finding: Finding): void {
    this.counts[finding.severity]++;
    if (!this.enabled) return;
    this.clear();
    const layer = finding.layer ? ` [${finding.layer.name}]` : "";
    const at = finding.steps ? ` at step ${finding.steps.first}` : "";
    this.io.stderr(`nncheck: ${finding.severity} ${finding.code} ${finding.name}${layer}${at}: ${finding.message}\n`);
    if (this.tty) this.redraw();
  }

  progress(): string {
    const parts = [`step ${Math.max(0, this.step + 1)}`, `epoch ${this.epoch + 1}`];
    if (this.step >= 0) parts.push(`loss ${Number.isFinite(this.loss) ? this.loss.toPrecision(4) : String(this.loss)}`);
    parts.push(`${this.counts.error} errors, ${this.counts.warning} warnings, ${this.counts.info} infos`);
    return parts.join(" · ");
  }

  private redraw(): void {
    if (!this.enabled) return;
    const line = `nncheck: ${this.progress()}`;
    this.io.stderr(`\r${line}${" ".repeat(Math.max(0, this.lastLength - line.length))}`);
    this.lastLength = line.length;
  }

  clear(): void {
    if (this.tty && this.enabled && this.lastLength > 0) {
      this.io.stderr(`\r${" ".repeat(this.lastLength)}\r`);
      this.lastLength = 0;
    }
  }
}

function defaultPreload(): string {
  return fileURLToPath(new URL("../probes/tfjs/watch-preload.js", import.meta.url));
}

export interface WatchRunOptions {
  /** The preload module (compiled JS); default: the one next to this file in dist/. */
  preload?: string;
  /** Poll interval for the trace file, ms. */
  pollMs?: number;
}

export async function runWatch(argv: string[], io: CliIO = processIO(), options: WatchRunOptions = {}): Promise<number> {
  let invocation: WatchInvocation | "help";
  try {
    invocation = readWatchInvocation(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`nncheck watch: ${error.message}\n\n${WATCH_USAGE}`);
    return 2;
  }
  if (invocation === "help") {
    io.stdout(WATCH_USAGE);
    return 0;
  }
  const preload = options.preload ?? defaultPreload();
  if (!existsSync(preload)) {
    io.stderr(`nncheck watch: the probe preload is missing (${preload}); build nncheck first (npm run build)\n`);
    return 2;
  }
  const started = Date.now();
  const tempDir = mkdtempSync(path.join(tmpdir(), "nncheck-watch-"));
  const childTrace = path.join(tempDir, "trace.jsonl");
  writeFileSync(childTrace, "");
  const keptTrace = invocation.trace === undefined ? undefined : path.resolve(io.cwd, invocation.trace);
  if (keptTrace) writeFileSync(keptTrace, "");

  const engine: CheckEngine = createCheckEngine({ failOn: "none" });
  const view = new LiveView(io, io.env["NNCHECK_FORCE_TTY"] === "1" || process.stderr.isTTY === true, !invocation.quiet);
  const tail = new TraceTail(childTrace);
  let sawRunStart = false;
  let runEnd: Extract<TelemetryRecord, { type: "run-end" }> | undefined;

  const drain = () => {
    const records = tail.poll((line, error) => io.stderr(`nncheck watch: skipped a bad telemetry line ${line}: ${error}\n`));
    if (records.length === 0) return;
    if (keptTrace) appendFileSync(keptTrace, records.map((r) => encodeLine(r) + "\n").join(""));
    for (const record of records) {
      if (record.type === "run-start") sawRunStart = true;
      if (record.type === "run-end") runEnd = record;
      if (record.type === "finding") continue; // the parent runs the checks itself
      engine.write(record);
      view.record(record);
      for (const finding of engine.takeNewFindings()) view.finding(finding);
    }
  };

  const nodeOptions = [io.env["NODE_OPTIONS"], `--import=${pathToFileURL(preload).href}`].filter(Boolean).join(" ");
  const env: NodeJS.ProcessEnv = { ...io.env, NODE_OPTIONS: nodeOptions, [TRACE_ENV]: childTrace };
  if (invocation.sampling !== undefined) env[SAMPLING_ENV] = String(invocation.sampling);

  let exit: { code: number | null; signal: NodeJS.Signals | null };
  const timer = setInterval(drain, options.pollMs ?? 100);
  // Ctrl-C reaches the program too (same process group): let it stop, then report what was seen.
  const keepAlive = () => undefined;
  process.on("SIGINT", keepAlive);
  try {
    exit = await new Promise((resolve, reject) => {
      const child = spawn(invocation.command, invocation.args, { cwd: io.cwd, env, stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve({ code, signal }));
    });
  } catch (error) {
    process.off("SIGINT", keepAlive);
    clearInterval(timer);
    rmSync(tempDir, { recursive: true, force: true });
    io.stderr(`nncheck watch: could not start ${invocation.command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.off("SIGINT", keepAlive);
  clearInterval(timer);
  drain();
  view.clear();
  rmSync(tempDir, { recursive: true, force: true });

  const findings = engine.findings();
  const files = [{ path: invocation.args[0] ?? invocation.command, parsed: true }];
  const report: Report = { tool: "watch", files, findings, rules: engine.descriptors(), summary: summarize(files, findings, Date.now() - started) };
  if (!(await emitReport(report, invocation.format, invocation.output, io))) return 2;

  if (!invocation.quiet) {
    if (!sawRunStart) io.stderr("nncheck watch: the program trained no TF.js model with fit/fitDataset (nothing was checked)\n");
    else io.stderr(`nncheck watch: ${view.progress()}${runEnd ? ` · run ${runEnd.status}` : " · run ended without run-end"}\n`);
  }
  if (exit.code !== 0) {
    io.stderr(`nncheck watch: the program ${exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`}\n`);
    return 2;
  }
  return findingsExitCode(findings, invocation.failOn);
}

export const command: Command = {
  name: "watch",
  summary: "Run a TF.js training script and check its training live",
  run: (argv, io) => runWatch(argv, io),
};
