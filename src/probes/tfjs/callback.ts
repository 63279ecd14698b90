/**
 * `nncheckCallback(options)`: a `model.fit` / `model.fitDataset` callback that records telemetry and,
 * when checks are on, runs the dynamic checks live and can stop training at the first finding at or
 * above `failOn`.
 *
 *   await model.fit(xs, ys, { epochs: 5, callbacks: [nncheckCallback({ trace: "run.jsonl", failOn: "error" })] });
 */
import type * as tf from "@tensorflow/tfjs";
import { writeFileSync } from "node:fs";
import type { Finding, Severity } from "../../report/finding.js";
import type { TelemetryMonitor, TelemetrySink } from "../../telemetry/schema.js";
import { createTraceWriter, type LineStream, type TraceWriter } from "../../telemetry/writer.js";
import { installModelHooks, type Restore } from "./hooks.js";
import { TfjsProbe, type ProbeOptions } from "./probe.js";

export interface NncheckCallbackOptions extends Omit<ProbeOptions, "sinks" | "monitor"> {
  /** A trace file (truncated when the callback is created) or a stream for JSON-lines telemetry. */
  trace?: string | LineStream;
  /** More record consumers. */
  sinks?: TelemetrySink[];
  /**
   * Live checks: `true` (default when `failOn` is set) runs the catalogue with its defaults, an object
   * configures the engine (src/checks/engine.ts), a TelemetryMonitor is used as given, `false` records only.
   */
  checks?: boolean | TelemetryMonitor | Record<string, unknown>;
  /** Stop training (`model.stopTraining = true`) at the first finding at/above this severity. */
  failOn?: Severity | "none";
  /** Print findings as they are first raised (default: true when checks run). */
  printFindings?: boolean;
  /** Called at the end of training with the findings so far (when checks ran). */
  onTrainEnd?: (findings: Finding[], probe: TfjsProbe) => void;
}

function isMonitor(value: unknown): value is TelemetryMonitor {
  return !!value && typeof (value as TelemetryMonitor).write === "function" && typeof (value as TelemetryMonitor).takeNewFindings === "function";
}

/** Resolves the monitor: imported lazily so the probe never loads check rules unless asked to. */
async function resolveMonitor(options: NncheckCallbackOptions): Promise<TelemetryMonitor | undefined> {
  const checks = options.checks ?? (options.failOn !== undefined && options.failOn !== "none" ? true : false);
  if (checks === false) return undefined;
  if (isMonitor(checks)) return checks;
  const { createCheckEngine } = await import("../../checks/engine.js");
  const config = typeof checks === "object" ? checks : {};
  return createCheckEngine({ ...config, failOn: options.failOn ?? "none" });
}

function scalarOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (value instanceof Object && typeof (value as tf.Tensor).dataSync === "function") {
    const tensor = value as tf.Tensor;
    if (tensor.isDisposed || tensor.size !== 1) return undefined;
    return tensor.dataSync()[0];
  }
  return undefined;
}

/** Logs of a batch or an epoch as numbers (TF.js passes tensors to class-based callbacks). */
export function resolveLogs(logs: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (key === "batch" || key === "size") continue;
    const n = scalarOf(value);
    if (n !== undefined) out[key] = n;
  }
  return out;
}

function formatFinding(f: Finding): string {
  const where = f.layer ? ` [${f.layer.name}]` : "";
  const at = f.steps ? ` (step ${f.steps.first})` : "";
  return `nncheck ${f.severity} ${f.code} ${f.name}${where}${at}: ${f.message}`;
}

export interface NncheckCallback extends tf.Callback {
  /** The probe of the current (or last) run. */
  readonly probe: TfjsProbe | undefined;
  /** Findings of the last run (empty when checks were off). */
  findings(): Finding[];
  /** Ends a run that threw out of fit (TF.js then never calls onTrainEnd): records run-end "crashed". */
  abort(error: unknown): void;
}

/** What the callback needs of a TF.js instance: the program's own, so `instanceof` checks in fit hold. */
export interface TfjsLibrary {
  Callback: typeof tf.Callback;
  getBackend(): string;
}

/**
 * Creates the callback on a given TF.js instance (`nncheckCallback` in api.ts binds nncheck's own; the
 * `watch` preload binds the program's).
 */
export function createNncheckCallback(lib: TfjsLibrary, options: NncheckCallbackOptions = {}): NncheckCallback {
  const Base = lib.Callback;
  let traceWriter: TraceWriter | undefined;
  if (typeof options.trace === "string") writeFileSync(options.trace, "");

  class ProbeCallback extends Base implements NncheckCallback {
    probe: TfjsProbe | undefined;
    private monitor: TelemetryMonitor | undefined;
    private restore: Restore | undefined;
    private epoch = 0;

    findings(): Finding[] {
      return this.monitor?.findings() ?? [];
    }

    override async onTrainBegin(): Promise<void> {
      try {
        this.monitor = await resolveMonitor(options);
      } catch (error) {
        console.warn(`nncheck: live checks unavailable (${error instanceof Error ? error.message : String(error)}); recording only`);
        this.monitor = undefined;
      }
      const sinks = [...(options.sinks ?? [])];
      if (options.trace !== undefined) {
        traceWriter ??= createTraceWriter(options.trace);
        sinks.push(traceWriter);
      }
      const print = options.printFindings ?? this.monitor !== undefined;
      const userOnFinding = options.onFinding;
      this.probe = new TfjsProbe({
        ...options,
        sinks,
        monitor: this.monitor,
        onFinding: (f) => {
          if (print) console.warn(formatFinding(f));
          userOnFinding?.(f);
        },
      });
      const model = this.model;
      this.probe.start(model, model?.optimizer, lib.getBackend());
      if (model && this.probe.active) {
        try {
          this.restore = installModelHooks(model, this.probe, model.optimizer);
        } catch (error) {
          console.warn(`nncheck: could not instrument the model (${error instanceof Error ? error.message : String(error)}); training continues unchecked`);
        }
      }
    }

    override async onEpochBegin(epoch: number): Promise<void> {
      this.epoch = epoch;
    }

    override async onBatchBegin(batch: number): Promise<void> {
      this.probe?.beginStep(this.epoch, batch);
    }

    override async onBatchEnd(_batch: number, logs?: tf.Logs): Promise<void> {
      const probe = this.probe;
      if (!probe) return;
      let values: Record<string, number> = {};
      try {
        values = resolveLogs(logs as Record<string, unknown> | undefined);
      } catch {
        // Unreadable logs: the step is recorded without them.
      }
      const { loss = NaN, ...metrics } = values;
      probe.endStep(loss, metrics);
      if (probe.stopReason !== undefined && this.model) this.model.stopTraining = true;
    }

    override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
      let values: Record<string, number> = {};
      try {
        values = resolveLogs(logs as Record<string, unknown> | undefined);
      } catch {
        // As above.
      }
      this.probe?.endEpoch(epoch, values);
      if (this.probe?.stopReason !== undefined && this.model) this.model.stopTraining = true;
    }

    override async onTrainEnd(): Promise<void> {
      this.restore?.();
      this.restore = undefined;
      const probe = this.probe;
      if (!probe) return;
      const reason = probe.stopReason;
      probe.end(reason !== undefined ? "stopped" : "completed", reason);
      this.closeTrace();
      try {
        options.onTrainEnd?.(this.findings(), probe);
      } catch {
        // A user hook must not fail the training.
      }
    }

    /** Ends a run that threw out of fit (onTrainEnd never came). */
    abort(error: unknown): void {
      this.restore?.();
      this.restore = undefined;
      this.probe?.end("crashed", error instanceof Error ? error.message : String(error));
      this.closeTrace();
    }

    /** Closes a trace file this callback opened (a later fit with the same callback appends to it). */
    private closeTrace(): void {
      if (typeof options.trace !== "string") return;
      traceWriter?.close();
      traceWriter = undefined;
    }
  }

  return new ProbeCallback();
}
