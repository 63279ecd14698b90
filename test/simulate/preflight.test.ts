/**
 * The preflight plugged into `lint --simulate`: its procedures run on the program's twin and synthetic
 * data, and D1 findings come back placed at the program's lines, marked simulated.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintSource } from "../../src/lint/lint.js";
import { preflightStep } from "../../src/simulate/preflight-step.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/simulate/", import.meta.url));
const budget = { sampleSize: 128, overfitIterations: 60, dependencyIterations: 40, learningRate: 0.01 };

describe("the preflight in a simulation", () => {
  it("finds hidden kernels initialised to zeros (D105) at the layers' lines, before the simulated training", async () => {
    const source = readFileSync(`${FIXTURES}zero_kernel_init.py`, "utf8");
    const report = await lintSource(source, "zero_kernel_init.py", { config: false, simulate: { settings: { steps: 40, timeLimit: 60 }, preflight: [preflightStep({ budget })] } });
    const d105 = report.findings.filter((f) => f.code === "D105" && f.simulated === true);
    expect(d105.map((f) => f.line).sort()).toEqual([11, 12]);
    expect(d105[0]!.message).toMatch(/every weight equal/);
    expect(report.rules.map((r) => r.code)).toContain("D113");
  }, 120_000);
});
