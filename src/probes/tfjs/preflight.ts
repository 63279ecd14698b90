/**
 * The preflight procedures on a TF.js model (TheDeepChecker's pre-training checks): they measure and
 * write one `preflight` record each; the D1 checks decide. The user's model is left as it was: its weights
 * (trainable or not, batch-norm statistics included) are saved before and written back after every
 * procedure that trains, and training uses a fresh optimizer, never the model's.
 */
import type * as tf from "@tensorflow/tfjs";
import type {
  ColumnStats,
  FeatureStats,
  InitLayerStats,
  PreflightModelRecord,
  PreflightOverfitRecord,
  PreflightRecord,
  TaskSummary,
  TelemetrySink,
} from "../../telemetry/schema.js";
import { PROBE_VERSION } from "./probe.js";
import { layerKindOfTfjs, runStartRecord } from "./summary.js";
import { DEFAULT_PREFLIGHT_BUDGET, type PreflightBudget } from "../preflight-budget.js";

export { DEFAULT_PREFLIGHT_BUDGET, type PreflightBudget };

export type Tfjs = typeof tf;

export type PreflightTask = "classification" | "regression" | TaskSummary;

export interface PreflightData {
  /** The model's input(s): a sample of the training data (the first `sampleSize` samples are used). */
  x: tf.Tensor | tf.Tensor[];
  /** The training targets of the same samples. */
  y: tf.Tensor;
  /** What the model is trained for; default: what its compiled loss says. */
  task?: PreflightTask;
}

export interface RunPreflightOptions {
  budget?: Partial<PreflightBudget>;
  sinks: TelemetrySink[];
}

type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

interface Context {
  tf: Tfjs;
  model: tf.LayersModel;
  budget: PreflightBudget;
  emit(record: PreflightRecord): void;
  started: number;
  /** The sample: inputs and targets, at most sampleSize samples. */
  xs: tf.Tensor[];
  y: tf.Tensor;
  n: number;
  task: TaskSummary | undefined;
  lossFn: LossFn | undefined;
  /** The saved weights, written back after each procedure that trains. */
  initial: tf.Tensor[];
  /** How an output row becomes a class, when the task is classification. */
  outputThreshold: number;
  /**
   * The targets the procedures that train fit: for regression, standardised with the sample's mean and
   * std (the output layer would otherwise spend the budget reaching their scale, which D104 reports).
   */
  trainY: tf.Tensor;
  /**
   * Whether a layer normalises with its batch's statistics in training (batch normalisation): the first
   * step's loss is then the training-mode loss, not the inference one (moving statistics at their
   * initial 0 and 1 leave a deep model un-normalised).
   */
  batchStatistics: boolean;
}

/** Runs every procedure and writes their records to the sinks. Never changes the model's weights or optimizer. */
export async function runPreflight(lib: Tfjs, model: tf.LayersModel, data: PreflightData, options: RunPreflightOptions): Promise<PreflightRecord[]> {
  const budget: PreflightBudget = { ...DEFAULT_PREFLIGHT_BUDGET, ...options.budget };
  const records: PreflightRecord[] = [];
  let procedureStarted = Date.now();
  const emit = (record: PreflightRecord): void => {
    record.timeMs ??= Date.now() - procedureStarted;
    records.push(record);
    for (const sink of options.sinks) sink.write(record);
  };
  const started = Date.now();
  const modelRecord = modelRecordOf(lib, model, data.task, budget);
  emit(modelRecord);

  const inputs = Array.isArray(data.x) ? data.x : [data.x];
  const total = Math.min(data.y.shape[0] ?? 0, ...inputs.map((x) => x.shape[0] ?? 0));
  const n = Math.min(total, budget.sampleSize);
  // Evenly spread over the data: the first samples of a time series (or of data sorted by class) are
  // not representative of it.
  const picked = lib.tensor1d(Array.from({ length: n }, (_, i) => Math.floor((i * total) / Math.max(n, 1))), "int32");
  const xs = inputs.map((x) => lib.gather(x, picked));
  const y = lib.gather(data.y, picked);
  picked.dispose();
  const initial = model.getWeights().map((w) => w.clone());
  const context: Context = {
    tf: lib,
    model,
    budget,
    emit,
    started,
    xs,
    y,
    n,
    task: modelRecord.model.task,
    lossFn: singleLossFunction(model),
    initial,
    outputThreshold: outputThresholdOf(modelRecord),
    trainY: y,
    batchStatistics: modelRecord.model.layers.some((l) => l.kind === "batchNormalization"),
  };
  if (modelRecord.model.task?.kind === "regression") {
    context.trainY = lib.tidy(() => {
      const values = y.toFloat();
      const { mean, variance } = lib.moments(values, 0);
      return values.sub(mean).div(variance.sqrt().maximum(1e-12));
    });
  }
  const procedures: [PreflightRecord["procedure"], (c: Context) => void | Promise<void>][] = [
    ["data", dataStatistics],
    ["init", initStatistics],
    ["initial-loss", initialLoss],
    ["loss-scaling", lossScaling],
    ["overfit-batch", overfitBatch],
    ["data-dependency", dataDependency],
    ["sample-dependency", sampleDependency],
  ];
  if (budget.gradientCheck) procedures.push(["gradient-check", gradientCheck]);
  try {
    if (n === 0) {
      for (const [procedure] of procedures) emit({ type: "preflight", v: 1, procedure, skipped: "the data sample is empty" } as PreflightRecord);
      return records;
    }
    for (const [procedure, run] of procedures) {
      const t0 = Date.now();
      procedureStarted = t0;
      // A procedure cannot be cut once started (one forward pass of a large twin can take seconds): those
      // that would start past the time cap are skipped, so the preflight overruns by one procedure at most.
      if (t0 > context.started + budget.maxTimeMs && procedure !== "data") {
        emit({ type: "preflight", v: 1, procedure, skipped: `the preflight's time cap (maxTimeMs ${budget.maxTimeMs}) was spent before it`, timeMs: 0 } as PreflightRecord);
        continue;
      }
      try {
        await run(context);
      } catch (error) {
        emit({ type: "preflight", v: 1, procedure, skipped: `failed: ${error instanceof Error ? error.message : String(error)}`, timeMs: Date.now() - t0 } as PreflightRecord);
      } finally {
        // Whatever the procedure did, the model leaves it with the weights it came with.
        model.setWeights(initial);
      }
      // Let timers and I/O run between procedures (a live view, a parent tailing the trace).
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    lib.dispose([...xs, y, ...initial]);
    if (context.trainY !== y) context.trainY.dispose();
  }
  return records;
}

// ------------------------------------------------------------------------------------------ the model

function modelRecordOf(lib: Tfjs, model: tf.LayersModel, task: PreflightTask | undefined, budget: PreflightBudget): PreflightModelRecord {
  const start = runStartRecord(model, lib.getBackend(), { samplingInterval: 1 }, PROBE_VERSION);
  const summary = start.model;
  const given = typeof task === "string" ? { kind: task } : task;
  if (given) {
    const resolved: TaskSummary = { kind: given.kind };
    const classes = given.classes ?? (given.kind === "classification" ? classesFromOutput(summary.layers, summary.outputs) : undefined);
    if (classes !== undefined) resolved.classes = classes;
    summary.task = resolved;
  }
  const budgetRecord: Record<string, number> = {};
  for (const [key, value] of Object.entries(budget)) budgetRecord[key] = typeof value === "boolean" ? Number(value) : value;
  return { type: "preflight", v: 1, procedure: "model", framework: "tfjs", backend: start.backend, time: start.time, model: summary, budget: budgetRecord, producer: { name: "nncheck-tfjs", version: PROBE_VERSION } };
}

function classesFromOutput(layers: PreflightModelRecord["model"]["layers"], outputs: string[] | undefined): number | undefined {
  const output = outputs?.[0] !== undefined ? layers.find((l) => l.name === outputs[0]) : layers[layers.length - 1];
  const width = output?.outputShape.at(-1);
  if (typeof width !== "number") return undefined;
  return width === 1 ? 2 : width;
}

/** A one-unit output scores class 1 above 0.5 when it is a probability, above 0 when it is a logit. */
function outputThresholdOf(record: PreflightModelRecord): number {
  if (record.model.lossExpects === "logits") return 0;
  if (record.model.lossExpects === "probabilities") return 0.5;
  const output = record.model.layers.find((l) => l.name === record.model.outputs?.[0]) ?? record.model.layers[record.model.layers.length - 1];
  return output?.activation === "sigmoid" || output?.activation === "softmax" ? 0.5 : 0;
}

/** The compiled loss of a single-output model, as training applies it to one output. */
function singleLossFunction(model: tf.LayersModel): LossFn | undefined {
  // A Sequential keeps its compiled state in the LayersModel it wraps.
  const compiled = model as unknown as { lossFunctions?: LossFn[]; model?: { lossFunctions?: LossFn[] } };
  const fns = compiled.lossFunctions ?? compiled.model?.lossFunctions;
  if (!Array.isArray(fns) || fns.length !== 1 || model.outputs.length !== 1) return undefined;
  return fns[0];
}

/** The mean loss as TF.js's fit computes it: the loss function's value averaged over what it returns. */
function lossOf(c: Context, xs: tf.Tensor[], y: tf.Tensor, training: boolean): tf.Scalar {
  const { tf: lib } = c;
  const output = c.model.apply(xs.length === 1 ? xs[0]! : xs, { training }) as tf.Tensor;
  return lib.mean(c.lossFn!(y, output)) as tf.Scalar;
}

function skip(c: Context, procedure: PreflightRecord["procedure"], reason: string): void {
  c.emit({ type: "preflight", v: 1, procedure, skipped: reason } as PreflightRecord);
}

// ------------------------------------------------------------------------------------------ data, init

/** Runs `fn` and disposes every tensor it made (tidy for results that are plain values). */
function scoped<T>(lib: Tfjs, fn: () => T): T {
  lib.engine().startScope();
  try {
    return fn();
  } finally {
    lib.engine().endScope();
  }
}

function columnStats(lib: Tfjs, x: tf.Tensor, name: string): FeatureStats {
  return scoped(lib, () => {
    const values = x.toFloat();
    const shape = x.shape.slice(1);
    // Features along the last axis (channels-last): columns of a table, channels of an image, the
    // features of each time step of a sequence; a 1-D input is one feature.
    const scope: FeatureStats["scope"] = x.rank >= 2 ? "column" : "global";
    const flat = values.reshape([-1, x.rank >= 2 ? x.shape[x.rank - 1]! : 1]);
    const { mean, variance } = lib.moments(flat, 0);
    const min = flat.min(0).dataSync();
    const max = flat.max(0).dataSync();
    const means = mean.dataSync();
    const stds = variance.sqrt().dataSync();
    const columns: ColumnStats[] = [];
    for (let i = 0; i < means.length; i++) columns.push({ min: min[i]!, max: max[i]!, mean: means[i]!, std: stds[i]! });
    return { name, shape, scope, columns };
  });
}

/** The class of each target row: one-hot rows by argmax, one column by value (a probability above 0.5 is class 1). */
function targetClasses(lib: Tfjs, y: tf.Tensor, classes: number): Int32Array {
  return lib.tidy(() => {
    if (y.rank >= 2 && y.shape[y.rank - 1]! > 1) return y.argMax(-1).dataSync() as Int32Array;
    const flat = y.reshape([-1]);
    const values = classes === 2 ? flat.greater(0.5) : flat.round();
    return Int32Array.from(values.dataSync());
  });
}

function predictedClasses(c: Context, output: tf.Tensor): Int32Array {
  return c.tf.tidy(() => {
    if (output.rank >= 2 && output.shape[output.rank - 1]! > 1) return output.argMax(-1).dataSync() as Int32Array;
    return Int32Array.from(output.reshape([-1]).greater(c.outputThreshold).dataSync());
  });
}

function dataStatistics(c: Context): void {
  const inputs = c.xs.map((x, i) => {
    const stats = columnStats(c.tf, x, c.model.inputs[i]?.name ?? `input_${i}`);
    // The layers reading the input: an embedding's ids are not features (D102).
    const kinds = (c.model.inputLayers[i]?.outboundNodes ?? []).map((node) => layerKindOfTfjs(node.outboundLayer as Parameters<typeof layerKindOfTfjs>[0]));
    if (kinds.length > 0) stats.feeds = [...new Set(kinds)];
    return stats;
  });
  const record: PreflightRecord = { type: "preflight", v: 1, procedure: "data", samples: c.n, inputs };
  const classes = c.task?.kind === "classification" ? c.task.classes : undefined;
  if (classes !== undefined && classes >= 2) {
    const counts = new Array<number>(classes).fill(0);
    for (const k of targetClasses(c.tf, c.y, classes)) if (k >= 0 && k < classes) counts[k]!++;
    record.targets = { classCounts: counts };
  } else if (c.task?.kind === "regression") {
    const y = c.tf.tidy(() => c.y.reshape([c.n, -1]));
    record.targets = { values: columnStats(c.tf, y, "target") };
    y.dispose();
  }
  c.emit(record);
}

function initStatistics(c: Context): void {
  const layers: InitLayerStats[] = [];
  for (const layer of c.model.layers) {
    if (layer.trainableWeights.length === 0) continue;
    const kernelWeight = layer.trainableWeights.find((w) => /kernel/i.test(w.originalName ?? w.name) && w.shape.length >= 2) ?? layer.trainableWeights.find((w) => w.shape.length >= 2);
    const biasWeight = layer.trainableWeights.find((w) => /bias/i.test(w.originalName ?? w.name) && w.shape.length === 1);
    const entry: InitLayerStats = { layer: layer.name, hasBias: biasWeight !== undefined };
    if (kernelWeight) {
      const shape = kernelWeight.shape as number[];
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const [mean, variance, count] = c.tf.tidy(() => {
        const values = kernelWeight.read().reshape([-1]);
        const moments = c.tf.moments(values);
        return [moments.mean.dataSync()[0]!, moments.variance.dataSync()[0]!, values.size];
      });
      entry.kernel = { name: kernelWeight.name, shape, fanIn: receptive * shape[shape.length - 2]!, fanOut: receptive * shape[shape.length - 1]!, count, mean, variance: count > 1 ? (variance * count) / (count - 1) : 0 };
    }
    if (biasWeight) {
      const values = Array.from(biasWeight.read().dataSync());
      const count = values.length;
      entry.bias = {
        name: biasWeight.name,
        count,
        mean: values.reduce((a, b) => a + b, 0) / Math.max(count, 1),
        meanAbs: values.reduce((a, b) => a + Math.abs(b), 0) / Math.max(count, 1),
        ...(count <= 1024 ? { values } : {}),
      };
    }
    layers.push(entry);
  }
  c.emit({ type: "preflight", v: 1, procedure: "init", layers });
}

// ---------------------------------------------------------------------------------------------- losses

const NO_LOSS = "the model has no single compiled loss (compile it with one loss for one output)";

function initialLoss(c: Context): void {
  if (!c.lossFn) return skip(c, "initial-loss", NO_LOSS);
  // The loss the first training step sees (moving statistics updated here are restored after).
  const loss = c.tf.tidy(() => lossOf(c, c.xs, c.y, c.batchStatistics && c.n >= 2).dataSync()[0]!);
  c.emit({ type: "preflight", v: 1, procedure: "initial-loss", samples: c.n, loss });
}

function lossScaling(c: Context): void {
  if (!c.lossFn) return skip(c, "loss-scaling", NO_LOSS);
  const m = Math.min(c.n, c.budget.lossScalingSamples);
  const losses = [1, 2, 4, 8].map((repeat) =>
    c.tf.tidy(() => {
      const tile = (t: tf.Tensor) => c.tf.concat(new Array<tf.Tensor>(repeat).fill(t.slice(0, m)), 0);
      return { repeat, loss: lossOf(c, c.xs.map(tile), tile(c.y), false).dataSync()[0]! };
    }),
  );
  c.emit({ type: "preflight", v: 1, procedure: "loss-scaling", samples: m, losses });
}

// ------------------------------------------------------------------------------------ training on copies

/** Indices of a batch with the classes taken in turn (stratified), or the first samples. */
function stratifiedBatch(c: Context, size: number): number[] {
  const classes = c.task?.kind === "classification" ? c.task.classes : undefined;
  if (classes === undefined || classes < 2) return range(Math.min(size, c.n));
  const byClass = new Map<number, number[]>();
  targetClasses(c.tf, c.y, classes).forEach((k, i) => {
    const list = byClass.get(k);
    if (list) list.push(i);
    else byClass.set(k, [i]);
  });
  const queues = [...byClass.values()];
  const batch: number[] = [];
  for (let round = 0; batch.length < Math.min(size, c.n); round++) {
    for (const q of queues) if (round < q.length && batch.length < size) batch.push(q[round]!);
  }
  return batch.sort((a, b) => a - b);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function gatherAll(c: Context, indices: number[]): { xs: tf.Tensor[]; y: tf.Tensor } {
  return c.tf.tidy(() => {
    const idx = c.tf.tensor1d(indices, "int32");
    return { xs: c.xs.map((x) => c.tf.gather(x, idx)), y: c.tf.gather(c.trainY, idx) };
  });
}

function trainableVariables(c: Context): tf.Variable[] {
  return c.model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** One optimizer step on a fresh Adam; returns the loss before the step. */
function trainStep(c: Context, optimizer: tf.Optimizer, xs: tf.Tensor[], y: tf.Tensor, vars: tf.Variable[]): number {
  const cost = optimizer.minimize(() => lossOf(c, xs, y, true), true, vars);
  const value = cost?.dataSync()[0] ?? NaN;
  cost?.dispose();
  return value;
}

function deadline(c: Context, share: number): number {
  return c.started + c.budget.maxTimeMs * share;
}

async function overfitBatch(c: Context): Promise<void> {
  if (!c.lossFn) return skip(c, "overfit-batch", NO_LOSS);
  if (!c.task) return skip(c, "overfit-batch", "the task is unknown (give task: 'classification' or 'regression')");
  const indices = stratifiedBatch(c, c.budget.overfitBatch);
  const batch = gatherAll(c, indices);
  const optimizer = c.tf.train.adam(c.budget.learningRate);
  const vars = trainableVariables(c);
  const until = deadline(c, 0.5);
  const losses: number[] = [];
  let stoppedBy: PreflightOverfitRecord["stoppedBy"] = "iterations";
  try {
    for (let i = 0; i < c.budget.overfitIterations; i++) {
      const loss = trainStep(c, optimizer, batch.xs, batch.y, vars);
      losses.push(loss);
      if (!Number.isFinite(loss)) {
        stoppedBy = "non-finite";
        break;
      }
      if (Date.now() > until) {
        stoppedBy = "time";
        break;
      }
      if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const [error, errorKind] = c.tf.tidy((): [number, "classification" | "regression"] => {
      const output = c.model.apply(batch.xs.length === 1 ? batch.xs[0]! : batch.xs, { training: false }) as tf.Tensor;
      if (c.task!.kind === "classification") {
        const classes = c.task!.classes ?? 2;
        const truth = targetClasses(c.tf, batch.y, classes);
        const predicted = predictedClasses(c, output);
        let wrong = 0;
        truth.forEach((k, i) => (wrong += k === predicted[i] ? 0 : 1));
        return [wrong / truth.length, "classification"];
      }
      // The fraction of the targets' variance left unexplained (1 − R²).
      const y = batch.y.reshape(output.shape).toFloat();
      const residual = c.tf.mean(c.tf.square(c.tf.sub(output, y))).dataSync()[0]!;
      const variance = c.tf.mean(c.tf.square(c.tf.sub(y, c.tf.mean(y, 0)))).dataSync()[0]!;
      return [variance > 0 ? residual / variance : residual, "regression"];
    });
    c.emit({ type: "preflight", v: 1, procedure: "overfit-batch", samples: indices.length, iterations: losses.length, planned: c.budget.overfitIterations, stoppedBy, losses: strided(losses, 1000), error, errorKind });
  } finally {
    optimizer.dispose();
    c.tf.dispose([...batch.xs, batch.y]);
  }
}

function strided(values: number[], max: number): number[] {
  if (values.length <= max) return values;
  const step = values.length / max;
  return Array.from({ length: max }, (_, i) => values[Math.floor(i * step)]!);
}

/**
 * Two trainings from the same weights on the same batches, with the real inputs and with zeros. Each
 * iteration records the loss on held-out samples (never trained on): a training loss can be driven down
 * by memorising labels that do not follow from the inputs, a held-out loss cannot.
 */
async function dataDependency(c: Context): Promise<void> {
  if (!c.lossFn) return skip(c, "data-dependency", NO_LOSS);
  const heldOut = Math.max(1, Math.min(c.budget.dependencyBatch, Math.floor(c.n / 4)));
  const trainCount = c.n - heldOut;
  if (trainCount < 1) return skip(c, "data-dependency", "the sample is too small to hold samples out");
  const size = Math.min(c.budget.dependencyBatch, trainCount);
  const batches = Math.max(1, Math.floor(trainCount / size));
  const until = deadline(c, 0.9);
  const zeros = c.xs.map((x) => c.tf.zerosLike(x));
  const heldOutY = c.trainY.slice(trainCount, heldOut);
  let stoppedBy: "iterations" | "time" | "non-finite" = "iterations";
  const run = async (xs: tf.Tensor[]): Promise<number[]> => {
    c.model.setWeights(c.initial);
    const optimizer = c.tf.train.adam(c.budget.learningRate);
    const vars = trainableVariables(c);
    const heldOutX = xs.map((x) => x.slice(trainCount, heldOut));
    const losses: number[] = [];
    try {
      for (let i = 0; i < c.budget.dependencyIterations; i++) {
        const start = (i % batches) * size;
        const [bx, by] = c.tf.tidy(() => [xs.map((x) => x.slice(start, size)), c.trainY.slice(start, size)] as const);
        const trainLoss = trainStep(c, optimizer, bx, by, vars);
        c.tf.dispose([...bx, by]);
        const loss = c.tf.tidy(() => lossOf(c, heldOutX, heldOutY, false).dataSync()[0]!);
        losses.push(loss);
        if (!Number.isFinite(trainLoss) || !Number.isFinite(loss)) {
          stoppedBy = "non-finite";
          break;
        }
        if (Date.now() > until) {
          stoppedBy = "time";
          break;
        }
        if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      optimizer.dispose();
      c.tf.dispose(heldOutX);
    }
    return losses;
  };
  try {
    const real = await run(c.xs);
    const zeroed = stoppedBy === "iterations" ? await run(zeros) : [];
    c.emit({ type: "preflight", v: 1, procedure: "data-dependency", iterations: real.length, stoppedBy, heldOut, real: real.slice(-100), zeroed: zeroed.slice(-100) });
  } finally {
    c.tf.dispose([...zeros, heldOutY]);
  }
}

// ------------------------------------------------------------------------------------ sample dependency

function sampleDependency(c: Context): void {
  const m = Math.min(c.n, c.budget.sampleDependencyBatch);
  if (m < 2) return skip(c, "sample-dependency", "the sample has fewer than 2 samples");
  const { tf: lib } = c;
  const xs = c.xs.map((x) => x.slice(0, m));
  const y = c.y.slice(0, m);
  try {
    const record: PreflightRecord = { type: "preflight", v: 1, procedure: "sample-dependency", samples: m };
    // Gradients need float inputs: token ids (an embedding's input) cannot be differentiated.
    if (xs.every((x) => x.dtype === "float32")) {
      record.output = lib.tidy(() => {
        const grads = lib.grads((...inputs: tf.Tensor[]) => {
          const output = c.model.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: false }) as tf.Tensor;
          // A weighted sum: a plain sum of a softmax row is constant, its gradient zero.
          const row = output.slice(0, 1).reshape([-1]);
          return row.mul(lib.linspace(1, 2, row.size)).sum();
        })(xs);
        let self = 0;
        let others = 0;
        for (const g of grads) {
          const abs = g.abs();
          self = Math.max(self, abs.slice(0, 1).max().dataSync()[0]!);
          others = Math.max(others, abs.slice(1, m - 1).max().dataSync()[0]!);
        }
        return { self, others };
      });
    }
    if (c.lossFn) {
      record.loss = lib.tidy(() => {
        const output = lib.tidy(() => c.model.apply(xs.length === 1 ? xs[0]! : xs, { training: false }) as tf.Tensor);
        const gradAt = (p: tf.Tensor, t: tf.Tensor) => lib.grad((q: tf.Tensor) => lib.mean(c.lossFn!(t, q)))(p).slice(0, 1);
        // Sample 0 kept; every other sample's output moved halfway to the next one's (a mix of valid
        // outputs stays valid; a permutation would not do: a sum over the batch does not see it).
        const order = lib.tensor1d([0, ...range(m - 1).map((i) => ((i + 1) % (m - 1)) + 1)], "int32");
        const keep = lib.oneHot(lib.tensor1d([0], "int32"), m).reshape([m, ...output.shape.slice(1).map(() => 1)]);
        const moved = output.add(lib.gather(output, order)).div(2);
        const changed = keep.mul(output).add(lib.scalar(1).sub(keep).mul(moved));
        const before = gradAt(output, y);
        const after = gradAt(changed, y);
        return { self: before.abs().max().dataSync()[0]!, change: before.sub(after).abs().max().dataSync()[0]! };
      });
    }
    c.emit(record);
  } finally {
    lib.dispose([...xs, y]);
  }
}

// ---------------------------------------------------------------------------------------- gradient check

function gradientCheck(c: Context): void {
  if (!c.lossFn) return skip(c, "gradient-check", NO_LOSS);
  const { tf: lib, budget } = c;
  const samples = Math.min(c.n, budget.gradientCheckSamples);
  const xs = c.xs.map((x) => x.slice(0, samples));
  const y = c.y.slice(0, samples);
  const delta = budget.gradientCheckDelta;
  const loss = (): number => lib.tidy(() => lossOf(c, xs, y, false).dataSync()[0]!);
  const parameters: { layer: string; name: string; dims: number; relativeError: number }[] = [];
  try {
    const layerOf = new Map<string, string>();
    for (const layer of c.model.layers) for (const w of layer.trainableWeights) layerOf.set(w.name, layer.name);
    for (const weight of c.model.trainableWeights) {
      const variable = weight.read() as tf.Variable;
      const analytic = lib.tidy(() => {
        const { grads } = lib.variableGrads(() => lossOf(c, xs, y, false), [variable]);
        return Array.from(grads[variable.name]!.dataSync());
      });
      const values = Float32Array.from(variable.dataSync());
      const dims = Math.min(budget.gradientCheckMaxDims, Math.max(1, Math.ceil(values.length * budget.gradientCheckFraction)));
      const stride = values.length / dims;
      let diff = 0;
      let normA = 0;
      let normN = 0;
      for (let k = 0; k < dims; k++) {
        const i = Math.floor(k * stride);
        const original = values[i]!;
        const at = (value: number): number => {
          values[i] = value;
          lib.tidy(() => variable.assign(lib.tensor(values, variable.shape, variable.dtype)));
          return loss();
        };
        const numeric = (at(original + delta) - at(original - delta)) / (2 * delta);
        values[i] = original;
        lib.tidy(() => variable.assign(lib.tensor(values, variable.shape, variable.dtype)));
        diff += (analytic[i]! - numeric) ** 2;
        normA += analytic[i]! ** 2;
        normN += numeric ** 2;
      }
      const denominator = Math.sqrt(normA) + Math.sqrt(normN);
      parameters.push({ layer: layerOf.get(weight.name) ?? "", name: weight.name, dims, relativeError: denominator > 0 ? Math.sqrt(diff) / denominator : 0 });
    }
    c.emit({ type: "preflight", v: 1, procedure: "gradient-check", samples, delta, parameters });
  } finally {
    lib.dispose([...xs, y]);
  }
}
