/**
 * What the checks see: bounded windows of the telemetry so far, updated record by record by the engine.
 * Checks only read it. Bounded so a long run keeps constant memory.
 */
import type {
  EpochRecord,
  LayerSummary,
  PreflightModelRecord,
  PreflightProcedure,
  PreflightRecord,
  PreflightSkippedRecord,
  RunStartRecord,
  StepRecord,
  TensorEntry,
  TensorRole,
  TensorStats,
  TensorsRecord,
} from "../telemetry/schema.js";
import { ACTIVATIONS, LAYER_KINDS, type ActivationKind, type ActivationSpec } from "../model/vocabulary.js";
import { median } from "./math.js";

/** Samples kept per tensor, periods and steps kept: enough for every window in the catalogue. */
export const MAX_TENSOR_SAMPLES = 64;
export const MAX_PERIODS = 256;
export const MAX_STEPS = 256;
/** Epochs kept: far more than any epoch window (D507's patience is 5-10), bounded for traces of any length. */
export const MAX_EPOCHS = 1024;
/**
 * Distinct tensors followed (layer × role × name). A model rebuilt every step names its layers anew
 * (dense_1, dense_2...): without a bound the windows would grow with the trace. Tensors first seen past
 * the bound are still checked in their own record, without history.
 */
export const MAX_SERIES = 20_000;
/** Shortest default loss period: shorter periods make period means as noisy as single batches. */
export const MIN_DEFAULT_PERIOD = 10;

export interface TensorSample {
  step: number;
  stats: TensorStats;
  /** The entry as recorded (shape, updateSteps...). */
  entry: TensorEntry;
}

/** The history of one tensor (layer + role + name), most recent sample last. */
export interface TensorSeries {
  key: string;
  layer: string;
  role: TensorRole;
  name: string;
  parameter?: "weights" | "bias";
  samples: TensorSample[];
}

/** The mean training loss (and metrics) over one period of consecutive steps. */
export interface LossPeriod {
  index: number;
  firstStep: number;
  lastStep: number;
  /** NaN when a loss of the period was non-finite. */
  meanLoss: number;
  /** Lowest finite meanLoss up to and including this period. */
  minSoFar: number;
  metrics: Record<string, number>;
  /** Variance of the period's step losses, from their successive differences (NaN when a loss was not finite). */
  lossVariance?: number;
  /** Median of the period's step losses (NaN when a loss was not finite). */
  medianLoss?: number;
}

/** Relative standard error a loss block's mean should have: blocks are sized so that noise stays below it. */
const BLOCK_PRECISION = 0.1;
/** The most periods a block of `lossBlocks` may span (the bounded history would hold too few blocks). */
const MAX_BLOCK_PERIODS = 32;
/** Recent periods whose spread sizes the blocks. */
const SPREAD_PERIODS = 20;

const seriesKey = (layer: string, role: TensorRole, name: string): string => `${layer}\u0000${role}\u0000${name}`;

export class CheckState {
  runStart: RunStartRecord | undefined;
  /** Step of the latest record seen (−1 before any). */
  step = -1;
  lastStepRecord: StepRecord | undefined;
  /**
   * The run's loss is one side of a game (schema 1.6 `adversarial`: a GAN's optimizer alternating with
   * another on a loss of its own): it need not fall, and the loss trend checks say nothing of it.
   */
  adversarial = false;
  /**
   * The loss's targets come from a copy of the model that moves with it (schema 1.10 `movingTarget`: a DQN's
   * target network): it need not fall either.
   */
  movingTarget = false;
  /** Whether the loss trend checks (periods, epochs) judge this run: not a game's side, not chasing a moving target. */
  get lossShouldFall(): boolean {
    return !this.adversarial && !this.movingTarget;
  }
  readonly recentSteps: StepRecord[] = [];
  readonly periods: LossPeriod[] = [];
  /** The last MAX_EPOCHS epochs (D507 reads their history). */
  readonly epochs: EpochRecord[] = [];
  /** The tensors record being checked (set during a "tensors" trigger). */
  tensors: TensorsRecord | undefined;
  /** The preflight record being checked (set during a "preflight" trigger). */
  preflight: PreflightRecord | undefined;
  /** The model record that opened the current preflight. */
  preflightModel: PreflightModelRecord | undefined;
  private readonly preflightByProcedure = new Map<PreflightProcedure, PreflightRecord>();
  /** The first finite period mean of the run (kept when the window drops it): the loss's starting scale. */
  firstPeriodLoss: number | undefined;
  /** The run's first finite step loss: where the loss started, before a fast first period pulled it down. */
  firstStepLoss: number | undefined;
  /**
   * Steps with a known loss, from the run's first, whose loss is exactly the first one's; undefined once one
   * differs (D509: a loss that does not depend on what the model computes).
   */
  unchangedLossSteps: number | undefined = 0;
  /**
   * A step's loss was below 0: not a loss that a perfect model brings to 0 (cross-entropy, a squared error)
   * but a surrogate objective (a policy gradient's, an actor-critic's) or a negative log-density.
   */
  negativeLossSeen = false;
  /** Steps per loss period, fixed by the engine at run start. */
  period = MIN_DEFAULT_PERIOD;

  private readonly seriesByKey = new Map<string, TensorSeries>();
  private readonly seriesByRole = new Map<TensorRole, TensorSeries[]>();
  private readonly layersByName = new Map<string, LayerSummary>();
  /** Fixed at run start: checks ask for these per tensor entry. */
  private output: LayerSummary | undefined;
  private outputNames = new Set<string>();
  private learning: readonly LayerSummary[] = [];
  /** The current tensors record's entries by role, built once per record for every check. */
  private readonly currentByRole = new Map<TensorRole, TensorEntry[]>();
  private pending: StepRecord[] = [];
  private periodIndex = 0;

  /**
   * Whether the training loss has converged: its latest period mean or median (positive scale) is below `ratio` of
   * where it started (the first step's loss, or the first period's mean if higher). Near a fit, gradients
   * and updates are small by nature: checks of small gradients or unmoving parameters stay silent then.
   */
  /**
   * The loss periods as the loss-trend checks read them (D502, D503): whole periods merged into blocks long
   * enough that a block's mean is precise to about 10 % of the loss, given how noisy one step's loss is.
   * Batches of 32 give blocks of one period; a batch of one sample (a character-level RNN trained name by
   * name) or a loss near zero with rare spikes gives blocks of tens of periods, where single periods read
   * as divergence or oscillation. A block's `meanLoss` is its periods' mean; the oldest periods that do not
   * fill a block are left out.
   */
  lossBlocks(): LossPeriod[] {
    const size = this.blockPeriods();
    const periods = this.periods;
    if (size === 1) return periods.slice();
    const blocks: LossPeriod[] = [];
    for (let end = periods.length; end - size >= 0; end -= size) {
      const members = periods.slice(end - size, end);
      const meanLoss = members.reduce((sum, p) => sum + p.meanLoss, 0) / size;
      blocks.unshift({ index: members[size - 1]!.index, firstStep: members[0]!.firstStep, lastStep: members[size - 1]!.lastStep, meanLoss, minSoFar: NaN, metrics: {} });
    }
    let min = Infinity;
    for (const block of blocks) block.minSoFar = min = Number.isFinite(block.meanLoss) ? Math.min(min, block.meanLoss) : min;
    return blocks;
  }

  /**
   * How noisy one step's loss is: over the recent periods, the standard deviation of the step losses (from
   * successive differences, so a period's own trend is left out), pooled, over the periods' mean loss (undefined before a finite period closes). A
   * period mean's relative standard error is this over √period. Pooled, not a median of the periods' own
   * spreads: with batches of one sample, a rare hard sample (loss 4 among losses of 0.02) makes the noise,
   * and most periods hold none.
   */
  stepLossSpread(): number | undefined {
    const recent = this.periods.slice(-SPREAD_PERIODS).filter((p) => Number.isFinite(p.meanLoss) && p.lossVariance !== undefined && Number.isFinite(p.lossVariance));
    if (recent.length === 0) return undefined;
    const level = Math.abs(recent.reduce((sum, p) => sum + p.meanLoss, 0) / recent.length);
    const variance = recent.reduce((sum, p) => sum + p.lossVariance!, 0) / recent.length;
    return level > 0 ? Math.sqrt(variance) / level : undefined;
  }

  /** Periods a loss block spans: enough steps that the mean's relative standard error is about BLOCK_PRECISION. */
  blockPeriods(): number {
    const spread = this.stepLossSpread();
    if (spread === undefined) return 1;
    const steps = (spread / BLOCK_PRECISION) ** 2;
    return Math.max(1, Math.min(MAX_BLOCK_PERIODS, Math.ceil(steps / this.period)));
  }

  lossConverged(ratio: number): boolean {
    const starts = [this.firstPeriodLoss, this.firstStepLoss].filter((v): v is number => v !== undefined);
    const first = starts.length > 0 ? Math.max(...starts) : undefined;
    const period = this.periods[this.periods.length - 1];
    // The median too: a margin or contrastive loss is exactly 0 on the batches it has fit, and when most are,
    // a few hard ones hold the mean up while the sampled steps' gradients are those of fit batches (keras-io's
    // siamese network: 82 % of its batches below 1e-6, its period means at 1 % of the start).
    const latest = period === undefined ? undefined : Math.min(period.meanLoss, period.medianLoss ?? Infinity);
    return first !== undefined && latest !== undefined && first > 0 && latest >= 0 && latest < ratio * first;
  }

  get layers(): readonly LayerSummary[] {
    return this.runStart?.model.layers ?? [];
  }

  layer(name: string): LayerSummary | undefined {
    return this.layersByName.get(name);
  }

  /**
   * The model's (first) output layer: as the run-start record states it (`model.outputs`), else — traces
   * that do not say — the last layer of the summary.
   */
  outputLayer(): LayerSummary | undefined {
    return this.output;
  }

  isOutputLayer(name: string): boolean {
    return this.outputNames.has(name);
  }

  /** Layers with trainable parameters, in order. */
  learningLayers(): readonly LayerSummary[] {
    return this.learning;
  }

  /**
   * Whether these layers lie on one chain in data order: all of one part (schema 1.8), or none stated. The
   * sub-models of a subclassed model run in an order the probe cannot know, so no layer of one is "before"
   * a layer of another.
   */
  inOneOrder(layers: readonly (LayerSummary | undefined)[]): boolean {
    const parts = new Set(layers.map((l) => l?.part));
    return parts.size <= 1;
  }

  /** The activation a layer applies: its own, or the one an activation layer (ReLU, Softmax...) stands for. */
  activationOf(name: string): ActivationKind | undefined {
    const layer = this.layer(name);
    if (!layer) return undefined;
    if (layer.activation && layer.activation !== "linear") return layer.activation;
    return (LAYER_KINDS[layer.kind]?.activation as ActivationKind | undefined) ?? layer.activation;
  }

  activationSpecOf(name: string): ActivationSpec | undefined {
    const kind = this.activationOf(name);
    return kind ? ACTIVATIONS[kind] : undefined;
  }

  /**
   * Whether a layer's "weights" are a kernel (a linear map): not for normalisation layers, whose gamma
   * starts at 1 and beta at 0, so kernel statistics (zero fraction, update ratio) mean nothing there.
   */
  hasKernel(name: string): boolean {
    const layer = this.layer(name);
    return !layer || LAYER_KINDS[layer.kind]?.category !== "normalization";
  }

  /** False only when the run-start summary says the layer is frozen. */
  isTrainable(name: string): boolean {
    return this.layer(name)?.trainable !== false;
  }

  series(layer: string, role: TensorRole, name: string): TensorSeries | undefined {
    return this.seriesByKey.get(seriesKey(layer, role, name));
  }

  /** Every series of a role (in first-seen order). Do not modify the returned array. */
  seriesOfRole(role: TensorRole): readonly TensorSeries[] {
    return this.seriesByRole.get(role) ?? [];
  }

  /** Entries of the current tensors record with one of the roles. */
  current(...roles: TensorRole[]): readonly TensorEntry[] {
    if (this.tensors === undefined) return [];
    if (roles.length === 1) return this.currentByRole.get(roles[0]!) ?? [];
    // Several roles: keep the record's order (findings are listed in the order they are first raised).
    return this.tensors.tensors.filter((t) => roles.includes(t.role));
  }

  /** Activation entries of the current tensors record that are the outputs of the model's output layers. */
  currentOutputs(): TensorEntry[] {
    return this.outputNames.size > 0 ? this.current("activation").filter((e) => this.outputNames.has(e.layer)) : [];
  }

  /**
   * The parameter series a gradient/update series belongs to: same layer, role = its `parameter`, same
   * name when recorded so, else the only such parameter of the layer.
   */
  parameterOf(series: TensorSeries): TensorSeries | undefined {
    if (!series.parameter) return undefined;
    const exact = this.series(series.layer, series.parameter, series.name);
    if (exact) return exact;
    const candidates = this.seriesOfRole(series.parameter).filter((s) => s.layer === series.layer);
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** The latest record of a preflight procedure (of the current preflight), when it ran. */
  preflightResult<P extends PreflightProcedure>(procedure: P): Exclude<Extract<PreflightRecord, { procedure: P }>, PreflightSkippedRecord> | undefined {
    const record = this.preflightByProcedure.get(procedure);
    return record && record.skipped === undefined ? (record as Exclude<Extract<PreflightRecord, { procedure: P }>, PreflightSkippedRecord>) : undefined;
  }

  // ------------------------------------------------------------------------------- engine-side updates

  /** @internal A preflight record. Its model record opens a preflight and, before any run, names the layers. */
  addPreflight(record: PreflightRecord): void {
    this.preflight = record;
    if (record.procedure === "model" && record.skipped === undefined) {
      this.preflightByProcedure.clear();
      this.preflightModel = record;
      if (this.runStart === undefined) {
        this.layersByName.clear();
        for (const layer of record.model.layers) this.layersByName.set(layer.name, layer);
      }
    }
    this.preflightByProcedure.set(record.procedure, record);
  }

  /** @internal */
  startRun(record: RunStartRecord, period: number | undefined): void {
    this.runStart = record;
    this.layersByName.clear();
    this.output = undefined;
    this.outputNames = new Set();
    let last: LayerSummary | undefined;
    for (const layer of record.model.layers) {
      this.layersByName.set(layer.name, layer);
      if (!last || layer.index > last.index) last = layer;
    }
    // Stated outputs (an empty list: the probe does not know them, as in a custom loop) win; traces that
    // say nothing (schema 1.0) take the last layer.
    const stated = record.model.outputs?.map((name) => this.layersByName.get(name)).filter((l): l is LayerSummary => l !== undefined);
    const outputs = stated ?? (last ? [last] : []);
    this.output = outputs[0];
    this.outputNames = new Set(outputs.map((l) => l.name));
    this.learning = record.model.layers.filter((l) => l.params > 0 && LAYER_KINDS[l.kind]?.learns !== false).sort((a, b) => a.index - b.index);
    this.period = Math.max(1, Math.round(period ?? Math.max(MIN_DEFAULT_PERIOD, record.config?.samplingInterval ?? 0)));
  }

  /** @internal Returns the period this step closed, if any. */
  addStep(record: StepRecord): LossPeriod | undefined {
    this.step = record.step;
    this.lastStepRecord = record;
    if (record.adversarial === true) this.adversarial = true;
    if (record.movingTarget === true) this.movingTarget = true;
    if (this.firstStepLoss === undefined && Number.isFinite(record.loss)) this.firstStepLoss = record.loss;
    if (record.loss !== undefined && this.unchangedLossSteps !== undefined) {
      this.unchangedLossSteps = record.loss === this.firstStepLoss ? this.unchangedLossSteps + 1 : undefined;
    }
    if (record.loss !== undefined && record.loss < 0) this.negativeLossSeen = true;
    pushBounded(this.recentSteps, record, MAX_STEPS);
    // A step whose loss the probe could not know (schema 1.4) has no place in a loss period.
    if (record.loss === undefined) return undefined;
    this.pending.push(record);
    if (this.pending.length < this.period) return undefined;
    return this.closePeriod();
  }

  private closePeriod(): LossPeriod {
    const steps = this.pending;
    this.pending = [];
    const losses = steps.map((s) => s.loss ?? NaN);
    const meanLoss = losses.every(Number.isFinite) ? losses.reduce((a, b) => a + b, 0) / losses.length : NaN;
    // From successive differences (von Neumann): the steps' noise without the period's own trend, which a
    // loss climbing fast (gradient ascent) or falling fast would add to a variance around the mean.
    let squaredSteps = 0;
    for (let i = 1; i < losses.length; i++) squaredSteps += (losses[i]! - losses[i - 1]!) ** 2;
    const lossVariance = losses.length > 1 ? squaredSteps / (2 * (losses.length - 1)) : NaN;
    const medianLoss = Number.isFinite(meanLoss) ? median(losses) : NaN;
    const metrics: Record<string, number> = {};
    for (const name of Object.keys(steps[0]!.metrics)) {
      const values = steps.map((s) => s.metrics[name]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      if (values.length === steps.length) metrics[name] = values.reduce((a, b) => a + b, 0) / values.length;
    }
    const previousMin = this.periods.length > 0 ? this.periods[this.periods.length - 1]!.minSoFar : Infinity;
    const period: LossPeriod = {
      index: this.periodIndex++,
      firstStep: steps[0]!.step,
      lastStep: steps[steps.length - 1]!.step,
      meanLoss,
      minSoFar: Number.isFinite(meanLoss) ? Math.min(previousMin, meanLoss) : previousMin,
      metrics,
      lossVariance,
      medianLoss,
    };
    if (this.firstPeriodLoss === undefined && Number.isFinite(meanLoss)) this.firstPeriodLoss = meanLoss;
    pushBounded(this.periods, period, MAX_PERIODS);
    return period;
  }

  /** @internal */
  addTensors(record: TensorsRecord): void {
    this.step = Math.max(this.step, record.step);
    this.tensors = record;
    this.currentByRole.clear();
    for (const entry of record.tensors) {
      const sameRole = this.currentByRole.get(entry.role);
      if (sameRole) sameRole.push(entry);
      else this.currentByRole.set(entry.role, [entry]);
      const key = seriesKey(entry.layer, entry.role, entry.name);
      let series = this.seriesByKey.get(key);
      if (!series) {
        if (this.seriesByKey.size >= MAX_SERIES) continue;
        series = { key, layer: entry.layer, role: entry.role, name: entry.name, samples: [] };
        if (entry.parameter) series.parameter = entry.parameter;
        this.seriesByKey.set(key, series);
        const ofRole = this.seriesByRole.get(entry.role);
        if (ofRole) ofRole.push(series);
        else this.seriesByRole.set(entry.role, [series]);
      }
      pushBounded(series.samples, { step: record.step, stats: entry.stats, entry }, MAX_TENSOR_SAMPLES);
    }
  }

  /** @internal */
  addEpoch(record: EpochRecord): void {
    if (record.step !== undefined) this.step = Math.max(this.step, record.step);
    pushBounded(this.epochs, record, MAX_EPOCHS);
  }
}

/** The newest sample of a series taken at a step (searched from the newest: callers ask about recent steps). */
export function sampleAt(series: TensorSeries, step: number): TensorSample | undefined {
  for (let i = series.samples.length - 1; i >= 0; i--) {
    if (series.samples[i]!.step === step) return series.samples[i];
  }
  return undefined;
}

function pushBounded<T>(items: T[], item: T, max: number): void {
  items.push(item);
  if (items.length > max) items.splice(0, items.length - max);
}
