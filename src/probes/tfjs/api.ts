/** The public TF.js probe API bound to nncheck's own `@tensorflow/tfjs`. */
import * as tf from "@tensorflow/tfjs";
import { createNncheckCallback, type NncheckCallback, type NncheckCallbackOptions } from "./callback.js";

/**
 * A `model.fit` / `model.fitDataset` callback that records telemetry and runs the dynamic checks:
 *
 *   await model.fit(xs, ys, { epochs: 5, callbacks: [nncheckCallback({ trace: "run.jsonl", failOn: "error" })] });
 */
export function nncheckCallback(options: NncheckCallbackOptions = {}): NncheckCallback {
  return createNncheckCallback(tf, options);
}
