/**
 * Real (small) TF.js trainings for the chance-level check (D508) and for root-cause ordering: a fault's
 * cause must lead the diagnosed findings, its consequences after it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { diagnose } from "../../src/checks/diagnosis.js";
import type { Finding } from "../../src/report/finding.js";
import { nncheckCallback } from "../../src/live/tfjs.js";
import { classificationData } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** The labels' rows in a seeded random order: labels that no longer match their inputs. */
function shuffledRows(ys: tf.Tensor2D, seed: number): tf.Tensor2D {
  const rows = ys.arraySync();
  let s = seed;
  for (let i = rows.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return tf.tensor2d(rows);
}

function classifier(hidden: number, extra: Record<string, unknown> = {}, optimizer: tf.Optimizer = tf.train.adam(0.005)): tf.Sequential {
  const layers: tf.layers.Layer[] = [];
  if (hidden > 0) layers.push(tf.layers.dense({ inputShape: [20], units: hidden, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), name: "hidden", ...extra }));
  layers.push(tf.layers.dense({ ...(hidden > 0 ? {} : { inputShape: [20] }), units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), name: "output", ...extra }));
  const model = tf.sequential({ layers });
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

async function train(model: tf.Sequential, xs: tf.Tensor, ys: tf.Tensor, args: tf.ModelFitArgs): Promise<Finding[]> {
  const callback = nncheckCallback({ checks: true, printFindings: false });
  await model.fit(xs, ys, { verbose: 0, shuffle: false, callbacks: [callback], ...args });
  callback.close();
  return callback.findings();
}

const warnings = (findings: Finding[]) => findings.filter((f) => f.severity !== "info");

describe("D508 chance-level loss in real trainings", () => {
  it("finds labels shuffled apart from their inputs: the training loss stays at ln 3", async () => {
    const { xs, ys } = classificationData(1024, 20, 3, 7);
    const shuffled = shuffledRows(ys, 3);
    const findings = await train(classifier(8), xs, shuffled, { epochs: 6, batchSize: 64 });
    tf.dispose([xs, ys, shuffled]);
    const chance = findings.filter((f) => f.code === "D508");
    expect(chance.map((f) => f.severity)).toEqual(["warning"]);
    expect(chance[0]!.message).toMatch(/training loss stayed at chance level for 3 epochs: 1\.\d+ where a model that guesses among 3 classes scores ln 3 = 1\.099/);
  });

  it("finds them when the model memorises them: validation accuracy stays at 1/3", async () => {
    const { xs, ys } = classificationData(1024, 20, 3, 7);
    const shuffled = shuffledRows(ys, 3);
    const findings = await train(classifier(32, {}, tf.train.adam(0.01)), xs, shuffled, { epochs: 6, batchSize: 32, validationSplit: 0.25 });
    tf.dispose([xs, ys, shuffled]);
    expect(findings.find((f) => f.code === "D508")?.message).toMatch(/validation accuracy stayed at chance level for 3 epochs .* while the training loss fell/);
  });

  it("stays silent when the labels match the inputs (the same models and data)", async () => {
    for (const [model, args] of [
      [classifier(8), { epochs: 6, batchSize: 64 }],
      [classifier(32, {}, tf.train.adam(0.01)), { epochs: 6, batchSize: 32, validationSplit: 0.25 }],
    ] as const) {
      const { xs, ys } = classificationData(1024, 20, 3, 7);
      const findings = await train(model, xs, ys, args);
      tf.dispose([xs, ys]);
      expect(warnings(findings)).toEqual([]);
    }
  });
});

describe("root cause first in real trainings", () => {
  it("dead ReLUs (bias -10): the dying layer leads, the loss's stall comes after", async () => {
    const { xs, ys } = classificationData(512, 20, 3, 7);
    const findings = diagnose(await train(deadRelu(), xs, ys, { epochs: 4, batchSize: 32 }));
    tf.dispose([xs, ys]);
    expect(findings.length).toBeGreaterThan(3);
    expect(findings[0]).toMatchObject({ code: "D305", group: 1, cause: true, layer: { name: "hidden" } });
    const lossFindings = findings.filter((f) => f.code.startsWith("D5"));
    for (const f of lossFindings) expect(findings.indexOf(f)).toBeGreaterThan(findings.findIndex((g) => g.layer?.name === "hidden"));
  });

  it("a NaN in the features: the first layer's output is where it starts, and the message says the data", async () => {
    const { xs: clean, ys } = classificationData(512, 20, 3, 7);
    const values = clean.arraySync();
    values[3]![5] = NaN;
    const xs = tf.tensor2d(values);
    const findings = diagnose(await train(classifier(16), xs, ys, { epochs: 1, batchSize: 32 }));
    tf.dispose([clean, xs, ys]);
    expect(findings[0]).toMatchObject({ code: "D401", group: 1, cause: true, layer: { name: "hidden" } });
    expect(findings[0]!.message).toMatch(/the model's first, holds .* NaN\/Infinity value\(s\): .* the training data/);
    expect(findings.map((f) => f.code)).toEqual(expect.arrayContaining(["D501", "D301", "D201"]));
  });

  it("an L2 factor of 10 under plain SGD: overwhelming regularisation leads, the crushed weights follow", async () => {
    const { xs, ys } = classificationData(512, 20, 3, 7);
    const model = classifier(32, { kernelRegularizer: tf.regularizers.l2({ l2: 10 }) }, tf.train.sgd(0.01));
    const findings = diagnose(await train(model, xs, ys, { epochs: 4, batchSize: 32 }));
    tf.dispose([xs, ys]);
    expect(findings[0]).toMatchObject({ code: "D304", group: 1, cause: true });
    expect(findings[0]!.message).toMatch(/regularisation gradient is \d+× the data gradient at step 0/);
    expect(findings.some((f) => f.code === "D202" && f.group! > 1)).toBe(true);
  });
});

function deadRelu(): tf.Sequential {
  return classifier(32, { biasInitializer: tf.initializers.constant({ value: -10 }) }, tf.train.adam(0.01));
}
