/** A loss that reads logits behind an activation that bounds them: what D406 and D508 name as a likely cause. */
import { formatNumber } from "../format.js";
import type { CheckState } from "../state.js";

/**
 * The output layer's activation when it bounds what a loss that expects logits reads (a ReLU or a softmax
 * before PyTorch's CrossEntropyLoss: the loss can then barely leave ln C).
 */
export function squashedLogits(state: CheckState): { layer: string; activation: string; range: readonly [number, number] } | undefined {
  const output = state.outputLayer();
  if (!output || state.runStart?.model?.lossExpects !== "logits") return undefined;
  const activation = state.activationOf(output.name);
  const spec = state.activationSpecOf(output.name);
  if (!activation || !spec || (spec.range[0] === -Infinity && spec.range[1] === Infinity)) return undefined;
  return { layer: output.name, activation, range: spec.range };
}

/** An activation's range as a message says it: "≥ 0", "in [0, 1]". */
export function rangeText([low, high]: readonly [number, number]): string {
  if (low === -Infinity) return `≤ ${formatNumber(high)}`;
  if (high === Infinity) return `≥ ${formatNumber(low)}`;
  return `in [${formatNumber(low)}, ${formatNumber(high)}]`;
}
