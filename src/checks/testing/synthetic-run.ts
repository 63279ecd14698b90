/**
 * Synthetic telemetry for the checks' tests: a healthy run shaped like a small real training (loss
 * decaying with noise, weights moving slowly, gradients shrinking, activations in range) that no check may
 * flag, plus helpers to inject one fault at a time.
 */
import type {
  EpochRecord,
  LayerSummary,
  RunStartRecord,
  StepRecord,
  TaskSummary,
  TelemetryRecord,
  TensorEntry,
  TensorStats,
  TensorsRecord,
} from "../../telemetry/schema.js";
import type { ActivationKind, LayerKind, LossKind } from "../../model/vocabulary.js";
import type { Finding } from "../../report/finding.js";
import { createCheckEngine } from "../engine.js";
import type { CheckEngineOptions } from "../options.js";

/** Deterministic uniform noise in [−1, 1] (mulberry32). */
export function noiseSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

export function stats(partial: Partial<TensorStats> = {}): TensorStats {
  return { count: 1000, mean: 0, std: 1, meanAbs: 0.8, l2: 25, min: -3, max: 3, zeroFraction: 0, nonFinite: 0, sampled: false, ...partial };
}

export interface SyntheticLayer {
  name: string;
  kind?: LayerKind;
  activation: ActivationKind;
  units: number;
  fanIn: number;
  trainable?: boolean;
}

export interface SyntheticRunSpec {
  layers: SyntheticLayer[];
  task: TaskSummary;
  loss: LossKind;
  lossExpects: "probabilities" | "logits" | "values";
  steps: number;
  interval: number;
  stepsPerEpoch: number;
  batch: number;
  seed: number;
  /** Loss at a step (before noise). */
  lossAt: (step: number) => number;
  /** Accuracy-like metric (classification) at a step. */
  accuracyAt?: (step: number) => number;
  /** Regression targets' range. */
  targets?: { min: number; max: number };
}

const classifierLayers: SyntheticLayer[] = [
  { name: "dense_1", activation: "relu", units: 128, fanIn: 784 },
  { name: "dense_2", activation: "relu", units: 64, fanIn: 128 },
  { name: "dense_3", activation: "softmax", units: 10, fanIn: 64 },
];

export function classifierSpec(overrides: Partial<SyntheticRunSpec> = {}): SyntheticRunSpec {
  return {
    layers: classifierLayers,
    task: { kind: "classification", classes: 10 },
    loss: "categorical_crossentropy",
    lossExpects: "probabilities",
    steps: 400,
    interval: 10,
    stepsPerEpoch: 40,
    batch: 32,
    seed: 7,
    lossAt: (s) => 0.25 + 2.05 * Math.exp(-s / 80),
    accuracyAt: (s) => 0.95 - 0.85 * Math.exp(-s / 80),
    ...overrides,
  };
}

export function regressionSpec(overrides: Partial<SyntheticRunSpec> = {}): SyntheticRunSpec {
  return {
    layers: [
      { name: "hidden", activation: "relu", units: 64, fanIn: 13 },
      { name: "out", activation: "linear", units: 1, fanIn: 64 },
    ],
    task: { kind: "regression" },
    loss: "mean_squared_error",
    lossExpects: "values",
    steps: 300,
    interval: 10,
    stepsPerEpoch: 30,
    batch: 32,
    seed: 11,
    lossAt: (s) => 0.3 + 4 * Math.exp(-s / 60),
    targets: { min: -2.5, max: 3.1 },
    ...overrides,
  };
}

/** A binary classifier with a tanh hidden layer and a (confident, saturated) sigmoid head. */
export function tanhBinarySpec(overrides: Partial<SyntheticRunSpec> = {}): SyntheticRunSpec {
  return {
    layers: [
      { name: "hidden", activation: "tanh", units: 32, fanIn: 20 },
      { name: "out", activation: "sigmoid", units: 1, fanIn: 32 },
    ],
    task: { kind: "classification", classes: 2 },
    loss: "binary_crossentropy",
    lossExpects: "probabilities",
    steps: 300,
    interval: 10,
    stepsPerEpoch: 30,
    batch: 32,
    seed: 5,
    lossAt: (s) => 0.1 + 0.6 * Math.exp(-s / 70),
    accuracyAt: (s) => 0.97 - 0.45 * Math.exp(-s / 70),
    ...overrides,
  };
}

function layerSummaries(spec: SyntheticRunSpec): LayerSummary[] {
  return spec.layers.map((l, index) => {
    const summary: LayerSummary = {
      name: l.name,
      kind: l.kind ?? "dense",
      index,
      outputShape: [null, l.units],
      params: l.fanIn * l.units + l.units,
      activation: l.activation,
      span: { file: "train.js", line: 10 + index, column: 3, endLine: 10 + index, endColumn: 60 },
    };
    if (l.trainable === false) summary.trainable = false;
    return summary;
  });
}

function activationStats(layer: SyntheticLayer, isOutput: boolean, spec: SyntheticRunSpec, noise: () => number): TensorStats {
  const n = spec.batch * layer.units;
  const units = Array.from({ length: layer.units }, (_, u) => u);
  switch (layer.activation) {
    case "relu":
      return stats({
        count: n, mean: 0.45 + 0.02 * noise(), std: 0.75, meanAbs: 0.45, l2: Math.sqrt(n) * 0.85, min: 0, max: 4.2, zeroFraction: 0.45,
        percentiles: { p5: 0, p50: 0.2, p95: 1.6 },
        // One unit in ten dead: normal for a healthy ReLU layer.
        perUnit: { p95Abs: units.map((u) => (u % 10 === 0 ? 0 : 1.2 + 0.1 * noise())), mean: units.map(() => 0.4 + 0.05 * noise()), std: units.map(() => 0.7) },
      });
    case "tanh":
      return stats({ count: n, mean: 0.01 * noise(), std: 0.55, meanAbs: 0.45, l2: Math.sqrt(n) * 0.55, min: -0.99, max: 0.99, saturation: units.map(() => 0.3 + 0.05 * noise()) });
    case "sigmoid":
      return stats({
        count: n, mean: 0.5, std: 0.45, meanAbs: 0.5, l2: Math.sqrt(n) * 0.67, min: 0.002, max: 0.998,
        saturation: units.map(() => 0.92),
        perUnit: { mean: units.map(() => 0.5 + 0.05 * noise()), std: units.map(() => 0.45) },
      });
    case "softmax":
      return stats({
        count: n, mean: 0.1, std: 0.25, meanAbs: 0.1, l2: Math.sqrt(n) * 0.27, min: 1e-4, max: 0.999,
        rowSums: { min: 0.99999, max: 1.00001 },
        perUnit: { mean: units.map(() => 0.1 + 0.02 * noise()), std: units.map(() => 0.2 + 0.02 * noise()) },
      });
    default:
      return stats({
        count: n, mean: 0.3 * noise(), std: isOutput ? 1.4 : 1, meanAbs: 0.9, l2: Math.sqrt(n), min: -2 - noise(), max: 2.8 + noise(),
        perUnit: { mean: units.map(() => 0.3 * noise()), std: units.map(() => 1.2 + 0.1 * noise()) },
      });
  }
}

function tensorsAt(spec: SyntheticRunSpec, step: number, noise: () => number): TensorEntry[] {
  const entries: TensorEntry[] = [];
  const progress = step / spec.steps;
  spec.layers.forEach((layer, i) => {
    const isOutput = i === spec.layers.length - 1;
    const size = layer.fanIn * layer.units;
    const count = Math.min(size, 4096);
    const scale = Math.sqrt(2 / (layer.fanIn + layer.units));
    const w = scale * 0.8 * (1 + 0.1 * progress) * (1 + 0.002 * noise());
    entries.push({
      layer: layer.name, role: "weights", name: `${layer.name}/kernel`, shape: [layer.fanIn, layer.units],
      stats: stats({ count, mean: 0.001 * noise(), std: w * 1.25, meanAbs: w, l2: w * 1.25 * Math.sqrt(size), min: -3 * w, max: 3 * w, tinyFraction: 0.0003, negativeFraction: 0.5 + 0.01 * noise(), sampled: size > 4096 }),
    });
    const b = 0.01 * progress + 0.001;
    entries.push({
      layer: layer.name, role: "bias", name: `${layer.name}/bias`, shape: [layer.units],
      stats: stats({ count: layer.units, mean: b * 0.2, std: b, meanAbs: b, l2: b * Math.sqrt(layer.units), min: -2 * b, max: 2 * b, zeroFraction: 0 }),
    });
    // Gradients shrink as the loss falls; the output layer's are a little larger (closer to the loss).
    const g = 1e-3 * (isOutput ? 3 : 1) * Math.exp(-step / 300) * (1 + 0.1 * noise());
    entries.push({
      layer: layer.name, role: "gradient", name: `${layer.name}/kernel`, parameter: "weights", shape: [layer.fanIn, layer.units],
      stats: stats({ count, mean: 0.1 * g * noise(), std: g * 1.4, meanAbs: g, l2: g * 1.4 * Math.sqrt(size), min: -8 * g, max: 8 * g, zeroFraction: layer.activation === "relu" ? 0.2 : 0 }),
    });
    const dw = 2e-4 * w * 10 * (1 + 0.1 * noise());
    entries.push({
      layer: layer.name, role: "update", name: `${layer.name}/kernel`, parameter: "weights", shape: [layer.fanIn, layer.units],
      stats: stats({ count, mean: 0, std: dw * 1.3, meanAbs: dw, l2: dw * 1.3 * Math.sqrt(size), min: -4 * dw, max: 4 * dw }),
    });
    entries.push({ layer: layer.name, role: "activation", name: `${layer.name}/output`, shape: [spec.batch, layer.units], stats: activationStats(layer, isOutput, spec, noise) });
  });
  if (spec.targets) {
    entries.push({ layer: "", role: "target", name: "targets", shape: [spec.batch, 1], stats: stats({ count: spec.batch, min: spec.targets.min, max: spec.targets.max, mean: 0.2, std: 1.1, meanAbs: 0.9 }) });
  }
  return entries;
}

/** Records of a healthy run following `spec`. */
export function syntheticRun(spec: SyntheticRunSpec): TelemetryRecord[] {
  const noise = noiseSource(spec.seed);
  const start: RunStartRecord = {
    type: "run-start", v: 1, framework: "tfjs", backend: "cpu", time: "2026-01-01T00:00:00.000Z",
    config: { samplingInterval: spec.interval },
    model: { layers: layerSummaries(spec), task: spec.task, loss: spec.loss, lossExpects: spec.lossExpects, optimizer: "adam" },
  };
  const records: TelemetryRecord[] = [start];
  let epochSteps: StepRecord[] = [];
  for (let step = 0; step < spec.steps; step++) {
    const epoch = Math.floor(step / spec.stepsPerEpoch);
    const loss = spec.lossAt(step) * (1 + 0.05 * noise());
    const metrics: Record<string, number> = spec.accuracyAt ? { acc: Math.min(1, spec.accuracyAt(step) + 0.02 * noise()) } : { mae: Math.sqrt(loss) * 0.8 };
    const record: StepRecord = { type: "step", v: 1, step, epoch, batch: step % spec.stepsPerEpoch, loss, metrics, learningRate: 1e-3, timeMs: 12 };
    records.push(record);
    epochSteps.push(record);
    if (step % spec.interval === 0) records.push({ type: "tensors", v: 1, step, tensors: tensorsAt(spec, step, noise) } satisfies TensorsRecord);
    if (epochSteps.length === spec.stepsPerEpoch || step === spec.steps - 1) {
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const trainLoss = mean(epochSteps.map((s) => s.loss!));
      const epochMetrics: Record<string, number> = {};
      for (const name of Object.keys(metrics)) epochMetrics[name] = mean(epochSteps.map((s) => s.metrics[name]!));
      const epochRecord: EpochRecord = {
        type: "epoch", v: 1, epoch, step, loss: trainLoss, metrics: epochMetrics,
        valLoss: trainLoss * (1.05 + 0.01 * noise()), valMetrics: epochMetrics,
      };
      records.push(epochRecord);
      epochSteps = [];
    }
  }
  records.push({ type: "run-end", v: 1, status: "completed", steps: spec.steps });
  return records;
}

/** Replaces tensor entries matching `match` (from step `from` on) by `edit(entry, step)`. */
export function editTensors(
  records: TelemetryRecord[],
  match: (entry: TensorEntry) => boolean,
  edit: (entry: TensorEntry, step: number) => TensorEntry,
  from = 0,
): TelemetryRecord[] {
  return records.map((r) => (r.type === "tensors" && r.step >= from ? { ...r, tensors: r.tensors.map((t) => (match(t) ? edit(t, r.step) : t)) } : r));
}

/** Shorthand: entries of one layer and role (and parameter, for gradients/updates). */
export const entryOf = (layer: string, role: TensorEntry["role"], parameter?: "weights" | "bias") => (e: TensorEntry): boolean =>
  e.layer === layer && e.role === role && (parameter === undefined || e.parameter === parameter);

/** Merges `patch` into the stats of matching entries from step `from` on. */
export function patchStats(records: TelemetryRecord[], match: (entry: TensorEntry) => boolean, patch: (stats: TensorStats, step: number) => Partial<TensorStats>, from = 0): TelemetryRecord[] {
  return editTensors(records, match, (e, step) => ({ ...e, stats: { ...e.stats, ...patch(e.stats, step) } }), from);
}

export function editSteps(records: TelemetryRecord[], edit: (step: StepRecord) => StepRecord): TelemetryRecord[] {
  return records.map((r) => (r.type === "step" ? edit(r) : r));
}

export function editEpochs(records: TelemetryRecord[], edit: (epoch: EpochRecord) => EpochRecord): TelemetryRecord[] {
  return records.map((r) => (r.type === "epoch" ? edit(r) : r));
}

export function editRunStart(records: TelemetryRecord[], edit: (start: RunStartRecord) => RunStartRecord): TelemetryRecord[] {
  return records.map((r) => (r.type === "run-start" ? edit(r) : r));
}

/**
 * States the sub-model (schema 1.8 `part`) of each layer named in `parts`, as the Keras probe does for the
 * sub-models of a subclassed model (a VAE's encoder and decoder), whose order it cannot know.
 */
export function inParts(records: TelemetryRecord[], parts: Record<string, string>): TelemetryRecord[] {
  return editRunStart(records, (start) => ({
    ...start,
    model: { ...start.model, layers: start.model.layers.map((l) => (parts[l.name] !== undefined ? { ...l, part: parts[l.name] } : l)) },
  }));
}

/** Feeds the records to a fresh engine and returns its findings. */
export function runChecks(records: readonly TelemetryRecord[], options: CheckEngineOptions = {}): Finding[] {
  const engine = createCheckEngine(options);
  for (const record of records) engine.write(record);
  return engine.findings();
}
