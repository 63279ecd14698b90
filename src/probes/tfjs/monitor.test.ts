import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import type { StepRecord } from "../../telemetry/schema.js";
import { classificationData, collector, entries, mlp, tensorsRecords } from "../../../test/probes/helpers.js";
import { watchOptimizer } from "./monitor.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function setup() {
  const model = mlp(
    [
      { units: 8, activation: "tanh", name: "h" },
      { units: 3, activation: "softmax", name: "o" },
    ],
    6,
  );
  const optimizer = tf.train.sgd(0.1);
  const { xs, ys } = classificationData(32, 6);
  const lossFn = () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar;
  return { model, optimizer, xs, ys, lossFn };
}

function steps(records: ReturnType<typeof collector>["records"]): StepRecord[] {
  return records.filter((r): r is StepRecord => r.type === "step");
}

describe("watchOptimizer (custom loops)", () => {
  it("records each minimize() as a step with its loss, and activations/gradients on sampled steps", () => {
    const { model, optimizer, xs, ys, lossFn } = setup();
    const sink = collector();
    const watch = watchOptimizer(optimizer, model, { sinks: [sink], samplingInterval: 2 });
    const before = tf.memory().numTensors;
    const returned: (tf.Scalar | null)[] = [];
    for (let i = 0; i < 5; i++) returned.push(optimizer.minimize(lossFn, i === 4));
    expect(returned.slice(0, 4)).toEqual([null, null, null, null]);
    expect(returned[4]).not.toBeNull();
    returned[4]!.dispose();
    watch.stop();
    expect(tf.memory().numTensors).toBe(before);
    const recorded = steps(sink.records);
    expect(recorded.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
    expect(recorded[4]!.loss).toBeLessThan(recorded[0]!.loss!);
    expect(tensorsRecords(sink.records).map((r) => r.step)).toEqual([0, 2, 4]);
    expect(entries(sink.records, { layer: "h", role: "activation" })).toHaveLength(3);
    expect(entries(sink.records, { layer: "h", role: "activation" })[0]!.stats.saturation).toHaveLength(8); // tanh
    expect(entries(sink.records, { layer: "o", role: "gradient", parameter: "weights" })).toHaveLength(3);
    expect(sink.records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 5 });
    expect(Object.prototype.hasOwnProperty.call(optimizer, "minimize")).toBe(false);
    tf.dispose([xs, ys]);
  });

  it("pairs computeGradients with applyGradients as one step", () => {
    const { model, optimizer, xs, ys, lossFn } = setup();
    const sink = collector();
    const watch = watchOptimizer(optimizer, model, { sinks: [sink], samplingInterval: 1 });
    for (let i = 0; i < 3; i++) {
      const { value, grads } = optimizer.computeGradients(lossFn);
      optimizer.applyGradients(grads);
      tf.dispose([value, ...Object.values(grads)]);
    }
    watch.stop();
    expect(steps(sink.records).map((s) => s.step)).toEqual([0, 1, 2]);
    expect(steps(sink.records).every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(tensorsRecords(sink.records).map((r) => r.step)).toEqual([0, 1, 2]);
    tf.dispose([xs, ys]);
  });

  it("takes the loss from recordLoss when the loop computes gradients itself", () => {
    const { model, optimizer, xs, ys, lossFn } = setup();
    const sink = collector();
    const watch = watchOptimizer(optimizer, model, { sinks: [sink] });
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(lossFn, vars);
      optimizer.applyGradients(grads);
      watch.recordLoss(value);
      tf.dispose([value, ...Object.values(grads)]);
    }
    watch.stop();
    const recorded = steps(sink.records);
    expect(recorded.map((s) => s.step)).toEqual([0, 1, 2]);
    expect(recorded.every((s) => s.loss! > 0)).toBe(true);
    expect(entries(sink.records, { layer: "h", role: "gradient" }).length).toBe(2); // step 0: kernel and bias
    tf.dispose([xs, ys]);
  });
});
