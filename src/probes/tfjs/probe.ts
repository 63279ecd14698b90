/**
 * The TF.js probe's core: turns what the hooks see (activations, gradients, parameters, the loss) into
 * telemetry records, sampling tensor statistics every N optimizer steps and the loss every step.
 * Hook mechanics live in hooks.ts; this class never touches a model's methods. Everything it does runs
 * under `guard`: a failing probe reports once, disables itself, and never breaks the user's training.
 */
import type * as tf from "@tensorflow/tfjs";
import { ACTIVATIONS, type ActivationKind } from "../../model/vocabulary.js";
import { INTERNAL_ERROR_CODE, type Finding } from "../../report/finding.js";
import type {
  EarlyStoppingSummary,
  LayerSummary,
  RunEndRecord,
  StepRecord,
  TelemetryMonitor,
  TelemetryRecord,
  TelemetrySink,
  TensorEntry,
  TensorRole,
} from "../../telemetry/schema.js";
import { DEFAULT_MAX_SAMPLED_VALUES, computeStats, difference, subsampleCopy, type StatsOptions } from "./stats.js";
import { learningRateOf, namedLayers, passedThroughLayers, runStartRecord, type TfOptimizer } from "./summary.js";

export const PROBE_VERSION = "0.1.0";
export const DEFAULT_SAMPLING_INTERVAL = 10;

export interface ProbeOptions {
  /** Tensor statistics every N optimizer steps (the loss is recorded every step). Default 10. */
  samplingInterval?: number;
  /** Largest number of values a statistic is computed over; larger tensors are subsampled. Default 4096. */
  maxSampledValues?: number;
  /** Record layer outputs (activations). Default true. */
  activations?: boolean;
  /** Where records go (trace writers, a stream to a parent process...). */
  sinks?: TelemetrySink[];
  /** A live checker (the checks engine): its findings are recorded and can stop training. */
  monitor?: TelemetryMonitor;
  /** Called with each finding as the monitor first raises it. */
  onFinding?: (finding: Finding) => void;
  /** Called once when the probe fails and disables itself. Default: a console warning. */
  onError?: (error: unknown, where: string) => void;
  /** The training's own early stopping, stated in the run-start record (`earlyStoppingOf` fit's callbacks). */
  earlyStopping?: EarlyStoppingSummary;
}

/** A gradient as an optimizer receives it. */
export interface NamedGradient {
  name: string;
  tensor: tf.Tensor;
}

interface ParameterInfo {
  layer: string;
  parameter: "weights" | "bias";
  variable: { name: string; shape: (number | null)[]; read(): tf.Tensor };
  /** The L1/L2 penalty on this parameter (a kernel or bias regularizer), when it has one. */
  penalty?: Penalty;
}

/** TF.js L1L2: loss l1·Σ|w| + l2·Σw², so its gradient is l1·sign(w) + 2·l2·w. */
interface Penalty {
  l1: number;
  l2: number;
}

/** The penalty of a TF.js regularizer object, when it is the built-in L1L2 (anything else: unknown). */
function penaltyOf(regularizer: unknown): Penalty | undefined {
  const r = regularizer as { getClassName?: () => string; getConfig?: () => Record<string, unknown> } | null | undefined;
  if (!r || typeof r.getClassName !== "function" || typeof r.getConfig !== "function" || r.getClassName() !== "L1L2") return undefined;
  const { l1, l2 } = r.getConfig();
  const penalty = { l1: typeof l1 === "number" ? l1 : 0, l2: typeof l2 === "number" ? l2 : 0 };
  return penalty.l1 > 0 || penalty.l2 > 0 ? penalty : undefined;
}

type Values = ArrayLike<number>;

function isNumber(x: unknown): x is number {
  return typeof x === "number";
}

export class TfjsProbe {
  readonly samplingInterval: number;
  private readonly maxValues: number;
  private readonly recordActivations: boolean;
  private readonly sinks: TelemetrySink[];
  private readonly monitor: TelemetryMonitor | undefined;
  private readonly options: ProbeOptions;

  private optimizer: TfOptimizer | undefined;
  private layers = new Map<string, LayerSummary>();
  private parameters = new Map<string, ParameterInfo>();
  private previous = new Map<string, { step: number; values: Float32Array }>();

  private started = false;
  private ended = false;
  private failed = false;
  private nextStep = 0;
  private forceSample = false;
  private stepOpen = false;
  private stepSampled = false;
  private stepEpoch = 0;
  private stepBatch = 0;
  private stepStart = 0;
  private entries: TensorEntry[] = [];
  /** Sums of squares of the data and regularisation parts of this step's gradients (when a penalty exists). */
  private gradientSquares: { data: number; regularization: number; penalised: boolean } | undefined;
  private stopReasonText: string | undefined;
  private selfTime = 0;
  /** Layers whose outputs are not recorded (passedThroughLayers). */
  private passedThrough = new Set<string>();

  constructor(options: ProbeOptions = {}) {
    this.options = options;
    this.samplingInterval = Math.max(1, Math.floor(options.samplingInterval ?? DEFAULT_SAMPLING_INTERVAL));
    this.maxValues = options.maxSampledValues ?? DEFAULT_MAX_SAMPLED_VALUES;
    this.recordActivations = options.activations ?? true;
    this.sinks = options.sinks ?? [];
    this.monitor = options.monitor;
  }

  /** False once the probe failed; hooks then pass straight through. */
  get active(): boolean {
    return this.started && !this.failed && !this.ended;
  }

  /** Optimizer steps recorded so far. */
  get steps(): number {
    return this.nextStep;
  }

  /** Milliseconds spent in the probe (statistics, records, live checks) so far: its own cost. */
  get selfTimeMs(): number {
    return this.selfTime;
  }

  /** Set when the monitor asks to stop (a finding at/above its failOn severity). */
  get stopReason(): string | undefined {
    return this.stopReasonText;
  }

  /** True while the current step's activations and gradients are being recorded. */
  get sampling(): boolean {
    return this.active && this.stepSampled;
  }

  get wantsActivations(): boolean {
    return this.sampling && this.recordActivations;
  }

  // ------------------------------------------------------------------------------------------ run

  /** Starts the run; `outputs` overrides the model's output layers (custom loops: `[]`, unknown). */
  start(model: tf.LayersModel | undefined, optimizer: TfOptimizer | undefined, backend: string, outputs?: string[]): void {
    if (this.started) return;
    this.started = true;
    this.guard("start", () => {
      this.optimizer = optimizer;
      const record = runStartRecord(model, backend, { samplingInterval: this.samplingInterval, maxSampledValues: this.maxValues }, PROBE_VERSION, outputs);
      if (this.options.earlyStopping) record.earlyStopping = this.options.earlyStopping;
      for (const layer of record.model.layers) this.layers.set(layer.name, layer);
      this.passedThrough = passedThroughLayers(record.model);
      if (model) this.indexParameters(model);
      this.emit(record);
    });
  }

  end(status: RunEndRecord["status"], reason?: string): void {
    if (!this.started || this.ended) return;
    if (this.stepOpen) this.guard("end", () => this.closeStep(NaN, {}, false));
    this.ended = true;
    this.safeEmit({ type: "run-end", v: 1, status, steps: this.nextStep, ...(reason ? { reason } : {}), time: new Date().toISOString() });
  }

  // ----------------------------------------------------------------------------------------- steps

  /** Opens optimizer step `steps`; its tensors are sampled every `samplingInterval` steps or after trouble. */
  beginStep(epoch: number, batch: number): void {
    if (!this.active) return;
    this.guard("beginStep", () => {
      if (this.stepOpen) this.closeStep(NaN, {}, false);
      this.stepOpen = true;
      this.stepEpoch = epoch;
      this.stepBatch = batch;
      this.stepStart = performance.now();
      this.stepSampled = this.forceSample || this.nextStep % this.samplingInterval === 0;
      this.forceSample = false;
      this.entries = [];
      this.gradientSquares = undefined;
    });
  }

  /** A layer's training-mode output during the current step. */
  observeActivation(layerName: string, output: tf.Tensor | tf.Tensor[]): void {
    if (!this.wantsActivations) return;
    this.guard("observeActivation", () => {
      const tensor = Array.isArray(output) ? output[0] : output;
      if (!tensor || tensor.dtype !== "float32") return;
      // A layer called twice in one step (shared layer) keeps its first output.
      if (this.passedThrough.has(layerName) || this.entries.some((e) => e.role === "activation" && e.layer === layerName)) return;
      const activation = this.layers.get(layerName)?.activation ?? "linear";
      this.entries.push(this.entry(layerName, "activation", `${layerName}/output`, tensor.shape, tensor.dataSync(), activationStatsOptions(activation)));
    });
  }

  /** The training targets of the current step's batch (output `index` of the model). */
  observeTargets(index: number, targets: tf.Tensor): void {
    if (!this.sampling) return;
    this.guard("observeTargets", () => {
      if (targets.dtype !== "float32" && targets.dtype !== "int32") return;
      const name = index === 0 ? "target" : `target_${index}`;
      if (this.entries.some((e) => e.role === "target" && e.name === name)) return;
      this.entries.push(this.entry("", "target", name, targets.shape, targets.dataSync(), {}));
    });
  }

  /** The gradients an optimizer is about to apply (called before the update). */
  observeGradients(gradients: NamedGradient[]): void {
    if (!this.sampling) return;
    this.guard("observeGradients", () => {
      const squares = { data: 0, regularization: 0, penalised: false };
      for (const { name, tensor } of gradients) {
        const info = this.parameters.get(name);
        const values = tensor.dataSync();
        const firstLook = info !== undefined && !this.previous.has(name);
        // The parameter before the update, read once: for the penalty split and for the first ΔW.
        const weights = info && (info.penalty || firstLook) ? info.variable.read().dataSync() : undefined;
        this.splitGradient(values, info?.penalty, weights, squares);
        // A kernel's per-unit zeros tell a unit that passed no gradient (dying ReLU) from sparse inputs (D305).
        const entry = this.entry(info?.layer ?? "", "gradient", name, tensor.shape, values, info?.parameter === "weights" ? { perUnitZeros: true } : {});
        if (info) entry.parameter = info.parameter;
        this.entries.push(entry);
        // First sampled look at this parameter: keep its value before the update, for a 1-step ΔW.
        if (info && weights && firstLook) {
          this.previous.set(name, { step: this.nextStep - 1, values: subsampleCopy(weights, this.shapeOf(info), this.maxValues) });
        }
      }
      if (squares.penalised) this.gradientSquares = squares;
    });
  }

  /**
   * Splits a gradient into its data and regularisation parts, adding their squares to `squares`. The
   * optimizer receives the gradient of the total loss; a built-in L1/L2 penalty's own gradient is known in
   * closed form from the weights (read before the update), so the data part is the difference. No extra
   * backward pass.
   */
  private splitGradient(gradient: Values, penalty: Penalty | undefined, weights: Values | undefined, squares: { data: number; regularization: number; penalised: boolean }): void {
    if (!penalty || !weights) {
      for (let i = 0; i < gradient.length; i++) squares.data += gradient[i]! * gradient[i]!;
      return;
    }
    squares.penalised = true;
    for (let i = 0; i < gradient.length; i++) {
      const w = weights[i]!;
      const reg = penalty.l1 * Math.sign(w) + 2 * penalty.l2 * w;
      const data = gradient[i]! - reg;
      squares.regularization += reg * reg;
      squares.data += data * data;
    }
  }

  /** After the optimizer applied the update: parameter and ΔW statistics on sampled steps. */
  observeParametersUpdated(): void {
    if (!this.sampling) return;
    this.guard("observeParametersUpdated", () => {
      for (const [name, info] of this.parameters) {
        const values = info.variable.read().dataSync();
        const shape = this.shapeOf(info);
        this.entries.push(this.entry(info.layer, info.parameter, name, shape, values, info.parameter === "weights" ? { absDecades: true } : {}));
        // ΔW is computed on the same strided subsample of both sides: only that much is kept between steps.
        const kept = subsampleCopy(values, shape, this.maxValues);
        const before = this.previous.get(name);
        if (before && before.values.length === kept.length) {
          const update = this.entry(info.layer, "update", name, shape, difference(kept, before.values), { totalValues: values.length });
          update.parameter = info.parameter;
          update.updateSteps = this.nextStep - before.step;
          this.entries.push(update);
        }
        this.previous.set(name, { step: this.nextStep, values: kept });
      }
    });
  }

  /** Closes the current step with its loss and metrics. */
  endStep(loss: number, metrics: Record<string, number> = {}): void {
    if (!this.active || !this.stepOpen) return;
    this.guard("endStep", () => this.closeStep(loss, metrics, true));
  }

  /** Closes the current step when its loss is unknown (no step record; its tensors are still kept). */
  endStepWithoutLoss(): void {
    if (!this.active || !this.stepOpen) return;
    this.guard("endStepWithoutLoss", () => this.closeStep(NaN, {}, false));
  }

  endEpoch(epoch: number, logs: Record<string, number>): void {
    if (!this.active) return;
    this.guard("endEpoch", () => {
      const metrics: Record<string, number> = {};
      const valMetrics: Record<string, number> = {};
      for (const [key, value] of Object.entries(logs)) {
        if (key === "loss" || key === "val_loss" || !isNumber(value)) continue;
        if (key.startsWith("val_")) valMetrics[key.slice(4)] = value;
        else metrics[key] = value;
      }
      this.emit({
        type: "epoch",
        v: 1,
        epoch,
        step: this.nextStep - 1,
        loss: isNumber(logs["loss"]) ? logs["loss"] : NaN,
        metrics,
        ...(isNumber(logs["val_loss"]) ? { valLoss: logs["val_loss"], valMetrics } : {}),
      });
    });
  }

  // --------------------------------------------------------------------------------------- helpers

  private closeStep(loss: number, metrics: Record<string, number>, lossKnown: boolean): void {
    this.stepOpen = false;
    const step = this.nextStep++;
    if (lossKnown) {
      const record: StepRecord = {
        type: "step",
        v: 1,
        step,
        epoch: this.stepEpoch,
        batch: this.stepBatch,
        loss,
        metrics,
        timeMs: performance.now() - this.stepStart,
      };
      const lr = learningRateOf(this.optimizer);
      if (lr !== undefined) record.learningRate = lr;
      if (this.stepSampled && this.gradientSquares) {
        record.gradientNorms = { data: Math.sqrt(this.gradientSquares.data), regularization: Math.sqrt(this.gradientSquares.regularization) };
      }
      this.emit(record);
      // A non-finite loss at an unsampled step: sample the next one to see where it comes from.
      if (!Number.isFinite(loss) && !this.stepSampled) this.forceSample = true;
    }
    if (this.stepSampled && this.entries.length > 0) this.emit({ type: "tensors", v: 1, step, tensors: this.entries });
    this.entries = [];
    this.stepSampled = false;
  }

  private shapeOf(info: ParameterInfo): number[] {
    return info.variable.shape.map((d) => d ?? 0);
  }

  private entry(layer: string, role: TensorRole, name: string, shape: readonly number[], values: Values, options: StatsOptions): TensorEntry {
    const entry: TensorEntry = { layer, role, name, shape: shape.slice(), stats: computeStats(values, shape, { maxValues: this.maxValues, ...options }) };
    // TF.js is channels-last: per-unit statistics are over the last axis, and the record says so.
    if (entry.stats.perUnit || entry.stats.saturation || entry.stats.rowSums) entry.unitAxis = shape.length - 1;
    return entry;
  }

  private indexParameters(model: tf.LayersModel): void {
    for (const { name: layerName, layer } of namedLayers(model)) {
      // A frozen layer has no trainable weights; its weights are still watched (they must not move).
      const weights = layer.trainable ? layer.trainableWeights : layer.weights.filter((w) => !/moving_(mean|variance)/.test(w.name));
      for (const w of weights) {
        const original = (w as unknown as { originalName?: string }).originalName ?? w.name;
        const parameter = /bias$/.test(original) ? "bias" : "weights";
        const holder = layer as unknown as { kernelRegularizer?: unknown; biasRegularizer?: unknown; depthwiseRegularizer?: unknown };
        // Only a Dense/Conv kernel ("kernel") or bias carries these; other weights (recurrent, embeddings) are left unsplit.
        const regularizer = parameter === "bias" ? holder.biasRegularizer : /kernel$/.test(original) ? holder.kernelRegularizer : undefined;
        const penalty = penaltyOf(regularizer);
        this.parameters.set(w.name, { layer: layerName, parameter, variable: w, ...(penalty ? { penalty } : {}) });
      }
    }
  }

  private emit(record: TelemetryRecord): void {
    for (const sink of this.sinks) sink.write(record);
    if (!this.monitor) return;
    this.monitor.write(record);
    for (const finding of this.monitor.takeNewFindings()) {
      const findingRecord: TelemetryRecord = { type: "finding", v: 1, finding };
      for (const sink of this.sinks) sink.write(findingRecord);
      this.options.onFinding?.(finding);
    }
    if (this.stopReasonText === undefined && this.monitor.shouldStop()) this.stopReasonText = this.monitor.stopReason() ?? "a check asked to stop training";
  }

  private safeEmit(record: TelemetryRecord): void {
    try {
      this.emit(record);
    } catch (error) {
      this.report(error, "emit");
    }
  }

  private guard(where: string, body: () => void): void {
    if (this.failed) return;
    const started = performance.now();
    try {
      body();
    } catch (error) {
      this.failed = true;
      this.report(error, where);
      this.recordFailure(error, where);
    } finally {
      this.selfTime += performance.now() - started;
    }
  }

  /**
   * Leaves the failure in the telemetry, so whoever reads it (watch, check-trace, the live checks) reports
   * that the run was only partly checked instead of "no problems". Best effort: a sink may be what failed.
   */
  private recordFailure(error: unknown, where: string): void {
    // The step being recorded: the open one, else the last one closed.
    const step = this.stepOpen ? this.nextStep : Math.max(0, this.nextStep - 1);
    const finding: Finding = {
      code: INTERNAL_ERROR_CODE,
      name: "probe-failed",
      severity: "warning",
      message: `the TF.js probe failed in ${where} at step ${step} and was disabled; training went on unchecked: ${error instanceof Error ? error.message : String(error)}`,
      steps: { first: step, last: step, count: 1 },
    };
    const record: TelemetryRecord = { type: "finding", v: 1, finding };
    for (const sink of this.sinks) {
      try {
        sink.write(record);
      } catch {
        // The sink may be what failed.
      }
    }
    try {
      this.monitor?.write(record);
    } catch {
      // Nor may the monitor break the training.
    }
  }

  private report(error: unknown, where: string): void {
    const onError = this.options.onError ?? ((e: unknown, w: string) => console.warn(`nncheck: the TF.js probe failed in ${w} and is now disabled; training continues. ${e instanceof Error ? e.message : String(e)}`));
    try {
      onError(error, where);
    } catch {
      // Reporting must not fail the training either.
    }
  }
}

/** Which extra statistics an activation of this kind needs. */
export function activationStatsOptions(activation: ActivationKind): StatsOptions {
  const spec = ACTIVATIONS[activation];
  const options: StatsOptions = { perUnit: true };
  if ("saturating" in spec && spec.saturating) options.saturationRange = spec.range;
  if ("probability" in spec && spec.probability === "distribution") options.rowSums = true;
  return options;
}
