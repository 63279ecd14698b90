/**
 * The preflight on tiny real TF.js models: each fault is caught by its check, a clean model raises
 * nothing, and the user's weights and optimizer state are left as they were. Budgets are cut (a few
 * hundred iterations at a larger learning rate) so each case runs in about a second.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { preflight, type PreflightOptions } from "../../src/live/preflight.js";
import type { Finding } from "../../src/report/finding.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkTrace } from "../../src/checks/check-trace.js";
import { readFileSync } from "node:fs";
import { encodeLine } from "../../src/telemetry/codec.js";
import { validateJson, type JsonSchema } from "../helpers/json-schema.js";
import { classificationData } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const FAST: PreflightOptions["budget"] = { sampleSize: 256, overfitIterations: 250, learningRate: 0.01, dependencyIterations: 120, maxTimeMs: 30_000 };

const dense = (units: number, activation: "relu" | "softmax" | "linear" | "sigmoid", seed: number, extra: Partial<Parameters<typeof tf.layers.dense>[0]> = {}) =>
  tf.layers.dense({ units, activation, kernelInitializer: tf.initializers.glorotUniform({ seed }), ...extra });

function classifier(hidden: tf.layers.Layer[] = [dense(16, "relu", 1, { inputShape: [20] })], loss: string | ((y: tf.Tensor, p: tf.Tensor) => tf.Tensor) = "categoricalCrossentropy", output: tf.layers.Layer = dense(3, "softmax", 2)): tf.Sequential {
  const model = tf.sequential({ layers: [...hidden, output] });
  model.compile({ optimizer: tf.train.adam(0.01), loss });
  return model;
}

async function run(model: tf.LayersModel, data: { xs: tf.Tensor; ys: tf.Tensor }, options: PreflightOptions = {}, task: "classification" | "regression" = "classification"): Promise<Finding[]> {
  const result = await preflight(model, { x: data.xs, y: data.ys, task }, { budget: FAST, ...options });
  expect(result.findings.filter((f) => f.code === "nncheck-internal-error")).toEqual([]);
  for (const r of result.records) expect(r.skipped, `${r.procedure} skipped`).toBeUndefined();
  return result.findings;
}

const codes = (findings: Finding[], minSeverity: "info" | "warning" = "warning") =>
  [...new Set(findings.filter((f) => minSeverity === "info" || f.severity !== "info").map((f) => f.code))].sort();

/** Softmax over the batch axis: each unit's values across the batch sum to 1 (the fault D113 finds). */
class BatchSoftmax extends tf.layers.Layer {
  static className = "BatchSoftmax";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.softmax(x.transpose()).transpose();
  }
}

describe("preflight on TF.js models", () => {
  it("raises nothing on a clean MLP, and leaves its weights and optimizer as they were", async () => {
    const model = classifier();
    const data = classificationData(256, 20, 3, 4);
    // The user's optimizer has state from one real step: it must not move.
    await model.fit(data.xs, data.ys, { epochs: 1, batchSize: 256, verbose: 0 });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const optimizerBefore = (await model.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
    const result = await preflight(model, { x: data.xs, y: data.ys, task: "classification" }, { budget: FAST });
    const findings = result.findings;
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
    // Every record as written matches the telemetry's JSON Schema (what other probes are validated against).
    const schema = JSON.parse(readFileSync(new URL("../../docs/telemetry.schema.json", import.meta.url), "utf8")) as JsonSchema;
    for (const record of result.records) expect(validateJson(schema, JSON.parse(encodeLine(record))), record.procedure).toEqual([]);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect((await model.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync()))).toEqual(optimizerBefore);
  });

  it("D107: a loss summed over the batch instead of averaged; the trace re-checked offline finds it too", async () => {
    const model = classifier(undefined, (y, p) => tf.sum(tf.metrics.categoricalCrossentropy(y, p)));
    const dir = mkdtempSync(path.join(tmpdir(), "nncheck-preflight-"));
    const trace = path.join(dir, "preflight.jsonl");
    try {
      expect(codes(await run(model, classificationData(256, 20, 3, 4), { trace }))).toContain("D107");
      const report = checkTrace(trace);
      expect(report.findings.map((f) => f.code)).toContain("D107");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("D113: softmax over the batch axis in a custom layer", async () => {
    const model = classifier([dense(16, "relu", 1, { inputShape: [20] }), dense(3, "linear", 3)], "categoricalCrossentropy", new BatchSoftmax({}));
    const findings = await run(model, classificationData(256, 20, 3, 4));
    expect(findings.find((f) => f.code === "D113")?.message).toMatch(/sample 0's output depends/);
  });

  it("D113: softmax over the batch axis in a custom loss", async () => {
    const model = classifier(undefined, (y, p) => tf.metrics.categoricalCrossentropy(y, tf.softmax(p.transpose()).transpose()), dense(3, "linear", 2));
    const findings = await run(model, classificationData(256, 20, 3, 4));
    expect(findings.find((f) => f.code === "D113")?.message).toMatch(/the loss mixes samples/);
  });

  it("D110 / D112: labels that do not match their inputs", async () => {
    const data = classificationData(256, 20, 3, 4);
    const order = tf.util.createShuffledIndices(256);
    const ys = tf.gather(data.ys, tf.tensor1d(Array.from(order), "int32"));
    const findings = await run(classifier(), { xs: data.xs, ys });
    expect(codes(findings).filter((c) => c === "D110" || c === "D112").length).toBeGreaterThan(0);
  });

  it("D112 and D110: a model that ignores its input", async () => {
    // A frozen all-zero first layer: whatever the input, the rest of the model sees only its biases.
    const model = classifier([dense(16, "relu", 1, { inputShape: [20], kernelInitializer: "zeros", trainable: false }), dense(16, "relu", 5)]);
    const findings = await run(model, classificationData(256, 20, 3, 4));
    expect(codes(findings)).toEqual(expect.arrayContaining(["D110", "D112"]));
  });

  it("D108: an output layer initialised far too large", async () => {
    const model = classifier(undefined, "categoricalCrossentropy", dense(3, "softmax", 2, { kernelInitializer: tf.initializers.randomNormal({ stddev: 20, seed: 3 }) }));
    expect(codes(await run(model, classificationData(256, 20, 3, 4)))).toContain("D108");
  });

  it("D108 measures the loss the first step sees: batch normalisation normalises a kernel 100× too large in training (inference would saturate the softmax)", async () => {
    const model = classifier([
      dense(16, "linear", 1, { inputShape: [20], kernelInitializer: tf.initializers.randomNormal({ stddev: 30, seed: 3 }) }),
      tf.layers.batchNormalization(),
      tf.layers.activation({ activation: "relu" }),
    ]);
    const data = classificationData(256, 20, 3, 4);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const inference = tf.tidy(() => tf.metrics.categoricalCrossentropy(data.ys, model.predict(data.xs) as tf.Tensor).mean().dataSync()[0]!);
    expect(inference).toBeGreaterThan(5);
    const result = await preflight(model, { x: data.xs, y: data.ys, task: "classification" }, { budget: FAST });
    const initial = result.records.find((r) => r.procedure === "initial-loss") as { loss: number };
    expect(initial.loss).toBeLessThan(2);
    expect(codes(result.findings)).not.toContain("D108");
    // The moving mean and variance the training-mode pass updated are restored.
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
  });

  it("D101, D102: a constant input and an unscaled one", async () => {
    const data = classificationData(256, 20, 3, 4);
    expect(codes(await run(classifier(), { xs: tf.zerosLike(data.xs), ys: data.ys }))).toContain("D101");
    expect(codes(await run(classifier(), { xs: data.xs.mul(300).add(1000), ys: data.ys }))).toContain("D102");
  });

  it("D103, D106: imbalanced classes and output biases left at zero", async () => {
    const data = classificationData(256, 20, 3, 4);
    const skewed = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 256 }, (_, i) => (i % 20 === 0 ? 1 : i % 41 === 0 ? 2 : 0)), "int32"), 3).toFloat());
    const findings = await run(classifier(), { xs: data.xs, ys: skewed });
    expect(codes(findings, "info")).toEqual(expect.arrayContaining(["D103", "D106"]));
  });

  it("D104: regression targets in the thousands; silent once standardised", async () => {
    const data = classificationData(256, 20, 3, 4);
    const regression = () => {
      const model = tf.sequential({ layers: [dense(16, "relu", 1, { inputShape: [20] }), dense(1, "linear", 2)] });
      model.compile({ optimizer: "adam", loss: "meanSquaredError" });
      return model;
    };
    const targets = tf.tidy(() => data.xs.sum(1, true));
    expect(codes(await run(regression(), { xs: data.xs, ys: targets.mul(1000).add(5000) }, {}, "regression"))).toContain("D104");
    const standardised = tf.tidy(() => {
      const { mean, variance } = tf.moments(targets);
      return targets.sub(mean).div(variance.sqrt());
    });
    expect(codes(await run(regression(), { xs: data.xs, ys: standardised }, {}, "regression"))).toEqual([]);
  });

  it("D105: a hidden kernel initialised with std 3, and one initialised to zeros", async () => {
    const data = classificationData(256, 20, 3, 4);
    const large = classifier([dense(16, "relu", 1, { inputShape: [20], kernelInitializer: tf.initializers.randomNormal({ stddev: 3, seed: 1 }) })]);
    expect((await run(large, data)).find((f) => f.code === "D105")?.message).toMatch(/variance .* the nearest standard reference/);
    const zeros = classifier([dense(16, "relu", 1, { inputShape: [20], kernelInitializer: "zeros" })]);
    expect((await run(zeros, data)).find((f) => f.code === "D105")?.message).toMatch(/every weight equal/);
  });

  it("procedures that would start past the time cap are skipped with the reason (one started runs to its end)", async () => {
    const data = classificationData(256, 20, 3, 4);
    const result = await preflight(classifier(), { x: data.xs, y: data.ys, task: "classification" }, { budget: { ...FAST, maxTimeMs: 1 } });
    const skipped = result.records.filter((r) => r.skipped !== undefined);
    expect(skipped.length).toBeGreaterThanOrEqual(5);
    expect(skipped.map((r) => r.procedure)).toContain("sample-dependency");
    expect(skipped[0]!.skipped).toMatch(/time cap \(maxTimeMs 1\) was spent before it/);
    // The data statistics always run: they are cheap and D101-D104 need nothing else.
    expect(result.records.find((r) => r.procedure === "data")?.skipped).toBeUndefined();
  });

  it("D109 (when enabled): a custom gradient that is wrong; silent on built-in layers", async () => {
    // x² whose gradient forgets the factor 2.
    const square = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
      save([x]);
      return { value: x.square(), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [dy.mul(saved[0]!)] };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    class Square extends tf.layers.Layer {
      static className = "Square";
      override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return square(Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor;
      }
    }
    const data = classificationData(64, 20, 3, 4);
    const options: PreflightOptions = { checks: { checks: { D109: { enabled: true } } } };
    const wrong = classifier([dense(8, "linear", 1, { inputShape: [20] }), new Square({})]);
    expect((await run(wrong, data, options)).find((f) => f.code === "D109")?.layer?.name).toBe(wrong.layers[0]!.name);
    expect(codes(await run(classifier(), data, options), "info")).not.toContain("D109");
  });
});
