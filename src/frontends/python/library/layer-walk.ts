/** Walks back through the layer graph that the interpreter builds (from a tensor's producer to what it reads). */
import type { LayerState } from "../values.js";

/**
 * Visits each layer behind `starts` once, depth first and left to right (a layer's first inbound layer before
 * its second). `through(layer)` is called on every layer reached and says whether the walk goes on to the
 * layers it reads.
 */
export function walkBack(starts: readonly LayerState[], through: (layer: LayerState) => boolean): void {
  const seen = new Set<LayerState>();
  const stack = [...starts].reverse();
  while (stack.length > 0) {
    const layer = stack.pop()!;
    if (seen.has(layer)) continue;
    seen.add(layer);
    if (!through(layer)) continue;
    for (let i = layer.inbound.length - 1; i >= 0; i--) stack.push(layer.inbound[i]!);
  }
}

/** The input layers behind `starts`, in the order they were created. */
export function inputLayersBehind(starts: readonly LayerState[]): LayerState[] {
  const inputs: LayerState[] = [];
  walkBack(starts, (layer) => {
    if (layer.kind === "input") inputs.push(layer);
    return true;
  });
  return inputs.sort((a, b) => (a.callOrder ?? a.id) - (b.callOrder ?? b.id));
}
