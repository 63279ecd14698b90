/**
 * Shape propagation over an architecture graph: visits layers in dependency order (predecessors first)
 * and fills each layer's input shapes, output shape and parameter count. Broken graphs (cycles, dangling
 * indices) leave the affected shapes unknown instead of failing.
 */
import type { Architecture, Layer, Shape } from "../program.js";
import { inferOutputShape } from "./output-shape.js";
import { countParams } from "./param-count.js";

/** Kahn's order over `inbound` edges; layers caught in a cycle follow, in index order. */
function dependencyOrder(layers: readonly Layer[]): number[] {
  const count = layers.length;
  const pending = new Array<number>(count).fill(0);
  const successors: number[][] = Array.from({ length: count }, () => []);
  layers.forEach((layer, index) => {
    for (const source of layer.inbound) {
      if (Number.isInteger(source) && source >= 0 && source < count && source !== index) {
        pending[index]! += 1;
        successors[source]!.push(index);
      }
    }
  });
  const order: number[] = [];
  const ready = layers.map((_, index) => index).filter((index) => pending[index] === 0);
  for (let next = 0; next < ready.length; next++) {
    const index = ready[next]!;
    order.push(index);
    for (const successor of successors[index]!) {
      pending[successor]! -= 1;
      if (pending[successor] === 0) ready.push(successor);
    }
  }
  if (order.length < count) {
    const placed = new Set(order);
    for (let index = 0; index < count; index++) if (!placed.has(index)) order.push(index);
  }
  return order;
}

/**
 * What a layer receives: its declared shape when it has no predecessor, else its predecessors' outputs
 * (only those computed in this pass). A declared shape also stands in when no predecessor's output is known.
 */
function inputShapesOf(layer: Layer, layers: readonly Layer[], done: ReadonlySet<number>): (Shape | undefined)[] {
  const declared = layer.declaredInputShape === undefined ? undefined : [...layer.declaredInputShape];
  if (layer.inbound.length === 0) return [declared];
  const received = layer.inbound.map((source) => (done.has(source) ? layers[source]?.outputShape : undefined));
  const copies = received.map((shape) => (shape === undefined ? undefined : [...shape]));
  if (declared !== undefined && copies.every((shape) => shape === undefined)) return [declared];
  return copies;
}

function setOrClear<K extends "outputShape" | "paramCount">(layer: Layer, key: K, value: Layer[K]): void {
  if (value === undefined) delete layer[key];
  else layer[key] = value;
}

/**
 * Fills layer.inputShapes, layer.outputShape and layer.paramCount for every layer of the architecture,
 * in dependency order (layer.inbound gives predecessors; input layers and layers with no inbound use
 * layer.declaredInputShape). Never throws; unknown stays undefined.
 */
export function propagateShapes(architecture: Architecture): void {
  const layers = architecture.layers;
  const done = new Set<number>();
  let order: number[];
  try {
    order = dependencyOrder(layers);
  } catch {
    return;
  }
  for (const index of order) {
    const layer = layers[index];
    if (layer === undefined) continue;
    try {
      const inputShapes = inputShapesOf(layer, layers, done);
      layer.inputShapes = inputShapes;
      setOrClear(layer, "outputShape", inferOutputShape(layer.kind, layer.config, inputShapes));
      setOrClear(layer, "paramCount", countParams(layer.kind, layer.config, inputShapes));
    } catch {
      delete layer.outputShape;
      delete layer.paramCount;
    }
    done.add(index);
  }
}
