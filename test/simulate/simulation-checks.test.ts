/**
 * A simulation's epochs are short (1024 synthetic samples): the chance-level check must see 90 % of the
 * step budget at chance, not 3 short epochs, or healthy twins that sit at ln C for their first 100–160
 * steps are reported.
 */
import { describe, expect, it } from "vitest";
import { resolveChecks } from "../../src/checks/options.js";
import { allChecks } from "../../src/checks/rules/index.js";
import { SIMULATED_CHANCE_LEVEL_SHARE, simulationChecks } from "../../src/simulate/train.js";

const minStepsOf = (options: Parameters<typeof simulationChecks>[0]) => resolveChecks(allChecks, simulationChecks(options, 200).checks).find((c) => c.check.meta.code === "D508")?.options["minSteps"];

describe("the checks of a simulated training", () => {
  it("ask the chance-level loss to last 90 % of the step budget by default", () => {
    expect(SIMULATED_CHANCE_LEVEL_SHARE).toBe(0.9);
    expect(minStepsOf({})).toBe(180);
    expect(resolveChecks(allChecks, simulationChecks({}, 500).checks).find((c) => c.check.meta.code === "D508")?.options["minSteps"]).toBe(450);
  });

  it("keep what the user configured, by code or by name", () => {
    expect(minStepsOf({ checks: { D508: { minSteps: 40 } } })).toBe(40);
    expect(minStepsOf({ checks: { "chance-level-loss": { minSteps: 0 } } })).toBe(0);
    expect(resolveChecks(allChecks, simulationChecks({ checks: { "chance-level-loss": { enabled: false } } }, 200).checks).some((c) => c.check.meta.code === "D508")).toBe(false);
  });
});
