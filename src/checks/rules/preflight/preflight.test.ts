import { describe, expect, it } from "vitest";
import type { LayerSummary, PreflightRecord, TelemetryRecord } from "../../../telemetry/schema.js";
import { checkTable } from "../../testing/table.js";
import { runChecks } from "../../testing/synthetic-run.js";


/** A healthy preflight of a 20-16-3 ReLU/softmax classifier, as the TF.js probe writes it. */
const layers: LayerSummary[] = [
  { name: "hidden", kind: "dense", index: 0, outputShape: [null, 16], params: 336, activation: "relu" },
  { name: "output", kind: "dense", index: 1, outputShape: [null, 3], params: 51, activation: "softmax" },
];

type Edit = Partial<Record<PreflightRecord["procedure"], (r: PreflightRecord) => PreflightRecord>>;

const column = (mean: number, std: number, min: number, max: number) => ({ mean, std, min, max });

function healthy(): PreflightRecord[] {
  const losses = Array.from({ length: 300 }, (_, i) => 1.1 * Math.exp(-i / 40) + 0.001);
  return [
    { type: "preflight", v: 1, procedure: "model", framework: "tfjs", backend: "cpu", time: "2026-01-01T00:00:00Z", model: { layers, outputs: ["output"], loss: "categorical_crossentropy", lossExpects: "probabilities", task: { kind: "classification", classes: 3 } }, budget: { overfitIterations: 300 } },
    { type: "preflight", v: 1, procedure: "data", samples: 256, inputs: [{ name: "input", shape: [20], scope: "column", columns: Array.from({ length: 20 }, (_, i) => column(0.01 * i, 0.57, -0.99, 0.99)) }], targets: { classCounts: [90, 80, 86] } },
    {
      type: "preflight",
      v: 1,
      procedure: "init",
      layers: [
        { layer: "hidden", kernel: { name: "hidden/kernel", shape: [20, 16], fanIn: 20, fanOut: 16, count: 320, mean: 0.003, variance: 2 / 36 }, hasBias: true, bias: { name: "hidden/bias", count: 16, mean: 0, meanAbs: 0 } },
        { layer: "output", kernel: { name: "output/kernel", shape: [16, 3], fanIn: 16, fanOut: 3, count: 48, mean: -0.01, variance: 2 / 19 }, hasBias: true, bias: { name: "output/bias", count: 3, mean: 0, meanAbs: 0, values: [0, 0, 0] } },
      ],
    },
    { type: "preflight", v: 1, procedure: "initial-loss", samples: 256, loss: 1.12 },
    { type: "preflight", v: 1, procedure: "loss-scaling", samples: 32, losses: [1, 2, 4, 8].map((repeat) => ({ repeat, loss: 1.1 })) },
    { type: "preflight", v: 1, procedure: "overfit-batch", samples: 16, iterations: 300, planned: 300, stoppedBy: "iterations", losses, error: 0, errorKind: "classification" },
    { type: "preflight", v: 1, procedure: "data-dependency", iterations: 200, stoppedBy: "iterations", heldOut: 32, real: Array.from({ length: 100 }, (_, i) => 0.3 + 0.01 * Math.sin(i)), zeroed: Array.from({ length: 100 }, (_, i) => 1.09 + 0.01 * Math.cos(i)) },
    { type: "preflight", v: 1, procedure: "sample-dependency", samples: 32, output: { self: 0.07, others: 0 }, loss: { self: 0.05, change: 0 } },
    { type: "preflight", v: 1, procedure: "gradient-check", samples: 3, delta: 1e-3, parameters: [{ layer: "hidden", name: "hidden/kernel", dims: 32, relativeError: 0.002 }] },
  ];
}

function preflight(edit: Edit = {}): TelemetryRecord[] {
  return healthy().map((r) => edit[r.procedure]?.(structuredClone(r)) ?? r);
}

/** Edits one procedure's record, typed by procedure. */
function on<P extends PreflightRecord["procedure"]>(procedure: P, change: (r: Extract<PreflightRecord, { procedure: P }>) => void): Edit {
  return {
    [procedure]: (r: PreflightRecord) => {
      change(r as Extract<PreflightRecord, { procedure: P }>);
      return r;
    },
  };
}

const clean = { title: "a healthy preflight", records: () => preflight(), fires: false };

describe("D1 preflight checks on preflight records", () => {
  it("the healthy preflight raises nothing at all (D109's record included)", () => {
    expect(runChecks(preflight())).toEqual([]);
  });

  checkTable("D101", [
    clean,
    { title: "every column of the input constant", records: () => preflight(on("data", (r) => (r.inputs[0]!.columns = r.inputs[0]!.columns.map(() => column(0, 0, 0, 0))))), fires: true, message: /input input is constant/, then: ([f]) => expect(f!.severity).toBe("warning") },
    { title: "two constant columns of 20 (info)", records: () => preflight(on("data", (r) => (r.inputs[0]!.columns[3] = r.inputs[0]!.columns[7] = column(1, 0, 1, 1)))), fires: true, message: /2 of the 20/, then: ([f]) => expect(f!.severity).toBe("info") },
  ]);

  checkTable("D102", [
    clean,
    { title: "pixel values 0-255", records: () => preflight(on("data", (r) => (r.inputs[0] = { name: "image", shape: [8, 8, 1], scope: "global", columns: [column(90, 70, 0, 255)] }))), fires: true, message: /max 255/ },
    { title: "one column in the thousands among scaled ones", records: () => preflight(on("data", (r) => (r.inputs[0]!.columns[5] = column(3000, 800, 1200, 5000)))), fires: true, message: /1 of its 20/ },
    { title: "a standardised column reaching ±3", records: () => preflight(on("data", (r) => (r.inputs[0]!.columns[5] = column(0.1, 1.1, -3, 3.2)))), fires: false },
    { title: "a [0, 1] column never reaching 1 (one-hot)", records: () => preflight(on("data", (r) => (r.inputs[0]!.columns[5] = column(0.1, 0.3, 0, 1)))), fires: false },
    { title: "token ids read only by an embedding", records: () => preflight(on("data", (r) => (r.inputs[0] = { name: "tokens", shape: [20], scope: "column", columns: Array.from({ length: 20 }, () => column(4900, 2800, 1, 9999)), feeds: ["embedding"] }))), fires: false },
    { title: "0-255 pixels read by a Rescaling layer (the model scales them)", records: () => preflight(on("data", (r) => (r.inputs[0] = { name: "image", shape: [8, 8, 1], scope: "global", columns: [column(90, 70, 0, 255)], feeds: ["rescaling"] }))), fires: false },
    { title: "ids read by an embedding and by a dense layer too", records: () => preflight(on("data", (r) => (r.inputs[0] = { name: "tokens", shape: [20], scope: "column", columns: Array.from({ length: 20 }, () => column(4900, 2800, 1, 9999)), feeds: ["embedding", "dense"] }))), fires: true, message: /input tokens/ },
  ]);

  checkTable("D103", [
    clean,
    { title: "95 % of one class", records: () => preflight(on("data", (r) => (r.targets = { classCounts: [243, 8, 5] }))), fires: true, message: /largest class 243/ },
    { title: "a 2:1 balance", records: () => preflight(on("data", (r) => (r.targets = { classCounts: [120, 68, 68] }))), fires: false },
  ]);

  checkTable("D104", [
    clean,
    { title: "house prices in dollars", records: () => preflight(on("data", (r) => (r.targets = { values: { name: "target", shape: [1], scope: "column", columns: [column(250_000, 90_000, 60_000, 900_000)] } }))), fires: true, message: /max 900000/ },
    { title: "standardised targets", records: () => preflight(on("data", (r) => (r.targets = { values: { name: "target", shape: [1], scope: "column", columns: [column(0.02, 0.97, -2.5, 2.9)] } }))), fires: false },
  ]);

  checkTable("D105", [
    clean,
    { title: "a hidden kernel of std 2 on fan-in 20 (40× He)", records: () => preflight(on("init", (r) => (r.layers[0]!.kernel!.variance = 4))), fires: true, layer: "hidden", message: /grow/ },
    { title: "a hidden kernel of std 1 on fan-in 20 (10× He) in a shallow model", records: () => preflight(on("init", (r) => (r.layers[0]!.kernel!.variance = 1))), fires: false },
    {
      title: "three kernels 8× past He (none alone past 16×): 512× over the network",
      records: () =>
        preflight({
          ...on("model", (r) => (r.model.layers = [layers[0]!, { name: "hidden_2", kind: "dense", index: 1, outputShape: [null, 16], params: 272, activation: "relu" }, { ...layers[1]!, index: 2 }])),
          ...on("init", (r) =>
            (r.layers = [
              { layer: "hidden", kernel: { name: "hidden/kernel", shape: [20, 16], fanIn: 20, fanOut: 16, count: 320, mean: 0, variance: 0.8 }, hasBias: true },
              { layer: "hidden_2", kernel: { name: "hidden_2/kernel", shape: [16, 16], fanIn: 16, fanOut: 16, count: 256, mean: 0, variance: 1 }, hasBias: true },
              { layer: "output", kernel: { name: "output/kernel", shape: [16, 3], fanIn: 16, fanOut: 3, count: 48, mean: 0, variance: 1 }, hasBias: true },
            ])),
        }),
      fires: true,
      layer: "hidden",
      message: /512× over the network/,
    },
    { title: "TensorFlow's tutorial std 0.1 (3× and 4× He on fan-ins 800 and 1024)", records: () => preflight(on("init", (r) => (r.layers = [
      { layer: "hidden", kernel: { name: "hidden/kernel", shape: [5, 5, 32, 64], fanIn: 800, fanOut: 1600, count: 51200, mean: 0, variance: 0.0077 }, hasBias: true },
      { layer: "output", kernel: { name: "output/kernel", shape: [1024, 3], fanIn: 1024, fanOut: 3, count: 3072, mean: 0, variance: 0.0077 }, hasBias: true },
    ]))), fires: false },
    { title: "a hidden kernel of std 0.001", records: () => preflight(on("init", (r) => (r.layers[0]!.kernel!.variance = 1e-6))), fires: true, layer: "hidden", message: /shrink/ },
    { title: "a hidden kernel of zeros", records: () => preflight(on("init", (r) => Object.assign(r.layers[0]!.kernel!, { variance: 0, mean: 0 }))), fires: true, layer: "hidden", message: /every weight equal/ },
    { title: "the output kernel of zeros (its inputs already differ)", records: () => preflight(on("init", (r) => Object.assign(r.layers[1]!.kernel!, { variance: 0, mean: 0 }))), fires: false },
    { title: "He init on a ReLU layer (Glorot would fit too)", records: () => preflight(on("init", (r) => (r.layers[0]!.kernel!.variance = 2 / 20))), fires: false },
    { title: "PyTorch's default init, 1/(3·fan_in) (a wide kernel: below Glorot and LeCun by 3×)", records: () => preflight(on("init", (r) => Object.assign(r.layers[0]!.kernel!, { fanIn: 256, fanOut: 256, count: 65536, variance: 1 / 768 }))), fires: false },
    { title: "a wide kernel at a twentieth of PyTorch's default", records: () => preflight(on("init", (r) => Object.assign(r.layers[0]!.kernel!, { fanIn: 256, fanOut: 256, count: 65536, variance: 1 / 15360 }))), fires: true, layer: "hidden", message: /shrink/ },
  ]);

  checkTable("D106", [
    clean,
    { title: "an output layer without biases", records: () => preflight(on("init", (r) => Object.assign(r.layers[1]!, { hasBias: false, bias: undefined }))), fires: true, layer: "output", message: /no biases/ },
    { title: "zero output biases with imbalanced classes", records: () => preflight(on("data", (r) => (r.targets = { classCounts: [243, 8, 5] }))), fires: true, message: /imbalanced/ },
    { title: "random output biases with balanced classes", records: () => preflight(on("init", (r) => (r.layers[1]!.bias = { name: "output/bias", count: 3, mean: 0.1, meanAbs: 0.3, values: [0.4, -0.2, 0.1] }))), fires: true, message: /away from 0/ },
    { title: "a hidden layer without biases (batch norm follows)", records: () => preflight(on("init", (r) => Object.assign(r.layers[0]!, { hasBias: false, bias: undefined }))), fires: false },
  ]);

  checkTable("D107", [
    clean,
    { title: "a summed loss (×1, ×2, ×4, ×8)", records: () => preflight(on("loss-scaling", (r) => (r.losses = r.losses.map((l) => ({ ...l, loss: 17.6 * l.repeat }))))), fires: true, message: /17\.6, 35\.2, 70\.4, 140\.8/ },
    { title: "a mean with float noise", records: () => preflight(on("loss-scaling", (r) => (r.losses = r.losses.map((l, i) => ({ ...l, loss: 1.1 + i * 1e-7 }))))), fires: false },
  ]);

  checkTable("D108", [
    clean,
    { title: "loss 14 at init for 3 classes", records: () => preflight(on("initial-loss", (r) => (r.loss = 14))), fires: true, message: /ln 3 = 1\.099/ },
    { title: "a NaN loss at init", records: () => preflight(on("initial-loss", (r) => (r.loss = NaN))), fires: true, message: /NaN/ },
    { title: "a regression loss (no chance level)", records: () => preflight({ ...on("model", (r) => Object.assign(r.model, { loss: "mean_squared_error", task: { kind: "regression" } })), ...on("initial-loss", (r) => (r.loss = 400)) }), fires: false },
  ]);

  checkTable("D109", [
    clean,
    { title: "a custom gradient off by a factor 2", records: () => preflight(on("gradient-check", (r) => (r.parameters[0]!.relativeError = 1 / 3))), fires: true, layer: "hidden" },
  ]);

  checkTable("D110", [
    clean,
    { title: "a third of the batch still wrong", records: () => preflight(on("overfit-batch", (r) => (r.error = 5 / 16))), fires: true, message: /31\.3%/ },
    { title: "the loss became NaN", records: () => preflight(on("overfit-batch", (r) => Object.assign(r, { stoppedBy: "non-finite", losses: [...r.losses.slice(0, 20), NaN], iterations: 21 }))), fires: true, message: /NaN/ },
    { title: "stopped by the time cap (not judged)", records: () => preflight(on("overfit-batch", (r) => Object.assign(r, { stoppedBy: "time", error: 0.5 }))), fires: false },
    { title: "a regression leaving 1 % of the variance unexplained", records: () => preflight(on("overfit-batch", (r) => Object.assign(r, { errorKind: "regression", error: 0.01 }))), fires: false },
    {
      title: "a linear regression on 3 features (4 weights cannot fit 16 samples): not judged",
      records: () => preflight({ ...on("model", (r) => (r.model.layers = [{ name: "output", kind: "dense", index: 0, outputShape: [null, 1], params: 4, activation: "linear" }])), ...on("overfit-batch", (r) => Object.assign(r, { errorKind: "regression", error: 0.33 })) }),
      fires: false,
    },
    {
      title: "a linear model on 20 features (21 weights per output can fit 16 samples): judged",
      records: () => preflight({ ...on("model", (r) => (r.model.layers = [{ name: "output", kind: "dense", index: 0, outputShape: [null, 3], params: 63, activation: "softmax" }])), ...on("overfit-batch", (r) => (r.error = 5 / 16)) }),
      fires: true,
    },
  ]);

  checkTable("D111", [
    clean,
    { title: "a loss reaching 1e-9", records: () => preflight(on("overfit-batch", (r) => (r.losses = r.losses.map((_, i) => Math.exp(-i / 10))))), fires: true },
    { title: "a smooth loss reaching 5e-6", records: () => preflight(on("overfit-batch", (r) => (r.losses = r.losses.map((_, i) => 1 - i / 299 + 5e-6)))), fires: true, message: /smoothness/ },
  ]);

  checkTable("D112", [
    clean,
    { title: "identical losses with and without the input", records: () => preflight(on("data-dependency", (r) => (r.zeroed = [...r.real]))), fires: true, message: /p = 1/ },
    { title: "real inputs only 5 % better (labels that do not follow from them)", records: () => preflight(on("data-dependency", (r) => (r.real = r.zeroed.map((z) => z * 0.95)))), fires: true },
    { title: "cut short by the time cap (not judged)", records: () => preflight(on("data-dependency", (r) => Object.assign(r, { stoppedBy: "time", zeroed: [] }))), fires: false },
    // XOR's 4 samples: the one held out cannot follow from the other 3, whatever the model.
    { title: "identical losses on one held-out sample of a 4-sample dataset (not judged)", records: () => preflight(on("data-dependency", (r) => Object.assign(r, { heldOut: 1, zeroed: [...r.real] }))), fires: false },
    { title: "identical losses on 8 held-out samples", records: () => preflight(on("data-dependency", (r) => Object.assign(r, { heldOut: 8, zeroed: [...r.real] }))), fires: true },
  ]);

  checkTable("D113", [
    clean,
    { title: "sample 0's output depends on the others", records: () => preflight(on("sample-dependency", (r) => (r.output = { self: 0.07, others: 0.01 }))), fires: true, message: /output depends/ },
    { title: "the loss gradient at sample 0 moves with the others", records: () => preflight(on("sample-dependency", (r) => (r.loss = { self: 0.05, change: 3e-4 }))), fires: true, message: /loss mixes samples/ },
    { title: "float noise far below the tolerance", records: () => preflight(on("sample-dependency", (r) => (r.loss = { self: 0.05, change: 1e-12 }))), fires: false },
  ]);
});
