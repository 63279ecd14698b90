/** Shared helpers for probe tests: synthetic data, a record collector, small models. */
import * as tf from "@tensorflow/tfjs";
import type { TelemetryRecord, TelemetrySink, TensorEntry, TensorsRecord } from "../../src/telemetry/schema.js";

/** Deterministic pseudo-random generator (LCG) so trainings are reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A 3-class problem on `features` inputs that an MLP learns easily: the class is the argmax of 3 fixed projections. */
export function classificationData(n: number, features: number, classes = 3, seed = 1): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const rand = rng(seed);
  const x = new Float32Array(n * features);
  const y = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const scores = new Array<number>(classes).fill(0);
    for (let f = 0; f < features; f++) {
      const v = rand() * 2 - 1;
      x[i * features + f] = v;
      scores[f % classes]! += v;
    }
    y[i * classes + scores.indexOf(Math.max(...scores))] = 1;
  }
  return { xs: tf.tensor2d(x, [n, features]), ys: tf.tensor2d(y, [n, classes]) };
}

/** Collects records in memory. */
export function collector(): TelemetrySink & { records: TelemetryRecord[] } {
  const records: TelemetryRecord[] = [];
  return { records, write: (r) => void records.push(structuredClone(r)) };
}

export function tensorsRecords(records: TelemetryRecord[]): TensorsRecord[] {
  return records.filter((r): r is TensorsRecord => r.type === "tensors");
}

export function entries(records: TelemetryRecord[], filter: Partial<Pick<TensorEntry, "layer" | "role" | "parameter">>): TensorEntry[] {
  return tensorsRecords(records).flatMap((r) =>
    r.tensors.filter((t) => (filter.layer === undefined || t.layer === filter.layer) && (filter.role === undefined || t.role === filter.role) && (filter.parameter === undefined || t.parameter === filter.parameter)),
  );
}

export function mlp(layers: { units: number; activation: "relu" | "sigmoid" | "tanh" | "softmax" | "linear"; name?: string; kernelInitializer?: string; biasInitializer?: string; trainable?: boolean }[], inputs: number): tf.Sequential {
  return tf.sequential({
    layers: layers.map((l, i) =>
      tf.layers.dense({
        units: l.units,
        activation: l.activation,
        ...(i === 0 ? { inputShape: [inputs] } : {}),
        ...(l.name ? { name: l.name } : {}),
        ...(l.kernelInitializer ? { kernelInitializer: l.kernelInitializer as "glorotUniform" } : {}),
        ...(l.biasInitializer ? { biasInitializer: l.biasInitializer as "zeros" } : {}),
        ...(l.trainable === false ? { trainable: false } : {}),
      }),
    ),
  });
}

/** 8×8 one-channel images of 4 classes: the class is the quadrant holding a bright 3×3 blob over noise. */
export function imageData(n: number, seed = 3): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const rand = rng(seed);
  const x = new Float32Array(n * 64);
  const y = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * 4);
    y[i * 4 + c] = 1;
    for (let p = 0; p < 64; p++) x[i * 64 + p] = (rand() - 0.5) * 0.4;
    const top = (c >> 1) * 4 + Math.floor(rand() * 2);
    const left = (c & 1) * 4 + Math.floor(rand() * 2);
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) x[i * 64 + (top + dy) * 8 + left + dx]! += 1;
  }
  return { xs: tf.tensor4d(x, [n, 8, 8, 1]), ys: tf.tensor2d(y, [n, 4]) };
}

/** Sequences of `steps` × 2 features, 2 classes: the class is the sign of the sum of the first feature. */
export function sequenceData(n: number, steps = 8, seed = 5): { xs: tf.Tensor3D; ys: tf.Tensor2D } {
  const rand = rng(seed);
  const x = new Float32Array(n * steps * 2);
  const y = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < steps; t++) {
      const v = rand() * 2 - 1;
      sum += v;
      x[(i * steps + t) * 2] = v;
      x[(i * steps + t) * 2 + 1] = rand() * 2 - 1;
    }
    y[i * 2 + (sum > 0 ? 1 : 0)] = 1;
  }
  return { xs: tf.tensor3d(x, [n, steps, 2]), ys: tf.tensor2d(y, [n, 2]) };
}
