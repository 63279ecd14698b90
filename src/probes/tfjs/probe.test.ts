import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { collector, entries } from "../../../test/probes/helpers.js";
import { TfjsProbe } from "./probe.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A one-layer model with an L2 kernel penalty; every `read()` of its kernel is counted. */
function penalisedModel(): { model: tf.Sequential; kernel: tf.LayerVariable; reads: () => number } {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 3, name: "dense_pen", kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }), kernelInitializer: tf.initializers.ones() })],
  });
  const kernel = model.layers[0]!.trainableWeights.find((w) => /kernel/.test(w.name))!;
  let count = 0;
  const read = kernel.read.bind(kernel);
  kernel.read = () => {
    count++;
    return read();
  };
  return { model, kernel, reads: () => count };
}

describe("TfjsProbe on a sampled step", () => {
  it("reads a penalised parameter once before the update (penalty split and first ΔW share it)", () => {
    const { model, kernel, reads } = penalisedModel();
    const sink = collector();
    const probe = new TfjsProbe({ samplingInterval: 1, sinks: [sink] });
    probe.start(model, undefined, "cpu");
    probe.beginStep(0, 0);
    const gradient = tf.fill(kernel.shape as number[], 2);
    probe.observeGradients([{ name: kernel.name, tensor: gradient }]);
    expect(reads()).toBe(1);
    probe.endStep(1);

    // The split still holds: gradient 2 = data 1 + penalty 2·0.5·w (w = 1), over 12 values.
    const step = sink.records.find((r) => r.type === "step");
    expect(step?.type === "step" && step.gradientNorms).toEqual({ data: Math.sqrt(12), regularization: Math.sqrt(12) });
    expect(entries(sink.records, { role: "gradient", parameter: "weights" })).toHaveLength(1);

    // Later sampled steps: the previous snapshot exists, so only the penalty needs the weights.
    probe.beginStep(0, 1);
    probe.observeGradients([{ name: kernel.name, tensor: gradient }]);
    expect(reads()).toBe(2);
    probe.endStep(1);
    tf.dispose(gradient);
    model.dispose();
  });
});
