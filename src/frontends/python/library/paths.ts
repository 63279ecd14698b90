/**
 * Library paths: every framework name is resolved to a dotted path (`tf.keras.layers.Dense` →
 * `tensorflow.keras.layers.Dense`), canonicalised (`keras.layers.Dense`), then classified into what the
 * library model knows how to do with it.
 */
import {
  activationOf,
  initializerOf,
  layerKindOf,
  lossOf,
  metricOf,
  optimizerOf,
  regularizerOf,
  type ActivationKind,
  type InitializerKind,
  type LayerKind,
  type LossKind,
  type MetricKind,
  type OptimizerKind,
  type RegularizerKind,
} from "../../../model/vocabulary.js";
import type { KerasPackage } from "../../../model/program.js";
import type { ScalerKind } from "../values.js";
import { isSklearnDataset } from "./sklearn/datasets.js";

const ALIASES: [RegExp, string][] = [
  [/^tensorflow\.compat\.v[12]\.keras(?=\.|$)/, "keras"],
  [/^tensorflow\.python\.keras(?=\.|$)/, "keras"],
  [/^tensorflow\.keras(?=\.|$)/, "keras"],
  [/^tensorflow\._api\.v2\.keras(?=\.|$)/, "keras"],
  [/^tf_keras(?=\.|$)/, "keras"],
  [/^keras\.api\._v2\.keras(?=\.|$)/, "keras"],
  [/^keras\.src(?=\.|$)/, "keras"],
  [/^keras\._tf_keras\.keras(?=\.|$)/, "keras"],
  [/^tensorflow\.compat\.v[12](?=\.|$)/, "tensorflow"],
  [/^tensorflow\.contrib\.keras(?=\.|$)/, "keras"],
];

/**
 * Which Keras a path names, read before canonicalisation: standalone `keras`, or TensorFlow's `tf.keras`
 * (`tensorflow.keras`, `tensorflow.python.keras`, `tensorflow.compat.v*.keras`, `tf_keras`, `keras.api._v2.keras`).
 */
export function packageOf(path: string): KerasPackage | undefined {
  if (/^(tensorflow\.(python\.|compat\.v[12]\.|_api\.v2\.|contrib\.)?keras|tf_keras|keras\.api\._v2\.keras|keras\._tf_keras)(\.|$)/.test(path)) return "tf.keras";
  if (/^keras(\.|$)/.test(path)) return "keras";
  return undefined;
}

/** The canonical dotted path of a library name (tf.keras, tensorflow.python.keras and keras are one). */
export function canonicalPath(path: string): string {
  let out = canonicalCache.get(path);
  if (out !== undefined) return out;
  out = path;
  for (const [pattern, replacement] of ALIASES) out = out.replace(pattern, replacement);
  if (canonicalCache.size >= CANONICAL_CACHE_LIMIT) canonicalCache.clear();
  canonicalCache.set(path, out);
  return out;
}

// The interpreter canonicalises the same few library paths at every call it evaluates (loops, repeated
// layers); ten regular expressions per call showed in profiles. Bounded, since one process lints many files.
const CANONICAL_CACHE_LIMIT = 4096;
const canonicalCache = new Map<string, string>();

export type PathKind =
  | { kind: "layer"; layerKind: LayerKind; className: string }
  | { kind: "input" }
  | { kind: "sequential" }
  | { kind: "model" }
  | { kind: "load-model" }
  | { kind: "application"; name: string }
  | { kind: "optimizer"; optimizer: OptimizerKind; name: string }
  | { kind: "lr-schedule" }
  | { kind: "loss"; loss: LossKind; name: string }
  | { kind: "metric"; metric: MetricKind; name: string }
  | { kind: "initializer"; initializer: InitializerKind; name: string }
  | { kind: "regularizer"; regularizer: RegularizerKind; name: string }
  | { kind: "activation"; activation: ActivationKind; name: string }
  | { kind: "dataset"; name: string }
  | { kind: "to-categorical" }
  | { kind: "pad-sequences" }
  | { kind: "backend"; name: string }
  | { kind: "seed" }
  | { kind: "image-generator" }
  | { kind: "keras1-merge" }
  | { kind: "argparse" }
  | { kind: "numpy"; name: string }
  | { kind: "scaler"; scaler: ScalerKind }
  | { kind: "tokenizer" }
  | { kind: "callback"; name: string }
  | { kind: "image-directory" }
  | { kind: "constraint"; name: string }
  | { kind: "train-test-split" }
  | { kind: "sklearn-dataset"; name: string }
  | { kind: "file-data" }
  | { kind: "tf-op"; name: string }
  | { kind: "unknown" };

const SEED_PATHS = new Set([
  "numpy.random.seed",
  "tensorflow.random.set_seed",
  "tensorflow.set_random_seed",
  "tensorflow.random.set_random_seed",
  "keras.utils.set_random_seed",
  "random.seed",
  "torch.manual_seed",
]);

/** Names under `keras.layers` that are not layer classes. */
const NOT_LAYERS = new Set(["Layer", "InputSpec", "Wrapper"]);

const DATASETS = new Set(["mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing", "california_housing"]);

/** Classifies a canonical library path. */
export function classifyPath(path: string): PathKind {
  const parts = path.split(".");
  const last = parts[parts.length - 1] ?? "";
  const root = parts[0];
  if (SEED_PATHS.has(path)) return { kind: "seed" };

  if (root === "keras") {
    const second = parts[1];
    if (path === "keras.Input" || path === "keras.layers.Input" || /^keras\.engine\.(input_layer\.)?Input$/.test(path)) return { kind: "input" };
    if (/^keras\.(models\.|engine\.(sequential\.)?)?Sequential$/.test(path)) return { kind: "sequential" };
    if (/^keras\.(models\.|engine\.(training\.|functional\.)?)?(Model|Functional)$/.test(path)) return { kind: "model" };
    if (/^keras\.(models|saving)\.(load_model|model_from_json|model_from_yaml|clone_model)$/.test(path)) return { kind: "load-model" };
    if (second === "applications" && parts.length >= 3 && /^[A-Z]/.test(last)) return { kind: "application", name: last };
    if (second === "layers" && last === "merge") return { kind: "keras1-merge" };
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

  if (root === "tensorflow") {
    if (parts[1] === "nn" && parts.length === 3) {
      const activation = activationOf(last, "tf1") ?? activationOf(last, "keras");
      if (activation) return { kind: "activation", activation, name: last };
    }
    if (parts.length === 2 || parts[1] === "initializers") {
      const initializer = initializerOf(last, "tf1") ?? (parts[1] === "initializers" ? initializerOf(last, "keras") : undefined);
      if (initializer) return { kind: "initializer", initializer, name: last };
    }
    if (parts[1] === "image" && last === "convert_image_dtype") return { kind: "numpy", name: "convert_image_dtype" };
    if (parts.length === 2 && (last === "cast" || last === "convert_to_tensor" || last === "constant")) return { kind: "numpy", name: last === "cast" ? "tf_cast" : "asarray" };
    return { kind: "tf-op", name: last };
  }

  if (root === "numpy") return { kind: "numpy", name: parts.slice(1).join(".") };
  if (root === "sklearn") {
    if (last === "StandardScaler") return { kind: "scaler", scaler: "standard" };
    if (last === "MinMaxScaler") return { kind: "scaler", scaler: "minmax" };
    if (/Scaler$|^Normalizer$/.test(last)) return { kind: "scaler", scaler: "other" };
    const encoders: Record<string, ScalerKind> = {
      LabelEncoder: "label",
      OneHotEncoder: "onehot",
      MultiLabelBinarizer: "multilabel",
      LabelBinarizer: "labelbinarizer",
      TfidfVectorizer: "vectorizer",
      CountVectorizer: "vectorizer",
      HashingVectorizer: "vectorizer",
    };
    if (encoders[last]) return { kind: "scaler", scaler: encoders[last] };
    if (last === "train_test_split") return { kind: "train-test-split" };
    if (parts[1] === "datasets" && isSklearnDataset(last)) return { kind: "sklearn-dataset", name: last };
    return { kind: "unknown" };
  }
  if (root === "pandas" && /^read_/.test(last)) return { kind: "file-data" };
  if (path === "argparse.ArgumentParser") return { kind: "argparse" };
  if (root === "numpy" || root === "pandas") return { kind: "unknown" };
  return { kind: "unknown" };
}

/** Whether a path is a Keras Model class (for subclassing). */
export function isKerasModelClass(path: string): boolean {
  const c = classifyPath(canonicalPath(path));
  return c.kind === "model" || c.kind === "sequential";
}

export function isKerasLayerClass(path: string): boolean {
  const canon = canonicalPath(path);
  return /^keras\.(layers\.|engine\.(base_layer\.)?)?Layer$/.test(canon);
}
