import { describe, expect, it } from "vitest";
import { budgetForChecks, DEFAULT_PREFLIGHT_BUDGET, readPreflightBudget } from "./preflight-budget.js";

describe("the preflight budget of a configuration", () => {
  it("keeps known settings of the right type", () => {
    expect(readPreflightBudget({ overfitIterations: 300, gradientCheck: true })).toEqual({ overfitIterations: 300, gradientCheck: true });
    expect(DEFAULT_PREFLIGHT_BUDGET.overfitIterations).toBe(1000);
    expect(DEFAULT_PREFLIGHT_BUDGET.overfitBatch).toBe(16);
  });

  it("rejects typos, wrong types and non-positive numbers (they would silently do nothing)", () => {
    expect(() => readPreflightBudget({ overfitIteration: 300 })).toThrow(/"preflight.overfitIteration" is not a preflight budget setting/);
    expect(() => readPreflightBudget({ maxTimeMs: "60s" })).toThrow(/must be a positive number/);
    expect(() => readPreflightBudget({ learningRate: 0 })).toThrow(/must be a positive number/);
    expect(() => readPreflightBudget({ gradientCheck: 1 })).toThrow(/true or false/);
    expect(() => readPreflightBudget([])).toThrow(/must be an object/);
  });
});

describe("the preflight budget follows the checks' configuration", () => {
  it("D109 enabled (by code or name) turns its procedure on, in every entry point alike", () => {
    expect(budgetForChecks({ sampleSize: 64 }, { D109: { enabled: true } })).toEqual({ sampleSize: 64, gradientCheck: true });
    expect(budgetForChecks(undefined, { "gradient-check": { enabled: true } })).toEqual({ gradientCheck: true });
  });
  it("off by default, and an explicit budget setting wins", () => {
    expect(budgetForChecks(undefined, undefined)).toEqual({});
    expect(budgetForChecks({ gradientCheck: false }, { D109: { enabled: true } })).toEqual({ gradientCheck: false });
  });
});
