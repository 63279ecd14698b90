/**
 * Keras 3 on its torch backend (test/probes/python/drivers/keras_torch_backend_scenarios.py): fit is one Keras
 * run, stated on the torch backend, which the PyTorch probe leaves alone (it followed fit's torch steps as a
 * second run, the two interleaved); a custom loop that calls backward and a Keras optimizer's apply is
 * followed by the PyTorch probe, not handed to TensorFlow's custom-loop probe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRecords, SUITES } from "./helpers.js";
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

  it("follows a custom loop with backward and a Keras optimizer's apply through the PyTorch probe", () => {
    expect(runs("custom_loop").map((r) => [r["type"], r["framework"] ?? r["steps"]])).toEqual([
      ["run-start", "pytorch"],
      ["run-end", 31],
    ]);
    expect(rawRecords(trainings.trace("custom_loop")).some((r) => r["type"] === "finding")).toBe(false);
    expect(seriousCodes(trainings.findings("custom_loop"))).toEqual([]);
  });
});
