import { describe, expect } from "vitest";
import type { TelemetryRecord } from "../../../telemetry/schema.js";
import { checkTable } from "../../testing/table.js";
import { classifierSpec, editRunStart, editSteps, editTensors, entryOf, patchStats, stats, syntheticRun } from "../../testing/synthetic-run.js";

/** A 25-bin absDecades from fractions per decade exponent (10^e ≤ |x| < 10^(e+1)). */
function decades(byExponent: Record<number, number>): number[] {
  const out = new Array<number>(25).fill(0);
  for (const [e, f] of Object.entries(byExponent)) out[Number(e) + 12 + 1] = f;
  return out;
}

const clean = () => syntheticRun(classifierSpec());
/** A classifier with a batch-normalisation layer whose beta (recorded as weights) starts at zero. */
const withBatchNorm = () => {
  const layers = classifierSpec().layers;
  const spec = classifierSpec({ layers: [layers[0]!, { name: "bn", kind: "batchNormalization", activation: "linear", units: 128, fanIn: 1 }, ...layers.slice(1)] });
  return patchStats(
    patchStats(syntheticRun(spec), entryOf("bn", "weights"), () => ({ tinyFraction: 1, zeroFraction: 1, meanAbs: 1e-4, negativeFraction: 0.99 })),
    entryOf("bn", "update", "weights"),
    () => ({ meanAbs: 1e-3 }),
  );
};
const withoutUpdates = (records: TelemetryRecord[]) =>
  records.map((r) => (r.type === "tensors" ? { ...r, tensors: r.tensors.filter((t) => t.role !== "update") } : r));

/**
 * dense_2's bias recorded with its gradient and its update: the update zero from step 100, the bias gradient
 * of mean |g| `biasGradient` there; `kernelGradient` replaces the kernel's from step 100 when given.
 */
function unmovedBias(biasGradient: number, kernelGradient?: number, projections = 1): TelemetryRecord[] {
  const zero = { meanAbs: 0, std: 0, min: 0, max: 0, l2: 0, mean: 0 };
  const records = clean().map((r) => {
    if (r.type !== "tensors") return r;
    const late = r.step >= 100;
    const extra = [
      { layer: "dense_2", role: "gradient" as const, name: "dense_2/bias", parameter: "bias" as const, shape: [64], stats: stats(late ? { ...zero, meanAbs: biasGradient, std: biasGradient, l2: biasGradient * 8 } : { meanAbs: 1e-3 }) },
      { layer: "dense_2", role: "update" as const, name: "dense_2/bias", parameter: "bias" as const, shape: [64], stats: stats(late ? zero : { meanAbs: 1e-5 }) },
      // A layer of several projections (an attention's query, key, value, output): a kernel each.
      ...Array.from({ length: projections - 1 }, (_, i) => ({ layer: "dense_2", role: "gradient" as const, name: `dense_2/projection_${i}/kernel`, parameter: "weights" as const, shape: [64, 64], stats: stats({ meanAbs: 2e-3 }) })),
    ];
    return { ...r, tensors: [...r.tensors, ...extra] };
  });
  return kernelGradient === undefined ? records : patchStats(records, entryOf("dense_2", "gradient", "weights"), () => ({ ...zero, meanAbs: kernelGradient }), 100);
}

/** The run stating dense_2's kernel untracked by its framework. */
const untrackedKernel = (records: TelemetryRecord[]) =>
  editRunStart(records, (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "dense_2" ? { ...l, untracked: ["dense_2/kernel"] } : l)) } }));

/** `unmovedBias(0, 0)` with dense_2's kernel and `more` projection kernels of the layer unmoved too from step 100. */
function unmovedLayer(more: number): TelemetryRecord[] {
  const zero = { meanAbs: 0, std: 0, min: 0, max: 0, l2: 0, mean: 0 };
  const records = unmovedBias(0, 0).map((r) => {
    if (r.type !== "tensors") return r;
    const late = r.step >= 100;
    const extra = Array.from({ length: more }, (_, i) => [
      { layer: "dense_2", role: "weights" as const, name: `dense_2/projection_${i}/kernel`, parameter: "weights" as const, shape: [64, 64], stats: stats({ meanAbs: 0.05 }) },
      { layer: "dense_2", role: "update" as const, name: `dense_2/projection_${i}/kernel`, parameter: "weights" as const, shape: [64, 64], stats: stats(late ? zero : { meanAbs: 1e-4 }) },
    ]).flat();
    return { ...r, tensors: [...r.tensors, ...extra] };
  });
  return patchStats(records, entryOf("dense_2", "update", "weights"), () => zero, 100);
}

/** A classifier whose first layer is an embedding whose updates are zero from step 100, read from a subsample of its rows or whole. */
function unchangedEmbedding(units: number, fanIn: number, sampled: boolean): TelemetryRecord[] {
  const layers = [{ name: "embed", kind: "embedding" as const, activation: "linear" as const, units, fanIn }, ...classifierSpec().layers.slice(1)];
  return patchStats(syntheticRun(classifierSpec({ layers })), entryOf("embed", "update", "weights"), () => ({ meanAbs: 0, std: 0, min: 0, max: 0, l2: 0, sampled }), 100);
}

describe("D2 weights and biases", () => {
  checkTable("D201", [
    { title: "healthy classifier", records: clean, fires: false },
    {
      title: "NaN in dense_2's kernel from step 200",
      records: () => patchStats(clean(), entryOf("dense_2", "weights"), () => ({ nonFinite: 5, mean: NaN }), 200),
      fires: true,
      layer: "dense_2",
      then: ([f]) => {
        expect(f!.severity).toBe("error");
        expect(f!.steps).toEqual({ first: 200, last: 390, count: 20 });
        expect(f!.line).toBe(11);
        expect(f!.file).toBe("train.js");
      },
    },
    { title: "Infinity in a bias", records: () => patchStats(clean(), entryOf("dense_3", "bias"), () => ({ nonFinite: 1 }), 300), fires: true, layer: "dense_3" },
  ]);

  checkTable("D202", [
    { title: "healthy classifier", records: clean, fires: false },
    { title: "99 % of dense_1's kernel below 1e-5", records: () => patchStats(clean(), entryOf("dense_1", "weights"), () => ({ tinyFraction: 0.99 })), fires: true, layer: "dense_1", message: /99% of the kernel/ },
    {
      title: "97 % of |w| below 1e-5 in the recorded distribution over powers of ten",
      records: () => patchStats(clean(), entryOf("dense_1", "weights"), () => ({ tinyFraction: undefined, absDecades: { from: -12, fractions: decades({ [-7]: 0.5, [-6]: 0.47, [-1]: 0.03 }) } })),
      fires: true,
      layer: "dense_1",
      message: /97% of the kernel .* \(\|w\| < 1e-5\)/,
    },
    {
      title: "the same kernel with tinyThreshold 1e-7 is not dead",
      records: () => patchStats(clean(), entryOf("dense_1", "weights"), () => ({ tinyFraction: undefined, absDecades: { from: -12, fractions: decades({ [-7]: 0.5, [-6]: 0.47, [-1]: 0.03 }) } })),
      options: { checks: { D202: { tinyThreshold: 1e-7 } } },
      fires: false,
    },
    {
      title: "all-zero kernel recorded without tinyFraction",
      records: () => patchStats(clean(), entryOf("dense_2", "weights"), () => ({ tinyFraction: undefined, zeroFraction: 1 })),
      fires: true,
      layer: "dense_2",
    },
    { title: "batch-norm beta starting at zero is not a kernel", records: withBatchNorm, fires: false },
    { title: "a tiny kernel is not judged", records: () => patchStats(clean(), entryOf("dense_2", "weights"), () => ({ count: 8, tinyFraction: 1 })), fires: false },
  ]);

  checkTable("D203", [
    { title: "healthy classifier", records: clean, fires: false },
    { title: "batch-norm parameters are not a kernel", records: withBatchNorm, fires: false },
    { title: "98 % negative kernel", records: () => patchStats(clean(), entryOf("dense_1", "weights"), () => ({ negativeFraction: 0.98 })), fires: true, layer: "dense_1" },
    {
      title: "p95 < 0 when the fraction is not recorded",
      records: () => patchStats(clean(), entryOf("dense_1", "weights"), () => ({ negativeFraction: undefined, percentiles: { p5: -0.3, p50: -0.1, p95: -0.01 } })),
      fires: true,
      layer: "dense_1",
    },
  ]);

  checkTable("D204", [
    { title: "healthy classifier (weights grow 10 % over the run)", records: clean, fires: false },
    {
      title: "mean |w| growing 2.5× per sample from step 100",
      records: () => patchStats(clean(), entryOf("dense_2", "weights"), (s, step) => ({ meanAbs: s.meanAbs * 2.5 ** Math.min(8, (step - 100) / 10 + 1) }), 100),
      fires: true,
      layer: "dense_2",
      message: /grew at least 2×/,
      then: ([f]) => expect(f!.steps).toEqual({ first: 140, last: 170, count: 4 }),
    },
    { title: "mean |w| above 1e8", records: () => patchStats(clean(), entryOf("dense_3", "weights"), () => ({ meanAbs: 3e8 }), 390), fires: true, layer: "dense_3", message: /> 100000000/ },
    {
      // A GRU's update-gate bias from scratch (d2l), sampled at steps 0, 10, 20, 30, 60, 120 as the budget spaces samples.
      title: "a bias growing from zero into its working range, sampled ever more sparsely (12×, 6×, 4.3×, 9.2×, 2.5× a sample)",
      records: () => {
        const measured: Record<number, number> = { 0: 4e-5, 10: 5e-4, 20: 3e-3, 30: 0.013, 60: 0.12, 120: 0.3 };
        return patchStats(clean(), entryOf("dense_2", "bias"), (s, step) => ({ meanAbs: measured[step] ?? s.meanAbs }), 0).filter((r) => r.type !== "tensors" || r.step in measured);
      },
      fires: false,
    },
    {
      title: "the same spacing, mean |w| growing 5× a sample",
      records: () => {
        const steps = [0, 10, 20, 30, 60, 120, 240];
        return patchStats(clean(), entryOf("dense_2", "bias"), (s, step) => ({ meanAbs: 0.01 * 5 ** Math.max(0, steps.indexOf(step)) }), 0).filter((r) => r.type !== "tensors" || steps.includes(r.step));
      },
      fires: true,
      layer: "dense_2",
      then: ([f]) => expect(f!.steps).toEqual({ first: 240, last: 240, count: 1 }),
    },
    {
      title: "growth that stops after four samples",
      records: () => patchStats(clean(), entryOf("dense_2", "weights"), (s, step) => ({ meanAbs: s.meanAbs * 2.5 ** Math.min(4, (step - 100) / 10 + 1) }), 100),
      fires: false,
    },
  ]);

  checkTable("D205", [
    { title: "healthy classifier", records: clean, fires: false },
    {
      // TensorFlow's guide to basic training loops fits a Keras 3 model whose weights are bare tf.Variables.
      title: "a model the probe states has no trainable parameters",
      records: () => {
        const records = editRunStart(clean(), (r) => ({ ...r, model: { ...r.model, layers: [], trainableParameters: 0 } }));
        return records.filter((r) => r.type !== "tensors");
      },
      fires: true,
      message: /^the model being trained has no trainable parameters: no step can change it/,
      then: ([f]) => expect(f!.steps!.first).toBe(0),
    },
    { title: "a model with trainable parameters stated", records: () => editRunStart(clean(), (r) => ({ ...r, model: { ...r.model, trainableParameters: 1234 } })), fires: false },
    {
      title: "no trainable parameters because every layer is frozen: the frozen layers' own message",
      records: () =>
        editRunStart(clean(), (r) => ({ ...r, model: { ...r.model, trainableParameters: 0, layers: r.model.layers.map((l) => ({ ...l, trainable: false })) } })),
      fires: true,
      then: (fs) => expect(fs.every((f) => /is frozen/.test(f.message))).toBe(true),
    },
    { title: "dense_2's kernel update is zero from step 100", records: () => patchStats(clean(), entryOf("dense_2", "update", "weights"), () => ({ meanAbs: 0, std: 0, min: 0, max: 0, l2: 0 }), 100), fires: true, layer: "dense_2" },
    {
      // Lightning's word-level Transformer example: its sampled embedding rows were of tokens its batches rarely held.
      title: "an embedding's sampled rows unchanged: only the rows of the batches' tokens move",
      records: () => unchangedEmbedding(64, 1000, true),
      fires: false,
    },
    { title: "an embedding read whole and unchanged is untrained", records: () => unchangedEmbedding(8, 100, false), fires: true, layer: "embed" },
    {
      // BERT's attention key bias under Hugging Face's Trainer: the softmax over the keys cancels it.
      title: "a bias whose gradient is zero but for rounding while its kernel gets one is redundant by design",
      records: () => unmovedBias(1e-11),
      fires: false,
    },
    { title: "the same with an exactly zero gradient", records: () => unmovedBias(0), fires: false },
    {
      // keras-io's English-to-Spanish Transformer: Keras's MultiHeadAttention, four kernels in one layer.
      title: "the same bias in a layer of four projections (an attention's key bias)",
      records: () => unmovedBias(1e-11, undefined, 4),
      fires: false,
    },
    { title: "a bias that gets a gradient and does not move, in a layer of four projections", records: () => unmovedBias(2e-4, undefined, 4), fires: true, layer: "dense_2" },
    { title: "a bias that gets a gradient and does not move (left out of the optimizer)", records: () => unmovedBias(2e-4), fires: true, layer: "dense_2", message: /dense_2\/bias of layer dense_2 did not change/ },
    { title: "a bias and a kernel both without gradient: a layer cut off from the loss", records: () => unmovedBias(0, 0), fires: true, layer: "dense_2", message: /dense_2\/bias/ },
    {
      // keras-io's time-series Transformer: a normalisation whose output is constant cuts every layer before it
      // off, an attention layer's eight tensors among them; one finding per layer, naming its tensors.
      title: "a layer's kernel and bias both unmoved: one finding for the layer, naming both",
      records: () => unmovedLayer(0),
      fires: true,
      layer: "dense_2",
      message: /^2 of the 2 parameter tensors of layer dense_2 did not change across 3 consecutive samples spanning 20 steps: dense_2\/kernel, dense_2\/bias$/,
      // A state training reached (a dead layer's parameters), not the set-up: ranked with the parameters.
      then: (fs) => expect(fs.map((f) => f.configuration)).toEqual([undefined]),
    },
    {
      // keras-io's VQ-VAE on Keras 3: its codebook is a tf.Variable the quantizer layer holds, never trained.
      title: "an unmoved tensor the probe states its framework does not track: named as such",
      records: () => untrackedKernel(patchStats(clean(), entryOf("dense_2", "update", "weights"), () => ({ meanAbs: 0, std: 0, min: 0, max: 0, l2: 0 }), 100)),
      fires: true,
      layer: "dense_2",
      message: /^dense_2\/kernel of layer dense_2 did not change across 3 consecutive samples spanning 20 steps: its framework does not track it, so the optimizer never gets it/,
      // The program's set-up, not a state of its training: the diagnosis leads with it.
      then: (fs) => expect(fs.map((f) => f.configuration)).toEqual([true]),
    },
    {
      // A PyTorch model's blocks in a plain list: each block's weight and bias untracked.
      title: "a layer's kernel and bias both untracked and unmoved: one finding naming both",
      records: () => editRunStart(unmovedLayer(0), (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "dense_2" ? { ...l, untracked: ["dense_2/kernel", "dense_2/bias"] } : l)) } })),
      fires: true,
      layer: "dense_2",
      message: /^2 parameter tensors of layer dense_2 did not change across 3 consecutive samples spanning 20 steps: dense_2\/kernel, dense_2\/bias; its framework does not track them/,
      then: (fs) => expect(fs.map((f) => f.configuration)).toEqual([true]),
    },
    { title: "an untracked tensor that moves (a custom loop lists it for its optimizer)", records: () => untrackedKernel(clean()), fires: false },
    {
      title: "six unmoved tensors of one layer: one finding, naming three and counting the rest",
      records: () => unmovedLayer(4),
      fires: true,
      layer: "dense_2",
      message: /^6 of the 6 parameter tensors of layer dense_2 did not change .*: dense_2\/kernel, dense_2\/bias, dense_2\/projection_0\/kernel and 3 more$/,
      then: (fs) => expect(fs).toHaveLength(1),
    },
    {
      title: "the same zero updates once the loss has fallen to 1/1000 of its start: a fitted model stops moving",
      records: () =>
        editSteps(
          patchStats(clean(), entryOf("dense_2", "update", "weights"), () => ({ meanAbs: 0, std: 0, min: 0, max: 0, l2: 0 }), 100),
          (s) => (s.step >= 60 ? { ...s, loss: 1e-3 } : s),
        ),
      fires: false,
    },
    {
      title: "a frozen layer (trainable: false) is meant not to change",
      records: () =>
        editRunStart(
          patchStats(clean(), entryOf("dense_2", "update", "weights"), () => ({ meanAbs: 0 }), 100),
          (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "dense_2" ? { ...l, trainable: false } : l)) } }),
        ),
      fires: false,
    },
    {
      title: "the model's own output layer frozen while the others train",
      records: () => editRunStart(clean(), (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "dense_3" ? { ...l, trainable: false } : l)) } })),
      fires: true,
      layer: "dense_3",
      message: /dense_3, the model's output, is frozen/,
      then: (fs) => expect(fs).toHaveLength(1),
    },
    {
      title: "every layer frozen: nothing trains",
      records: () => editRunStart(clean(), (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => ({ ...l, trainable: false })) } })),
      fires: true,
      message: /^layer dense_1 is frozen \(trainable: false\) and so is every other layer with parameters: nothing is trained$/,
      // One fault of the model, said once (google-research's temperature scaling froze its base: one line per layer before).
      then: (fs) => expect(fs.map((f) => f.layer?.name)).toEqual(["dense_1"]),
    },
    {
      // As the Keras probe states frozen layers: no trainable parameters counted.
      title: "every layer frozen, stated with no trainable parameters: said once",
      records: () => editRunStart(clean(), (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => ({ ...l, trainable: false, params: 0 })) } })),
      fires: true,
      message: /nothing is trained$/,
      then: (fs) => expect(fs.map((f) => f.layer?.name)).toEqual(["dense_1"]),
    },
    {
      title: "a frozen nested model at the output (a GAN's discriminator) is deliberate",
      records: () => editRunStart(clean(), (r) => ({ ...r, model: { ...r.model, layers: r.model.layers.map((l) => (l.name === "dense_3" ? { ...l, kind: "unknown", className: "Sequential", trainable: false } : l)) } })),
      fires: false,
    },
    {
      title: "without update records: identical statistics over three samples",
      records: () => {
        const frozen = syntheticRun(classifierSpec()).find((r) => r.type === "tensors")!;
        const kernel = frozen.type === "tensors" ? frozen.tensors.find(entryOf("dense_1", "weights"))! : undefined;
        return editTensors(withoutUpdates(clean()), entryOf("dense_1", "weights"), () => kernel!, 200);
      },
      fires: true,
      layer: "dense_1",
      then: ([f]) => expect(f!.steps!.first).toBe(220),
    },
    { title: "without update records, healthy weights move", records: () => withoutUpdates(clean()), fires: false },
    {
      title: "updates equal to the recorded ones are not read as untrained (no exact-ratio misreading)",
      records: () => patchStats(clean(), entryOf("dense_2", "update", "weights"), (s) => ({ meanAbs: s.meanAbs })),
      fires: false,
    },
  ]);

  checkTable("D206", [
    { title: "healthy classifier (updates ~1e-3 of the weights)", records: clean, fires: false },
    { title: "batch-norm beta near zero moving fast", records: withBatchNorm, fires: false },
    {
      title: "updates half the size of the weights",
      records: () => patchStats(clean(), entryOf("dense_1", "update", "weights"), () => ({ meanAbs: 0.02 })),
      fires: true,
      layer: "dense_1",
    },
    {
      title: "a logistic regression (one kernel) whose small weights grow by large steps is left to the loss checks",
      records: () => patchStats(syntheticRun(classifierSpec({ layers: [{ name: "softmax", activation: "softmax", units: 10, fanIn: 784 }] })), entryOf("softmax", "update", "weights"), () => ({ meanAbs: 0.02 })),
      fires: false,
    },
    {
      title: "the same updates on the output layer of a network with a hidden layer",
      records: () =>
        patchStats(
          syntheticRun(classifierSpec({ layers: [{ name: "hidden", activation: "relu", units: 32, fanIn: 784 }, { name: "softmax", activation: "softmax", units: 10, fanIn: 32 }] })),
          entryOf("softmax", "update", "weights"),
          () => ({ meanAbs: 0.02 }),
        ),
      fires: true,
      layer: "softmax",
    },
    {
      title: "updates spanning 100 steps are judged per step",
      records: () =>
        editTensors(
          patchStats(clean(), entryOf("dense_1", "update", "weights"), () => ({ meanAbs: 0.02 })),
          entryOf("dense_1", "update", "weights"),
          (e) => ({ ...e, updateSteps: 100 }),
        ),
      fires: false,
    },
  ]);

  checkTable("D207", [
    { title: "healthy classifier", records: clean, fires: false },
    {
      title: "updates 1e-6 of the weights",
      records: () => patchStats(clean(), entryOf("dense_2", "update", "weights"), () => ({ meanAbs: 1e-8 })),
      fires: true,
      layer: "dense_2",
      then: ([f]) => expect(f!.severity).toBe("info"),
    },
  ]);
});
