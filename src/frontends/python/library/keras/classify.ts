/**
 * What a name under `keras` is: a layer class, a model class, a learner object, a dataset, a utility.
 */
import { activationOf, initializerOf, layerKindOf, lossOf, metricOf, optimizerOf, regularizerOf } from "../../../../model/vocabulary.js";
import type { PathKind } from "../paths.js";

/** Names under `keras.layers` that are not layer classes. */
const NOT_LAYERS = new Set(["Layer", "InputSpec", "Wrapper"]);

const DATASETS = new Set(["mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing", "california_housing"]);

/** Classifies a canonical path under `keras` (`parts` is the path split at dots). */
export function classifyKerasPath(path: string, parts: string[]): PathKind {
  const last = parts[parts.length - 1] ?? "";
  const second = parts[1];
  if (path === "keras.Input" || path === "keras.layers.Input" || /^keras\.engine\.(input_layer\.)?Input$/.test(path)) return { kind: "input" };
  if (/^keras\.(models\.|engine\.(sequential\.)?)?Sequential$/.test(path)) return { kind: "sequential" };
  if (/^keras\.(models\.|engine\.(training\.|functional\.)?)?(Model|Functional)$/.test(path)) return { kind: "model" };
  if (/^keras\.(models|saving)\.(load_model|model_from_json|model_from_yaml|clone_model)$/.test(path)) return { kind: "load-model" };
  if (second === "applications" && parts.length >= 3 && /^[A-Z]/.test(last)) return { kind: "application", name: last };
  if (second === "layers" && last === "merge") return { kind: "keras1-merge" };
  if (second === "layers" && last === "TimeDistributedDense") return { kind: "keras1-time-distributed-dense" };
  if (second === "layers" || second === "legacy" || (second === "engine" && parts.length > 2)) {
    const layerKind = layerKindOf(last, "keras");
    if (layerKind) return { kind: "layer", layerKind, className: last };
    // A layer class the vocabulary does not know (`RandomFlip`, `MultiHeadAttention`): a layer of unknown kind.
    if (second === "layers" && /^[A-Z]/.test(last) && !NOT_LAYERS.has(last)) return { kind: "layer", layerKind: "unknown", className: last };
  }
  if (second === "optimizers") {
    if (parts[2] === "schedules") return { kind: "lr-schedule" };
    const optimizer = optimizerOf(last, "keras");
    if (optimizer && parts.length >= 3) return { kind: "optimizer", optimizer, name: last };
  }
  if (second === "losses" || second === "objectives") {
    const loss = lossOf(last, "keras");
    if (loss) return { kind: "loss", loss, name: last };
  }
  if (second === "metrics") {
    const metric = metricOf(last, "keras");
    if (metric) return { kind: "metric", metric, name: last };
    const loss = lossOf(last, "keras");
    if (loss) return { kind: "metric", metric: "other", name: last };
  }
  if (second === "initializers" || second === "initializations") {
    const initializer = initializerOf(last, "keras");
    if (initializer) return { kind: "initializer", initializer, name: last };
  }
  if (second === "regularizers") {
    const regularizer = regularizerOf(last, "keras");
    if (regularizer) return { kind: "regularizer", regularizer, name: last };
  }
  if (second === "activations") {
    const activation = activationOf(last, "keras");
    if (activation) return { kind: "activation", activation, name: last };
  }
  if (second === "datasets" && parts.length >= 4 && last === "load_data" && DATASETS.has(parts[2]!)) return { kind: "dataset", name: parts[2]! };
  if (last === "to_categorical") return { kind: "to-categorical" };
  if (last === "pad_sequences") return { kind: "pad-sequences" };
  if (last === "Tokenizer") return { kind: "tokenizer" };
  if (second === "callbacks" && parts.length >= 3 && /^[A-Z]/.test(last)) return { kind: "callback", name: last };
  if (second === "constraints" && parts.length >= 3) return { kind: "constraint", name: last };
  if (second === "backend" && parts.length === 3) return { kind: "backend", name: last };
  if (last === "ImageDataGenerator") return { kind: "image-generator" };
  if (last === "image_dataset_from_directory") return { kind: "image-directory" };
  // Top-level shortcuts (`keras.losses` imported as a module is handled above; `from keras import Dense` is not valid Keras).
  return { kind: "unknown" };
}
