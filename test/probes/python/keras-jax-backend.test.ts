/**
 * Keras 3 on its JAX backend (test/probes/python/drivers/keras_jax_backend_scenarios.py): fit's training
 * function passes the training's state in and out, so the probe wraps it with that signature (it took one
 * argument, and the user's fit crashed) and records each step from fit's logs, and at sampled steps the
 * weights before and after the step from the state passed in and returned: the loss and weight checks run,
 * the gradient and activation checks have nothing to read, and the run says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRecords, schemaProblems, SUITES } from "./helpers.js";
import { runTrainings, seriousCodes, type Trainings } from "./trainings.js";

describe.skipIf(!SUITES.keras || !SUITES.jax)("Keras 3 on the JAX backend under the Python probe", () => {
  let trainings: Trainings;
  beforeAll(async () => {
    trainings = await runTrainings("keras_jax_backend_scenarios.py");
  }, 300_000);
  afterAll(() => trainings?.dispose());

  it("records fit to its end, one step record per batch with its loss, and says what it does not record", () => {
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
    // Sampled steps: the weights and their updates, read from the training state (no gradient, no output).
    const tensors = records.filter((r) => r["type"] === "tensors") as { tensors: { role: string; name: string }[] }[];
    expect(tensors.length).toBeGreaterThan(3);
    expect([...new Set(tensors.flatMap((r) => r.tensors.map((t) => t.role)))].sort()).toEqual(["bias", "update", "weights"]);
    expect(tensors.at(-1)!.tensors.filter((t) => t.role === "update").map((t) => t.name).sort()).toEqual([
      expect.stringMatching(/dense\/bias$/), expect.stringMatching(/dense\/kernel$/), expect.stringMatching(/dense_1\/bias$/), expect.stringMatching(/dense_1\/kernel$/),
    ]);
    expect(records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 78 });
    expect(trainings.stderr).toMatch(/Keras on the jax backend: fit's loss, metrics, weights and their updates are checked, not its gradients or layers' outputs/);
    expect(trainings.stderr).not.toMatch(/probe failed|jit_compile/);
    expect(seriousCodes(trainings.findings("fit_mlp"))).toEqual([]);
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
});
