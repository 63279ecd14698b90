/**
 * A simulation's epochs are short (1024 synthetic samples): the chance-level check must see 90 % of the
 * step budget at chance, not 3 short epochs, or healthy twins that sit at ln C for their first 100–160
 * steps are reported.
 */
import { describe, expect, it } from "vitest";
import { resolveChecks } from "../../src/checks/options.js";
import { allChecks } from "../../src/checks/rules/index.js";
import { lintSource } from "../../src/lint/lint.js";
import { SIMULATED_CHANCE_LEVEL_SHARE, SIMULATED_OSCILLATION_MIN_BATCH, simulationChecks } from "../../src/simulate/train.js";

const minStepsOf = (options: Parameters<typeof simulationChecks>[0]) => resolveChecks(allChecks, simulationChecks(options, 200, 32).checks).find((c) => c.check.meta.code === "D508")?.options["minSteps"];

describe("the checks of a simulated training", () => {
  it("ask the chance-level loss to last 90 % of the step budget by default", () => {
    expect(SIMULATED_CHANCE_LEVEL_SHARE).toBe(0.9);
    expect(minStepsOf({})).toBe(180);
    expect(resolveChecks(allChecks, simulationChecks({}, 500, 32).checks).find((c) => c.check.meta.code === "D508")?.options["minSteps"]).toBe(450);
  });

  it("keep what the user configured, by code or by name", () => {
    expect(minStepsOf({ checks: { D508: { minSteps: 40 } } })).toBe(40);
    expect(minStepsOf({ checks: { "chance-level-loss": { minSteps: 0 } } })).toBe(0);
    expect(resolveChecks(allChecks, simulationChecks({ checks: { "chance-level-loss": { enabled: false } } }, 200, 32).checks).some((c) => c.check.meta.code === "D508")).toBe(false);
  });

  it("do not judge oscillation on batches under 8 samples, unless the user enabled it", () => {
    const enabled = (options: Parameters<typeof simulationChecks>[0], batch: number) => resolveChecks(allChecks, simulationChecks(options, 200, batch).checks).some((c) => c.check.meta.code === "D504");
    expect(SIMULATED_OSCILLATION_MIN_BATCH).toBe(8);
    expect(enabled({}, 1)).toBe(false);
    expect(enabled({}, 8)).toBe(true);
    expect(enabled({ checks: { "oscillating-loss": { enabled: true } } }, 1)).toBe(true);
  });

  it("say in the summary when oscillation is not judged", async () => {
    const source = `
import numpy as np
from tensorflow import keras
x = np.random.rand(64, 3).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.layers.Dense(4, activation="relu", input_shape=(3,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, batch_size=1, epochs=2)
`;
    const report = await lintSource(source, "one.py", { config: false, simulate: { settings: { steps: 20 } } });
    const model = report.files[0]!.simulation!.models[0]!;
    expect(model.batchSize).toBe(1);
    expect(model.assumptions?.join("\n")).toMatch(/batches of 1 sample: the loss swings by sampling alone, so the oscillation check \(D504\) is not judged/);
  });
});
