/** Shared by D201, D301 and D401: one finding per sampled tensor of the given roles holding NaN or ±Infinity. */
import type { TensorRole } from "../../telemetry/schema.js";
import type { CheckContext } from "../check.js";

export function reportNonFinite({ state, report }: CheckContext<"nonFinite", object>, ...roles: TensorRole[]): void {
  for (const entry of state.current(...roles)) {
    const count = entry.stats.nonFinite;
    if (count > 0) {
      report({
        messageId: "nonFinite",
        layer: entry.layer,
        subject: entry.name,
        value: count,
        data: { tensor: entry.name, layer: entry.layer, count, step: state.step },
      });
    }
  }
}
