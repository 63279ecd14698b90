/** Shared helpers for probe tests: synthetic data (the example trainings' own), a record collector, small models. */
import * as tf from "@tensorflow/tfjs";
import { classification, images, sequences } from "../../examples/tfjs/data.js";
import type { TelemetryRecord, TelemetrySink, TensorEntry, TensorsRecord } from "../../src/telemetry/schema.js";

/** A 3-class problem on `features` inputs that an MLP learns easily (the examples' data, examples/tfjs/data.js). */
export function classificationData(n: number, features: number, classes = 3, seed = 1): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return classification(n, features, classes, seed);
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
  return images(n, seed);
}

/** Sequences of `steps` × 2 features, 2 classes: the class is the sign of the sum of the first feature. */
export function sequenceData(n: number, steps = 8, seed = 5): { xs: tf.Tensor3D; ys: tf.Tensor2D } {
  return sequences(n, steps, seed);
}
