/** The probe is backend-agnostic: the same training on wasm (with the training kernels) and on cpu. */
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import type { RunStartRecord } from "../../src/telemetry/schema.js";
import { nncheckCallback } from "../../src/live/tfjs.js";
import { useWasmBackend } from "../../src/probes/tfjs/wasm/node-setup.js";
import { collector, entries, tensorsRecords } from "./helpers.js";

function functionalCnn(): tf.LayersModel {
  // Two branches merged: a conv branch and a dense branch over the flattened image.
  const input = tf.input({ shape: [8, 8, 1], name: "image" });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: "relu", name: "conv" }).apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: "gap" }).apply(conv) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: "flat" }).apply(input) as tf.SymbolicTensor;
  const side = tf.layers.dense({ units: 4, activation: "tanh", name: "side" }).apply(flat) as tf.SymbolicTensor;
  const merged = tf.layers.concatenate({ name: "merge" }).apply([pooled, side]) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 2, activation: "softmax", name: "out" }).apply(merged) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
  return model;
}

for (const backend of ["wasm", "cpu"] as const) {
  describe(`the probe on ${backend}`, () => {
    it("records a functional CNN's training without leaking tensors", async () => {
      if (backend === "wasm") expect(await useWasmBackend()).toBe(true);
      else await tf.setBackend("cpu");
      const model = functionalCnn();
      const xs = tf.randomUniform([32, 8, 8, 1]);
      const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 2), "int32"), 2);
      await model.fit(xs, ys, { epochs: 1, batchSize: 16, verbose: 0 }); // optimizer state exists before counting
      const before = tf.memory().numTensors;
      const sink = collector();
      await model.fit(xs, ys, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [nncheckCallback({ sinks: [sink], samplingInterval: 2, checks: true, printFindings: false })] });
      expect(tf.memory().numTensors).toBe(before);
      const start = sink.records[0] as RunStartRecord;
      expect(start.backend).toBe(backend);
      expect(start.model.layers.map((l) => [l.name, l.kind])).toEqual([
        ["image", "input"], ["conv", "conv2d"], ["flat", "flatten"], ["gap", "globalAveragePooling2d"], ["side", "dense"], ["merge", "concatenate"], ["out", "dense"],
      ]);
      expect(tensorsRecords(sink.records).map((r) => r.step)).toEqual([0, 2]);
      const convGrad = entries(sink.records, { layer: "conv", role: "gradient", parameter: "weights" });
      expect(convGrad[0]!.shape).toEqual([3, 3, 1, 4]);
      expect(convGrad[0]!.stats.nonFinite).toBe(0);
      expect(convGrad[0]!.stats.meanAbs).toBeGreaterThan(0);
      const convOut = entries(sink.records, { layer: "conv", role: "activation" })[0]!;
      expect(convOut.shape).toEqual([16, 6, 6, 4]);
      expect(convOut.stats.perUnit!.p95Abs).toHaveLength(4);
      expect(entries(sink.records, { layer: "side", role: "activation" })[0]!.stats.saturation).toHaveLength(4);
      expect(entries(sink.records, { layer: "merge", role: "activation" })[0]!.shape).toEqual([16, 8]);
      tf.dispose([xs, ys]);
      model.dispose();
    });
  });
}
