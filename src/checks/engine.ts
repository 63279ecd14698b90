/**
 * The checks engine: consumes telemetry records one at a time (live in the probe's process, or offline
 * from a trace), keeps the windows, runs each enabled check on the records it listens to, and turns
 * their reports into de-duplicated, summarised findings. It never throws to its caller: a check that
 * throws is reported once, as an internal finding naming it, and disabled.
 */
import { formatMessage, SEVERITY_RANK, type Finding, type RuleDescriptor, type Severity } from "../report/finding.js";
import type { TelemetryMonitor, TelemetryRecord } from "../telemetry/schema.js";
import type { CheckReport, CheckTrigger } from "./check.js";
import { resolveChecks, type CheckEngineOptions, type ResolvedCheck } from "./options.js";
import { allChecks } from "./rules/index.js";
import { CheckState } from "./state.js";
import { UnknownRecordTypeError, validateRecord } from "../telemetry/validate.js";

/** The code of nncheck's own failures (shared with lint's engine, so tools can treat them alike). */
export const INTERNAL_ERROR_CODE = "nncheck-internal-error";

/** The descriptor of the internal finding raised when a check crashes or a record is malformed. */
export const CHECK_CRASHED: RuleDescriptor = {
  code: INTERNAL_ERROR_CODE,
  name: "check-crashed",
  family: "internal",
  severity: "warning",
  lifecycle: "stable",
  frameworks: [],
  needs: [],
  messages: {
    crashed: "check {code} {name} failed and was disabled: {error}",
    badRecord: "skipped malformed telemetry record(s): {error}",
    probeFailed: "{message}",
  },
  options: {},
  docs: {
    summary: "A dynamic check failed (and was disabled), the probe failed (and stopped recording), or the engine skipped a malformed record.",
    whatItChecks: "Nothing about the program: it reports that nncheck itself could not record the run, evaluate a check or read a record.",
    whyItMatters: "The check's fault class was not examined after the failure; its silence means nothing.",
    example: "A trace whose tensor statistics lack a field the check relies on.",
    fix: "Report the message to nncheck's maintainers; disable the check meanwhile.",
    references: [],
  },
};

interface Entry {
  finding: Finding;
  /** The run (0-based) the finding belongs to. */
  run: number;
  /** For choosing the worst value. */
  direction: "max" | "min";
  /** Settled by its check (CheckContext.settle): its message and severity no longer change. */
  settled?: boolean;
}

export interface CheckEngine extends TelemetryMonitor {
  /** The descriptors of the checks that ran, plus nncheck-internal-error when a check crashed (for reporters). */
  descriptors(): RuleDescriptor[];
  /** The windows the checks read (for tests and tools): the current run's. */
  readonly state: CheckState;
  /** Training runs seen (run-start records); each starts with fresh windows. */
  runs(): number;
}

export function createCheckEngine(options: CheckEngineOptions = {}): CheckEngine {
  return new Engine(options);
}

class Engine implements CheckEngine {
  private windows = new CheckState();
  private runCount = 0;
  /** The enabled checks listening to each trigger (a crashed check is dropped from all of them). */
  private listeners: Record<CheckTrigger, readonly ResolvedCheck[]>;
  private readonly ran: RuleDescriptor[];
  private readonly entries = new Map<string, Entry>();
  private fresh: Finding[] = [];
  private stop: string | undefined;
  private crashed = false;

  constructor(private readonly options: CheckEngineOptions) {
    const active = resolveChecks(options.registry ?? allChecks, options.checks);
    this.ran = active.map((c) => c.check.meta);
    this.listeners = listenersByTrigger(active);
  }

  write(record: TelemetryRecord): void {
    try {
      // Records from a live probe skip the reader: validate here so no check sees a malformed one.
      this.consume(validateRecord(record));
    } catch (error) {
      // A record type from a newer minor version carries nothing these checks read.
      if (error instanceof UnknownRecordTypeError) return;
      // A malformed record (or a bookkeeping failure) must not kill the user's training either.
      this.raise(CHECK_CRASHED, "warning", "record", { messageId: "badRecord", data: { error: describe(error) } }, "max");
    }
  }

  private consume(record: TelemetryRecord): void {
    switch (record.type) {
      case "run-start":
        // Another model (or a restarted loop): its windows start empty; its findings join the others.
        if (this.runCount > 0) this.windows = new CheckState();
        this.runCount++;
        this.state.startRun(record, this.options.period);
        return;
      case "step": {
        const period = this.state.addStep(record);
        this.run("step");
        // The loss of a game (a GAN's side, schema 1.6 `adversarial`), or one chasing targets that move with the
        // model (a DQN's, schema 1.10 `movingTarget`), need not fall: the loss trend checks, which read periods
        // and epochs, are not run on it.
        if (period && this.state.lossShouldFall) this.run("period");
        return;
      }
      case "tensors":
        this.state.addTensors(record);
        this.run("tensors");
        this.state.tensors = undefined;
        return;
      case "epoch":
        this.state.addEpoch(record);
        if (this.state.lossShouldFall) this.run("epoch");
        return;
      case "preflight":
        this.state.addPreflight(record);
        this.run("preflight");
        this.state.preflight = undefined;
        return;
      case "finding":
        // The probe's own failure: the rest of the run went unchecked, which the report must say.
        if (record.finding.code === INTERNAL_ERROR_CODE) {
          const step = record.finding.steps?.first;
          this.crashed = true;
          this.raise(CHECK_CRASHED, "warning", "probe", { messageId: "probeFailed", data: { message: record.finding.message }, ...(step !== undefined ? { step } : {}) }, "max");
        }
        // Other findings of a live run are the checks' own: the engine raises them again itself.
        return;
      default:
        // run-end records carry nothing the checks read.
        return;
    }
  }

  private run(trigger: CheckTrigger): void {
    // `disable` replaces the lists rather than editing them, so this loop's list stays intact.
    for (const resolved of this.listeners[trigger]) {
      try {
        resolved.check.check({
          state: this.state,
          options: resolved.options,
          trigger,
          report: (report: CheckReport) => this.accept(resolved, report),
          settle: (report: CheckReport) => this.settle(resolved, report),
        });
      } catch (error) {
        this.disable(resolved, error);
      }
    }
  }

  private accept(resolved: ResolvedCheck, report: CheckReport): void {
    const template = resolved.check.meta.messages[report.messageId];
    if (template === undefined) throw new Error(`reported undeclared message id "${report.messageId}"`);
    const severity = resolved.severityOverridden ? resolved.severity : (report.severity ?? resolved.severity);
    this.raise(resolved.check.meta, severity, report.subject ?? "", report, report.worse ?? resolved.check.worst ?? "max");
  }

  /** An earlier finding of this check that the run has since refuted: information from now on, in the settling report's words. */
  private settle(resolved: ResolvedCheck, report: CheckReport): void {
    const meta = resolved.check.meta;
    const template = meta.messages[report.messageId];
    if (template === undefined) throw new Error(`reported undeclared message id "${report.messageId}"`);
    const entry = this.entries.get(this.entryKey(meta.code, report.layer, report.subject ?? ""));
    if (entry === undefined) return;
    entry.settled = true;
    // A severity the user chose for the check stands.
    if (!resolved.severityOverridden) entry.finding.severity = "info";
    // The latest settling report's words: the run as it ended.
    entry.finding.message = formatMessage(withoutEmptyLayer(template, report.data), report.data);
  }

  private entryKey(code: string, layer: string | undefined, subject: string): string {
    return `${Math.max(0, this.runCount - 1)}\u0000${code}\u0000${layer ?? ""}\u0000${subject}`;
  }

  private raise(meta: RuleDescriptor, severity: Severity, subject: string, report: CheckReport, direction: "max" | "min"): void {
    const step = report.step ?? Math.max(this.state.step, 0);
    // Formatted only for a new finding or a worse value: a persisting fault repeats every record.
    const format = () => formatMessage(withoutEmptyLayer(meta.messages[report.messageId] ?? report.messageId, report.data), report.data);
    const run = Math.max(0, this.runCount - 1);
    const key = this.entryKey(meta.code, report.layer, subject);
    const existing = this.entries.get(key);
    if (existing) {
      const f = existing.finding;
      const steps = f.steps!;
      steps.count++;
      steps.first = Math.min(steps.first, step);
      steps.last = Math.max(steps.last, step);
      if (report.value !== undefined && isWorse(report.value, f.worst, direction)) {
        f.worst = report.value;
        if (!existing.settled) f.message = format(); // the message describes the worst occurrence
      }
      return;
    }
    const message = format();
    const finding: Finding = { code: meta.code, name: meta.name, severity, message, steps: { first: step, last: step, count: 1 } };
    if (report.value !== undefined && !Number.isNaN(report.value)) finding.worst = report.value;
    if (run > 0) finding.run = run + 1;
    if (report.configuration) finding.configuration = true;
    this.locate(finding, report.layer);
    this.entries.set(key, { finding, direction, run });
    this.fresh.push(finding);
    // An internal failure of nncheck never stops the user's training.
    const failOn = this.options.failOn ?? "never";
    if (failOn !== "never" && failOn !== "none" && meta !== CHECK_CRASHED && this.stop === undefined && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn]) {
      this.stop = `${meta.code} ${meta.name}: ${message}`;
    }
    try {
      this.options.onFinding?.(copy(finding));
    } catch {
      // A failing listener is the caller's problem, not a reason to lose the finding.
    }
  }

  private locate(finding: Finding, layerName: string | undefined): void {
    // A parameter of no layer (tensors trained with no module) is located by its name alone.
    if (layerName === undefined || layerName === "") return;
    const layer = this.state.layer(layerName);
    if (!layer) {
      finding.layer = { name: layerName, kind: "unknown", index: -1 };
      return;
    }
    finding.layer = { name: layer.name, kind: layer.kind, index: layer.index };
    if (layer.span) {
      finding.file = layer.span.file;
      finding.line = layer.span.line;
      finding.column = layer.span.column;
      finding.endLine = layer.span.endLine;
      finding.endColumn = layer.span.endColumn;
    }
  }

  private disable(resolved: ResolvedCheck, error: unknown): void {
    const listeners = { ...this.listeners };
    for (const trigger of TRIGGERS) listeners[trigger] = listeners[trigger].filter((c) => c !== resolved);
    this.listeners = listeners;
    this.crashed = true;
    const { code, name } = resolved.check.meta;
    this.raise(CHECK_CRASHED, "warning", code, { messageId: "crashed", data: { code, name, error: describe(error) } }, "max");
  }

  shouldStop(): boolean {
    return this.stop !== undefined;
  }

  stopReason(): string | undefined {
    return this.stop;
  }

  takeNewFindings(): Finding[] {
    const fresh = this.fresh.map(copy);
    this.fresh = [];
    return fresh;
  }

  findings(): Finding[] {
    const several = this.runCount > 1;
    return [...this.entries.values()].map((e) => (several ? { ...copy(e.finding), run: e.run + 1 } : copy(e.finding)));
  }

  get state(): CheckState {
    return this.windows;
  }

  runs(): number {
    return this.runCount;
  }

  descriptors(): RuleDescriptor[] {
    return this.crashed ? [...this.ran, CHECK_CRASHED] : [...this.ran];
  }
}

const TRIGGERS: readonly CheckTrigger[] = ["step", "tensors", "epoch", "period", "preflight"];

function listenersByTrigger(active: readonly ResolvedCheck[]): Record<CheckTrigger, readonly ResolvedCheck[]> {
  const byTrigger = {} as Record<CheckTrigger, readonly ResolvedCheck[]>;
  for (const trigger of TRIGGERS) byTrigger[trigger] = active.filter((c) => c.check.on.includes(trigger));
  return byTrigger;
}

function isWorse(value: number, current: number | undefined, direction: "max" | "min"): boolean {
  if (Number.isNaN(value)) return false;
  if (current === undefined) return true;
  return direction === "max" ? value > current : value < current;
}

function copy(finding: Finding): Finding {
  const out: Finding = { ...finding };
  if (finding.steps) out.steps = { ...finding.steps };
  if (finding.layer) out.layer = { ...finding.layer };
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A message about a parameter of no layer (bare tensors fitted by hand, with no module) says nothing of a
 * layer: "{tensor} of layer {layer}" and "{tensor} (layer {layer})" lose the empty name.
 */
function withoutEmptyLayer(template: string, data: Record<string, unknown> | undefined): string {
  if (data?.["layer"] !== "") return template;
  // A tensor of no layer (a PyTorch root module's own parameter, a Keras model's own weight) is named in the
  // layer's place when the message would not name it otherwise: "gradients of model/temperature are vanishing".
  const tensor = data["tensor"];
  const named = typeof tensor === "string" && tensor !== "" && !template.includes("{tensor}") ? " of {tensor}" : "";
  return template.replace(/ of layer \{layer\}/g, named).replace(/ \(layer \{layer\}\)/g, "");
}
