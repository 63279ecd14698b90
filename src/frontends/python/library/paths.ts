/**
 * Library paths: every framework name is resolved to a dotted path (`tf.keras.layers.Dense` →
 * `tensorflow.keras.layers.Dense`), canonicalised (`keras.layers.Dense`), then classified into what the
 * library model knows how to do with it.
 */
import type {
  ActivationKind,
  InitializerKind,
  LayerKind,
  LossKind,
  MetricKind,
  OptimizerKind,
  RegularizerKind,
} from "../../../model/vocabulary.js";
import type { KerasPackage } from "../../../model/program.js";
import type { ScalerKind } from "../values.js";
import { classifyKerasPath } from "./keras/classify.js";
import { classifySklearnPath } from "./sklearn/classify.js";
import { classifyTensorflowPath } from "./tensorflow/classify.js";

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
  // Names a snippet uses without importing them, when the program does not say which Keras (see assumed-imports.ts).
  [/^@keras(?=\.|$)/, "keras"],
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
  | { kind: "keras1-time-distributed-dense" }
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

/** Classifies a canonical library path. */
export function classifyPath(path: string): PathKind {
  const parts = path.split(".");
  const last = parts[parts.length - 1] ?? "";
  const root = parts[0];
  if (SEED_PATHS.has(path)) return { kind: "seed" };
  if (root === "keras") return classifyKerasPath(path, parts);
  if (root === "tensorflow") return classifyTensorflowPath(path, parts);
  if (root === "numpy") return { kind: "numpy", name: parts.slice(1).join(".") };
  if (root === "sklearn") return classifySklearnPath(parts);
  if (root === "pandas" && /^read_/.test(last)) return { kind: "file-data" };
  if (path === "argparse.ArgumentParser") return { kind: "argparse" };
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
