/**
 * A short instrumented training of the twin: the TF.js probe's `model.fit` callback with the checks engine
 * as its live monitor, a budget of steps and of wall time, and the run-start record completed with what
 * only the program knows (each layer's source span, the loss and what it reads, the task).
 */
import * as tf from "@tensorflow/tfjs";
import { createCheckEngine } from "../checks/engine.js";
import type { CheckEngineOptions } from "../checks/options.js";
import { nncheckCallback } from "../live/tfjs.js";
import type { Finding, RuleDescriptor } from "../report/finding.js";
import type { RunStartRecord, TelemetryMonitor, TelemetryRecord } from "../telemetry/schema.js";

export interface TrainingBudget {
  steps: number;
  /** Wall time from the call, in milliseconds: the fit's own setup counts, and it is checked after every batch. */
  timeLimitMs: number;
  batchSize: number;
  samplingInterval: number;
}

export type StopCause = "steps" | "time" | "finding" | "error";

export interface TrainingOutcome {
  findings: Finding[];
  /** The checks that ran (for reporters). */
  descriptors: RuleDescriptor[];
  steps: number;
  timeMs: number;
  stoppedBy: StopCause;
  /** Why training failed, when it threw. */
  error?: string;
  /** The training loss of every step. */
  losses: number[];
}

/**
 * A chance-level loss (D508) must last this share of a simulation's step budget, not only 3 epochs: an epoch
 * over the 1024 synthetic samples is 2–32 steps where a real one is hundreds, and healthy models sit at
 * ln C for their first 100–160 steps before they learn (measured on twins: an LSTM on 20 readings at batch
 * 32 and 64, an embedding-and-average model on 250 tokens). What stays at
 * chance through nearly the whole simulated training is reported; a model learning by its end is not.
 */
export const SIMULATED_CHANCE_LEVEL_SHARE = 0.9;

/**
 * Batches this small make a simulated loss swing by sampling alone (one sample's loss per step): the
 * oscillation check (D504) is not judged on them in a simulation (an LSTM forecaster and a regression
 * trained one sample at a time, which learn well, read as oscillating).
 */
export const SIMULATED_OSCILLATION_MIN_BATCH = 8;

/**
 * The checks' configuration for a simulated training of `steps` steps on batches of `batchSize`: the
 * user's, with the simulation's defaults where the user set none.
 */
export function simulationChecks(checks: CheckEngineOptions, steps: number, batchSize: number): CheckEngineOptions {
  let configs = simulationDefault(checks.checks, "D508", "chance-level-loss", "minSteps", Math.round(SIMULATED_CHANCE_LEVEL_SHARE * steps));
  if (batchSize < SIMULATED_OSCILLATION_MIN_BATCH) configs = simulationDefault(configs, "D504", "oscillating-loss", "enabled", false);
  return { ...checks, checks: configs };
}

type CheckConfigs = NonNullable<CheckEngineOptions["checks"]>;

/** The checks' configuration with one option of a check set for a simulation, unless the user set it (by code or name). */
export function simulationDefault(configs: CheckEngineOptions["checks"], code: string, name: string, key: string, value: number | boolean): CheckConfigs {
  const out = { ...configs };
  if ([out[code], out[name]].some((c) => c?.[key] !== undefined)) return out;
  out[code] = { ...out[code], [key]: value };
  return out;
}

/** Completes the probe's run-start record before the checks read it. */
export type RunStartEnricher = (record: RunStartRecord) => RunStartRecord;

function enrichingMonitor(engine: TelemetryMonitor, enrich: RunStartEnricher): TelemetryMonitor {
  return {
    write: (record: TelemetryRecord) => engine.write(record.type === "run-start" ? enrich(record) : record),
    shouldStop: () => engine.shouldStop(),
    stopReason: () => engine.stopReason(),
    takeNewFindings: () => engine.takeNewFindings(),
    findings: () => engine.findings(),
  };
}

/**
 * Trains `model` (compiled) on the given tensors within the budget, the checks running live; stops at the
 * first error-level finding (what follows a diverged or broken run says nothing more).
 */
export async function trainInstrumented(
  model: tf.LayersModel,
  inputs: tf.Tensor[],
  targets: tf.Tensor[],
  budget: TrainingBudget,
  checks: CheckEngineOptions,
  enrich: RunStartEnricher,
): Promise<TrainingOutcome> {
  const engine = createCheckEngine({ ...simulationChecks(checks, budget.steps, budget.batchSize), failOn: "error" });
  const probe = nncheckCallback({ checks: enrichingMonitor(engine, enrich), samplingInterval: budget.samplingInterval, printFindings: false, onError: () => undefined });
  const losses: number[] = [];
  let steps = 0;
  let stoppedBy: StopCause = "steps";
  let started = 0;
  const deadline = performance.now() + budget.timeLimitMs;
  // A step cannot be interrupted: training stops when the next one, as long as the slowest so far (the first,
  // which builds the training function, aside), would end past the deadline. Checking the deadline only
  // after each step overran it by up to a step.
  let slowestStepMs = 0;
  let firstStepMs: number | undefined;
  let stepStarted = 0;
  const limiter = new tf.CustomCallback({
    onTrainBegin: async () => {
      started = performance.now();
    },
    onBatchBegin: async () => {
      stepStarted = performance.now();
    },
    onBatchEnd: async (_batch, logs) => {
      steps++;
      const now = performance.now();
      if (firstStepMs === undefined) firstStepMs = now - stepStarted;
      else slowestStepMs = Math.max(slowestStepMs, now - stepStarted);
      const loss = logs?.["loss"];
      losses.push(typeof loss === "number" ? loss : NaN);
      if (probe.probe?.stopReason !== undefined) stoppedBy = "finding";
      else if (steps >= budget.steps) stoppedBy = "steps";
      else if (now + (steps > 1 ? slowestStepMs : firstStepMs) > deadline) stoppedBy = "time";
      else return;
      model.stopTraining = true;
    },
  });
  const samples = inputs[0]!.shape[0]!;
  const stepsPerEpoch = Math.ceil(samples / budget.batchSize);
  const outcome: TrainingOutcome = { findings: [], descriptors: [], steps: 0, timeMs: 0, stoppedBy, losses };
  try {
    await model.fit(inputs.length === 1 ? inputs[0]! : inputs, targets.length === 1 ? targets[0]! : targets, {
      batchSize: budget.batchSize,
      epochs: Math.max(1, Math.ceil(budget.steps / stepsPerEpoch)),
      shuffle: true,
      verbose: 0,
      callbacks: [...constraintsCallback(model), probe, limiter],
    });
  } catch (error) {
    probe.abort(error);
    stoppedBy = "error";
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  outcome.findings = engine.findings();
  outcome.descriptors = engine.descriptors();
  outcome.steps = steps;
  outcome.timeMs = started === 0 ? 0 : performance.now() - started;
  outcome.stoppedBy = stoppedBy;
  return outcome;
}

/**
 * TF.js's `fit` leaves its layers' weight constraints unapplied (a LayerVariable applies its constraint only
 * when written, and the optimizer updates the variable underneath): projected here after each step, as
 * Keras does after each update. First among the callbacks, so the probe sees the projected weights.
 */
export function constraintsCallback(model: tf.LayersModel): tf.CustomCallback[] {
  if (!model.weights.some((w) => w.trainable && w.constraint != null)) return [];
  return [new tf.CustomCallback({ onBatchEnd: async () => applyConstraints(model) })];
}

/** Projects every trainable weight of `model` that has a constraint onto it. */
export function applyConstraints(model: tf.LayersModel): void {
  tf.tidy(() => {
    for (const weight of model.weights) {
      if (weight.trainable && weight.constraint != null) weight.write(weight.constraint.apply(weight.read()));
    }
  });
}
