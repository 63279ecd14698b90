/**
 * More real (small) TF.js trainings, instrumented by the probe with the live checks engine: a frozen
 * output layer, a stalled loss, an oscillating loss and overfitting must be found; a clean CNN, a clean
 * LSTM, a clean MLP with validation data and a deliberately frozen base must raise no warning or error.
 * Unshuffled (the synthetic data has no order) so each run is reproducible; about a second each on cpu.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import type { Finding } from "../../src/report/finding.js";
import { nncheckCallback } from "../../src/live/tfjs.js";
import { classificationData, imageData, sequenceData } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

type Activation = "relu" | "sigmoid" | "softmax" | "linear";

function dense(units: number, activation: Activation, seed: number, extra: Record<string, unknown> = {}) {
  return tf.layers.dense({ units, activation, kernelInitializer: tf.initializers.glorotUniform({ seed }), ...extra });
}

/** Fits without shuffling and returns the findings and the history; disposes the data. */
async function fit(model: tf.LayersModel, data: { xs: tf.Tensor; ys: tf.Tensor }, args: tf.ModelFitArgs) {
  const callback = nncheckCallback({ checks: true, printFindings: false });
  const history = await model.fit(data.xs, data.ys, { verbose: 0, shuffle: false, callbacks: [callback], ...args });
  tf.dispose([data.xs, data.ys]);
  return { findings: callback.findings(), history: history.history as Record<string, number[]> };
}

function serious(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== "info");
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.code} ${f.layer?.name ?? ""}: ${f.message}`).join("\n");
}

function mlp(optimizer: tf.Optimizer, seed = 5) {
  const model = tf.sequential({ layers: [dense(32, "relu", seed, { inputShape: [20], name: "hidden" }), dense(3, "softmax", seed + 1, { name: "output" })] });
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

describe("more faults found in real TF.js trainings", () => {
  it("untrained parameters: the output layer frozen by mistake", async () => {
    const model = tf.sequential({ layers: [dense(32, "relu", 1, { inputShape: [20], name: "hidden" }), dense(3, "softmax", 2, { name: "output", trainable: false })] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const { findings } = await fit(model, classificationData(512, 20, 3, 7), { epochs: 3, batchSize: 32 });
    const frozen = serious(findings).filter((f) => f.code === "D205");
    expect(frozen.map((f) => f.layer?.name)).toEqual(["output"]);
    expect(frozen[0]!.severity).toBe("warning");
    expect(frozen[0]!.message).toMatch(/layer output, the model's output, is frozen/);
  });

  it("a deliberately frozen base under a trained head raises nothing (transfer learning)", async () => {
    const model = tf.sequential({ layers: [dense(32, "relu", 1, { inputShape: [20], name: "base", trainable: false }), dense(3, "softmax", 2, { name: "head" })] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const { findings } = await fit(model, classificationData(512, 20, 3, 7), { epochs: 3, batchSize: 32 });
    expect(serious(findings), describeFindings(findings)).toEqual([]);
  });

  it("a stalled loss (learning rate 1e-4 with plain SGD: 1000× too small)", async () => {
    const { findings, history } = await fit(mlp(tf.train.sgd(1e-4)), classificationData(512, 20, 3, 7), { epochs: 8, batchSize: 16 });
    const loss = history["loss"]!;
    expect(Math.abs(loss[0]! - loss.at(-1)!) / loss[0]!).toBeLessThan(0.02); // the telemetry behind it
    const flat = findings.find((f) => f.code === "D502");
    expect(flat?.severity).toBe("warning");
    expect(findings.find((f) => f.code === "D507" && /training loss has not improved/.test(f.message))).toBeDefined();
  });

  it("an oscillating loss (SGD with momentum 0.9 at learning rate 0.5)", async () => {
    const { findings } = await fit(mlp(tf.train.momentum(0.5, 0.9)), classificationData(512, 20, 3, 7), { epochs: 8, batchSize: 16 });
    const oscillating = findings.filter((f) => f.code === "D504");
    expect(oscillating, describeFindings(findings)).toHaveLength(1);
    expect(oscillating[0]!.severity).toBe("warning");
    expect(oscillating[0]!.message).toMatch(/smoothness 0\.\d+ \(< 0\.5\)/);
  });

  it("overfitting (32 training samples, a wide MLP, a separate validation set)", async () => {
    const model = tf.sequential({ layers: [dense(64, "relu", 7, { inputShape: [20] }), dense(64, "relu", 8), dense(3, "softmax", 9)] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const validation = classificationData(128, 20, 3, 12);
    const { findings, history } = await fit(model, classificationData(32, 20, 3, 11), { epochs: 15, batchSize: 32, validationData: [validation.xs, validation.ys] });
    tf.dispose([validation.xs, validation.ys]);
    expect(history["val_loss"]!.at(-1)!).toBeGreaterThan(Math.min(...history["val_loss"]!) * 1.1);
    const overfitting = findings.filter((f) => f.code === "D506" && f.severity === "warning");
    expect(overfitting, describeFindings(findings)).toHaveLength(1);
    expect(overfitting[0]!.message).toMatch(/validation loss rose for 3 epochs while training loss fell/);
  });

  it("a clean MLP with validation data raises no warning or error (and no overfitting at all)", async () => {
    const validation = classificationData(256, 20, 3, 12);
    const { findings, history } = await fit(mlp(tf.train.adam(0.01), 1), classificationData(512, 20, 3, 7), { epochs: 10, batchSize: 32, validationData: [validation.xs, validation.ys] });
    tf.dispose([validation.xs, validation.ys]);
    expect(history["val_loss"]!.at(-1)!).toBeLessThan(0.2);
    expect(serious(findings), describeFindings(findings)).toEqual([]);
    expect(findings.filter((f) => f.code === "D506")).toEqual([]);
  });

  it("a clean CNN raises no warning or error", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, activation: "relu", kernelInitializer: tf.initializers.heNormal({ seed: 1 }), name: "conv" }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        dense(4, "softmax", 2, { name: "output" }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const { findings, history } = await fit(model, imageData(256), { epochs: 6, batchSize: 32, validationSplit: 0.2 });
    expect(history["val_acc"]!.at(-1)!).toBeGreaterThan(0.9);
    expect(serious(findings), describeFindings(findings)).toEqual([]);
  });

  it("a clean LSTM raises no warning or error", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [8, 2], units: 8, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 2 }), name: "lstm" }),
        dense(2, "softmax", 3, { name: "output" }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.02), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const { findings, history } = await fit(model, sequenceData(256), { epochs: 8, batchSize: 32 });
    expect(history["acc"]!.at(-1)!).toBeGreaterThan(0.85);
    expect(serious(findings), describeFindings(findings)).toEqual([]);
  });
});
