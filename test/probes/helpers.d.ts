/** Shared helpers for probe tests: synthetic data, a record collector, small models. */
import * as tf from "@tensorflow/tfjs";
import type { TelemetryRecord, TelemetrySink, TensorEntry, TensorsRecord } from "../../src/telemetry/schema.js";
/** Deterministic pseudo-random generator (LCG) so trainings are reproducible. */
export declare function rng(seed: number): () => number;
/** A 3-class problem on `features` inputs that an MLP learns easily: the class is the argmax of 3 fixed projections. */
export declare function classificationData(n: number, features: number, classes?: number, seed?: number): {
    xs: tf.Tensor2D;
    ys: tf.Tensor2D;
};
/** Collects records in memory. */
export declare function collector(): TelemetrySink & {
    records: TelemetryRecord[];
};
export declare function tensorsRecords(records: TelemetryRecord[]): TensorsRecord[];
export declare function entries(records: TelemetryRecord[], filter: Partial<Pick<TensorEntry, "layer" | "role" | "parameter">>): TensorEntry[];
export declare function mlp(layers: {
    units: number;
    activation: "relu" | "sigmoid" | "tanh" | "softmax" | "linear";
    name?: string;
    kernelInitializer?: string;
    biasInitializer?: string;
    trainable?: boolean;
}[], inputs: number): tf.Sequential;
