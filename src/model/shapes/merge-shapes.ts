/**
 * Output shapes of merge layers: Concatenate joins along one axis; the element-wise merges (Add,
 * Subtract, Multiply, Average, Maximum, Minimum) need equal shapes, with Keras's broadcasting of size-1
 * axes. A contradiction between two known sizes makes the result unknown.
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
