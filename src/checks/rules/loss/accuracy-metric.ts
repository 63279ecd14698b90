/** Shared by D505, D507 and D508: which of a record's metrics is an accuracy, by the vocabulary's metric kinds. */
import { metricOf } from "../../../model/vocabulary.js";

const ACCURACY_KINDS = new Set(["accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "binary_accuracy"]);

export function isAccuracy(name: string): boolean {
  const kind = metricOf(name, "keras") ?? metricOf(name, "tfjs");
  return kind !== undefined && ACCURACY_KINDS.has(kind);
}

export function accuracyName(metrics: Record<string, number>): string | undefined {
  return Object.keys(metrics).find(isAccuracy);
}
