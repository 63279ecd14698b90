/**
 * Keras 3 on its JAX backend (test/probes/python/drivers/keras_jax_backend_scenarios.py): fit's training
 * function passes the training's state in and out, so the probe wraps it with that signature (it took one
 * argument, and the user's fit crashed) and records each step from fit's logs: the loss checks run, the
 * tensor checks have nothing to read, and the run says so.
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
    expect(records.some((r) => r["type"] === "tensors")).toBe(false);
    expect(records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 78 });
    expect(trainings.stderr).toMatch(/Keras on the jax backend: fit's loss and metrics are checked, not its gradients/);
    expect(trainings.stderr).not.toMatch(/probe failed|jit_compile/);
    expect(seriousCodes(trainings.findings("fit_mlp"))).toEqual([]);
  });

  it("finds shuffled labels from the loss and accuracy alone (D508)", () => {
    expect(seriousCodes(trainings.findings("shuffled_labels"))).toEqual(["D508"]);
  });
});
