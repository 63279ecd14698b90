/**
 * `lint --simulate` on small Keras programs written for these tests: each fault that only shows while
 * training must be found on the program's TF.js twin, marked simulated and placed at the program line of
 * the layer (or the compile call) concerned; the clean program raises no warning or error in simulation.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintSource } from "../../src/lint/lint.js";
import type { Finding, Report } from "../../src/report/finding.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/simulate/", import.meta.url));

async function simulate(name: string, steps = 120): Promise<Report> {
  const source = readFileSync(`${FIXTURES}${name}.py`, "utf8");
  return lintSource(source, `${name}.py`, { config: false, simulate: { settings: { steps, timeLimit: 30 } } });
}

function simulated(report: Report): Finding[] {
  return report.findings.filter((f) => f.simulated === true);
}

/** Simulated findings of the given codes, as `code@line`. */
function found(report: Report, codes: readonly string[]): string[] {
  return [...new Set(simulated(report).filter((f) => codes.includes(f.code)).map((f) => `${f.code}@${f.line}`))];
}

describe("simulation finds training faults of programs it never runs", () => {
  it("zero kernel initialisation: the hidden kernels stay zero and their units dead", async () => {
    const report = await simulate("zero_kernel_init");
    expect(found(report, ["D202", "D402"])).toEqual(expect.arrayContaining(["D202@11", "D402@11", "D202@12"]));
  });

  it("constant kernel initialisation: identical tanh units driven into saturation", async () => {
    const report = await simulate("constant_kernel_init");
    // Both tanh layers saturate. Their gradients are small, but under Adam their steps keep pace with the
    // output layer's: D302 judges the step under an adaptive optimizer, and the fault is the saturation.
    expect(found(report, ["D403"])).toEqual(expect.arrayContaining(["D403@11", "D403@12"]));
  });

  it("a deep sigmoid stack: the gradient vanishes before the first layers", async () => {
    const report = await simulate("deep_sigmoid_stack");
    const vanishing = simulated(report).filter((f) => f.code === "D302");
    expect(vanishing.length).toBeGreaterThan(0);
    expect(vanishing.every((f) => f.line === 12)).toBe(true); // every layer is added by the loop on line 12
    expect(vanishing.map((f) => f.layer?.name)).toContain("dense");
  });

  it("a single softmax unit: its output never varies, so its layer receives no gradient", async () => {
    const report = await simulate("single_unit_softmax");
    expect(found(report, ["D302", "D205"])).toEqual(expect.arrayContaining(["D302@12", "D205@12"]));
  });

  it("a probability loss on a linear output: outputs outside [0, 1] read as probabilities", async () => {
    const report = await simulate("linear_output_probability_loss");
    const invalid = simulated(report).find((f) => f.code === "D407");
    expect(invalid).toMatchObject({ severity: "error", line: 12, layer: { name: "dense_1", kind: "dense" } });
    // An error stops the simulated training: nothing after a broken start says more.
    expect(report.files[0]!.simulation!.models[0]).toMatchObject({ simulated: true, stoppedBy: "finding" });
  });

  it("SGD with a learning rate of 10: units die and the loss rises above the untrained model's", async () => {
    const report = await simulate("sgd_learning_rate_10", 200);
    // No gradient reaches the first layer: its ReLUs die (D402, D305), or they fire while the saturated softmax
    // passes nothing back (D302; D305 does not call units that fire dying). The loss, placed at the compile
    // call, jumps to 6× the untrained model's within ten steps and stays there (D503), or stops improving.
    expect(found(report, ["D305", "D402", "D302"]).filter((f) => f.endsWith("@11")).length).toBeGreaterThan(0);
    expect(found(report, ["D503"])).toEqual(["D503@15"]);
    expect(simulated(report).find((f) => f.code === "D503")!.message).toMatch(/^the training loss rose within the first 10 steps: now \d+\.\d+, \d\.\d+× the untrained model's loss/);
  });

  it("unscaled [0, 255] pixels into sigmoid units: the first layer saturates", async () => {
    const report = await simulate("unscaled_pixels_sigmoid");
    expect(found(report, ["D403"])).toEqual(["D403@11"]);
    const data = report.files[0]!.simulation!.models[0]!.data!;
    expect(data[0]).toMatch(/\[0, 255\]/);
  });

  it("the clean program raises no simulated warning or error, and its summary says what ran", async () => {
    const report = await simulate("clean_mlp");
    expect(simulated(report).filter((f) => f.severity !== "info")).toEqual([]);
    const [model] = report.files[0]!.simulation!.models;
    expect(model).toMatchObject({ model: "model", simulated: true, layers: { total: 3, built: 3 }, steps: 120, stoppedBy: "steps" });
    expect(model!.data).toEqual(["input dense (784): values in [0, 1], 81% of them 0 (dark background)", "target dense_2 (10): one-hot labels of 10 classes"]);
  });
});
