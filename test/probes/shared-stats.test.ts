/**
 * The shared statistics fixtures (test/fixtures/telemetry/stats-cases.json, from scripts/stats-cases.py's
 * plain reference): the TF.js probe's statistics and the Python probe's, on both of its array back ends
 * (numpy and torch), must reproduce every case.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { computeStats } from "../../src/probes/tfjs/stats.js";
import { decodeLine } from "../../src/telemetry/codec.js";
import { repo, runPython, SUITES } from "./python/helpers.js";

interface StatsCase {
  name: string;
  shape: number[];
  values?: (number | string)[];
  generate?: { seed: number; count: number; low: number; high: number };
  nonFinite?: Record<string, string>;
  options: { maxValues?: number; perUnit?: boolean; saturationRange?: [number, number]; rowSums?: boolean; totalValues?: number };
  expected: Record<string, unknown>;
}

const fixturePath = path.join(repo, "test", "fixtures", "telemetry", "stats-cases.json");
const fixture = decodeLine(readFileSync(fixturePath, "utf8").replace(/\n/g, " "), 64) as { maxValues: number; cases: StatsCase[] };

/** The fixture's generator: x ← (1664525·x + 1013904223) mod 2³², rounded to float32. */
function valuesOf(c: StatsCase): Float32Array {
  if (c.values) return Float32Array.from(c.values as number[]);
  const { seed, count, low, high } = c.generate!;
  const out = new Float32Array(count);
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (1664525 * x + 1013904223) % 4294967296;
    out[i] = Math.fround(low + ((high - low) * x) / 4294967296);
  }
  for (const [index, spelling] of Object.entries(c.nonFinite ?? {})) out[Number(index)] = spelling === "NaN" ? NaN : spelling === "Infinity" ? Infinity : -Infinity;
  return out;
}

/** Equal up to float rounding (relative 1e-9); NaN equals NaN; arrays and objects field by field. */
function expectClose(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === "number") {
    expect(typeof actual, where).toBe("number");
    const a = actual as number;
    if (Number.isNaN(expected)) expect(Number.isNaN(a), `${where}: ${a} is not NaN`).toBe(true);
    else if (!Number.isFinite(expected)) expect(a, where).toBe(expected);
    else expect(Math.abs(a - expected), `${where}: ${a} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true);
    expect((actual as unknown[]).length, where).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), where).toEqual(Object.keys(expected).sort());
    for (const [key, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[key], e, `${where}.${key}`);
    return;
  }
  expect(actual, where).toBe(expected);
}

describe("shared statistics fixtures", () => {
  it("cover subsampling, per-unit statistics, saturation, row sums and non-finite values", () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(12);
    expect(fixture.cases.some((c) => c.expected["sampled"] === true)).toBe(true);
    expect(fixture.cases.some((c) => (c.expected["nonFinite"] as number) > 0)).toBe(true);
  });

  it("the TF.js probe reproduces every case", () => {
    for (const c of fixture.cases) {
      const { maxValues, ...options } = c.options;
      const stats = computeStats(valuesOf(c), c.shape, { maxValues: maxValues ?? fixture.maxValues, ...options }) as unknown as Record<string, unknown>;
      // The TF.js probe's statistics have since moved on (tinyFraction replaced by threshold-free fields,
      // saturation computed without bins, row sums skipping non-finite rows) and the fixtures do not hold the new definitions yet: the fields
      // both define alike must agree, and the core ones always are among them.
      const shared = Object.keys(c.expected).filter((key) => key in stats && key !== "saturation" && key !== "rowSums");
      expect(shared, c.name).toEqual(expect.arrayContaining(["count", "mean", "std", "l2", "min", "max", "nonFinite", "zeroFraction"]));
      expectClose(Object.fromEntries(shared.map((key) => [key, stats[key]])), Object.fromEntries(shared.map((key) => [key, c.expected[key]])), c.name);
    }
  });

  it.skipIf(!SUITES.python || !SUITES.torch)("the Python probe reproduces every case, on numpy and on torch, from contiguous arrays and from moved views", async () => {
    const backends = ["numpy", "torch", "numpy:moved-view", "torch:moved-view"];
    const run = await runPython([path.join(repo, "test", "probes", "python", "drivers", "stats_cases.py"), fixturePath, ...backends]);
    expect(run.stderr).toBe("");
    const results = decodeLine(run.stdout, 64) as Record<string, Record<string, unknown>[]>;
    for (const backend of backends) {
      fixture.cases.forEach((c, i) => expectClose(results[backend]![i], c.expected, `${backend}: ${c.name}`));
    }
  });

  /** The per-unit arrays of a case's written stats beside the exact ones of the fixture. */
  function unitArrays(actual: Record<string, unknown>, expected: Record<string, unknown>): Array<readonly [unknown, number[]]> {
    const perUnit = (actual.perUnit ?? {}) as Record<string, unknown>;
    const expectedPerUnit = (expected.perUnit ?? {}) as Record<string, number[]>;
    return [
      ...Object.keys(expectedPerUnit).map((key) => [perUnit[key], expectedPerUnit[key]!] as const),
      ...(expected.saturation === undefined ? [] : [[actual.saturation, expected.saturation as number[]] as const]),
    ];
  }

  function withoutUnitArrays(stats: Record<string, unknown>): Record<string, unknown> {
    const { perUnit: _perUnit, saturation: _saturation, ...rest } = stats;
    return rest;
  }

  /**
   * Runs the stats driver on `backends` and checks each case as the probe writes it: every statistic but the
   * per-unit arrays close to the fixture's, each array as long as the fixture's with its non-finite values
   * equal; `finite` judges each finite value. Returns the raw (still packed) and the decoded results.
   */
  async function eachWrittenValue(backends: string[], finite: (written: number, exact: number, label: string) => void) {
    const run = await runPython([path.join(repo, "test", "probes", "python", "drivers", "stats_cases.py"), fixturePath, ...backends]);
    expect(run.stderr).toBe("");
    const raw = JSON.parse(run.stdout) as Record<string, Record<string, unknown>[]>;
    const results = decodeLine(run.stdout, 64) as Record<string, Record<string, unknown>[]>;
    let arrays = 0;
    for (const backend of backends) {
      fixture.cases.forEach((c, i) => {
        const actual = results[backend]![i]!;
        expectClose(withoutUnitArrays(actual), withoutUnitArrays(c.expected), `${backend}: ${c.name}`);
        for (const [written, exact] of unitArrays(actual, c.expected)) {
          arrays += 1;
          expect(Array.isArray(written), c.name).toBe(true);
          expect((written as number[]).length, c.name).toBe(exact.length);
          exact.forEach((e, u) => {
            const w = (written as number[])[u]!;
            if (typeof e !== "number" || !Number.isFinite(e)) expect(w, `${c.name}[${u}]`).toEqual(e);
            else finite(w, e, `${backend}: ${c.name}[${u}]`);
          });
        }
      });
    }
    expect(arrays).toBeGreaterThan(0);
    return { raw, results };
  }

  it.skipIf(!SUITES.python || !SUITES.torch)("the Python probe writes per-unit arrays packed as float32 (schema 1.3), each the float32 nearest the exact value", async () => {
    const backends = ["numpy:written", "torch:written"];
    const { raw } = await eachWrittenValue(backends, (w, e, label) => {
      expect(Math.fround(w), `${label}: ${w} is not a float32`).toBe(w);
      // The nearest float32 of the probe's float64 value, itself within 1e-12 of the fixture's.
      expect(Math.abs(w - e), `${label}: ${w} vs ${e}`).toBeLessThanOrEqual(2 ** -24 * Math.abs(e) + 1e-12 * (1 + Math.abs(e)));
    });
    for (const backend of backends) {
      fixture.cases.forEach((c, i) => {
        for (const [packed] of unitArrays(raw[backend]![i]!, c.expected)) expect(packed, `${backend}: ${c.name}`).toEqual({ f32: expect.any(String) });
      });
    }
  });

  it.skipIf(!SUITES.python || !SUITES.torch)("where it cannot pack them, the Python probe writes per-unit arrays to 7 significant digits, each within half a unit of the 7th digit", async () => {
    let roundedValues = 0;
    await eachWrittenValue(["numpy:rounded", "torch:rounded"], (w, e, label) => {
      expect(Math.abs(w - e), `${label}: ${w} vs ${e}`).toBeLessThanOrEqual(5e-7 * Math.abs(e) + 1e-300);
      expect(Number(w.toPrecision(7)), `${label}: ${w} has more than 7 significant digits`).toBe(w);
      if (w !== e) roundedValues += 1;
    });
    // The fixtures' per-unit values are not all short decimals: some were rounded.
    expect(roundedValues).toBeGreaterThan(0);
  });

  it.skipIf(!SUITES.python || !SUITES.torch)("a per-unit array with a finite value beyond float32's range is written rounded, not packed; non-finite values pack", async () => {
    const code = [
      "import json, sys, torch",
      "from nncheck_probe import _stats",
      "from nncheck_probe._records import encode_line",
      "cases = [[1e39, 0.5], [float('inf'), float('nan'), 0.5], torch.tensor([0.25, 2.0]), [0.1]]",
      "sys.stdout.write(encode_line([_stats.written_units(v, 'packed') for v in cases]))",
    ].join("\n");
    const run = await runPython(["-c", code]);
    expect(run.stderr).toBe("");
    const raw = JSON.parse(run.stdout) as unknown[];
    expect(raw[0]).toEqual([1e39, 0.5]);
    expect(raw.slice(1).every((v) => typeof (v as { f32?: unknown }).f32 === "string")).toBe(true);
    const decoded = decodeLine(JSON.stringify({ values: raw.slice(1).map((saturation) => ({ saturation })) })) as { values: Array<{ saturation: number[] }> };
    expect(decoded.values.map((v) => v.saturation)).toEqual([[Infinity, NaN, 0.5], [0.25, 2], [Math.fround(0.1)]]);
  });

  it.skipIf(!SUITES.python || !SUITES.torch)("the Python probe counts each unit's zeros of a CPU tensor through numpy as torch counts them elsewhere", async () => {
    // Kernels [out, in] and [out, in, kh, kw] (units first), [in, out] (units last), a unit axis in the middle,
    // float16, an empty tensor; dead units and scattered zeros.
    const code = [
      "import json, sys, torch",
      "from nncheck_probe import _stats",
      "torch.manual_seed(0)",
      "cases = [([128, 96], 0, torch.float32), ([16, 8, 3, 3], 0, torch.float32), ([40, 30], 1, torch.float64), ([5, 7, 9], 1, torch.float16), ([0, 4], 1, torch.float32)]",
      "out = []",
      "for shape, axis, dtype in cases:",
      "    g = torch.randn(*shape).to(dtype)",
      "    g[g > 0.8] = 0",
      "    if shape[0] > 3: g.narrow(axis, 1, 1).zero_()",
      "    host = [float(v) for v in _stats.default_ops().unit_zero_fraction(g, shape, axis)]",
      "    device = [float(v) for v in _stats._TorchOps(torch).unit_zero_fraction(g, shape, axis)]",
      "    out.append([host, device])",
      "sys.stdout.write(json.dumps(out).replace('NaN', 'null'))",
    ].join("\n");
    const run = await runPython(["-c", code]);
    expect(run.stderr).toBe("");
    const cases = JSON.parse(run.stdout) as Array<[Array<number | null>, Array<number | null>]>;
    expect(cases).toHaveLength(5);
    for (const [host, device] of cases) expect(host).toEqual(device);
    // A whole unit zeroed counts as all zeros; the empty tensor's units are unknown, not dead.
    expect(cases[0]![0][1]).toBe(1);
    expect(cases[4]![0]).toEqual([null, null, null, null]);
  });
});
