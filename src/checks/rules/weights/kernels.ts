/** Shared by D202/D203: the kernels of the current tensors record whose value distribution is worth judging. */
import type { TensorEntry } from "../../../telemetry/schema.js";
import type { CheckState } from "../../state.js";

/**
 * Current weight entries that are kernels (normalisation parameters are not: beta starts at 0, gamma at
 * 1) with at least `minSize` values (fractions of a handful of values say nothing).
 */
export function judgedKernels(state: CheckState, minSize: number): TensorEntry[] {
  return state.current("weights").filter((entry) => entry.stats.count >= minSize && state.hasKernel(entry.layer));
}
