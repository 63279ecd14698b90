/**
 * A bounded digest of a trace, for reporters that draw it (the HTML report): the run's summary, every
 * scalar (loss, metrics, learning rate, validation values) and a few per-layer statistics as series over
 * steps. A long run is downsampled as it streams: each series holds at most `capacity` buckets of
 * consecutive steps, each keeping the min, max and last finite value of the steps it covers, so a spike
 * of one step survives in a million-step run. When a series fills, neighbouring buckets merge pairwise
 * (the bucket width doubles). Memory is therefore bounded by the number of series, never by the steps.
 */
import type { LayerSummary, RunEndRecord, RunStartRecord, StepRecord, TelemetryRecord, TelemetrySink, TensorEntry, TensorsRecord } from "./schema.js";

/** One downsampled series: bucket i covers the steps from `step[i]` up to (not including) `step[i + 1]`. */
export interface DigestSeries {
  step: number[];
  /** Min, max and last finite value in the bucket; null when every value in it was NaN or ±Infinity. */
  min: (number | null)[];
  max: (number | null)[];
  last: (number | null)[];
  /** Values seen, finite or not. */
  count: number;
  /** NaN or ±Infinity values seen, and the first step that had one. */
  nonFinite: number;
  firstNonFiniteStep?: number;
  /** Steps per bucket (1 until the series was first compacted; a power of two). */
  bucketSteps: number;
}

/** The per-layer statistics drawn as small multiples. */
export const LAYER_STATS = ["gradientMeanAbs", "updateRatioLog10", "deadFraction", "saturatedFraction", "activationStd"] as const;
export type LayerStat = (typeof LAYER_STATS)[number];

export interface LayerDigest {
  name: string;
  kind: string;
  activation: string;
  stats: Partial<Record<LayerStat, DigestSeries>>;
}

export interface TraceDigest {
  run?: {
    framework: string;
    backend: string;
    time: string;
    samplingInterval: number;
    /** The time share the probe may cost, when the interval stretches to it (see RunConfig). */
    samplingBudget?: number;
    producer?: { name: string; version?: string };
    loss?: string;
    optimizer?: string;
    task?: RunStartRecord["model"]["task"];
  };
  end?: Omit<RunEndRecord, "type" | "v">;
  /** The model summary of the run-start record. */
  layers: LayerSummary[];
  /**
   * Training runs in the trace (run-start records). A trace may hold several (models trained one after
   * another, each counting steps from 0): the digest is of the last one.
   */
  runs: number;
  /** Steps seen (step records), the last one, and the epochs seen. */
  steps: number;
  lastStep?: number;
  epochs: number;
  /** Sum of the steps' own durations, ms. */
  trainMs: number;
  /** Per-step training scalars: `loss` and every metric by its name. */
  train: Record<string, DigestSeries>;
  /** Per-epoch values at the epoch's last step: `loss`, metrics, and `val_loss`, `val_<metric>`. */
  epoch: Record<string, DigestSeries>;
  learningRate?: DigestSeries;
  /** Layers with per-layer statistics, in model order. */
  layerStats: LayerDigest[];
  /** Scalar names and layers left out beyond MAX_SCALAR_SERIES and MAX_LAYERS (a trace that invents names). */
  dropped?: { scalars: number; layers: number };
}

/** At most this many scalar series per kind (train, epoch), and this many layers, are kept. */
export const MAX_SCALAR_SERIES = 64;
export const MAX_LAYERS = 256;

export interface DigestOptions {
  /** Buckets per scalar series (default 1000). */
  scalarCapacity?: number;
  /** Buckets shared by all per-layer series (default 40,000): each layer series gets its share, at least 64. */
  layerBudget?: number;
}

/**
 * Display thresholds of the dead and saturated fractions; they mirror the defaults of D402 (a unit is dead
 * when its 95th-percentile |activation| is below 1e-5) and D403 (saturated when ρ > 0.85), which decide.
 */
export const DEAD_UNIT_P95_ABS = 1e-5;
export const SATURATED_UNIT_RHO = 0.85;

/** A bounded series builder (see the module comment). */
export class BoundedSeries {
  private readonly data: DigestSeries = { step: [], min: [], max: [], last: [], count: 0, nonFinite: 0, bucketSteps: 1 };

  constructor(private readonly capacity: number) {
    if (capacity < 2) throw new RangeError("a series needs at least 2 buckets");
  }

  add(step: number, value: number): void {
    const d = this.data;
    d.count++;
    const finite = Number.isFinite(value);
    if (!finite) {
      d.nonFinite++;
      if (d.firstNonFiniteStep === undefined) d.firstNonFiniteStep = step;
    }
    if (this.joinsLast(step)) {
      if (finite) this.merge(d.step.length - 1, value);
      return;
    }
    if (d.step.length >= this.capacity) {
      this.compact();
      // After compaction the step may fall in the (now wider) last bucket.
      if (this.joinsLast(step)) {
        if (finite) this.merge(d.step.length - 1, value);
        return;
      }
    }
    d.step.push(step);
    d.min.push(finite ? value : null);
    d.max.push(finite ? value : null);
    d.last.push(finite ? value : null);
  }

  private joinsLast(step: number): boolean {
    const d = this.data;
    const n = d.step.length;
    return n > 0 && Math.floor(d.step[n - 1]! / d.bucketSteps) === Math.floor(step / d.bucketSteps);
  }

  private merge(i: number, value: number): void {
    const d = this.data;
    d.min[i] = d.min[i] === null ? value : Math.min(d.min[i]!, value);
    d.max[i] = d.max[i] === null ? value : Math.max(d.max[i]!, value);
    d.last[i] = value;
  }

  /** Doubles the bucket width, merging the buckets that now share one. */
  private compact(): void {
    const d = this.data;
    const width = d.bucketSteps * 2;
    let out = -1;
    for (let i = 0; i < d.step.length; i++) {
      if (out >= 0 && Math.floor(d.step[out]! / width) === Math.floor(d.step[i]! / width)) {
        d.min[out] = pick(d.min[out]!, d.min[i]!, Math.min);
        d.max[out] = pick(d.max[out]!, d.max[i]!, Math.max);
        d.last[out] = d.last[i] ?? d.last[out]!;
        continue;
      }
      out++;
      d.step[out] = d.step[i]!;
      d.min[out] = d.min[i]!;
      d.max[out] = d.max[i]!;
      d.last[out] = d.last[i]!;
    }
    for (const array of [d.step, d.min, d.max, d.last]) array.length = out + 1;
    d.bucketSteps = width;
  }

  get length(): number {
    return this.data.step.length;
  }

  /** A copy of the series as it stands. */
  snapshot(): DigestSeries {
    const d = this.data;
    return { ...d, step: [...d.step], min: [...d.min], max: [...d.max], last: [...d.last] };
  }
}

function pick(a: number | null, b: number | null, f: (x: number, y: number) => number): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return f(a, b);
}

/** Counts distinct names, remembering at most a few thousand of them (beyond, a repeat may count twice). */
class BoundedNameCount {
  private readonly seen = new Set<string>();
  count = 0;
  add(name: string): void {
    if (this.seen.has(name)) return;
    if (this.seen.size < 4096) this.seen.add(name);
    this.count++;
  }
}

type LayerStatValues = Partial<Record<LayerStat, number>>;

/** Count-weighted mean of a statistic over entries; undefined when none has a finite value. */
function weightedMean(entries: readonly TensorEntry[], value: (e: TensorEntry) => number): number | undefined {
  let sum = 0;
  let weight = 0;
  for (const e of entries) {
    const v = value(e);
    if (!Number.isFinite(v)) continue;
    const w = Math.max(1, e.stats.count);
    sum += v * w;
    weight += w;
  }
  return weight === 0 ? undefined : sum / weight;
}

function unitFraction(values: readonly number[] | undefined, isFlagged: (v: number) => boolean): number | undefined {
  if (values === undefined || values.length === 0) return undefined;
  let flagged = 0;
  for (const v of values) if (isFlagged(v)) flagged++;
  return flagged / values.length;
}

/** The plotted statistics of one layer at one sampled step, from its tensor entries. */
export function layerStatValues(entries: readonly TensorEntry[]): LayerStatValues {
  const out: LayerStatValues = {};
  const gradients = entries.filter((e) => e.role === "gradient");
  const gradient = weightedMean(gradients, (e) => e.stats.meanAbs);
  if (gradient !== undefined) out.gradientMeanAbs = gradient;
  // Update ratio of the kernel, as the update checks measure it: mean |ΔW| per step over mean |W|.
  for (const update of entries) {
    if (update.role !== "update" || update.parameter !== "weights") continue;
    const weights = entries.find((e) => e.role === "weights" && e.name === update.name);
    const w = weights?.stats.meanAbs;
    const dw = update.stats.meanAbs / Math.max(1, update.updateSteps ?? 1);
    if (w !== undefined && Number.isFinite(w) && w > 1e-8 && Number.isFinite(dw) && dw > 0) out.updateRatioLog10 = Math.log10(dw / w);
    break;
  }
  const activation = entries.find((e) => e.role === "activation");
  if (activation !== undefined) {
    out.activationStd = activation.stats.std;
    const dead = unitFraction(activation.stats.perUnit?.p95Abs, (v) => v < DEAD_UNIT_P95_ABS);
    if (dead !== undefined) out.deadFraction = dead;
    const saturated = unitFraction(activation.stats.saturation, (v) => v > SATURATED_UNIT_RHO);
    if (saturated !== undefined) out.saturatedFraction = saturated;
  }
  return out;
}

/** The telemetry sink that builds a TraceDigest as records stream by. */
export class TraceDigestSink implements TelemetrySink {
  private readonly scalarCapacity: number;
  private readonly layerBudget: number;
  private layerCapacity = 64;
  private runs = 0;
  private run: TraceDigest["run"];
  private end: TraceDigest["end"];
  private layers: LayerSummary[] = [];
  private steps = 0;
  private lastStep: number | undefined;
  private epochs = 0;
  private trainMs = 0;
  private readonly train = new Map<string, BoundedSeries>();
  private readonly epoch = new Map<string, BoundedSeries>();
  private learningRate: BoundedSeries | undefined;
  private readonly layerSeries = new Map<string, Map<LayerStat, BoundedSeries>>();
  // Names are kept only up to a bound too: what is dropped is counted, not stored.
  private readonly droppedScalars = new BoundedNameCount();
  private readonly droppedLayers = new BoundedNameCount();

  constructor(options: DigestOptions = {}) {
    this.scalarCapacity = options.scalarCapacity ?? 1000;
    this.layerBudget = options.layerBudget ?? 40_000;
  }

  write(record: TelemetryRecord): void {
    switch (record.type) {
      case "run-start":
        this.startRun(record);
        return;
      case "step":
        this.addStep(record);
        return;
      case "tensors":
        this.addTensors(record);
        return;
      case "epoch": {
        this.epochs = Math.max(this.epochs, record.epoch + 1);
        const at = record.step ?? this.lastStep ?? 0;
        if (record.loss !== undefined) this.addTo(this.epoch, "loss", at, record.loss);
        for (const [name, value] of Object.entries(record.metrics)) this.addTo(this.epoch, name, at, value);
        if (record.valLoss !== undefined) this.addTo(this.epoch, "val_loss", at, record.valLoss);
        for (const [name, value] of Object.entries(record.valMetrics ?? {})) this.addTo(this.epoch, `val_${name}`, at, value);
        return;
      }
      case "run-end": {
        const { type: _type, v: _v, ...end } = record;
        this.end = end;
        return;
      }
      default:
        return;
    }
  }

  private startRun(record: RunStartRecord): void {
    // Steps count from 0 again in a new run: its curves replace the previous run's.
    if (this.runs > 0) this.reset();
    this.runs++;
    this.run = { framework: record.framework, backend: record.backend, time: record.time, samplingInterval: record.config.samplingInterval };
    if (record.config.samplingBudget !== undefined) this.run.samplingBudget = record.config.samplingBudget;
    if (record.producer !== undefined) this.run.producer = record.producer;
    if (record.model.loss !== undefined) this.run.loss = record.model.loss;
    if (record.model.optimizer !== undefined) this.run.optimizer = record.model.optimizer;
    if (record.model.task !== undefined) this.run.task = record.model.task;
    this.layers = record.model.layers;
    const perLayer = Math.max(1, this.layers.length) * LAYER_STATS.length;
    this.layerCapacity = Math.max(64, Math.floor(this.layerBudget / perLayer));
  }

  private reset(): void {
    this.end = undefined;
    this.steps = 0;
    this.lastStep = undefined;
    this.epochs = 0;
    this.trainMs = 0;
    this.train.clear();
    this.epoch.clear();
    this.learningRate = undefined;
    this.layerSeries.clear();
  }

  private addStep(record: StepRecord): void {
    this.steps++;
    this.lastStep = record.step;
    if (Number.isFinite(record.timeMs)) this.trainMs += record.timeMs;
    if (record.loss !== undefined) this.addTo(this.train, "loss", record.step, record.loss);
    for (const [name, value] of Object.entries(record.metrics)) this.addTo(this.train, name, record.step, value);
    if (record.learningRate !== undefined) {
      this.learningRate ??= new BoundedSeries(this.scalarCapacity);
      this.learningRate.add(record.step, record.learningRate);
    }
  }

  private addTensors(record: TensorsRecord): void {
    const byLayer = new Map<string, TensorEntry[]>();
    for (const entry of record.tensors) {
      if (entry.layer === "") continue;
      const list = byLayer.get(entry.layer);
      if (list === undefined) byLayer.set(entry.layer, [entry]);
      else list.push(entry);
    }
    for (const [layer, entries] of byLayer) {
      const values = layerStatValues(entries);
      let series = this.layerSeries.get(layer);
      for (const stat of LAYER_STATS) {
        const value = values[stat];
        if (value === undefined) continue;
        if (series === undefined) {
          if (this.layerSeries.size >= MAX_LAYERS) {
            this.droppedLayers.add(layer);
            break;
          }
          this.layerSeries.set(layer, (series = new Map()));
        }
        let s = series.get(stat);
        if (s === undefined) series.set(stat, (s = new BoundedSeries(this.layerCapacity)));
        s.add(record.step, value);
      }
    }
  }

  private addTo(map: Map<string, BoundedSeries>, name: string, step: number, value: number): void {
    let series = map.get(name);
    if (series === undefined) {
      if (map.size >= MAX_SCALAR_SERIES) {
        this.droppedScalars.add(name);
        return;
      }
      map.set(name, (series = new BoundedSeries(this.scalarCapacity)));
    }
    series.add(step, value);
  }

  /** The digest so far (a copy: the sink may go on). */
  digest(): TraceDigest {
    const snap = (map: Map<string, BoundedSeries>): Record<string, DigestSeries> => Object.fromEntries([...map].map(([k, s]) => [k, s.snapshot()]));
    const order = new Map(this.layers.map((l, i) => [l.name, i]));
    const layerStats: LayerDigest[] = [...this.layerSeries]
      .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
      .map(([name, series]) => {
        const summary = this.layers.find((l) => l.name === name);
        return {
          name,
          kind: summary?.kind ?? "unknown",
          activation: summary?.activation ?? "linear",
          stats: Object.fromEntries([...series].map(([stat, s]) => [stat, s.snapshot()])),
        };
      });
    const digest: TraceDigest = {
      runs: this.runs,
      layers: this.layers,
      steps: this.steps,
      epochs: this.epochs,
      trainMs: this.trainMs,
      train: snap(this.train),
      epoch: snap(this.epoch),
      layerStats,
    };
    if (this.run !== undefined) digest.run = this.run;
    if (this.end !== undefined) digest.end = this.end;
    if (this.lastStep !== undefined) digest.lastStep = this.lastStep;
    if (this.learningRate !== undefined) digest.learningRate = this.learningRate.snapshot();
    if (this.droppedScalars.count > 0 || this.droppedLayers.count > 0) digest.dropped = { scalars: this.droppedScalars.count, layers: this.droppedLayers.count };
    return digest;
  }
}
