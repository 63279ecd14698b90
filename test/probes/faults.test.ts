/**
 * Real (small) TF.js trainings with known faults, instrumented by the probe with the live checks engine:
 * each fault must be found, and the clean MLP must raise no warning or error. A few seconds each on cpu.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import type { Finding } from "../../src/report/finding.js";
import { nncheckCallback } from "../../src/live/tfjs.js";
import { classificationData, collector, entries } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

async function train(model: tf.Sequential, options: { epochs?: number; sampling?: number; targets?: (ys: tf.Tensor2D) => tf.Tensor; poison?: boolean } = {}) {
  const { xs: features, ys } = classificationData(512, 20, 3, 7);
  let xs: tf.Tensor2D = features;
  if (options.poison) {
    const values = features.arraySync();
    values[3]![5] = NaN;
    xs = tf.tensor2d(values);
  }
  const targets = options.targets ? options.targets(ys) : ys;
  const sink = collector();
  const callback = nncheckCallback({ sinks: [sink], checks: true, printFindings: false, ...(options.sampling ? { samplingInterval: options.sampling } : {}) });
  const history = await model.fit(xs, targets, { epochs: options.epochs ?? 3, batchSize: 32, verbose: 0, callbacks: [callback], shuffle: false }); // unshuffled: reproducible runs (the synthetic data has no order)
  tf.dispose([features, xs, ys, targets]);
  return { findings: callback.findings(), records: sink.records, losses: history.history["loss"] as number[] };
}

function serious(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== "info");
}

function codes(findings: Finding[]): string[] {
  return [...new Set(serious(findings).map((f) => f.code))].sort();
}

function dense(units: number, activation: "relu" | "sigmoid" | "softmax" | "linear", seed: number, extra: Record<string, unknown> = {}) {
  return tf.layers.dense({ units, activation, kernelInitializer: seeded(seed), ...extra });
}

describe("faults found in real TF.js trainings", () => {
  it("a clean MLP raises no warning or error", async () => {
    const model = tf.sequential({ layers: [dense(32, "relu", 1, { inputShape: [20], name: "hidden" }), dense(3, "softmax", 2, { name: "output" })] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const { findings, losses } = await train(model, { epochs: 10 });
    expect(losses.at(-1)!).toBeLessThan(0.2);
    expect(serious(findings)).toEqual([]);
  });

  it("exploding gradients (learning rate 1 with plain SGD)", async () => {
    const model = tf.sequential({ layers: [dense(64, "relu", 3, { inputShape: [20] }), dense(64, "relu", 4), dense(64, "relu", 5), dense(1, "linear", 6)] });
    model.compile({ optimizer: tf.train.sgd(1), loss: "meanSquaredError" });
    const { findings } = await train(model, { epochs: 1, sampling: 1, targets: (ys) => ys.argMax(1).toFloat().reshape([-1, 1]).mul(10) });
    expect(codes(findings)).toContain("D303");
    expect(codes(findings)).toContain("D501");
  });

  it("vanishing gradients (ten stacked sigmoid layers)", async () => {
    const layers = [dense(32, "sigmoid", 10, { inputShape: [20], name: "sigmoid_1" })];
    for (let i = 2; i <= 10; i++) layers.push(dense(32, "sigmoid", 10 + i, { name: `sigmoid_${i}` }));
    layers.push(dense(3, "softmax", 30, { name: "output" }));
    const model = tf.sequential({ layers });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: "categoricalCrossentropy" });
    const { findings, records } = await train(model);
    const vanishing = serious(findings).filter((f) => f.code === "D302");
    expect(vanishing.map((f) => f.layer?.name)).toContain("sigmoid_1");
    // The telemetry behind it: the first layer's gradient is orders of magnitude below the last one's.
    const first = entries(records, { layer: "sigmoid_1", role: "gradient", parameter: "weights" })[0]!;
    const last = entries(records, { layer: "output", role: "gradient", parameter: "weights" })[0]!;
    expect(first.stats.meanAbs / last.stats.meanAbs).toBeLessThan(1e-3);
  });

  it("dead ReLUs (bias initialised to -10)", async () => {
    const model = tf.sequential({
      layers: [dense(32, "relu", 40, { inputShape: [20], biasInitializer: tf.initializers.constant({ value: -10 }), name: "dead_relu" }), dense(3, "softmax", 41)],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const { findings } = await train(model);
    const dead = serious(findings).filter((f) => f.code === "D402");
    expect(dead.map((f) => f.layer?.name)).toEqual(["dead_relu"]);
  });

  it("untrained parameters (learning rate 0)", async () => {
    const model = tf.sequential({ layers: [dense(16, "relu", 50, { inputShape: [20], name: "hidden" }), dense(3, "softmax", 51, { name: "output" })] });
    model.compile({ optimizer: tf.train.sgd(0), loss: "categoricalCrossentropy" });
    const { findings } = await train(model);
    const untrained = serious(findings).filter((f) => f.code === "D205");
    expect(new Set(untrained.map((f) => f.layer?.name))).toEqual(new Set(["hidden", "output"]));
  });

  it("NaN loss (a NaN in the features)", async () => {
    const model = tf.sequential({ layers: [dense(16, "relu", 60, { inputShape: [20] }), dense(3, "softmax", 61)] });
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const { findings } = await train(model, { epochs: 1, poison: true });
    const nan = findings.filter((f) => f.code === "D501");
    expect(nan).toHaveLength(1);
    expect(nan[0]!.severity).toBe("error");
    expect(nan[0]!.steps!.first).toBe(0);
  });

  it("an output that cannot reach the targets (sigmoid output, targets up to 10)", async () => {
    const model = tf.sequential({ layers: [dense(16, "relu", 80, { inputShape: [20] }), dense(1, "sigmoid", 81, { name: "squashed" })] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
    const { findings } = await train(model, { epochs: 4, targets: (ys) => ys.argMax(1).toFloat().reshape([-1, 1]).mul(5) });
    expect(serious(findings).filter((f) => f.code === "D408").map((f) => f.layer?.name)).toEqual(["squashed"]);
  });

  it("stops training at the first error when failOn is error", async () => {
    const model = tf.sequential({ layers: [dense(16, "relu", 70, { inputShape: [20] }), dense(3, "softmax", 71)] });
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const { features, ys } = (() => {
      const d = classificationData(512, 20, 3, 7);
      const values = d.xs.arraySync();
      values[3]![5] = NaN;
      d.xs.dispose();
      return { features: tf.tensor2d(values), ys: d.ys };
    })();
    const sink = collector();
    await model.fit(features, ys, { epochs: 3, batchSize: 32, verbose: 0, shuffle: false, callbacks: [nncheckCallback({ sinks: [sink], failOn: "error", printFindings: false })] });
    tf.dispose([features, ys]);
    expect(sink.records.filter((r) => r.type === "step")).toHaveLength(1);
    expect(sink.records.at(-1)).toMatchObject({ type: "run-end", status: "stopped" });
  });
});
