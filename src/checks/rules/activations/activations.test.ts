import { describe, expect } from "vitest";
import { checkTable } from "../../testing/table.js";
import { classifierSpec, editRunStart, entryOf, inParts, patchStats, regressionSpec, syntheticRun, tanhBinarySpec } from "../../testing/synthetic-run.js";

const clean = () => syntheticRun(classifierSpec());
const regression = () => syntheticRun(regressionSpec());
const tanhNet = () => syntheticRun(tanhBinarySpec());
const healthy = [
  { title: "healthy classifier", records: clean, fires: false },
  { title: "healthy regression", records: regression, fires: false },
  { title: "healthy tanh network with a confident sigmoid head", records: tanhNet, fires: false },
];

/** The classifier with a layer normalisation of one element after its first layer. */
const normalizedOverOne = () => {
  const [first, ...rest] = classifierSpec().layers;
  return syntheticRun(classifierSpec({ layers: [first!, { name: "norm", kind: "layerNormalization", activation: "linear", units: 1, fanIn: 1 }, ...rest] }));
};

const units = (n: number, value: (u: number) => number) => Array.from({ length: n }, (_, u) => value(u));

describe("D4 activations and outputs", () => {
  checkTable("D401", [
    ...healthy,
    { title: "NaN in dense_2's output", records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ nonFinite: 40 }), 330), fires: true, layer: "dense_2" },
    {
      title: "NaN in the first layer's output: the input data holds them",
      records: () => patchStats(clean(), entryOf("dense_1", "activation"), () => ({ nonFinite: 40 }), 330),
      fires: true,
      layer: "dense_1",
      message: /the model's first, holds 40 NaN\/Infinity value\(s\): unless its weights/,
    },
    {
      title: "NaN in the first listed layer of a subclassed model's sub-models (which runs first is not known)",
      records: () => inParts(patchStats(clean(), entryOf("dense_1", "activation"), () => ({ nonFinite: 40 }), 330), { dense_1: "discriminator", dense_2: "generator", dense_3: "generator" }),
      fires: true,
      layer: "dense_1",
      then: ([f]) => expect(f!.message).not.toMatch(/model's first|training data/),
    },
  ]);

  checkTable("D402", [
    ...healthy,
    {
      title: "80 % of dense_2's units dead",
      records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ perUnit: { p95Abs: units(64, (u) => (u % 5 === 0 ? 1 : 0)) } }), 150),
      fires: true,
      layer: "dense_2",
      message: /51 of 64 units \(79\.7%\)/,
    },
    {
      title: "60 % dead is tolerated (as in healthy small ReLU layers over sparse inputs)",
      records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ perUnit: { p95Abs: units(64, (u) => (u % 5 < 3 ? 0 : 1)) } }), 150),
      fires: false,
    },
    {
      title: "40 % dead is tolerated",
      records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ perUnit: { p95Abs: units(64, (u) => (u % 5 < 2 ? 0 : 1)) } }), 150),
      fires: false,
    },
    {
      title: "units dead in one sample only (the buffer must agree)",
      records: () => patchStats(clean(), entryOf("dense_2", "activation"), (_s, step) => ({ perUnit: { p95Abs: units(64, (u) => (step % 20 === 0 && u % 5 ? 0 : 1)) } }), 150),
      fires: false,
    },
    {
      title: "a softmax layer with tiny outputs is not a ReLU",
      records: () => patchStats(clean(), entryOf("dense_3", "activation"), () => ({ perUnit: { p95Abs: units(10, () => 0), mean: units(10, () => 0.1), std: units(10, () => 0.2) } })),
      fires: false,
    },
  ]);

  checkTable("D403", [
    ...healthy,
    {
      title: "tanh hidden layer saturated",
      records: () => patchStats(tanhNet(), entryOf("hidden", "activation"), () => ({ saturation: units(32, (u) => (u < 30 ? 0.95 : 0.2)) }), 100),
      fires: true,
      layer: "hidden",
      message: /30 of 32 units/,
    },
    {
      title: "the sigmoid head is judged when asked to",
      records: tanhNet,
      options: { checks: { D403: { includeOutputLayer: true } } },
      fires: true,
      layer: "out",
    },
  ]);

  checkTable("D404", [
    ...healthy,
    {
      title: "dense_1's outputs with std 0.1 over 4096 values",
      records: () => patchStats(clean(), entryOf("dense_1", "activation"), () => ({ std: 0.1 })),
      fires: true,
      layer: "dense_1",
      then: ([f]) => expect(f!.severity).toBe("info"),
    },
    {
      title: "std 0.45 over 20 values is not significant",
      records: () => patchStats(clean(), entryOf("dense_1", "activation"), () => ({ std: 0.45, count: 20 })),
      fires: false,
    },
    { title: "std 5 in a hidden layer", records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ std: 5 })), fires: true, layer: "dense_2", message: /> 2/ },
    { title: "the output layer is not judged", records: () => patchStats(clean(), entryOf("dense_3", "activation"), () => ({ std: 0.05 })), fires: false },
  ]);

  checkTable("D405", [
    ...healthy,
    { title: "tanh outputs reaching 1.5", records: () => patchStats(tanhNet(), entryOf("hidden", "activation"), () => ({ max: 1.5 }), 200), fires: true, layer: "hidden", message: /tanh range \[-1, 1\]/ },
    { title: "ReLU outputs below zero", records: () => patchStats(clean(), entryOf("dense_1", "activation"), () => ({ min: -0.5 }), 200), fires: true, layer: "dense_1" },
    { title: "a linear layer is unbounded", records: () => patchStats(regression(), entryOf("out", "activation"), () => ({ min: -1e4, max: 1e4 })), fires: false },
  ]);

  checkTable("D406", [
    ...healthy,
    {
      title: "output dimension 3 constant",
      records: () =>
        patchStats(clean(), entryOf("dense_3", "activation"), (s) => ({
          perUnit: { ...s.perUnit, std: s.perUnit!.std!.map((v, u) => (u === 3 ? 0 : v)), mean: s.perUnit!.mean!.map((v, u) => (u === 3 ? 0.1 : v)) },
        }), 100),
      fires: true,
      layer: "dense_3",
      message: /1 of 10 output dimension\(s\).*dimension 3$/,
    },
    {
      // Lightning's backbone classifier example: torch.relu on its logits before cross_entropy; class 6 never predicted.
      title: "output dimension 3 held at 0 by a ReLU on the logits a cross-entropy reads: the message names it",
      records: () =>
        editRunStart(
          patchStats(clean(), entryOf("dense_3", "activation"), (s) => ({
            perUnit: { ...s.perUnit, std: s.perUnit!.std!.map((v, u) => (u === 3 ? 0 : v)), mean: s.perUnit!.mean!.map((v, u) => (u === 3 ? 0 : v)) },
          }), 100),
          (r) => ({ ...r, model: { ...r.model!, loss: "sparse_categorical_crossentropy", lossExpects: "logits", layers: r.model!.layers.map((l) => (l.name === "dense_3" ? { ...l, activation: "relu" as const } : l)) } }),
        ),
      fires: true,
      layer: "dense_3",
      message: /dimension 3: the output layer dense_3 ends in relu \(values ≥ 0\) where the loss reads logits, which must be free to take any value$/,
    },
    {
      // keras-io's addition RNN: its softmax over 12 characters includes '+', which no answer holds.
      title: "a softmax output's class held at probability 0 (a class the data never holds)",
      records: () =>
        patchStats(clean(), entryOf("dense_3", "activation"), (s) => ({
          perUnit: { ...s.perUnit, std: s.perUnit!.std!.map((v, u) => (u === 3 ? 0 : v)), mean: s.perUnit!.mean!.map((v, u) => (u === 3 ? 1e-7 : v)) },
        }), 100),
      fires: false,
    },
    {
      title: "a linear output's dimension held at 0",
      records: () =>
        editRunStart(
          patchStats(clean(), entryOf("dense_3", "activation"), (s) => ({
            perUnit: { ...s.perUnit, std: s.perUnit!.std!.map((v, u) => (u === 3 ? 0 : v)), mean: s.perUnit!.mean!.map((v, u) => (u === 3 ? 0 : v)) },
          }), 100),
          (r) => ({ ...r, model: { ...r.model!, layers: r.model!.layers.map((l) => (l.name === "dense_3" ? { ...l, activation: "linear" as const } : l)) } }),
        ),
      fires: true,
      layer: "dense_3",
    },
    {
      title: "a regression output stuck at one value",
      records: () => patchStats(regression(), entryOf("out", "activation"), () => ({ perUnit: { std: [0], mean: [0.7] } }), 200),
      fires: true,
      layer: "out",
    },
    {
      // keras-io's time-series Transformer: LayerNormalization over a series of one feature outputs its beta.
      title: "a hidden layer normalisation over one element: every output one value, moving as its beta trains",
      records: () => patchStats(normalizedOverOne(), entryOf("norm", "activation"), (_s, step) => ({ std: 0, mean: step * 1e-6, min: step * 1e-6, max: step * 1e-6 }), 100),
      fires: true,
      layer: "norm",
      message: /^every output of layer norm is one value \(1\.4e-4\), the same for every sample and unit, at each of the last 5 samples: it normalises over an axis of 1 element\(s\)/,
    },
    {
      title: "a hidden dense layer whose every output is one value",
      records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ std: 0, mean: 0.25, min: 0.25, max: 0.25 }), 100),
      fires: true,
      layer: "dense_2",
      message: /^every output of layer dense_2 is one value \(0\.25\).*passes nothing of its input on, and no gradient flows back through it/,
    },
    {
      title: "a layer without parameters (a pooling after dead units) passing on one value: the layer that made it is the finding",
      records: () =>
        editRunStart(
          patchStats(clean(), entryOf("dense_2", "activation"), () => ({ std: 0, mean: 0.25, min: 0.25, max: 0.25 }), 100),
          (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "dense_2" ? { ...l, kind: "maxPooling2d" as const, params: 0 } : l)) } }),
        ),
      fires: false,
    },
    { title: "a hidden ReLU layer all zeros: its dead units are D402's", records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ std: 0, mean: 0, min: 0, max: 0 }), 100), fires: false },
    {
      title: "a hidden layer with one unit constant (a learned token broadcast over the batch varies across its units)",
      records: () => patchStats(clean(), entryOf("dense_2", "activation"), (st) => ({ perUnit: { ...st.perUnit, std: st.perUnit!.std!.map((v, u) => (u === 3 ? 0 : v)) } }), 100),
      fires: false,
    },
    { title: "a hidden layer of small but varying outputs", records: () => patchStats(clean(), entryOf("dense_2", "activation"), () => ({ std: 1e-4, mean: 0.25 }), 100), fires: false },
    {
      title: "constant within the batch but moving over time",
      records: () => patchStats(regression(), entryOf("out", "activation"), (_s, step) => ({ perUnit: { std: [0], mean: [step / 100] } }), 200),
      fires: false,
    },
  ]);

  const linearHead = (lossExpects: "probabilities" | "logits") => () =>
    editRunStart(
      patchStats(clean(), entryOf("dense_3", "activation"), () => ({ min: -4, max: 6, rowSums: { min: -3, max: 9 } })),
      (r) => ({ ...r, model: { ...r.model, lossExpects, layers: r.model.layers.map((l) => (l.name === "dense_3" ? { ...l, activation: "linear" as const } : l)) } }),
    );
  checkTable("D407", [
    ...healthy,
    { title: "a linear head fed to categorical cross-entropy", records: linearHead("probabilities"), fires: true, layer: "dense_3", message: /expects probabilities/ },
    { title: "a linear head with a from-logits loss", records: linearHead("logits"), fires: false },
    {
      title: "softmax rows not summing to 1",
      records: () => patchStats(clean(), entryOf("dense_3", "activation"), () => ({ rowSums: { min: 0.6, max: 1.4 } }), 100),
      fires: true,
      layer: "dense_3",
      message: /sum to/,
    },
  ]);

  const reluHead = () =>
    editRunStart(
      patchStats(regression(), entryOf("out", "activation"), () => ({ min: 0, max: 2.9 })),
      (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "out" ? { ...l, activation: "relu" as const } : l)) } }),
    );
  checkTable("D408", [
    ...healthy,
    { title: "negative targets behind a ReLU output", records: reluHead, fires: true, layer: "out", message: /relu output of out is confined to \[0, Infinity\]/ },
    {
      title: "targets above 1 behind a sigmoid output",
      records: () =>
        editRunStart(
          patchStats(regression(), entryOf("out", "activation"), () => ({ min: 0.01, max: 0.99 })),
          (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "out" ? { ...l, activation: "sigmoid" as const } : l)) } }),
        ),
      fires: true,
      layer: "out",
    },
    {
      title: "targets within the ReLU output's range",
      records: () => patchStats(reluHead(), entryOf("", "target"), () => ({ min: 0, max: 3 })),
      fires: false,
    },
  ]);
});
