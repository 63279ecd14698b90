/**
 * `createNncheckCallback(tf, options)`: a `model.fit` / `model.fitDataset` callback that records telemetry
 * and hands it to a live monitor when given one (the checks engine: src/live/ composes the two; the probe
 * never imports a check). Training stops (`model.stopTraining = true`) when the monitor asks.
 *
 * One callback reused over several fit calls on the same model (one fit per epoch, say) records one run:
 * steps and epochs go on across the calls, and the run ends (run-end) when another model starts training
 * with it, when `close()` is called, or when the process exits.
 */
import type * as tf from "@tensorflow/tfjs";
import { writeFileSync } from "node:fs";
import type { Finding } from "../../report/finding.js";
import type { TelemetryMonitor, TelemetrySink } from "../../telemetry/schema.js";
import { createTraceWriter, type LineStream, type TraceWriter } from "../../telemetry/writer.js";
import { installModelHooks, type Restore } from "./hooks.js";
import { TfjsProbe, type ProbeOptions } from "./probe.js";

export interface NncheckCallbackOptions extends Omit<ProbeOptions, "sinks"> {
  /** A trace file (truncated when the callback is created) or a stream for JSON-lines telemetry. */
  trace?: string | LineStream;
  /** More record consumers. */
  sinks?: TelemetrySink[];
  /** Print findings as they are first raised (default: true when there is a monitor). */
  printFindings?: boolean;
  /** Called at the end of each fit call with the findings so far (when a monitor runs). */
  onTrainEnd?: (findings: Finding[], probe: TfjsProbe) => void;
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

/** Runs still open, ended when the process exits (one listener for all callbacks). */
const OPEN_RUNS = new Set<() => void>();
let exitListening = false;

export interface NncheckCallback extends tf.Callback {
  /** The probe of the current (or last) run. */
  readonly probe: TfjsProbe | undefined;
  /** Findings so far (empty without a monitor). */
  findings(): Finding[];
  /** Ends a run that threw out of fit (TF.js then never calls onTrainEnd): records run-end "crashed". */
  abort(error: unknown): void;
  /** Ends the current run (run-end) and closes the trace; a later fit starts a new run. */
  close(): void;
}

/** What the callback needs of a TF.js instance: the program's own, so `instanceof` checks in fit hold. */
export interface TfjsLibrary {
  Callback: typeof tf.Callback;
  getBackend(): string;
}

/**
 * Creates the callback on a given TF.js instance (src/live/ binds nncheck's own; the `watch` preload binds
 * the program's).
 */
export function createNncheckCallback(lib: TfjsLibrary, options: NncheckCallbackOptions = {}): NncheckCallback {
  const Base = lib.Callback;
  let traceWriter: TraceWriter | undefined;
  if (typeof options.trace === "string") writeFileSync(options.trace, "");
  const trace = options.trace;
  // Opened on first use and closed after each fit call (so the file is complete between calls); a later
  // record (the next call's, or the run's end) opens it again to append.
  const traceSink: TelemetrySink | undefined =
    trace === undefined
      ? undefined
      : {
          write(record) {
            traceWriter ??= createTraceWriter(trace);
            traceWriter.write(record);
          },
        };
  const monitor = options.monitor;

  class ProbeCallback extends Base implements NncheckCallback {
    probe: TfjsProbe | undefined;
    private restore: Restore | undefined;
    /** The model the open run trains; a fit on another model ends it. */
    private runModel: tf.LayersModel | undefined;
    /** Epochs of earlier fit calls of this run: added to each call's own epoch numbers (which start at 0). */
    private epochOffset = 0;
    /** The next epoch of the run (one past the last begun). */
    private nextEpoch = 0;
    private firstEpochOfCall = true;
    private epoch = 0;
    private exitHook: (() => void) | undefined;

    findings(): Finding[] {
      return monitor?.findings() ?? [];
    }

    override async onTrainBegin(): Promise<void> {
      const model = this.model;
      const continuing = this.probe !== undefined && this.probe.active && model !== undefined && model === this.runModel;
      if (!continuing) this.endRun("completed");
      const sinks = [...(options.sinks ?? [])];
      if (traceSink) sinks.push(traceSink);
      if (!continuing) {
        const print = options.printFindings ?? monitor !== undefined;
        const userOnFinding = options.onFinding;
        this.probe = new TfjsProbe({
          ...options,
          sinks,
          monitor,
          onFinding: (f) => {
            if (print) console.warn(formatFinding(f));
            userOnFinding?.(f);
          },
        });
        this.runModel = model;
        this.epochOffset = 0;
        this.nextEpoch = 0;
        this.probe.start(model, model?.optimizer, lib.getBackend());
        this.armExitHook();
      }
      this.firstEpochOfCall = true;
      if (model && this.probe?.active) {
        try {
          this.restore = installModelHooks(model, this.probe, model.optimizer);
        } catch (error) {
          console.warn(`nncheck: could not instrument the model (${error instanceof Error ? error.message : String(error)}); training continues unchecked`);
        }
      }
    }

    override async onEpochBegin(epoch: number): Promise<void> {
      // A fit call counts its epochs from 0 (or its initialEpoch): continue the run's count instead.
      if (this.firstEpochOfCall) {
        this.epochOffset = epoch < this.nextEpoch ? this.nextEpoch - epoch : 0;
        this.firstEpochOfCall = false;
      }
      this.epoch = epoch + this.epochOffset;
      this.nextEpoch = this.epoch + 1;
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
      this.probe?.endEpoch(epoch + this.epochOffset, values);
      if (this.probe?.stopReason !== undefined && this.model) this.model.stopTraining = true;
    }

    override async onTrainEnd(): Promise<void> {
      this.restore?.();
      this.restore = undefined;
      const probe = this.probe;
      if (!probe) return;
      // Stopped by a check: the run is over. Otherwise another fit call may continue it.
      if (probe.stopReason !== undefined) this.endRun("stopped");
      else this.closeTrace();
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
      this.endRun("crashed", error instanceof Error ? error.message : String(error));
    }

    close(): void {
      this.endRun("completed");
    }

    private endRun(status: "completed" | "stopped" | "crashed", reason?: string): void {
      const probe = this.probe;
      // Ending is idempotent (and still writes a best-effort run-end after the probe failed).
      probe?.end(probe.stopReason !== undefined ? "stopped" : status, reason ?? probe.stopReason);
      this.runModel = undefined;
      this.closeTrace();
      if (this.exitHook) {
        OPEN_RUNS.delete(this.exitHook);
        this.exitHook = undefined;
      }
    }

    /** A run still open when the process exits is ended then (writes are synchronous). */
    private armExitHook(): void {
      if (this.exitHook) return;
      this.exitHook = () => this.endRun("completed");
      OPEN_RUNS.add(this.exitHook);
      if (!exitListening) {
        exitListening = true;
        process.on("exit", () => {
          for (const end of [...OPEN_RUNS]) end();
        });
      }
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
