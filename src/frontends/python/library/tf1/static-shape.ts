/**
 * The static shape of a graph tensor while the program runs (`t.get_shape()`, `t.shape[1]`): TF1 programs read
 * it to size the next layer (`tf.reshape(pool, [-1, 7 * 7 * 64])`, `W = tf.Variable(...[dim, 10])`). It is the
 * shape inference of the finished model, applied to the layers built so far.
 */
import type { Shape } from "../../../../model/program.js";
import { inferOutputShape } from "../../../../model/shapes.js";
import { int, list, NONE, tuple, type LayerState, type TensorState, type Value } from "../../values.js";

const MAX_DEPTH = 400;

/** The shape a layer outputs, from its inputs' shapes; undefined when any part is unknown. */
export function layerOutputShape(layer: LayerState, depth = 0): Shape | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (layer.kind === "input") return layer.declaredInputShape ? [...layer.declaredInputShape] : undefined;
  if (layer.inbound.length === 0) return undefined;
  // A layer applied to several tensors over several calls (a shared layer) has no single input shape.
  if (layer.kind !== "concatenate" && layer.inbound.length > 1 && !["add", "subtract", "multiply", "average", "maximum", "minimum"].includes(layer.kind)) return undefined;
  const inputs = layer.inbound.map((producer) => layerOutputShape(producer, depth + 1));
  return inferOutputShape(layer.kind, layer.config, inputs);
}

export function tensorShape(tensor: TensorState): Shape | undefined {
  return layerOutputShape(tensor.producer);
}

/** A TensorShape as Python sees it (`t.get_shape()`, `t.shape`): a tuple of ints and Nones (len, indexing, slicing work). */
export function shapeTuple(shape: Shape): Value {
  return tuple(shape.map((d) => (d === null ? NONE : int(d))));
}

/** TensorShape methods on such a tuple: `as_list()`, `num_elements()`; `ndims`. */
export function shapeMethod(dims: readonly Value[], name: string): Value | undefined {
  if (name === "as_list") return list([...dims]);
  if (name === "num_elements") {
    let total = 1;
    for (const d of dims) {
      if (d.t !== "num") return NONE;
      total *= d.v;
    }
    return int(total);
  }
  return undefined;
}
