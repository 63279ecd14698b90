import { describe, expect, test } from "vitest";
import { budgetForChecks } from "./preflight-budget.js";

describe("the preflight budget follows the checks' configuration", () => {
  test("D109 enabled (by code or name) turns its procedure on, in every entry point alike", () => {
    expect(budgetForChecks({ sampleSize: 64 }, { D109: { enabled: true } })).toEqual({ sampleSize: 64, gradientCheck: true });
    expect(budgetForChecks(undefined, { "gradient-check": { enabled: true } })).toEqual({ gradientCheck: true });
  });
  test("off by default, and an explicit budget setting wins", () => {
    expect(budgetForChecks(undefined, undefined)).toEqual({});
    expect(budgetForChecks({ gradientCheck: false }, { D109: { enabled: true } })).toEqual({ gradientCheck: false });
  });
});
