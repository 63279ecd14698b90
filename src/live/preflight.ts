/**
 * `preflight(model, { x, y, task })`: TheDeepChecker's pre-training checks on a TF.js model — the probe's
 * procedures (src/probes/tfjs/preflight.ts) composed with the D1 checks of the engine. The model's
 * weights and optimizer are left as they were.
 */
import * as tf from "@tensorflow/tfjs";
import { createCheckEngine } from "../checks/engine.js";
import type { CheckEngineOptions } from "../checks/options.js";
import { SEVERITY_RANK, type Finding, type Severity } from "../report/finding.js";
import type { PreflightRecord, TelemetrySink } from "../telemetry/schema.js";
import { createTraceWriter } from "../telemetry/writer.js";
import { DEFAULT_PREFLIGHT_BUDGET, runPreflight, type PreflightBudget, type PreflightData } from "../probes/tfjs/preflight.js";
import { budgetForChecks } from "../probes/preflight-budget.js";

export interface PreflightOptions {
  /** Per-check settings (as in the configuration file's "checks"), or the engine's options. */
  checks?: Omit<CheckEngineOptions, "failOn" | "registry">;
  /** `passed` is false when a finding at or above this severity was raised. Default "warning". */
  failOn?: Severity | "never" | "none";
  /** Iterations, sample sizes and the wall-time cap (DEFAULT_PREFLIGHT_BUDGET). */
  budget?: Partial<PreflightBudget>;
  /** Append the preflight records to this JSON-lines trace (re-checked by `nncheck check-trace`). */
  trace?: string;
}

export interface PreflightResult {
  findings: Finding[];
  /** False when a finding at or above failOn was raised. */
  passed: boolean;
  records: PreflightRecord[];
  timeMs: number;
}

export async function preflight(model: tf.LayersModel, data: PreflightData, options: PreflightOptions = {}): Promise<PreflightResult> {
  const started = Date.now();
  const engine = createCheckEngine({ ...options.checks, failOn: "never" });
  const sinks: TelemetrySink[] = [engine];
  const writer = options.trace !== undefined ? createTraceWriter(options.trace) : undefined;
  if (writer) sinks.push(writer);
  const budget = budgetForChecks(options.budget, options.checks?.checks);
  let records: PreflightRecord[];
  try {
    records = await runPreflight(tf, model, data, { budget, sinks });
  } finally {
    writer?.close();
  }
  const findings = engine.findings().filter((f) => f.code.startsWith("D1") || f.code === "nncheck-internal-error");
  const failOn = options.failOn ?? "warning";
  const passed = failOn === "never" || failOn === "none" || !findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
  return { findings, passed, records, timeMs: Date.now() - started };
}

export { DEFAULT_PREFLIGHT_BUDGET, type PreflightBudget, type PreflightData };
