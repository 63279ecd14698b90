/**
 * A simulation's epochs are short (1024 synthetic samples): the chance-level check must see 150 steps at
 * chance, not 3 short epochs, or recurrent twins that sit at ln C for their first ~100 steps are reported.
 */
import { describe, expect, it } from "vitest";
import { resolveChecks } from "../../src/checks/options.js";
import { allChecks } from "../../src/checks/rules/index.js";
import { SIMULATED_CHANCE_LEVEL_STEPS, simulationChecks } from "../../src/simulate/train.js";

const minStepsOf = (options: Parameters<typeof simulationChecks>[0]) => resolveChecks(allChecks, simulationChecks(options).checks).find((c) => c.check.meta.code === "D508")?.options["minSteps"];

describe("the checks of a simulated training", () => {
  it("ask the chance-level loss to last 150 steps by default", () => {
    expect(SIMULATED_CHANCE_LEVEL_STEPS).toBe(150);
    expect(minStepsOf({})).toBe(150);
  });

  it("keep what the user configured, by code or by name", () => {
    expect(minStepsOf({ checks: { D508: { minSteps: 40 } } })).toBe(40);
    expect(minStepsOf({ checks: { "chance-level-loss": { minSteps: 0 } } })).toBe(0);
    expect(resolveChecks(allChecks, simulationChecks({ checks: { "chance-level-loss": { enabled: false } } }).checks).some((c) => c.check.meta.code === "D508")).toBe(false);
  });
});
