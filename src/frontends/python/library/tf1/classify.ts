/**
 * What a name under `tensorflow` is in graph mode: placeholders and variables, layer functions (`tf.layers`,
 * `tf.contrib.layers`, slim), the ops TF1 programs build layers from, losses, optimizers and gradients,
 * sessions and initialisers, recurrent cells and runners, dataset iterators, estimators.
 */
import { layerKindOf, lossOf, optimizerOf, type LayerKind, type LossKind } from "../../../../model/vocabulary.js";
import { tf1LayerFunction, type LayerFamily } from "./layer-signatures.js";
import { cellKind } from "./rnn.js";
import type { CellLayer } from "./objects.js";
import type { InitialValueKind } from "./variables.js";

export type Tf1Kind =
  | { kind: "placeholder" }
  | { kind: "layer-function"; family: LayerFamily; name: string }
  /** `tf.layers.Dense(...)`: a layer object, called on tensors later. */
  | { kind: "layer-class"; layerKind: LayerKind; name: string }
  | { kind: "loss"; loss: LossKind; name: string; family: "nn" | "losses" }
  | { kind: "total-loss" }
  | { kind: "optimizer"; name: string }
  | { kind: "gradients" }
  | { kind: "gradient-tape" }
  | { kind: "session" }
  | { kind: "initializer" }
  /** Ops run for their effect that neither initialise the model's variables nor train (`tf.local_variables_initializer()`). */
  | { kind: "other-op" }
  | { kind: "group" }
  | { kind: "variable"; how: "Variable" | "get_variable" }
  | { kind: "initial-value"; value: InitialValueKind; name: string }
  | { kind: "saver" }
  | { kind: "reduce"; name: string }
  | { kind: "pow" }
  | { kind: "matmul" }
  | { kind: "xw-plus-b" }
  | { kind: "bias-add" }
  | { kind: "add" }
  | { kind: "conv"; rank: 1 | 2 | 3; name: string }
  | { kind: "pool"; layerKind: LayerKind; rank: 1 | 2 | 3; name: string }
  | { kind: "dropout"; name: string }
  | { kind: "reshape" }
  | { kind: "concat" }
  | { kind: "embedding-lookup" }
  | { kind: "unstack"; name: string }
  | { kind: "cell"; cell: CellLayer["kind"]; name: string }
  | { kind: "multi-cell" }
  | { kind: "dropout-wrapper" }
  | { kind: "dynamic-rnn" }
  | { kind: "static-rnn" }
  | { kind: "bidirectional-dynamic-rnn" }
  | { kind: "static-bidirectional-rnn" }
  | { kind: "make-iterator"; name: string }
  | { kind: "iterator-from-structure" }
  | { kind: "estimator" }
  | { kind: "estimator-spec" }
  /** `tf.reset_default_graph()`: what follows builds a new graph (a notebook's next model). */
  | { kind: "reset-graph" }
  /** `tf.Graph()`: a graph object, whose `as_default()` starts a new graph. */
  | { kind: "graph-object" }
  | { kind: "assign" };

const INITIAL_VALUES: Record<string, InitialValueKind> = {
  zeros: "zeros",
  ones: "ones",
  fill: "fill",
  constant: "constant",
  random_normal: "random_normal",
  "random.normal": "random_normal",
  truncated_normal: "truncated_normal",
  "random.truncated_normal": "truncated_normal",
  random_uniform: "random_uniform",
  "random.uniform": "random_uniform",
};

const POOLS: Record<string, { layerKind: LayerKind; rank: 1 | 2 | 3 }> = {
  max_pool: { layerKind: "maxPooling2d", rank: 2 },
  max_pool2d: { layerKind: "maxPooling2d", rank: 2 },
  avg_pool: { layerKind: "averagePooling2d", rank: 2 },
  avg_pool2d: { layerKind: "averagePooling2d", rank: 2 },
  max_pool1d: { layerKind: "maxPooling1d", rank: 1 },
  avg_pool1d: { layerKind: "averagePooling1d", rank: 1 },
  max_pool3d: { layerKind: "maxPooling3d", rank: 3 },
  avg_pool3d: { layerKind: "averagePooling3d", rank: 3 },
};

const SIMPLE: Record<string, Tf1Kind> = {
  "tensorflow.placeholder": { kind: "placeholder" },
  "tensorflow.Session": { kind: "session" },
  "tensorflow.InteractiveSession": { kind: "session" },
  "tensorflow.group": { kind: "group" },
  "tensorflow.Variable": { kind: "variable", how: "Variable" },
  "tensorflow.get_variable": { kind: "variable", how: "get_variable" },
  "tensorflow.train.Saver": { kind: "saver" },
  "tensorflow.losses.get_total_loss": { kind: "total-loss" },
  "tensorflow.gradients": { kind: "gradients" },
  "tensorflow.GradientTape": { kind: "gradient-tape" },
  "tensorflow.pow": { kind: "pow" },
  "tensorflow.math.pow": { kind: "pow" },
  "tensorflow.matmul": { kind: "matmul" },
  "tensorflow.linalg.matmul": { kind: "matmul" },
  "tensorflow.nn.xw_plus_b": { kind: "xw-plus-b" },
  "tensorflow.nn.bias_add": { kind: "bias-add" },
  "tensorflow.add": { kind: "add" },
  "tensorflow.math.add": { kind: "add" },
  "tensorflow.nn.dropout": { kind: "dropout", name: "tf.nn.dropout" },
  "tensorflow.reshape": { kind: "reshape" },
  "tensorflow.concat": { kind: "concat" },
  "tensorflow.nn.embedding_lookup": { kind: "embedding-lookup" },
  "tensorflow.unstack": { kind: "unstack", name: "unstack" },
  "tensorflow.unpack": { kind: "unstack", name: "unstack" },
  "tensorflow.data.Iterator.from_structure": { kind: "iterator-from-structure" },
  "tensorflow.estimator.Estimator": { kind: "estimator" },
  "tensorflow.estimator.EstimatorSpec": { kind: "estimator-spec" },
  "tensorflow.local_variables_initializer": { kind: "other-op" },
  "tensorflow.tables_initializer": { kind: "other-op" },
  "tensorflow.initialize_local_variables": { kind: "other-op" },
  "tensorflow.reset_default_graph": { kind: "reset-graph" },
  "tensorflow.Graph": { kind: "graph-object" },
  "tensorflow.assign": { kind: "assign" },
};

/** Where TF1 keeps its recurrent cells and runners. */
const RNN_MODULES = /^tensorflow\.(contrib\.rnn|nn\.rnn_cell|contrib\.rnn\.rnn_cell|nn)\.(\w+)$/;

/** TF1 graph-mode names under a canonical `tensorflow.` path. */
export function classifyTf1(path: string): Tf1Kind | undefined {
  const simple = SIMPLE[path];
  if (simple) return simple;
  const parts = path.split(".");
  if (parts[0] !== "tensorflow") return undefined;
  const last = parts[parts.length - 1] ?? "";
  const family = layerFamily(parts);
  if (family && tf1LayerFunction(family, last)) return { kind: "layer-function", family, name: last };
  if (parts[1] === "layers" && parts.length === 3 && /^[A-Z]/.test(last)) {
    const layerKind = layerKindOf(last, "keras");
    if (layerKind) return { kind: "layer-class", layerKind, name: last };
  }
  if ((parts[1] === "losses" || parts[1] === "nn") && parts.length === 3) {
    const loss = lossOf(last, "tf1");
    if (loss) return { kind: "loss", loss, name: last, family: parts[1] };
  }
  if (parts[1] === "train" && parts.length === 3 && optimizerOf(last, "tf1")) return { kind: "optimizer", name: last };
  if (/^tensorflow\.(global_variables_initializer|initialize_all_variables|variables_initializer|initializers\.global_variables)$/.test(path)) return { kind: "initializer" };
  if (/^tensorflow\.(reduce_mean|reduce_sum|math\.reduce_mean|math\.reduce_sum)$/.test(path)) return { kind: "reduce", name: last };
  const initial = INITIAL_VALUES[parts.slice(1).join(".")];
  if (initial) return { kind: "initial-value", value: initial, name: last };
  if (parts[1] === "nn" && parts.length === 3) {
    if (last === "conv1d" || last === "conv2d" || last === "conv3d") return { kind: "conv", rank: Number(last[4]) as 1 | 2 | 3, name: `tf.nn.${last}` };
    const pool = POOLS[last];
    if (pool) return { kind: "pool", ...pool, name: `tf.nn.${last}` };
  }
  const rnn = RNN_MODULES.exec(path);
  if (rnn) {
    const name = rnn[2]!;
    const cell = cellKind(name);
    if (cell) return { kind: "cell", cell, name };
    if (name === "MultiRNNCell") return { kind: "multi-cell" };
    if (name === "DropoutWrapper") return { kind: "dropout-wrapper" };
    if (name === "dynamic_rnn") return { kind: "dynamic-rnn" };
    if (name === "static_rnn" || name === "rnn") return { kind: "static-rnn" };
    if (name === "bidirectional_dynamic_rnn") return { kind: "bidirectional-dynamic-rnn" };
    if (name === "static_bidirectional_rnn" || name === "bidirectional_rnn") return { kind: "static-bidirectional-rnn" };
  }
  if (path === "tensorflow.split" || path === "tensorflow.contrib.rnn.split") return { kind: "unstack", name: "split" };
  if (/^tensorflow\.(compat\.v1\.)?data\.(make_one_shot_iterator|make_initializable_iterator)$/.test(path)) return { kind: "make-iterator", name: last };
  return undefined;
}

/** `tf.layers.X`, `tf.contrib.layers.X`, `tf.contrib.slim.X` (and `slim.layers.X`). */
function layerFamily(parts: string[]): LayerFamily | undefined {
  if (parts[1] === "layers" && parts.length === 3) return "layers";
  if (parts[1] === "contrib" && (parts[2] === "layers" || parts[2] === "slim") && (parts.length === 4 || (parts.length === 5 && parts[3] === "layers"))) return "contrib";
  return undefined;
}
