/**
 * Live checking of TF.js training in the program's own process: the TF.js probe (src/probes/tfjs/)
 * composed with the checks engine (src/checks/). The two never import each other; this module joins them,
 * as `nncheck watch` joins the probe in the program's process to the engine in its own: the same engine
 * behind the same telemetry either way.
 */
import * as tf from "@tensorflow/tfjs";
import { createCheckEngine } from "../checks/engine.js";
import type { CheckEngineOptions } from "../checks/options.js";
import type { Severity } from "../report/finding.js";
import type { TelemetryMonitor } from "../telemetry/schema.js";
import { createNncheckCallback, type NncheckCallback, type NncheckCallbackOptions } from "../probes/tfjs/callback.js";
import { installLayerOrigins } from "../probes/tfjs/layer-origins.js";
import { watchOptimizer as watchOptimizerProbe, type OptimizerWatch, type WatchOptimizerOptions } from "../probes/tfjs/monitor.js";

// Layers built from here on are traced to the line that built them (findings name `dense_Dense3`'s line).
installLayerOrigins(tf.layers.Layer);

export interface LiveCheckOptions {
  /**
   * `true` (default when `failOn` is set) runs the catalogue with its defaults, an object configures the
   * engine (per-check settings, `period`), a TelemetryMonitor is used as given, `false` records only.
   */
  checks?: boolean | TelemetryMonitor | Omit<CheckEngineOptions, "failOn">;
  /** Stop training at the first finding at or above this severity. */
  failOn?: Severity | "never" | "none";
}

export type LiveCallbackOptions = Omit<NncheckCallbackOptions, "monitor"> & LiveCheckOptions;
export type LiveWatchOptions = Omit<WatchOptimizerOptions, "monitor"> & LiveCheckOptions;

function isMonitor(value: unknown): value is TelemetryMonitor {
  return !!value && typeof (value as TelemetryMonitor).write === "function" && typeof (value as TelemetryMonitor).takeNewFindings === "function";
}

/** The checks engine the options ask for (or the monitor they give), or none. */
export function liveMonitor(options: LiveCheckOptions): TelemetryMonitor | undefined {
  const checks = options.checks ?? (options.failOn !== undefined && options.failOn !== "none" && options.failOn !== "never");
  if (checks === false) return undefined;
  if (isMonitor(checks)) return checks;
  return createCheckEngine({ ...(typeof checks === "object" ? checks : {}), failOn: options.failOn ?? "never" });
}

/**
 * A `model.fit` / `model.fitDataset` callback that records telemetry and runs the dynamic checks:
 *
 *   await model.fit(xs, ys, { epochs: 5, callbacks: [nncheckCallback({ trace: "run.jsonl", failOn: "error" })] });
 */
export function nncheckCallback(options: LiveCallbackOptions = {}): NncheckCallback {
  const { checks: _checks, failOn: _failOn, ...probeOptions } = options;
  const monitor = liveMonitor(options);
  return createNncheckCallback(tf, { ...probeOptions, ...(monitor ? { monitor } : {}) });
}

/** The probe of a custom training loop (minimize, computeGradients, applyGradients), with the checks. */
export function watchOptimizer(optimizer: tf.Optimizer, model?: tf.LayersModel, options: LiveWatchOptions = {}): OptimizerWatch {
  const { checks: _checks, failOn: _failOn, ...probeOptions } = options;
  const monitor = liveMonitor(options);
  return watchOptimizerProbe(optimizer, model, { ...probeOptions, ...(monitor ? { monitor } : {}) });
}
