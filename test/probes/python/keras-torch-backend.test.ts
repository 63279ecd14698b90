/**
 * Keras 3 on its torch backend (test/probes/python/drivers/keras_torch_backend_scenarios.py): fit is one Keras
 * run, stated on the torch backend, which the PyTorch probe leaves alone (it followed fit's torch steps as a
 * second run, the two interleaved); its steps run eagerly, and the probe keeps each batch's loss, the gradients
 * the optimizer applies and each layer's output as they pass, with or without TensorFlow installed; a custom
 * loop that calls backward and a Keras optimizer's apply is followed by the PyTorch probe, not handed to
 * TensorFlow's custom-loop probe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { firstSample, rawRecords, SUITES } from "./helpers.js";
import { runTrainings, seriousCodes, type Trainings } from "./trainings.js";

describe.skipIf(!SUITES.keras || !SUITES.torch)("Keras 3 on the torch backend under the Python probe", () => {
  let trainings: Trainings;
  beforeAll(async () => {
    trainings = await runTrainings("keras_torch_backend_scenarios.py");
  }, 300_000);
  afterAll(() => trainings?.dispose());

  const runs = (name: string) => rawRecords(trainings.trace(name)).filter((r) => r["type"] === "run-start" || r["type"] === "run-end");

  it("records fit as one Keras run on the torch backend", () => {
    expect(runs("fit_mlp").map((r) => [r["type"], r["framework"] ?? r["steps"], r["backend"] ?? r["status"]])).toEqual([
      ["run-start", "keras", "torch"],
      ["run-end", 78, "completed"],
    ]);
    expect(rawRecords(trainings.trace("fit_mlp")).filter((r) => r["type"] === "epoch")).toHaveLength(3);
    expect(seriousCodes(trainings.findings("fit_mlp"))).toEqual([]);
  });

  it("records the gradients the optimizer applies, each layer's output and the targets at fit's sampled steps", () => {
    const sample = firstSample(trainings.trace("fit_mlp"));
    expect(sample.roles).toEqual(["activation", "bias", "gradient", "target", "update", "weights"]);
    expect(sample.gradients).toHaveLength(4);
    const layers = (rawRecords(trainings.trace("fit_mlp"))[0]!["model"] as { layers: { name: string }[] }).layers.map((l) => l.name);
    expect(sample.activations).toEqual(layers);
  });

  it("records each batch's loss as the loss function computed it, not differences of fit's running means", () => {
    const recorded = rawRecords(trainings.trace("fit_batch_losses")).filter((r) => r["type"] === "step").map((r) => r["loss"] as number);
    const computed = JSON.parse(readFileSync(path.join(trainings.dir, "fit_batch_losses.losses.json"), "utf8")) as number[];
    // One run: the PyTorch probe took fit_mlp's last update, in the fit before, for a loop's own and followed
    // the next model's build as a second run, its records interleaved with this one's.
    expect(runs("fit_batch_losses").map((r) => r["framework"] ?? r["status"])).toEqual(["keras", "completed"]);
    expect(recorded).toHaveLength(32);
    // The loss function also ran once when Keras built the model, before fit's first step.
    expect(recorded).toEqual(computed.slice(-32));
  });

  it("a GAN's train_step written for torch: both optimizers' gradients recorded, its two sub-models opened in their parts, no warning", () => {
    const layers = (rawRecords(trainings.trace("gan_train_step"))[0]!["model"] as { layers: { name: string; part?: string }[] }).layers;
    expect(layers.map((l) => l.part)).toEqual(["generator", "generator", "discriminator", "discriminator"]);
    expect(layers.every((l) => l.name.startsWith(`${l.part}/dense`))).toBe(true);
    const sample = firstSample(trainings.trace("gan_train_step"));
    expect(sample.gradients).toHaveLength(8);
    expect(seriousCodes(trainings.findings("gan_train_step"))).toEqual([]);
  });

  it("finds dead ReLUs in fit (D402, D305), as on the TensorFlow backend", () => {
    const found = seriousCodes(trainings.findings("dead_relu"));
    for (const code of ["D402", "D305"]) expect(found).toContain(code);
  });

  it("follows a custom loop with backward and a Keras optimizer's apply through the PyTorch probe", () => {
    expect(runs("custom_loop").map((r) => [r["type"], r["framework"] ?? r["steps"]])).toEqual([
      ["run-start", "pytorch"],
      ["run-end", 31],
    ]);
    expect(rawRecords(trainings.trace("custom_loop")).some((r) => r["type"] === "finding")).toBe(false);
    expect(seriousCodes(trainings.findings("custom_loop"))).toEqual([]);
  });
});

describe.skipIf(!SUITES.keras || !SUITES.torch)("Keras 3 on the torch backend without TensorFlow installed", () => {
  let trainings: Trainings;
  beforeAll(async () => {
    trainings = await runTrainings("keras_torch_backend_scenarios.py", ["--without-tensorflow", "fit_mlp", "dead_relu"]);
  }, 300_000);
  afterAll(() => trainings?.dispose());

  it("follows fit whole: the probe never needs TensorFlow (it disabled itself at fit's start)", () => {
    expect(trainings.stderr).not.toMatch(/probe failed|disabled/);
    const start = rawRecords(trainings.trace("fit_mlp"))[0]!;
    expect([start["framework"], start["backend"]]).toEqual(["keras", "torch"]);
    expect(firstSample(trainings.trace("fit_mlp")).roles).toContain("gradient");
    expect(seriousCodes(trainings.findings("fit_mlp"))).toEqual([]);
    for (const code of ["D402", "D305"]) expect(seriousCodes(trainings.findings("dead_relu"))).toContain(code);
  });
});
