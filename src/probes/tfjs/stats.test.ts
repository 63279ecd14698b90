import { describe, expect, it } from "vitest";
import { computeStats, difference, quantileSorted, quantilesInPlace, rowSums, saturation, subsample, subsampleCopy } from "./stats.js";

describe("threshold-free statistics (the checks decide)", () => {
  it("absDecades: the distribution of |x| over powers of ten, zeros in the first bin", () => {
    const s = computeStats([0, 1e-13, 3e-6, -2e-6, 0.5, -0.02, 7e13], [7], { absDecades: true });
    const h = s.absDecades!;
    expect(h.from).toBe(-12);
    const at = (exponent: number) => h.fractions[exponent - h.from + 1]!;
    expect(h.fractions[0]).toBeCloseTo(2 / 7); // 0 and 1e-13
    expect(at(-6)).toBeCloseTo(2 / 7); // 3e-6, 2e-6
    expect(at(-2)).toBeCloseTo(1 / 7);
    expect(at(-1)).toBeCloseTo(1 / 7);
    expect(h.fractions.at(-1)).toBeCloseTo(1 / 7); // 7e13: above the last edge
    expect(h.fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it("perUnitZeros: the fraction of exact zeros in each unit's column", () => {
    // 3 rows × 2 units: unit 0 all zero, unit 1 one zero.
    const s = computeStats([0, 1, 0, 0, 0, 2], [3, 2], { perUnitZeros: true });
    expect(s.perUnit!.zeroFraction).toEqual([1, 1 / 3]);
  });

  it("saturation: the mean distance from the centre of the activation's range, without bins", () => {
    expect(saturation([0, 1, 0.5, 0.75], 1, [0, 1])[0]).toBeCloseTo((1 + 1 + 0 + 0.5) / 4);
    expect(saturation([-1, 0.2], 1, [-1, 1])[0]).toBeCloseTo(0.6);
  });
});

describe("computeStats", () => {
  it("reduces a small tensor exactly", () => {
    const s = computeStats([1, -2, 0, 3], [4]);
    expect(s.count).toBe(4);
    expect(s.mean).toBeCloseTo(0.5);
    expect(s.meanAbs).toBeCloseTo(1.5);
    expect(s.l2).toBeCloseTo(Math.sqrt(14));
    expect(s.std).toBeCloseTo(Math.sqrt(14 / 4 - 0.25));
    expect([s.min, s.max]).toEqual([-2, 3]);
    expect(s.zeroFraction).toBe(0.25);
    expect(s.negativeFraction).toBe(0.25);
    expect(s.tinyFraction).toBeUndefined(); // what counts as tiny is the checks' option now
    expect(s.absDecades).toBeUndefined(); // only when asked (weights)
    expect(s.nonFinite).toBe(0);
    expect(s.sampled).toBe(false);
    expect(s.percentiles!.p50).toBeCloseTo(0.5);
  });

  it("counts non-finite values and reduces over the finite ones", () => {
    const s = computeStats([NaN, 1, Infinity, 3, -Infinity], [5]);
    expect(s.nonFinite).toBe(3);
    expect(s.mean).toBe(2);
    expect([s.min, s.max]).toEqual([1, 3]);
  });

  it("gives NaN reductions when every value is non-finite", () => {
    const s = computeStats([NaN, NaN], [2]);
    expect(s.nonFinite).toBe(2);
    expect(s.mean).toBeNaN();
    expect(s.percentiles).toBeUndefined();
  });

  it("counts a NaN that the subsample skips", () => {
    const values = new Float32Array(100_000).fill(1);
    values[12_345] = NaN;
    const s = computeStats(values, [100_000], { maxValues: 1000 });
    expect(s.sampled).toBe(true);
    expect(s.count).toBeLessThanOrEqual(1000);
    expect(s.nonFinite).toBe(1);
  });

  it("subsamples large tensors and scales the L2 norm to the whole tensor", () => {
    const values = new Float32Array(64 * 1000).fill(2);
    const s = computeStats(values, [1000, 64], { maxValues: 4096 });
    expect(s.sampled).toBe(true);
    expect(s.count).toBeLessThanOrEqual(4096);
    expect(s.l2).toBeCloseTo(Math.sqrt(64 * 1000 * 4), 0);
    expect(s.mean).toBe(2);
  });

  it("keeps units intact when subsampling rows", () => {
    // Unit u is always u: a flat stride that is a multiple of 8 would see only one unit.
    const rows = 2000;
    const units = 8;
    const values = new Float32Array(rows * units);
    for (let r = 0; r < rows; r++) for (let u = 0; u < units; u++) values[r * units + u] = u;
    const { values: sampled, units: kept } = subsample(values, [rows, units], 800);
    expect(kept).toBe(units);
    expect(sampled.length).toBeLessThanOrEqual(800);
    const s = computeStats(values, [rows, units], { maxValues: 800, perUnit: true });
    expect(s.perUnit!.mean).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.perUnit!.p95Abs).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.perUnit!.std!.every((x) => x === 0)).toBe(true);
  });

  it("reaches every channel of a kernel fed by a flattened feature map (an odd stride)", () => {
    // A dense kernel reading Flatten()(2×2×256 features): row = position × 256 + channel. Only channels
    // 0, 64, 128 and 192 are dead (their rows' gradients zero). A stride of 64 kept those rows alone.
    const rows = 4 * 256;
    const units = 256;
    const values = new Float32Array(rows * units);
    for (let r = 0; r < rows; r++) if ((r % 256) % 64 !== 0) values.fill(1e-3, r * units, (r + 1) * units);
    const s = computeStats(values, [rows, units], { maxValues: 4096 });
    expect(s.sampled).toBe(true);
    expect(s.count).toBeLessThanOrEqual(4096);
    expect(s.meanAbs).toBeGreaterThan(5e-4);
  });

  it("finds dead units: p95 |act| is 0 for units that never fire", () => {
    const values: number[] = [];
    for (let r = 0; r < 50; r++) values.push(0, r % 3, 0, (r % 5) + 1);
    const s = computeStats(values, [50, 4], { perUnit: true });
    expect(s.perUnit!.p95Abs![0]).toBe(0);
    expect(s.perUnit!.p95Abs![2]).toBe(0);
    expect(s.perUnit!.p95Abs![1]).toBeGreaterThan(1);
    expect(s.perUnit!.p95Abs![3]).toBeGreaterThan(4);
  });
});

describe("statistics of a kept subsample (ΔW)", () => {
  it("treats values as a subsample of totalValues: sampled, L2 scaled to the whole tensor", () => {
    const before = new Float32Array(100 * 64).fill(1);
    const after = new Float32Array(100 * 64).fill(1.5);
    const keptBefore = subsampleCopy(before, [100, 64], 640);
    const keptAfter = subsampleCopy(after, [100, 64], 640);
    expect(keptAfter.length).toBeLessThanOrEqual(640);
    const s = computeStats(difference(keptAfter, keptBefore), [100, 64], { maxValues: 640, totalValues: 6400 });
    expect(s.sampled).toBe(true);
    expect(s.meanAbs).toBeCloseTo(0.5);
    expect(s.l2).toBeCloseTo(Math.sqrt(6400 * 0.25), 3);
  });

  it("copies small tensors so later writes to the source do not change the kept values", () => {
    const source = new Float32Array([1, 2, 3]);
    const kept = subsampleCopy(source, [3]);
    source[0] = 9;
    expect(Array.from(kept)).toEqual([1, 2, 3]);
  });
});

describe("saturation", () => {
  it("is near 1 for values at the ends of the codomain and near 0.5 for uniform values", () => {
    const ends: number[] = [];
    const uniform: number[] = [];
    for (let i = 0; i < 1000; i++) {
      ends.push(i % 2 ? 0.999 : 0.001);
      uniform.push(i / 1000);
    }
    expect(saturation(ends, 1, [0, 1])[0]).toBeGreaterThan(0.97);
    expect(saturation(uniform, 1, [0, 1])[0]).toBeCloseTo(0.5, 1);
  });

  it("uses the activation's own range (tanh: [-1, 1])", () => {
    const centred = new Array(100).fill(0.001);
    expect(saturation(centred, 1, [-1, 1])[0]).toBeLessThan(0.05);
    expect(saturation(centred, 1, [0, 1])[0]).toBeGreaterThan(0.95);
  });

  it("is computed per unit", () => {
    const values: number[] = [];
    for (let r = 0; r < 100; r++) values.push(0.5, r % 2 ? 1 : 0);
    const rho = computeStats(values, [100, 2], { saturationRange: [0, 1] }).saturation!;
    expect(rho[0]).toBeLessThan(0.05);
    expect(rho[1]).toBeGreaterThan(0.95);
  });
});

describe("quantilesInPlace", () => {
  it("agrees with sorting, on random data with ties, duplicates and tiny sizes", () => {
    let seed = 3;
    const next = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (const n of [1, 2, 3, 7, 20, 101, 4096]) {
      for (const ties of [false, true]) {
        const values = Array.from({ length: n }, () => (ties ? Math.floor(next() * 5) : next() * 200 - 100));
        const sorted = Float64Array.from(values).sort();
        const qs = [0.05, 0.5, 0.95];
        const got = quantilesInPlace(Float64Array.from(values), n, qs);
        qs.forEach((q, i) => expect(got[i]).toBeCloseTo(quantileSorted(sorted, q), 9));
      }
    }
  });

  it("uses only the first n values", () => {
    const a = Float64Array.from([5, 1, 3, 100, -100]);
    expect(quantilesInPlace(a, 3, [0.5])).toEqual([3]);
    expect(quantilesInPlace(new Float64Array(4), 0, [0.5])).toEqual([NaN]);
  });
});

describe("helpers", () => {
  it("quantileSorted interpolates", () => {
    expect(quantileSorted([0, 10], 0.5)).toBe(5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
  it("rowSums and difference", () => {
    expect(rowSums([0.2, 0.8, 0.5, 0.6], 2)).toEqual({ min: 1, max: expect.closeTo(1.1, 5) as unknown as number });
    expect(Array.from(difference([3, 2], [1, 2]))).toEqual([2, 0]);
  });
});
