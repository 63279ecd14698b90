/**
 * Output shapes of merge layers: Concatenate joins along one axis; the element-wise merges (Add,
 * Subtract, Multiply, Average, Maximum, Minimum) need equal shapes, with Keras's broadcasting of size-1
 * axes; Dot contracts one axis of each of two inputs. A contradiction between two known sizes makes the
 * result unknown.
 */
import type { Dim, Shape } from "../program.js";
import { normalizeAxis } from "./dims.js";

function allKnown(inputShapes: (Shape | undefined)[]): Shape[] | undefined {
  if (inputShapes.length === 0) return undefined;
  const shapes: Shape[] = [];
  for (const shape of inputShapes) {
    if (shape === undefined) return undefined;
    shapes.push(shape);
  }
  const rank = shapes[0]!.length;
  return shapes.every((shape) => shape.length === rank) ? shapes : undefined;
}

/** Two sizes that must agree: unknown yields to known; two different known sizes contradict (undefined). */
function agree(a: Dim, b: Dim): Dim | undefined {
  if (a === null) return b;
  if (b === null) return a;
  return a === b ? a : undefined;
}

export function concatenateShape(inputShapes: (Shape | undefined)[], axis: number | undefined): Shape | undefined {
  const shapes = allKnown(inputShapes);
  if (shapes === undefined) return undefined;
  const rank = shapes[0]!.length;
  const joinAxis = normalizeAxis(axis ?? -1, rank);
  if (joinAxis === undefined) return undefined;
  const output: Shape = [];
  for (let i = 0; i < rank; i++) {
    if (i === joinAxis) {
      const sizes = shapes.map((shape) => shape[i] ?? null);
      output.push(sizes.some((size) => size === null) ? null : sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0));
      continue;
    }
    let size: Dim | undefined = shapes[0]![i] ?? null;
    for (const shape of shapes.slice(1)) {
      size = size === undefined ? undefined : agree(size, shape[i] ?? null);
    }
    if (size === undefined) return undefined;
    output.push(size);
  }
  return output;
}

/** Element-wise merge of one axis: a size of 1 broadcasts; an unknown size stays unknown unless the other is a known non-1 size. */
function broadcast(a: Dim, b: Dim): Dim | undefined {
  if (a === null) return b === 1 ? null : b;
  if (b === null) return a === 1 ? null : a;
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  return undefined;
}

export function elementwiseMergeShape(inputShapes: (Shape | undefined)[]): Shape | undefined {
  const shapes = allKnown(inputShapes);
  if (shapes === undefined) return undefined;
  const rank = shapes[0]!.length;
  const output: Shape = [];
  for (let i = 0; i < rank; i++) {
    let size: Dim | undefined = shapes[0]![i] ?? null;
    for (const shape of shapes.slice(1)) {
      if (size === undefined) break;
      // The batch axis never broadcasts from 1: a fixed batch of 1 against 32 is a contradiction.
      size = i === 0 ? agree(size, shape[i] ?? null) : broadcast(size, shape[i] ?? null);
    }
    if (size === undefined) return undefined;
    output.push(size);
  }
  return output;
}

/**
 * Dot of two inputs: `axes` is one axis for both or one per input, counted with the batch axis (negative
 * from the end). The result keeps the first input's other axes, then the second's other axes without its
 * batch axis; a result with only the batch axis gets a unit axis, as in Keras.
 */
export function dotShape(inputShapes: (Shape | undefined)[], axes: number[] | undefined): Shape | undefined {
  if (inputShapes.length !== 2 || axes === undefined || (axes.length !== 1 && axes.length !== 2)) return undefined;
  const [first, second] = inputShapes;
  if (first === undefined || second === undefined) return undefined;
  const firstAxis = normalizeAxis(axes[0]!, first.length);
  const secondAxis = normalizeAxis(axes[axes.length - 1]!, second.length);
  // Contracting the batch axis is not a dot of samples.
  if (firstAxis === undefined || secondAxis === undefined || firstAxis === 0 || secondAxis === 0) return undefined;
  if (agree(first[firstAxis] ?? null, second[secondAxis] ?? null) === undefined) return undefined;
  const output: Shape = [...first.filter((_, i) => i !== firstAxis), ...second.filter((_, i) => i !== secondAxis && i !== 0)];
  return output.length === 1 ? [...output, 1] : output;
}
