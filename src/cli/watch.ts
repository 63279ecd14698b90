/**
 * `nncheck watch [options] -- node train.js [args]` or `-- python train.py`: runs an unmodified training
 * script with a probe preloaded, runs the dynamic checks live on the telemetry it writes, shows progress
 * and findings as they appear, and ends with a report. TF.js: the probe is a `--import` preload (through
 * NODE_OPTIONS so wrappers like `npm run` work too) appending to a trace file watch tails. Python (Keras,
 * TensorFlow, PyTorch): the probe is on the program's PYTHONPATH and streams telemetry through an
 * inherited descriptor, with a back channel through which an explicit `--fail-on` stops training
 * (src/probes/python/launch.ts). Every program gets both environments: wrappers (`npm run`, a shell
 * script) reach either kind of program.
 *
 * As a supervisor: the program leads its own process group; SIGINT, SIGTERM and SIGHUP sent to watch are
 * forwarded to that whole group (a second one, or STOP_GRACE_MS without an exit, kills it), the telemetry
 * written so far is read and kept, the report is printed, and the exit code says interrupted (128 + the
 * signal: 130, 143). A program that fails passes its exit code on (128 + n when killed by signal n).
 * Should watch itself end abruptly, the program's group is sent SIGTERM: it never trains on orphaned.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { severalRunsNote } from "../checks/check-trace.js";
import { diagnose } from "../checks/diagnosis.js";
import { placeKey } from "../report/fold.js";
import { createCheckEngine, type CheckEngine } from "../checks/engine.js";
import { CheckOptionsError } from "../checks/options.js";
import { loadCheckSettings, type CheckSettings } from "./check-config.js";
import { neutralize } from "../report/escape.js";
import type { FileResult, Finding, Report, Severity } from "../report/finding.js";
import { isReportFormat, OUTPUT_FORMATS, REPORT_FORMATS, type ReportFormat } from "../report/index.js";
import { ConfigError, FAIL_ON_VALUES, type FailOn } from "../lint/config.js";
import { findingsExitCode, summarize } from "../lint/lint.js";
import { PREFLIGHT_ENV, SAMPLING_ENV, TRACE_ENV } from "../probes/tfjs/watch-env.js";
import type { PreflightBudget } from "../probes/preflight-budget.js";
import { isPythonScript, ProbeConnection, PROBE_STDIO, PYTHON_ENV, pythonInterpreter, pythonProbeEnv, runsPython, WATCH_DIR_ENV } from "../probes/python/launch.js";
import { INTERNAL_ERROR_CODE, SEVERITY_RANK } from "../report/finding.js";
import { encodeLine } from "../telemetry/codec.js";
import { TraceDigestSink } from "../telemetry/digest.js";
import { READ_CHUNK_BYTES, TraceDecoder, type TraceReadSummary } from "../telemetry/reader.js";
import type { TelemetryRecord } from "../telemetry/schema.js";
import { describeFlags, HELP_FLAG, parseArgs, UsageError, type FlagSpec } from "./args.js";
import { outputFailure, processIO, type CliIO, type Command } from "./io.js";
import { emitReport } from "./report-output.js";


/** The preflight's budget for the child: the configuration's, with the gradient check on when D109 is enabled there. */
function preflightBudget(settings: CheckSettings): Partial<PreflightBudget> {
  const budget: Partial<PreflightBudget> = { ...settings.preflight };
  const d109 = settings.checks?.["D109"] ?? settings.checks?.["gradient-check"];
  if (budget.gradientCheck === undefined && d109?.enabled === true) budget.gradientCheck = true;
  return budget;
}

const FLAGS: FlagSpec[] = [
  { name: "trace", kind: "string", valueName: "FILE", description: "Keep the telemetry trace (JSON lines) in FILE" },
  { name: "format", kind: "string", valueName: "FORMAT", description: `Report format: ${REPORT_FORMATS.join(", ")} (default: text)` },
  { name: "output", short: "o", kind: "string", valueName: "FILE", description: "Write the report to FILE instead of stdout" },
  { name: "fail-on", kind: "string", valueName: "LEVEL", description: "Exit 1 at this severity or above: error, warning, info, never (default: warning); given, it also stops a Python training (Keras, TensorFlow, PyTorch) at the first such finding" },
  { name: "sampling", kind: "string", valueName: "N", description: "Record tensor statistics every N steps (default: 10; Python programs: every 10 for the first 4 samples, then as often as 2 % of the training's time allows; the loss is recorded every step)" },
  { name: "config", kind: "string", valueName: "FILE", description: 'Configuration with "checks", "failOn", "period" (default: nncheck.config.json or pyproject.toml found from the working directory upwards)' },
  { name: "no-config", kind: "boolean", description: "Ignore config files" },
  { name: "preflight", kind: "boolean", description: "Run the preflight checks (D101-D113) before the program trains: on the model and data of its first fit (TF.js, Keras), or of its first optimizer step (PyTorch)" },
  { name: "quiet", short: "q", kind: "boolean", description: "No live view: only the final report" },
  HELP_FLAG,
];

export const WATCH_USAGE = `Usage: nncheck watch [options] -- node train.js [args...]
       nncheck watch [options] -- python train.py [args...]
       nncheck watch [options] train.js|train.py [args...]

Run a TensorFlow.js, Keras, TensorFlow or PyTorch training script unmodified and check its
training as it runs (gradients, activations, weights, updates, loss). A bare train.py runs with
${PYTHON_ENV} (default: python3). The live view goes to stderr; the report
to stdout (or --output). With --format json, sarif or html and no --output, the program's own stdout
goes to stderr, so stdout holds the report alone.
Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the program's whole process group (a second one kills
it at once); what it recorded is checked, reported and kept in --trace.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or nncheck error (a probe that
failed included); 130/143 interrupted by SIGINT/SIGTERM; the program's own exit code when it
failed (128 + n when it was killed by signal n).

Options:
${describeFlags(FLAGS)}
`;

export interface WatchInvocation {
  command: string;
  args: string[];
  trace?: string;
  format: ReportFormat;
  output?: string;
  /** Given on the command line; else the configuration's, else "warning". */
  failOn?: FailOn;
  config?: string;
  noConfig?: boolean;
  sampling?: number;
  /** Run the preflight before the program's first fit. */
  preflight?: boolean;
  quiet: boolean;
  /** --fail-on was given: a Python training is stopped at the first finding at or above it. */
  stopOnFail: boolean;
}

/** Parses `watch` arguments; a bare script runs with this node (train.js) or Python (train.py, see PYTHON_ENV). */
export function readWatchInvocation(argv: string[], env: NodeJS.ProcessEnv = process.env): WatchInvocation | "help" {
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
  const failOn = flags["fail-on"] as string | undefined;
  if (failOn !== undefined && !(FAIL_ON_VALUES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on expects one of ${FAIL_ON_VALUES.join(", ")} (got "${failOn}")`);
  if (flags["config"] !== undefined && flags["no-config"] === true) throw new UsageError("--config and --no-config cannot be used together");
  const [head, ...tail] = rest as [string, ...string[]];
  const isScript = /\.(c|m)?js$/.test(head);
  const isPython = !isScript && isPythonScript(head);
  const invocation: WatchInvocation = {
    command: isScript ? process.execPath : isPython ? pythonInterpreter(env) : head,
    args: isScript || isPython ? [head, ...tail] : tail,
    format,
    quiet: flags["quiet"] === true,
    stopOnFail: typeof flags["fail-on"] === "string" && failOn !== "never",
  };
  if (failOn !== undefined) invocation.failOn = failOn as FailOn;
  if (typeof flags["config"] === "string") invocation.config = flags["config"];
  if (flags["no-config"] === true) invocation.noConfig = true;
  if (flags["preflight"] === true) invocation.preflight = true;
  if (typeof flags["trace"] === "string") invocation.trace = flags["trace"];
  if (typeof flags["output"] === "string") invocation.output = flags["output"];
  if (typeof flags["sampling"] === "string") {
    const n = Number(flags["sampling"]);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--sampling expects a positive integer (got "${flags["sampling"]}")`);
    invocation.sampling = n;
  }
  return invocation;
}

/**
 * Reads the records appended to a trace file since the last call, in bounded chunks through the shared
 * streaming decoder: a program that writes faster than it is read, or a line without end, never makes
 * the parent hold more than one line.
 */
export class TraceTail {
  private offset = 0;
  private readonly decoder: TraceDecoder;
  private batch: TelemetryRecord[] = [];

  constructor(
    private readonly file: string,
    onBad: (line: number, error: string) => void,
  ) {
    this.decoder = new TraceDecoder((record) => this.batch.push(record), { onBadLine: onBad });
  }

  /** New complete records, in order. */
  poll(): TelemetryRecord[] {
    let fd: number;
    try {
      fd = openSync(this.file, "r");
    } catch {
      return [];
    }
    try {
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      for (;;) {
        const read = readSync(fd, chunk, 0, chunk.length, this.offset);
        if (read === 0) break;
        this.offset += read;
        this.decoder.push(chunk.subarray(0, read));
      }
    } finally {
      closeSync(fd);
    }
    return this.take();
  }

  /** Ends the trace: a cut last line counts as truncated; returns the last records, if any. */
  end(): { records: TelemetryRecord[]; summary: TraceReadSummary } {
    const summary = this.decoder.end();
    return { records: this.take(), summary };
  }

  private take(): TelemetryRecord[] {
    const records = this.batch;
    this.batch = [];
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
  private loss: number | undefined;
  private runs = 0;
  /** The layer of the first finding at each place of the program (report/fold.ts's placeKey). */
  private readonly places = new Map<string, string>();

  constructor(
    private readonly io: CliIO,
    private readonly tty: boolean,
    private readonly enabled: boolean,
  ) {}

  record(record: TelemetryRecord): void {
    if (record.type === "run-start") this.runs++;
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
    // The same check at the same place on another layer (a block built in a loop): the report folds it into
    // the first (report/fold.ts), so the view neither shows nor counts it.
    const key = placeKey(finding);
    if (key !== undefined) {
      const first = this.places.get(key);
      if (first === undefined) this.places.set(key, finding.layer!.name);
      else if (first !== finding.layer!.name) return;
    }
    this.counts[finding.severity]++;
    if (!this.enabled) return;
    this.clear();
    const layer = finding.layer ? ` [${neutralize(finding.layer.name)}]` : "";
    const at = finding.steps ? ` at step ${finding.steps.first}` : "";
    this.io.stderr(`nncheck: ${finding.severity} ${finding.code} ${finding.name}${layer}${at}: ${neutralize(finding.message)}\n`);
    if (this.tty) this.redraw();
  }

  /** The report's counts, for the last line: a finding settled by its check since (a slow start) is information there. */
  countAs(summary: { errors: number; warnings: number; infos: number }): void {
    this.counts = { error: summary.errors, warning: summary.warnings, info: summary.infos };
  }

  progress(): string {
    const parts = [`step ${Math.max(0, this.step + 1)}`, `epoch ${this.epoch + 1}`];
    if (this.runs > 1) parts.unshift(`run ${this.runs}`);
    if (this.step >= 0 && this.loss !== undefined) parts.push(`loss ${Number.isFinite(this.loss) ? this.loss.toPrecision(4) : String(this.loss)}`);
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

/** Where interrupts come from: the process (default), or an emitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface WatchRunOptions {
  /** The preload module (compiled JS); default: the one next to this file in dist/. */
  preload?: string;
  /** Poll interval for the trace file, ms. */
  pollMs?: number;
  /** Where SIGINT/SIGTERM/SIGHUP come from (default: this process). */
  signals?: SignalSource;
  /** How long an interrupted program has to stop before its process group is killed (default STOP_GRACE_MS). */
  stopGraceMs?: number;
}

/** Interrupts forwarded to the program's process group. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** Time an interrupted program gets to stop (its own handlers, flushing) before SIGKILL. */
export const STOP_GRACE_MS = 10_000;
/** How long watch waits, once the program exited, for the rest of its telemetry (a forked worker may hold the descriptor). */
export const PROBE_DRAIN_MS = 3_000;

/** The shell's exit code for death by a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}

/** A setup problem found before the program starts (an unwritable --trace, a folder as --output): exit 2. */
class SetupError extends Error {}

function fileKind(info: Stats): string {
  if (info.isDirectory()) return "is a directory";
  if (info.isFIFO()) return "is a FIFO, not a regular file";
  if (info.isCharacterDevice()) return "is a character device, not a regular file";
  if (info.isBlockDevice()) return "is a block device, not a regular file";
  if (info.isSocket()) return "is a socket, not a regular file";
  return "is not a regular file";
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return "its folder does not exist";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "read-only file system";
  if (code === "EISDIR") return "is a directory";
  return error instanceof Error ? error.message : String(error);
}

/** Opens the --trace file for writing (truncated), refusing folders, devices and FIFOs before anything runs. */
function openKeptTrace(file: string, shown: string): number {
  let info: Stats | undefined;
  try {
    info = statSync(file);
  } catch {
    info = undefined; // created below
  }
  if (info && !info.isFile()) throw new SetupError(`--trace ${shown}: ${fileKind(info)}`);
  try {
    return openSync(file, "w");
  } catch (error) {
    throw new SetupError(`--trace ${shown}: cannot write it: ${fsReason(error)}`);
  }
}

/** Checks that --output can be written at the end, so hours of training do not end in a lost report. */
function checkOutputTarget(file: string, shown: string): void {
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw new SetupError(`--output ${shown}: is a directory`);
    return;
  } catch (error) {
    if (error instanceof SetupError) throw error;
  }
  try {
    if (!statSync(path.dirname(file)).isDirectory()) throw new SetupError(`--output ${shown}: its folder does not exist`);
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError(`--output ${shown}: ${fsReason(error)}`);
  }
}

/** The --trace copy the parent keeps: written through its own descriptor; a write failure stops it, once, with a warning. */
class KeptTrace {
  private failed = false;
  constructor(
    private fd: number | undefined,
    private readonly shown: string,
    private readonly warn: (text: string) => void,
  ) {}

  append(records: readonly TelemetryRecord[]): void {
    if (this.fd === undefined || records.length === 0) return;
    try {
      writeSync(this.fd, records.map((r) => encodeLine(r) + "\n").join(""));
    } catch (error) {
      this.failed = true;
      this.warn(`nncheck watch: ${outputFailure(error, `the trace ${this.shown}`) ?? `cannot write the trace ${this.shown}: ${fsReason(error)}`}; it stops here, checking goes on\n`);
      this.close();
    }
  }

  get incomplete(): boolean {
    return this.failed;
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Nothing more to save.
    }
    this.fd = undefined;
  }
}

export async function runWatch(argv: string[], io: CliIO = processIO(), options: WatchRunOptions = {}): Promise<number> {
  let invocation: WatchInvocation | "help";
  try {
    invocation = readWatchInvocation(argv, io.env);
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
  // The configuration (the same file lint reads): bad settings stop here, before the program runs.
  let settings: CheckSettings;
  let engine: CheckEngine;
  try {
    settings = await loadCheckSettings({ cwd: io.cwd, ...(invocation.config !== undefined ? { configPath: invocation.config } : {}), ...(invocation.noConfig ? { noConfig: true } : {}) });
    engine = createCheckEngine({ failOn: "none", ...(settings.checks ? { checks: settings.checks } : {}), ...(settings.period !== undefined ? { period: settings.period } : {}) });
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof CheckOptionsError)) throw error;
    io.stderr(`nncheck: invalid configuration: ${neutralize(error.message)}\n`);
    return 2;
  }
  const failOn: FailOn = invocation.failOn ?? settings.failOn ?? "warning";
  let keptFd: number | undefined;
  try {
    if (invocation.output !== undefined) checkOutputTarget(path.resolve(io.cwd, invocation.output), neutralize(invocation.output));
    if (invocation.trace !== undefined) keptFd = openKeptTrace(path.resolve(io.cwd, invocation.trace), neutralize(invocation.trace));
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    io.stderr(`nncheck watch: ${error.message}\n`);
    return 2;
  }
  const kept = new KeptTrace(keptFd, neutralize(invocation.trace ?? ""), io.stderr);
  const tempDir = mkdtempSync(path.join(tmpdir(), "nncheck-watch-"));
  const childTrace = path.join(tempDir, "trace.jsonl");
  writeFileSync(childTrace, "");

  // Bounded series of the run, for reporters that plot it (html).
  const digest = new TraceDigestSink();
  const view = new LiveView(io, io.env["NNCHECK_FORCE_TTY"] === "1" || process.stderr.isTTY === true, !invocation.quiet);
  const tail = new TraceTail(childTrace, (line, error) => io.stderr(`nncheck watch: skipped a bad telemetry line ${line}: ${neutralize(error)}\n`));
  let sawRunStart = false;
  let probeFailed = false;
  let runEnd: Extract<TelemetryRecord, { type: "run-end" }> | undefined;
  let tailFailure: string | undefined;
  let connection: ProbeConnection | undefined;

  const consume = (records: readonly TelemetryRecord[]): void => {
    kept.append(records);
    for (const record of records) {
      if (record.type === "run-start") sawRunStart = true;
      if (record.type === "run-end") runEnd = record;
      if (record.type === "finding" && record.finding.code === INTERNAL_ERROR_CODE) probeFailed = true;
      engine.write(record);
      digest.write(record);
      view.record(record);
      for (const finding of engine.takeNewFindings()) {
        view.finding(finding);
        // An explicit --fail-on stops a Python training at the first such finding (nncheck's own failures never do).
        if (invocation.stopOnFail && finding.code !== INTERNAL_ERROR_CODE && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[invocation.failOn as Severity]) {
          connection?.requestStop(`${finding.code} ${finding.name}: ${finding.message}`);
        }
      }
    }
  };
  const drain = (): void => {
    if (tailFailure !== undefined) return;
    try {
      consume(tail.poll());
    } catch (error) {
      // Another schema version, say: the program goes on; the report says what was not read.
      tailFailure = error instanceof Error ? error.message : String(error);
      io.stderr(`nncheck watch: stopped reading the telemetry: ${neutralize(tailFailure)}\n`);
    }
  };

  const nodeOptions = [io.env["NODE_OPTIONS"], `--import=${pathToFileURL(preload).href}`].filter(Boolean).join(" ");
  const env: NodeJS.ProcessEnv = { ...pythonProbeEnv(io.env), NODE_OPTIONS: nodeOptions, [TRACE_ENV]: childTrace };
  env[WATCH_DIR_ENV] = tempDir;
  if (invocation.sampling !== undefined) env[SAMPLING_ENV] = String(invocation.sampling);
  if (invocation.preflight) env[PREFLIGHT_ENV] = JSON.stringify(preflightBudget(settings));
  // A report in a machine format on stdout stays alone there: the program's own stdout goes to stderr.
  const machineOnStdout = invocation.output === undefined && OUTPUT_FORMATS[invocation.format].document;

  const signals: SignalSource = options.signals ?? process;
  let child: ChildProcess | undefined;
  let interrupted: NodeJS.Signals | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  /** Sends a signal to the program's whole process group (it leads one: spawned detached). */
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted !== undefined) {
      signalGroup("SIGKILL");
      return;
    }
    interrupted = signal;
    view.clear();
    io.stderr(`nncheck watch: ${signal}: stopping the program (send it again to kill it now)\n`);
    signalGroup(signal);
    killTimer = setTimeout(() => signalGroup("SIGKILL"), options.stopGraceMs ?? STOP_GRACE_MS);
  };
  // Should nncheck itself end abruptly, the program must not train on, orphaned.
  const onExit = (): void => {
    signalGroup("SIGTERM");
    rmSync(tempDir, { recursive: true, force: true });
  };

  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const timer = setInterval(drain, options.pollMs ?? 100);
  for (const signal of FORWARDED_SIGNALS) signals.on(signal, onSignal);
  process.on("exit", onExit);
  try {
    exit = await new Promise((resolve, reject) => {
      // Detached: the program leads its own process group, so a signal reaches it and all it started.
      child = spawn(invocation.command, invocation.args, { cwd: io.cwd, env, stdio: ["inherit", machineOnStdout ? 2 : "inherit", "inherit", ...PROBE_STDIO], detached: true });
      const telemetry = child.stdio[3] as Readable | null | undefined;
      const control = child.stdio[4] as Writable | null | undefined;
      if (telemetry) {
        connection = new ProbeConnection(
          telemetry,
          control ?? undefined,
          (record) => consume([record]),
          (line, error) => io.stderr(`nncheck watch: skipped a bad telemetry line ${line}: ${neutralize(error)}\n`),
          (message) => {
            tailFailure = message;
            io.stderr(`nncheck watch: stopped reading the telemetry: ${neutralize(message)}\n`);
          },
        );
      }
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve({ code, signal }));
    });
  } catch (error) {
    io.stderr(`nncheck watch: could not start ${neutralize(invocation.command)}: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    clearInterval(timer);
    if (killTimer) clearTimeout(killTimer);
    for (const signal of FORWARDED_SIGNALS) signals.off(signal, onSignal);
    process.off("exit", onExit);
  }
  if (exit === undefined) {
    await connection?.finish(0);
    kept.close();
    rmSync(tempDir, { recursive: true, force: true });
    if (runsPython(invocation.command, invocation.args)) io.stderr(`nncheck watch: name the interpreter (nncheck watch -- /path/to/python train.py) or set ${PYTHON_ENV}\n`);
    return 2;
  }
  // What the program wrote before it exited (a process it forked may hold the descriptor: not for long).
  await connection?.finish(PROBE_DRAIN_MS);
  drain();
  const last = tailFailure === undefined ? tail.end() : undefined;
  if (last) consume(last.records);
  kept.close();
  view.clear();
  rmSync(tempDir, { recursive: true, force: true });

  // Root cause first: findings grouped by layer and window, in causal order.
  const findings = diagnose(engine.findings());
  const file: FileResult = { path: programLabel(invocation.command, invocation.args), parsed: sawRunStart || probeFailed };
  if (engine.runs() > 1) file.notes = [{ message: severalRunsNote(engine.runs()) }];
  const python = runsPython(invocation.command, invocation.args);
  const node = !python && runsNode(invocation.command, invocation.args);
  // A probe that failed before its run started is reported as such (an internal finding), not as "nothing trained".
  if (!sawRunStart && !probeFailed) {
    const why = interrupted
      ? `the program was interrupted before any ${node ? "TF.js " : ""}training started`
      : python
        ? "the program trained no model the probe could see (Keras fit, a TensorFlow or PyTorch optimizer step)"
        : node
          ? "the program trained no TF.js model (no fit, fitDataset, optimizer update or tf.variableGrads was seen)"
          : // A shell script or another launcher: either probe may have been the one to see nothing.
            "the program trained no model the probes could see (Keras fit, a TensorFlow or PyTorch optimizer step in Python; a TF.js fit, optimizer update or tf.variableGrads)";
    file.error = { kind: "unchecked", message: `${why}: nothing was checked` };
  } else if (tailFailure !== undefined) {
    file.error = { message: `the telemetry could not be read to its end: ${tailFailure}` };
  }
  const files = [file];
  const report: Report = { tool: "watch", files, findings, rules: engine.descriptors(), summary: summarize(files, findings, Date.now() - started), trace: digest.digest() };
  const emitted = await emitReport(report, invocation.format, invocation.output, io);
  view.countAs(report.summary);

  if (!invocation.quiet || interrupted || exit.code !== 0) {
    if (file.error?.kind === "unchecked") io.stderr(`nncheck watch: ${file.error.message}\n`);
    else if (!invocation.quiet) io.stderr(`nncheck watch: ${view.progress()}${runEnd ? ` · run ${runEnd.status}` : " · run ended without run-end"}\n`);
  }
  if (interrupted !== undefined) {
    const how = exit.signal ? `stopped by ${exit.signal}` : `exited with code ${exit.code}`;
    io.stderr(`nncheck watch: interrupted by ${interrupted}: the program ${how}${invocation.trace !== undefined && !kept.incomplete ? `; the trace in ${neutralize(invocation.trace)} is complete up to there` : ""}\n`);
    return signalExitCode(interrupted);
  }
  // Stopped at our request: a loop without a stop flag (PyTorch, a TensorFlow loop) ends by an exception.
  const stoppedForUs = connection?.stopRequested === true && runEnd?.status === "stopped";
  if (stoppedForUs) io.stderr(`nncheck watch: training stopped at the first finding at or above ${invocation.failOn} (--fail-on)\n`);
  if (exit.signal && !stoppedForUs) {
    io.stderr(`nncheck watch: the program was killed by ${exit.signal}\n`);
    return signalExitCode(exit.signal);
  }
  if (exit.code !== 0 && !stoppedForUs) {
    io.stderr(`nncheck watch: the program exited with code ${exit.code}\n`);
    return exit.code ?? 2;
  }
  if (!emitted) return 2;
  return findingsExitCode(findings, failOn);
}

export const command: Command = {
  name: "watch",
  summary: "Run a TF.js, Keras, TensorFlow or PyTorch training script and check its training live",
  run: (argv, io) => runWatch(argv, io),
};

/**
 * What the report names the program by: its script (a launcher's, `torchrun --nproc_per_node=2 train.py`,
 * included), else the command's first argument, else the command.
 */
export function programLabel(command: string, args: readonly string[]): string {
  return args.find((arg) => isPythonScript(arg) || isJavaScriptFile(arg)) ?? args[0] ?? command;
}

/** A JavaScript or TypeScript source file (`.js`, `.mjs`, `.cjs`, `.ts`, `.mts`, `.cts`). */
const isJavaScriptFile = (file: string): boolean => /\.(m|c)?[jt]s$/i.test(file);

/** Whether a command runs JavaScript (for messages only: every program gets both probes' environment). */
export function runsNode(command: string, args: readonly string[]): boolean {
  const name = path.basename(command).toLowerCase();
  return /^(node|nodejs|npx|npm|pnpm|yarn|tsx|ts-node|bun|deno)(\.exe|\.cmd)?$/.test(name) || isJavaScriptFile(command) || args.some(isJavaScriptFile);
}
