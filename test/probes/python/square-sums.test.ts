/**
 * The squared norms behind a step's gradientNorms (D304) are summed where the tensors live and in their
 * precision (float32), not on float64 copies: within 1e-5 of the exact sums on every path, summed again in
 * float64 where float32 overflows, NaN kept NaN (test/probes/python/drivers/square_sums.py).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { drivers, runPython, SUITES } from "./helpers.js";

type Sums = Record<"exact" | "numpy" | "numpy-torch" | "torch" | "jax", number | string>;
type Split = Record<"exact" | "numpy" | "numpy-torch" | "torch", [number, number]>;
const PATHS = ["numpy", "numpy-torch", "torch"] as const;

describe.skipIf(!SUITES.keras || !SUITES.torch)("the Python probe's squared gradient norms", () => {
  let cases: { gradient: Sums; huge: Sums; nan: Sums; split: Split };
  beforeAll(async () => {
    const run = await runPython([path.join(drivers, "square_sums.py")]);
    expect(run.stderr).toBe("");
    cases = JSON.parse(run.stdout) as typeof cases;
  }, 60_000);

  const near = (value: number, exact: number) => expect(Math.abs(value - exact) / exact).toBeLessThan(1e-5);

  // A gradient reduced in a jitted function (Keras on JAX) is summed in float32 over its largest |value|.
  const sumPaths = () => [...PATHS, ...(SUITES.jax ? (["jax"] as const) : [])];

  it("a 784×512 float32 gradient: within 1e-5 of the exact sum on every path", () => {
    for (const p of sumPaths()) near(cases.gradient[p] as number, cases.gradient.exact as number);
  });

  it("squares past float32's range are summed again in float64 (or scaled), not written as Infinity", () => {
    for (const p of sumPaths()) near(cases.huge[p] as number, cases.huge.exact as number);
  });

  it("a NaN gradient's norm stays NaN", () => {
    for (const p of sumPaths()) expect(cases.nan[p]).toBe("NaN");
  });

  it("splits an L2 penalty's gradient off within 1e-5 of the exact data and regularisation parts", () => {
    for (const p of PATHS) {
      near(cases.split[p][0], cases.split.exact[0]);
      near(cases.split[p][1], cases.split.exact[1]);
    }
  });
});
