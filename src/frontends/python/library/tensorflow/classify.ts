/**
 * What a name under `tensorflow` (outside Keras and graph mode) is: a `tf.nn` activation, an initialiser, a
 * tensor conversion, or another op.
 */
import { activationOf, initializerOf } from "../../../../model/vocabulary.js";
import type { PathKind } from "../paths.js";

/** Classifies a canonical path under `tensorflow` (`parts` is the path split at dots). */
export function classifyTensorflowPath(path: string, parts: string[]): PathKind {
  const last = parts[parts.length - 1] ?? "";
  // `tf.nn.relu`, `tf.math.sigmoid`, and the two TensorFlow also exports at the top (`tf.sigmoid`, `tf.tanh`).
  if (((parts[1] === "nn" || parts[1] === "math") && parts.length === 3) || (parts.length === 2 && (last === "sigmoid" || last === "tanh"))) {
    const activation = activationOf(last, "tf1") ?? activationOf(last, "keras");
    if (activation) return { kind: "activation", activation, name: last };
  }
  // `tf.zeros_initializer`, `tf.initializers.*`, `tf.contrib.layers.xavier_initializer`.
  if (parts.length === 2 || parts[1] === "initializers" || (parts[1] === "contrib" && parts[2] === "layers" && parts.length === 4)) {
    const initializer = initializerOf(last, "tf1") ?? (parts[1] === "initializers" ? initializerOf(last, "keras") : undefined);
    if (initializer) return { kind: "initializer", initializer, name: last };
  }
  if (parts[1] === "image" && last === "convert_image_dtype") return { kind: "numpy", name: "convert_image_dtype" };
  if (parts.length === 2 && (last === "cast" || last === "convert_to_tensor" || last === "constant")) return { kind: "numpy", name: last === "cast" ? "tf_cast" : "asarray" };
  return { kind: "tf-op", name: last };
}
