/**
 * What the run-start record states of the model's output — its layers and what the loss reads from them —
 * and the checks that need it (D407), on real trainings; and the CommonJS entry of nncheck/tfjs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { nncheckCallback } from "../../src/live/tfjs.js";
import type { RunStartRecord } from "../../src/telemetry/schema.js";
import { classificationData, collector } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("the output layer and the loss's input, stated by the probe", () => {
  it("D407 finds a linear output fed to categorical cross-entropy (the loss expects probabilities)", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [20], units: 16, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), name: "scores" }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const sink = collector();
    const callback = nncheckCallback({ checks: true, printFindings: false, sinks: [sink] });
    const { xs, ys } = classificationData(256, 20, 3, 7);
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0, callbacks: [callback] });
    callback.close();
    tf.dispose([xs, ys]);
    const start = sink.records[0] as RunStartRecord;
    expect(start.model).toMatchObject({ outputs: ["scores"], loss: "categorical_crossentropy", lossExpects: "probabilities" });
    const invalid = callback.findings().filter((f) => f.code === "D407");
    expect(invalid.map((f) => [f.layer?.name, f.severity])).toEqual([["scores", "error"]]);
    expect(invalid[0]!.message).toMatch(/loss categorical_crossentropy expects probabilities/);
  });

  it("nncheck/tfjs loads with require() from a CommonJS script, and checks its training", () => {
    const script = fileURLToPath(new URL("./fixtures/require-callback.cjs", import.meta.url));
    const out = execFileSync(process.execPath, [script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" }, stdio: ["ignore", "pipe", "pipe"] });
    expect(out).toMatch(/^findings: D402 dead-units \[dead\]/m);
  });

  it("preflight loads with require() too, and finds a summed loss", () => {
    const script = fileURLToPath(new URL("./fixtures/require-preflight.cjs", import.meta.url));
    const out = execFileSync(process.execPath, [script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" }, stdio: ["ignore", "pipe", "pipe"] });
    expect(out).toMatch(/^passed: false; findings: .*D107 loss-sum-reduction/m);
  });
});
