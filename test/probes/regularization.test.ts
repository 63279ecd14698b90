/**
 * Overwhelming regularisation (D304) in real TF.js trainings: the probe splits each sampled gradient into
 * its data part and its L1/L2 penalty part (closed form from the weights), and the check compares them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { nncheckCallback } from "../../src/live/tfjs.js";
import type { StepRecord } from "../../src/telemetry/schema.js";
import { classificationData, collector } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function regularisedMlp(l2: number) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), kernelRegularizer: tf.regularizers.l2({ l2 }) }),
      tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }), kernelRegularizer: tf.regularizers.l2({ l2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
  return model;
}

async function train(l2: number) {
  const sink = collector();
  const callback = nncheckCallback({ checks: true, printFindings: false, samplingInterval: 2, sinks: [sink] });
  const { xs, ys } = classificationData(320, 20, 3, 11);
  await regularisedMlp(l2).fit(xs, ys, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0, callbacks: [callback] });
  tf.dispose([xs, ys]);
  const steps = sink.records.filter((r): r is StepRecord => r.type === "step" && r.gradientNorms !== undefined);
  return { findings: callback.findings(), steps };
}

describe("overwhelming regularisation (D304) in real trainings", () => {
  it("records the data and penalty gradient norms on sampled steps", async () => {
    const { steps } = await train(0.01);
    expect(steps.length).toBeGreaterThanOrEqual(5);
    for (const s of steps) {
      expect(s.step % 2).toBe(0);
      expect(s.gradientNorms!.data).toBeGreaterThan(0);
      expect(s.gradientNorms!.regularization).toBeGreaterThan(0);
    }
  });

  it("finds an L2 factor of 5 that swamps the data gradient", async () => {
    const { findings, steps } = await train(5);
    expect(steps.every((s) => s.gradientNorms!.regularization > 2 * s.gradientNorms!.data)).toBe(true);
    expect(findings.filter((f) => f.code === "D304").map((f) => f.severity)).toEqual(["warning"]);
  });

  it("finds its doc example, L2 = 10, under plain SGD too (the weights are crushed before a window of samples passes)", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [20], units: 32, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), kernelRegularizer: tf.regularizers.l2({ l2: 10 }) }),
        tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }), kernelRegularizer: tf.regularizers.l2({ l2: 10 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: "categoricalCrossentropy" });
    const callback = nncheckCallback({ checks: true, printFindings: false });
    const { xs, ys } = classificationData(320, 20, 3, 11);
    await model.fit(xs, ys, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0, callbacks: [callback] });
    tf.dispose([xs, ys]);
    const found = callback.findings().filter((f) => f.code === "D304");
    expect(found.map((f) => f.severity)).toEqual(["warning"]);
    expect(found[0]!.steps!.first).toBe(0);
  });

  it("stays silent on a usual L2 factor (1e-4)", async () => {
    const { findings, steps } = await train(1e-4);
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(findings.filter((f) => f.code === "D304")).toEqual([]);
  });
});
