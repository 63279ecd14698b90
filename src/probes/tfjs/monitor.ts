/**
 * `watchOptimizer(optimizer, model?)`: the probe for custom training loops. Wraps the optimizer's
 * `minimize`, `computeGradients` and `applyGradients` so each optimizer step becomes a telemetry step
 * (loss from the value `minimize`/`computeGradients` compute anyway), and, with the model, each layer's
 * `call` so outputs of the step's forward pass are recorded on sampled steps.
 */
import * as tf from "@tensorflow/tfjs";
import type { Finding } from "../../report/finding.js";
import type { TelemetryMonitor, TelemetrySink } from "../../telemetry/schema.js";
import { createTraceWriter, type LineStream, type TraceWriter } from "../../telemetry/writer.js";
import { writeFileSync } from "node:fs";
import { hookApplyGradients, hookLayerCalls, type Restore } from "./hooks.js";
import { TfjsProbe, type ProbeOptions } from "./probe.js";
import { layerNames, type TfOptimizer } from "./summary.js";

/**
 * Live checks: pass `monitor: createCheckEngine({ failOn })` (src/checks/engine.ts); the loop then asks
 * `shouldStop()` itself, as only it can stop.
 */
export interface WatchOptimizerOptions extends Omit<ProbeOptions, "sinks"> {
  /** A trace file (truncated first) or a stream for JSON-lines telemetry. */
  trace?: string | LineStream;
  sinks?: TelemetrySink[];
}

export interface OptimizerWatch {
  readonly probe: TfjsProbe;
  /** Records the loss of the current step, for loops that call `applyGradients` with their own gradients. */
  recordLoss(loss: number | tf.Scalar): void;
  /** Closes the epoch (optional; custom loops without epochs need not call it). */
  endEpoch(epoch: number, logs?: Record<string, number>): void;
  /** True when the monitor (checks engine) raised a finding at/above its failOn severity. */
  shouldStop(): boolean;
  findings(): Finding[];
  /** Removes the hooks and writes run-end. */
  stop(status?: "completed" | "stopped" | "crashed", reason?: string): void;
}

export function watchOptimizer(optimizer: TfOptimizer, model?: tf.LayersModel, options: WatchOptimizerOptions = {}): OptimizerWatch {
  const sinks = [...(options.sinks ?? [])];
  let writer: TraceWriter | undefined;
  if (options.trace !== undefined) {
    if (typeof options.trace === "string") writeFileSync(options.trace, "");
    writer = createTraceWriter(options.trace);
    sinks.push(writer);
  }
  const monitor: TelemetryMonitor | undefined = options.monitor;
  const probe = new TfjsProbe({ ...options, sinks });
  probe.start(model, optimizer, tf.getBackend());

  // A step opens at minimize/computeGradients/applyGradients (whichever comes first) and closes once both
  // the update was applied and its loss is known, or when the next step opens.
  let stepOpen = false;
  let applied = false;
  let nested = 0;
  let pendingLoss: number | undefined;
  let epoch = 0;
  let batch = 0;

  const finish = () => {
    stepOpen = false;
    batch++;
    if (pendingLoss !== undefined) probe.endStep(pendingLoss);
    else probe.endStepWithoutLoss();
  };
  const open = () => {
    if (stepOpen && !applied) return;
    if (stepOpen) finish();
    stepOpen = true;
    applied = false;
    pendingLoss = undefined;
    probe.beginStep(epoch, batch);
  };
  const close = () => {
    if (!stepOpen) return;
    applied = true;
    if (pendingLoss !== undefined) finish();
  };
  const readScalar = (t: tf.Tensor | null | undefined): number | undefined => (t && !t.isDisposed && t.size === 1 ? t.dataSync()[0] : undefined);

  const restores: Restore[] = [];
  if (model) {
    const names = layerNames(model);
    restores.push(hookLayerCalls([...names.keys()], probe, false, names));
  }
  restores.push(
    hookApplyGradients(optimizer, probe, {
      before: () => {
        if (nested === 0) open();
      },
      after: () => {
        if (nested === 0) close();
      },
    }),
  );

  type Minimize = TfOptimizer["minimize"];
  const originalMinimize = Object.prototype.hasOwnProperty.call(optimizer, "minimize") ? optimizer.minimize : undefined;
  const minimize = optimizer.minimize;
  optimizer.minimize = function (this: TfOptimizer, f: Parameters<Minimize>[0], returnCost = false, varList?: Parameters<Minimize>[2]) {
    if (!probe.active) return minimize.call(this, f, returnCost, varList);
    open();
    nested++;
    let cost: tf.Scalar | null;
    try {
      cost = minimize.call(this, f, true, varList);
    } finally {
      nested--;
    }
    try {
      pendingLoss = readScalar(cost);
    } catch {
      pendingLoss = undefined;
    }
    close();
    if (returnCost) return cost;
    cost?.dispose();
    return null;
  } as Minimize;
  restores.push(() => {
    if (originalMinimize) optimizer.minimize = originalMinimize;
    else delete (optimizer as Partial<TfOptimizer>).minimize;
  });

  type Compute = TfOptimizer["computeGradients"];
  const hadCompute = Object.prototype.hasOwnProperty.call(optimizer, "computeGradients");
  const compute = optimizer.computeGradients;
  optimizer.computeGradients = function (this: TfOptimizer, f: Parameters<Compute>[0], varList?: Parameters<Compute>[1]) {
    if (!probe.active) return compute.call(this, f, varList);
    if (nested === 0) open();
    const result = compute.call(this, f, varList);
    if (nested === 0) {
      try {
        pendingLoss = readScalar(result.value);
      } catch {
        pendingLoss = undefined;
      }
    }
    return result;
  } as Compute;
  restores.push(() => {
    if (hadCompute) optimizer.computeGradients = compute;
    else delete (optimizer as Partial<TfOptimizer>).computeGradients;
  });

  let stopped = false;
  return {
    probe,
    recordLoss(loss) {
      if (!stepOpen) return;
      pendingLoss = typeof loss === "number" ? loss : readScalar(loss);
      if (applied && pendingLoss !== undefined) finish();
    },
    endEpoch(e, logs = {}) {
      if (stepOpen && applied) finish();
      probe.endEpoch(e, logs);
      epoch = e + 1;
      batch = 0;
    },
    shouldStop: () => probe.stopReason !== undefined,
    findings: () => monitor?.findings() ?? [],
    stop(status = probe.stopReason !== undefined ? "stopped" : "completed", reason) {
      if (stopped) return;
      stopped = true;
      if (stepOpen && applied) finish();
      for (const restore of restores.reverse()) restore();
      probe.end(status, reason ?? probe.stopReason);
      writer?.close();
    },
  };
}
