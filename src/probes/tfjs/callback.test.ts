import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Finding } from "../../report/finding.js";
import type { RunEndRecord, RunStartRecord, StepRecord, TelemetryMonitor, TelemetryRecord } from "../../telemetry/schema.js";
import { classificationData, collector, entries, mlp, tensorsRecords } from "../../../test/probes/helpers.js";
import { nncheckCallback } from "../../live/tfjs.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function compiled(optimizer: tf.Optimizer | string = "adam"): tf.Sequential {
  const model = mlp(
    [
      { units: 16, activation: "relu", name: "hidden" },
      { units: 3, activation: "softmax", name: "out" },
    ],
    6,
  );
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

async function fitWith(model: tf.LayersModel, callback: tf.CustomCallbackArgs | tf.Callback, epochs = 2, n = 64): Promise<tf.History> {
  const { xs, ys } = classificationData(n, 6);
  try {
    return await model.fit(xs, ys, { epochs, batchSize: 16, callbacks: [callback as tf.Callback], verbose: 0 });
  } finally {
    tf.dispose([xs, ys]);
  }
}

describe("nncheckCallback with model.fit", () => {
  it("records one training run over fit calls of one epoch each: steps and epochs go on", async () => {
    const sink = collector();
    const callback = nncheckCallback({ sinks: [sink], samplingInterval: 2 });
    const model = compiled();
    for (let i = 0; i < 3; i++) await fitWith(model, callback, 1, 64); // 4 steps each
    const other = compiled();
    await fitWith(other, callback, 1, 64); // another model: another run
    callback.close();
    const types = sink.records.map((r) => r.type);
    expect(types.filter((t) => t === "run-start")).toHaveLength(2);
    const firstRun = sink.records.slice(0, types.indexOf("run-end") + 1);
    const steps = firstRun.filter((r): r is StepRecord => r.type === "step");
    expect(steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect([...new Set(steps.map((s) => s.epoch))]).toEqual([0, 1, 2]);
    expect(firstRun.filter((r) => r.type === "epoch").map((r) => (r as { epoch: number }).epoch)).toEqual([0, 1, 2]);
    expect(firstRun.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 12 });
    expect(sink.records.at(-1)).toMatchObject({ type: "run-end", steps: 4 });
  });

  it("states the output layer, what the loss reads, and where each layer was built", async () => {
    const sink = collector();
    const callback = nncheckCallback({ sinks: [sink] });
    await fitWith(compiled(), callback, 1);
    callback.close();
    const start = sink.records[0] as RunStartRecord;
    expect(start.model.outputs).toEqual(["out"]);
    expect(start.model.lossExpects).toBe("probabilities");
    // compiled() builds its layers in test/probes/helpers.ts (mlp): the span points there, not into TF.js.
    expect(start.model.layers[0]!.span?.file).toMatch(/helpers\.ts$/);
    expect(start.model.layers[0]!.span?.line).toBeGreaterThan(0);
  });

  it("writes run-start with a canonical model summary", async () => {
    const sink = collector();
    await fitWith(compiled(), nncheckCallback({ sinks: [sink] }), 1);
    const start = sink.records[0] as RunStartRecord;
    expect(start.type).toBe("run-start");
    expect(start.framework).toBe("tfjs");
    expect(start.backend).toBe("cpu");
    expect(start.config.samplingInterval).toBe(10);
    const layers = start.model.layers.filter((l) => l.kind !== "input");
    expect(layers.map((l) => [l.name, l.kind, l.activation, l.params])).toEqual([
      ["hidden", "dense", "relu", 6 * 16 + 16],
      ["out", "dense", "softmax", 16 * 3 + 3],
    ]);
    expect(layers[0]!.outputShape).toEqual([null, 16]);
    expect(start.model.loss).toBe("categorical_crossentropy");
    expect(start.model.optimizer).toBe("adam");
    expect(start.model.task).toEqual({ kind: "classification", classes: 3 });
  });

  it("records the loss every step and tensors every N steps, then run-end when closed", async () => {
    const sink = collector();
    const callback = nncheckCallback({ sinks: [sink], samplingInterval: 3 });
    await fitWith(compiled(), callback, 2, 64); // 8 steps
    // Another fit call may continue the run: it ends when closed (or at exit, or when another model trains).
    expect(sink.records.some((r) => r.type === "run-end")).toBe(false);
    callback.close();
    const steps = sink.records.filter((r): r is StepRecord => r.type === "step");
    expect(steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(steps.map((s) => [s.epoch, s.batch])).toEqual([
      [0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3],
    ]);
    expect(steps.every((s) => Number.isFinite(s.loss) && s.loss! > 0 && typeof s.metrics["acc"] === "number")).toBe(true);
    expect(steps[0]!.learningRate).toBeCloseTo(0.001);
    expect(tensorsRecords(sink.records).map((r) => r.step)).toEqual([0, 3, 6]);
    expect(sink.records.filter((r) => r.type === "epoch")).toHaveLength(2);
    const end = sink.records.at(-1) as RunEndRecord;
    expect(end).toMatchObject({ type: "run-end", status: "completed", steps: 8 });
  });

  it("records activations, gradients, parameters and updates per layer", async () => {
    const sink = collector();
    await fitWith(compiled(), nncheckCallback({ sinks: [sink], samplingInterval: 2 }), 1);
    const first = tensorsRecords(sink.records)[0]!;
    const kinds = first.tensors.map((t) => `${t.layer}:${t.role}:${t.parameter ?? ""}`).sort();
    expect(kinds).toEqual(
      [
        ":target:",
        "hidden:activation:", "hidden:bias:", "hidden:gradient:bias", "hidden:gradient:weights", "hidden:update:bias", "hidden:update:weights", "hidden:weights:",
        "out:activation:", "out:bias:", "out:gradient:bias", "out:gradient:weights", "out:update:bias", "out:update:weights", "out:weights:",
      ].sort(),
    );
    const activation = first.tensors.find((t) => t.layer === "hidden" && t.role === "activation")!;
    expect(activation.shape).toEqual([16, 16]);
    expect(activation.stats.perUnit?.p95Abs).toHaveLength(16);
    expect(activation.stats.min).toBeGreaterThanOrEqual(0); // relu
    const softmax = first.tensors.find((t) => t.layer === "out" && t.role === "activation")!;
    expect(softmax.stats.rowSums!.min).toBeCloseTo(1, 4);
    expect(softmax.stats.rowSums!.max).toBeCloseTo(1, 4);
    const target = first.tensors.find((t) => t.role === "target")!;
    expect(target).toMatchObject({ layer: "", name: "target", shape: [16, 3] });
    expect([target.stats.min, target.stats.max]).toEqual([0, 1]); // one-hot labels
    const kernel = first.tensors.find((t) => t.layer === "hidden" && t.role === "weights")!;
    expect(kernel.shape).toEqual([6, 16]);
    // The first update spans one step; later ones span the sampling interval.
    const updates = entries(sink.records, { layer: "hidden", role: "update", parameter: "weights" });
    expect(updates.map((u) => u.updateSteps)).toEqual([1, 2]);
    expect(updates[0]!.stats.meanAbs).toBeGreaterThan(0);
    // Adam's first step moves each weight by about the learning rate.
    expect(updates[0]!.stats.meanAbs).toBeLessThan(0.002);
  });

  it("does not record the outputs of dropout, reshape and flatten layers, unless one is the model's output", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [6], units: 8, activation: "relu", name: "hidden" }),
        tf.layers.reshape({ targetShape: [2, 4], name: "grid" }),
        tf.layers.flatten({ name: "flat" }),
        tf.layers.dropout({ rate: 0.2, name: "drop" }),
        tf.layers.dense({ units: 3, activation: "softmax", name: "out" }),
        tf.layers.dropout({ rate: 0, name: "final" }),
      ],
    });
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const sink = collector();
    await fitWith(model, nncheckCallback({ sinks: [sink], samplingInterval: 2 }), 1);
    const recorded = tensorsRecords(sink.records).map((r) => r.tensors.filter((t) => t.role === "activation").map((t) => t.layer));
    expect(recorded).toHaveLength(2);
    for (const layers of recorded) expect(layers).toEqual(["hidden", "out", "final"]);
  });

  it("follows a model nested in the model layer by layer, its layers named under it", async () => {
    const base = tf.sequential({
      name: "base",
      layers: [tf.layers.dense({ inputShape: [6], units: 8, activation: "relu", name: "hidden" }), tf.layers.dense({ units: 8, activation: "relu", name: "features" })],
    });
    const input = tf.input({ shape: [6] });
    const output = tf.layers.dense({ units: 3, activation: "softmax", name: "out" }).apply(base.apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const sink = collector();
    await fitWith(model, nncheckCallback({ sinks: [sink], samplingInterval: 2 }), 1);
    const start = sink.records[0] as RunStartRecord;
    expect(start.model.layers.filter((l) => l.kind !== "input").map((l) => `${l.name} ${l.kind}`)).toEqual(["base/hidden dense", "base/features dense", "out dense"]);
    expect(start.model.outputs).toEqual(["out"]);
    const first = tensorsRecords(sink.records)[0]!;
    const layers = new Set(first.tensors.filter((t) => t.role === "activation" || t.role === "gradient").map((t) => `${t.layer}:${t.role}`));
    expect(layers).toEqual(new Set(["base/hidden:activation", "base/hidden:gradient", "base/features:activation", "base/features:gradient", "out:activation", "out:gradient"]));
  });

  it("marks frozen layers and still records their (unchanging) weights", async () => {
    const model = mlp(
      [
        { units: 8, activation: "relu", name: "frozen", trainable: false },
        { units: 3, activation: "softmax", name: "out" },
      ],
      6,
    );
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const sink = collector();
    await fitWith(model, nncheckCallback({ sinks: [sink], samplingInterval: 2 }), 1);
    const start = sink.records[0] as RunStartRecord;
    expect(start.model.layers.find((l) => l.name === "frozen")?.trainable).toBe(false);
    expect(start.model.layers.find((l) => l.name === "out")?.trainable).toBeUndefined();
    expect(entries(sink.records, { layer: "frozen", role: "gradient" })).toEqual([]);
    expect(entries(sink.records, { layer: "frozen", role: "weights" })).toHaveLength(2);
    const updates = entries(sink.records, { layer: "frozen", role: "update", parameter: "weights" });
    expect(updates).toHaveLength(1);
    expect(updates[0]!.stats.meanAbs).toBe(0);
  });

  it("leaks no tensor and removes its hooks", async () => {
    const model = compiled();
    await fitWith(model, nncheckCallback({ sinks: [] }), 1); // creates the optimizer's state
    const before = tf.memory().numTensors;
    // Sequential.fit delegates to an inner LayersModel: that one holds the compiled loss functions.
    const inner = (model as unknown as { model: { lossFunctions: unknown[] } }).model;
    const lossFunctions = [...inner.lossFunctions];
    await fitWith(model, nncheckCallback({ sinks: [collector()], samplingInterval: 1 }), 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(inner.lossFunctions).toEqual(lossFunctions);
    for (const layer of model.layers) expect(Object.prototype.hasOwnProperty.call(layer, "call")).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(model.optimizer, "applyGradients")).toBe(false);
  });

  it("never breaks training when the probe fails: it reports once and disables itself", async () => {
    const errors: string[] = [];
    const written: TelemetryRecord[] = [];
    const failing = {
      write(record: TelemetryRecord) {
        written.push(record);
        if (record.type === "tensors") throw new Error("disk full");
      },
    };
    const callback = nncheckCallback({ sinks: [failing], samplingInterval: 1, onError: (e, where) => errors.push(`${where}: ${(e as Error).message}`) });
    const history = await fitWith(compiled(), callback, 2);
    callback.close();
    expect((history.history["loss"] as number[]).length).toBe(2);
    expect(errors).toEqual(["endStep: disk full"]);
    // run-start, step 0, the failing tensors record, the probe's failure (so readers report the run as
    // partly checked), then only a best-effort run-end.
    expect(written.map((r) => r.type)).toEqual(["run-start", "step", "tensors", "finding", "run-end"]);
    const failure = written[3]!;
    expect(failure.type === "finding" && failure.finding).toMatchObject({
      code: "nncheck-internal-error",
      name: "probe-failed",
      severity: "warning",
      message: "the TF.js probe failed in endStep at step 0 and was disabled; training went on unchecked: disk full",
    });
  });

  it("counts a probe failure among the live findings: the run is not reported clean", async () => {
    const failing = {
      write(record: TelemetryRecord) {
        if (record.type === "tensors") throw new Error("disk full");
      },
    };
    const callback = nncheckCallback({ sinks: [failing], samplingInterval: 1, checks: true, printFindings: false, onError: () => undefined });
    await fitWith(compiled(), callback, 1);
    expect(callback.findings().filter((f) => f.code === "nncheck-internal-error").map((f) => f.message)).toEqual([
      "the TF.js probe failed in endStep at step 0 and was disabled; training went on unchecked: disk full",
    ]);
  });

  it("stops training when the monitor asks to (failOn)", async () => {
    const raised: Finding = { code: "D999", name: "test-finding", severity: "error", message: "stop now" };
    let stepsSeen = 0;
    let given = false;
    const monitor: TelemetryMonitor = {
      write(record) {
        if (record.type === "step") stepsSeen++;
      },
      shouldStop: () => stepsSeen >= 3,
      stopReason: () => "stop now",
      takeNewFindings: () => {
        if (stepsSeen >= 3 && !given) {
          given = true;
          return [raised];
        }
        return [];
      },
      findings: () => (given ? [raised] : []),
    };
    const sink = collector();
    const seen: Finding[] = [];
    const callback = nncheckCallback({ sinks: [sink], checks: monitor, printFindings: false, onFinding: (f) => seen.push(f) });
    await fitWith(compiled(), callback, 5);
    expect(sink.records.filter((r) => r.type === "step")).toHaveLength(3);
    expect(sink.records.filter((r) => r.type === "finding")).toHaveLength(1);
    expect(seen).toEqual([raised]);
    expect(sink.records.at(-1)).toMatchObject({ type: "run-end", status: "stopped", reason: "stop now", steps: 3 });
    expect(callback.findings()).toEqual([raised]);
  });

  it("samples the step after a non-finite loss", async () => {
    const sink = collector();
    const model = mlp([{ units: 3, activation: "linear" }], 6);
    model.compile({ optimizer: tf.train.sgd(100), loss: "meanSquaredError" });
    await fitWith(model, nncheckCallback({ sinks: [sink], samplingInterval: 100 }), 10);
    const steps = sink.records.filter((r): r is StepRecord => r.type === "step");
    const firstBad = steps.find((s) => !Number.isFinite(s.loss));
    expect(firstBad).toBeDefined();
    const sampled = tensorsRecords(sink.records).map((r) => r.step);
    expect(sampled[0]).toBe(0);
    expect(sampled).toContain(firstBad!.step + 1);
  });

  it("writes a JSON-lines trace file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "nncheck-probe-"));
    try {
      const trace = path.join(dir, "run.jsonl");
      const callback = nncheckCallback({ trace });
      await fitWith(compiled(), callback, 1);
      callback.close();
      const lines = readFileSync(trace, "utf8").trim().split("\n").map((l) => JSON.parse(l) as TelemetryRecord);
      expect(lines[0]!.type).toBe("run-start");
      expect(lines.at(-1)!.type).toBe("run-end");
      expect(lines.filter((l) => l.type === "step")).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("works with fitDataset", async () => {
    const sink = collector();
    const { xs, ys } = classificationData(48, 6);
    const dataset = tf.data.zip({ xs: tf.data.array(tf.unstack(xs)), ys: tf.data.array(tf.unstack(ys)) }).batch(16);
    const model = compiled();
    await model.fitDataset(dataset as unknown as tf.data.Dataset<tf.TensorContainer>, { epochs: 2, callbacks: [nncheckCallback({ sinks: [sink], samplingInterval: 2 })], verbose: 0 });
    tf.dispose([xs, ys]);
    const steps = sink.records.filter((r): r is StepRecord => r.type === "step");
    expect(steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(entries(sink.records, { layer: "hidden", role: "gradient" }).length).toBeGreaterThan(0);
    expect(entries(sink.records, { layer: "hidden", role: "activation" }).length).toBeGreaterThan(0);
  });
});
