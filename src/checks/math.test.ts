import { describe, expect, it } from "vitest";
import { noiseSigma } from "./math.js";
import { noiseSource } from "./testing/synthetic-run.js";

describe("noiseSigma", () => {
  it("is zero on a straight line and NaN with too few points", () => {
    expect(noiseSigma([3, 2.5, 2, 1.5, 1], 3)).toBe(0);
    expect(noiseSigma([1, 2, 3, 4], 3)).toBeNaN();
  });

  it("recovers the standard deviation of white noise on a trend that bends slowly", () => {
    const noise = noiseSource(7);
    // Sums of 12 uniforms on [-0.5, 0.5]: close to Gaussian with σ 1, scaled to 0.02.
    const gaussian = () => Array.from({ length: 12 }, () => noise() / 2).reduce((a, b) => a + b, 0);
    const values = Array.from({ length: 400 }, (_, i) => 2 * Math.exp(-i / 150) + 0.02 * gaussian());
    expect(noiseSigma(values)).toBeGreaterThan(0.017);
    expect(noiseSigma(values)).toBeLessThan(0.023);
  });
});
