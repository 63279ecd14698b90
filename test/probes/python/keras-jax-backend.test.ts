/**
 * Keras 3 on its JAX backend (test/probes/python/drivers/keras_jax_backend_scenarios.py): fit's training
 * function passes the training's state in and out, so the probe wraps it with that signature (it took one
 * argument, and the user's fit crashed) and records each step from fit's logs; at sampled steps, the weights
 * before and after the step from the state passed in and returned, and the gradients the optimizer applies,
 * each layer's output and the targets, which a second compiled step returns beside its logs: every check
 * has its facts, as on the other backends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstSample, rawRecords, schemaProblems, SUITES } from "./helpers.js";
import { runTrainings, seriousCodes, type Trainings } from "./trainings.js";

describe.skipIf(!SUITES.keras || !SUITES.jax)("Keras 3 on the JAX backend under the Python probe", () => {
  let trainings: Trainings;
  beforeAll(async () => {
    trainings = await runTrainings("keras_jax_backend_scenarios.py");
  }, 300_000);
  afterAll(() => trainings?.dispose());

  it("records fit to its end, one step record per batch with its loss", () => {
    const records = rawRecords(trainings.trace("fit_mlp"));
    expect(records.flatMap((r) => schemaProblems(r))).toEqual([]);
    const start = records[0]!;
    expect([start["framework"], start["backend"]]).toEqual(["keras", "jax"]);
    // 1024 samples, 20 % held out, batches of 32: 26 steps an epoch, 3 epochs.
    const steps = records.filter((r) => r["type"] === "step");
    expect(steps).toHaveLength(78);
    expect(steps.every((s) => typeof s["loss"] === "number" && Number.isFinite(s["loss"]))).toBe(true);
    const epochs = records.filter((r) => r["type"] === "epoch");
    expect(epochs.map((e) => typeof e["valLoss"])).toEqual(["number", "number", "number"]);
    // Sampled steps: the weights and their updates, read from the training state.
    const tensors = records.filter((r) => r["type"] === "tensors") as { tensors: { role: string; name: string }[] }[];
    expect(tensors.length).toBeGreaterThan(3);
    expect(tensors.at(-1)!.tensors.filter((t) => t.role === "update").map((t) => t.name).sort()).toEqual([
      expect.stringMatching(/dense\/bias$/), expect.stringMatching(/dense\/kernel$/), expect.stringMatching(/dense_1\/bias$/), expect.stringMatching(/dense_1\/kernel$/),
    ]);
    expect(records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 78 });
    expect(trainings.stderr).not.toMatch(/probe failed|jit_compile|are not checked/);
    expect(seriousCodes(trainings.findings("fit_mlp"))).toEqual([]);
  });

  it("records the gradients the optimizer applies, each layer's output and the targets at fit's sampled steps", () => {
    const sample = firstSample(trainings.trace("fit_mlp"));
    expect(sample.roles).toEqual(["activation", "bias", "gradient", "target", "update", "weights"]);
    expect(sample.gradients.map((name) => name.split("/").slice(-2).join("/")).sort()).toEqual(["dense/bias", "dense/kernel", "dense_1/bias", "dense_1/kernel"]);
    const layers = (rawRecords(trainings.trace("fit_mlp"))[0]!["model"] as { layers: { name: string }[] }).layers.map((l) => l.name);
    expect(sample.activations).toEqual(layers);
  });

  it("finds dead ReLUs in fit from their outputs and their gradients (D402, D305), as on the other backends", () => {
    const found = seriousCodes(trainings.findings("dead_relu"));
    for (const code of ["D402", "D305"]) expect(found).toContain(code);
  });

  it("a train_step of its own, differentiating by jax.value_and_grad without an auxiliary output: the same records", () => {
    const sample = firstSample(trainings.trace("own_train_step"));
    expect(sample.roles).toEqual(["activation", "bias", "gradient", "target", "update", "weights"]);
    expect(sample.gradients).toHaveLength(4);
    const records = rawRecords(trainings.trace("own_train_step"));
    const layers = (records[0]!["model"] as { layers: { name: string; kind: string }[] }).layers;
    expect(layers.map((l) => l.kind)).toEqual(["input", "dense", "dense"]);
    expect(sample.activations).toEqual(layers.slice(1).map((l) => l.name));
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(32);
    expect(seriousCodes(trainings.findings("own_train_step"))).toEqual([]);
  });

  it("a clean CNN with a partial last batch: its outputs' statistics have their whole shapes, and nothing is found", () => {
    const records = rawRecords(trainings.trace("cnn"));
    const outputs = records.filter((r) => r["type"] === "tensors").flatMap((r) => (r["tensors"] as { role: string; layer: string; shape: number[] }[]).filter((t) => t.role === "activation"));
    // 408 images in batches of 64: six full batches and one of 24 an epoch; samples at steps 0, 10 and 20.
    expect(outputs.filter((t) => t.layer === "conv2d").map((t) => t.shape)).toEqual([[64, 10, 10, 8], [64, 10, 10, 8], [24, 10, 10, 8]]);
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(28);
    expect(seriousCodes(trainings.findings("cnn"))).toEqual([]);
  });

  it("a model fit twice is one run to its end: reading logs mid-epoch leaves the training's state alone", () => {
    // Keras's own `model` property, read inside fit's training function, synced a state just donated to the
    // running step into the model's variables, and the next step crashed on deleted buffers.
    const records = rawRecords(trainings.trace("fit_twice"));
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(78);
    expect(records.filter((r) => r["type"] === "tensors").map((r) => r["step"])).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 78 });
    expect(trainings.stderr).not.toMatch(/deleted or donated|probe failed/);
    expect(seriousCodes(trainings.findings("fit_twice"))).toEqual([]);
  });

  it("finds shuffled labels from the loss and accuracy alone (D508)", () => {
    expect(seriousCodes(trainings.findings("shuffled_labels"))).toEqual(["D508"]);
  });

  it("finds weights a zero learning rate never moves, from the training state (D205)", () => {
    const found = trainings.findings("zero_learning_rate").filter((f) => f.severity !== "info");
    expect(found.map((f) => f.code)).toEqual(["D205", "D205"]);
    expect(found[0]!.message).toMatch(/2 of the 2 parameter tensors of layer dense(_\d+)? did not change/);
  });

  describe("run apart (what they print is asserted): a model with no optimizer of Keras's, several steps a call, a failure of the probe", () => {
    let apart: Trainings;
    beforeAll(async () => {
      apart = await runTrainings("keras_jax_backend_scenarios.py", ["own_optimizers", "several_steps_a_call", "probe_fails_in_trace"]);
    }, 120_000);
    afterAll(() => apart?.dispose());

    it("a model compiled without an optimizer, updating its weights itself: the probe says its gradients are not checked, fit runs on", () => {
      expect(apart.stderr).toMatch(/this model's train_step does not apply one optimizer to every trainable variable; its gradients are not checked/);
      const sample = firstSample(apart.trace("own_optimizers"));
      expect(sample.gradients).toEqual([]);
      // The discriminator's outputs, computed inside the differentiated function; the generator's before it.
      expect(sample.activations.every((layer) => layer.startsWith("discriminator/"))).toBe(true);
      expect(sample.activations).toHaveLength(2);
    });

    it("steps_per_execution 4: one step record a call, no tensors, and the probe says what it does not check", () => {
      const records = rawRecords(apart.trace("several_steps_a_call"));
      expect(records.filter((r) => r["type"] === "step")).toHaveLength(16);
      expect(records.some((r) => r["type"] === "tensors")).toBe(false);
      expect(apart.stderr).toMatch(/Keras on the jax backend with steps_per_execution=4: each call of fit's function, 4 steps, is recorded as one step from its logs, and its weights, gradients and layers' outputs are not checked/);
    });

    it("a failure of the probe's own work while jit traces the sampled step disables the probe and leaves fit to run to its end", () => {
      expect(apart.stderr).toMatch(/the Keras probe failed in train_step and is now disabled; training continues\. RuntimeError: an injected failure/);
      expect(apart.stderr.match(/fit ran 2 epochs/g)).toHaveLength(2);
    });
  });
});
