/**
 * Precision and recall on traces recorded from real TF.js trainings by the TF.js probe (cpu backend;
 * see test/fixtures/traces/README.md): healthy programs may only get infos, each faulty program gets
 * exactly the warnings and errors its fault explains.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkTrace } from "./check-trace.js";

const trace = (name: string) => fileURLToPath(new URL(`../../test/fixtures/traces/${name}`, import.meta.url));
const problems = (name: string) => {
  const report = checkTrace(trace(name));
  expect(report.findings.filter((f) => f.code === "nncheck-internal-error")).toEqual([]);
  return [...new Set(report.findings.filter((f) => f.severity !== "info").map((f) => f.code))].sort();
};

describe("real TF.js traces", () => {
  for (const name of ["tfjs-clean-mlp.jsonl", "tfjs-clean-regression.jsonl", "tfjs-clean-tanh-sgd.jsonl", "tfjs-clean-cnn-bn.jsonl", "healthy-mlp.jsonl"]) {
    it(`${name}: healthy training raises no warning or error`, () => {
      expect(problems(name)).toEqual([]);
    });
  }

  const faulty: Array<[string, string[]]> = [
    ["tfjs-dead-relu.jsonl", ["D205", "D302", "D305", "D402", "D508"]],
    ["tfjs-deep-sigmoid.jsonl", ["D205", "D302", "D508"]],
    ["tfjs-exploding.jsonl", ["D201", "D301", "D401", "D501"]],
    ["tfjs-saturated-tanh.jsonl", ["D403"]],
    ["tfjs-zero-lr.jsonl", ["D205", "D502", "D508"]],
  ];
  for (const [name, codes] of faulty) {
    it(`${name}: raises ${codes.join(", ")}`, () => {
      expect(problems(name)).toEqual(codes);
    });
  }

  it("points findings at the layer that has the problem", () => {
    const report = checkTrace(trace("tfjs-saturated-tanh.jsonl"));
    const saturated = report.findings.find((f) => f.code === "D403")!;
    expect(saturated.layer).toMatchObject({ kind: "dense", index: 1 });
    expect(saturated.steps!.count).toBeGreaterThan(5);
  });
});
