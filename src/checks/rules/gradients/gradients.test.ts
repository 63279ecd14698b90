import { describe, expect } from "vitest";
import { checkTable } from "../../testing/table.js";
import { classifierSpec, editSteps, entryOf, inParts, patchStats, regressionSpec, syntheticRun, tanhBinarySpec, editRunStart } from "../../testing/synthetic-run.js";
import type { TelemetryRecord } from "../../../telemetry/schema.js";

const clean = () => syntheticRun(classifierSpec());
/** dense_2 as a layer of four projections (an attention's query, key, value, output): three kernels more. */
const fourProjections = (records: TelemetryRecord[]): TelemetryRecord[] =>
  records.map((r) => {
    if (r.type !== "tensors") return r;
    const kernel = r.tensors.find(entryOf("dense_2", "gradient", "weights"));
    if (!kernel) return r;
    return { ...r, tensors: [...r.tensors, ...[1, 2, 3].map((i) => ({ ...kernel, name: `dense_2/projection_${i}/kernel` }))] };
  });
/** Two parameters of no layer (a PyTorch root module's own, a Keras model's add_weight): copies of dense_2's kernel gradient. */
const ownParameters = (records: TelemetryRecord[]): TelemetryRecord[] =>
  records.map((r) => {
    if (r.type !== "tensors") return r;
    const kernel = r.tensors.find(entryOf("dense_2", "gradient", "weights"));
    if (!kernel) return r;
    return { ...r, tensors: [...r.tensors, ...["model/temperature", "model/position"].map((name) => ({ ...kernel, layer: "", name }))] };
  });
const layerless = (e: { layer: string; role: string }) => e.layer === "" && e.role === "gradient";
/** A block's own parameter (ConvNeXt's gamma): a layer of unknown kind and no parameters of its own, last, with a gradient. */
const blockParameter = (records: TelemetryRecord[]): TelemetryRecord[] =>
  ownParameters(records).map((r) => {
    if (r.type === "run-start") return { ...r, model: { ...r.model, layers: [...r.model.layers, { name: "block", kind: "unknown", index: 99, outputShape: [], params: 0, activation: "linear" }] } };
    if (r.type !== "tensors") return r;
    return { ...r, tensors: r.tensors.map((t) => (t.layer === "" && t.name === "model/temperature" ? { ...t, layer: "block", name: "block.gamma" } : t)) };
  });
/** The same run under plain SGD, whose step scales with the gradient (the synthetic runs use Adam). */
const sgd = (records: () => TelemetryRecord[]) => () => editRunStart(records(), (r) => ({ ...r, model: { ...r.model, optimizer: "sgd" } }));
const cleanSgd = sgd(clean);

describe("D3 gradients", () => {
  checkTable("D301", [
    { title: "healthy classifier", records: clean, fires: false },
    {
      title: "NaN gradient in dense_1",
      records: () => patchStats(clean(), entryOf("dense_1", "gradient"), () => ({ nonFinite: 12 }), 250),
      fires: true,
      layer: "dense_1",
      then: ([f]) => expect(f!.worst).toBe(12),
    },
  ]);

  checkTable("D302", [
    { title: "healthy classifier", records: sgd(clean), fires: false },
    { title: "healthy regression", records: sgd(() => syntheticRun(regressionSpec())), fires: false },
    { title: "healthy tanh network", records: sgd(() => syntheticRun(tanhBinarySpec())), fires: false },
    {
      title: "dense_2's gradient below 1e-6 from step 100",
      records: () => patchStats(cleanSgd(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100),
      fires: true,
      layer: "dense_2",
      // Over the 80 % of entries that got a gradient (a ReLU layer's synthetic gradient is 20 % zeros).
      message: /vanishing: mean \|g\| = 3\.75e-8 \(< 1e-6\)/,
      then: ([f]) => {
        expect(f!.steps!.first).toBe(120);
        expect(f!.worst).toBeCloseTo(3.75e-8, 12);
      },
    },
    {
      // A ViT's class token and position table, held by the root module: each named, not "gradients are vanishing".
      title: "two parameters of no layer below 1e-6: one finding each, naming the tensor",
      records: () => patchStats(ownParameters(cleanSgd()), layerless, () => ({ meanAbs: 3e-8 }), 100),
      fires: true,
      message: /^gradients of model\/(temperature|position) are vanishing: mean \|g\| = 3\.75e-8 \(< 1e-6\) for 3 samples$/,
      then: (fs) => expect(fs.map((f) => [f.layer, f.message.split(" are ")[0]])).toEqual([[undefined, "gradients of model/temperature"], [undefined, "gradients of model/position"]]),
    },
    { title: "the same two parameters of no layer, healthy", records: () => ownParameters(cleanSgd()), fires: false },
    {
      // keras-io's time-series Transformer: no gradient reaches its MultiHeadAttention layers' four kernels.
      title: "the four kernels of a layer of projections below 1e-6: one finding for the layer",
      records: () => patchStats(fourProjections(cleanSgd()), (e) => e.layer === "dense_2" && e.role === "gradient" && e.parameter === "weights", () => ({ meanAbs: 3e-8 }), 100),
      fires: true,
      layer: "dense_2",
      message: /gradients of layer dense_2 are vanishing in 4 of its 4 kernels: mean \|g\| up to 3\.75e-8/,
      then: (fs) => expect(fs).toHaveLength(1),
    },
    {
      // keras-io's siamese network (contrastive loss): from step 100 most batches are fit (loss ~0), one in five
      // is not (0.5): the period means stay at 4 % of the start, their medians fall to ~0.
      title: "dense_2's gradient below 1e-6 once most batches' loss is 0 (a margin loss: the median has converged)",
      records: () =>
        editSteps(
          patchStats(cleanSgd(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100),
          (s) => (s.step >= 100 ? { ...s, loss: s.step % 5 === 0 ? 0.5 : 1e-7 } : s),
        ),
      fires: false,
    },
    {
      // Dive into Deep Learning's LSTM from scratch (σ 0.01): its recurrent kernels' gradients start near 1e-9
      // and rise 2-20x a sample as the hidden state grows.
      title: "a gradient below 1e-6 rising 2.5x a sample from a small start (emerging)",
      records: () => patchStats(cleanSgd(), entryOf("dense_2", "gradient"), (_, step) => ({ meanAbs: Math.min(1e-4, 1e-9 * 2.5 ** (step / 10)) })),
      fires: false,
    },
    {
      title: "a gradient below 1e-6 rising only 1.3x a sample",
      records: () => patchStats(cleanSgd(), entryOf("dense_2", "gradient"), (_, step) => ({ meanAbs: Math.min(1e-4, 1e-9 * 1.3 ** (step / 10)) })),
      fires: true,
      layer: "dense_2",
      message: /vanishing: mean \|g\| = /,
    },
    {
      title: "a model that fits its data (loss down to 1e-6 of its start) has tiny gradients by nature",
      records: () =>
        editSteps(
          patchStats(cleanSgd(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100),
          (s) => (s.step >= 60 ? { ...s, loss: 2e-6 } : s),
        ),
      fires: false,
    },
    {
      title: "converged against the first step's loss when the first period already fell fast (a memorising model)",
      records: () =>
        editSteps(
          patchStats(cleanSgd(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100),
          (s) => ({ ...s, loss: s.step === 0 ? 1.5 : s.step < 60 ? 0.01 : 0.004 }),
        ),
      fires: false,
    },
    {
      title: "the same tiny gradients while the loss stays where it started",
      records: () =>
        editSteps(
          patchStats(cleanSgd(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100),
          (s) => ({ ...s, loss: 1.4 }),
        ),
      fires: true,
      layer: "dense_2",
    },
    {
      title: "a first layer fed sparse multi-hot inputs: most rows zero, the rest learning",
      records: () => patchStats(cleanSgd(), entryOf("dense_1", "gradient"), () => ({ meanAbs: 4e-7, zeroFraction: 0.995 })),
      fires: false,
    },
    {
      title: "a single tiny sample is noise",
      records: () => patchStats(cleanSgd(), (e) => entryOf("dense_2", "gradient")(e), (s, step) => (step === 200 ? { meanAbs: 1e-9 } : {})),
      fires: false,
    },
    {
      title: "an embedding table's sparse gradient is small by construction",
      records: () =>
        patchStats(
          sgd(() => syntheticRun(classifierSpec({ layers: [{ name: "embed", kind: "embedding", activation: "linear", units: 16, fanIn: 5000 }, ...classifierSpec().layers.slice(1)] })))(),
          entryOf("embed", "gradient"),
          () => ({ meanAbs: 3e-8, zeroFraction: 0.97 }),
        ),
      fires: false,
    },
    {
      title: "gradient halving at every sample down to 1e-5",
      records: () => patchStats(cleanSgd(), entryOf("dense_2", "gradient"), (_s, step) => ({ meanAbs: 1e-3 * 0.4 ** Math.min(7, (step - 200) / 10) }), 200),
      fires: true,
      layer: "dense_2",
      message: /shrank/,
    },
    {
      title: "first layer starved while the last learns (AUTOTRAINER)",
      records: () => patchStats(cleanSgd(), entryOf("dense_1", "gradient"), () => ({ meanAbs: 1.5e-6 }), 100),
      fires: true,
      layer: "dense_1",
      message: /before reaching the first layer/,
    },
    {
      // keras-io's VAE: a subclassed model's encoder and decoder, whose order the probe cannot know.
      title: "the same starved layer, first and last in two sub-models of a subclassed model",
      records: () => inParts(patchStats(cleanSgd(), entryOf("dense_1", "gradient"), () => ({ meanAbs: 1.5e-6 }), 100), { dense_1: "encoder", dense_2: "decoder", dense_3: "decoder" }),
      fires: false,
    },
    {
      title: "the same starved layer, every layer in one sub-model (its order is the data's)",
      records: () => inParts(patchStats(cleanSgd(), entryOf("dense_1", "gradient"), () => ({ meanAbs: 1.5e-6 }), 100), { dense_1: "encoder", dense_2: "encoder", dense_3: "encoder" }),
      fires: true,
      layer: "dense_1",
      message: /before reaching the first layer/,
    },
    {
      // Hugging Face's BERT under its Trainer (AdamW): the attention query and key start with gradients 100×
      // below the other layers' (uniform attention at initialisation) and step as far as they do.
      title: "Adam: a tiny gradient whose layer steps as far as the others",
      records: () => patchStats(clean(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100),
      fires: false,
    },
    {
      title: "Adam: a tiny gradient whose layer steps 1/100 of the others'",
      records: () => patchStats(patchStats(clean(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100), entryOf("dense_2", "update", "weights"), (s) => ({ meanAbs: s.meanAbs / 100 }), 100),
      fires: true,
      layer: "dense_2",
      message: /vanishing/,
    },
    {
      title: "an optimizer not known: the gradient alone is judged",
      records: () => editRunStart(patchStats(clean(), entryOf("dense_2", "gradient"), () => ({ meanAbs: 3e-8 }), 100), (r) => ({ ...r, model: { ...r.model, optimizer: undefined } })),
      fires: true,
      layer: "dense_2",
    },
    {
      title: "Adam: the first layer's gradient far below the last's while it steps as far (flow)",
      records: () => patchStats(clean(), entryOf("dense_1", "gradient"), () => ({ meanAbs: 1.5e-6 }), 100),
      fires: false,
    },
  ]);

  checkTable("D303", [
    { title: "healthy classifier", records: clean, fires: false },
    { title: "healthy regression", records: () => syntheticRun(regressionSpec()), fires: false },
    { title: "mean |g| above 1e6", records: () => patchStats(clean(), entryOf("dense_3", "gradient"), () => ({ meanAbs: 5e6 }), 300), fires: true, layer: "dense_3", message: /exploding/ },
    {
      title: "mean |g| above 1e6 in a parameter of no layer: the tensor named",
      records: () => patchStats(ownParameters(clean()), (e) => layerless(e) && e.name === "model/position", () => ({ meanAbs: 5e6 }), 300),
      fires: true,
      message: /^gradients of model\/position are exploding: mean \|g\| = 5e\+6 \(> 1e\+6\)$/,
    },
    {
      title: "gradient tripling each sample past 1",
      records: () => patchStats(clean(), entryOf("dense_2", "gradient"), (_s, step) => ({ meanAbs: 1e-2 * 3 ** Math.min(8, (step - 200) / 10) }), 200),
      fires: true,
      layer: "dense_2",
      message: /grew/,
    },
    {
      title: "growth from nothing (a zero-initialised layer waking up) stays below 1",
      records: () => patchStats(clean(), entryOf("dense_2", "gradient"), (_s, step) => ({ meanAbs: 1e-9 * 3 ** Math.min(15, (step - 200) / 10) }), 200),
      fires: false,
    },
    {
      title: "first layer's gradient 100× the last's",
      records: () => patchStats(clean(), entryOf("dense_1", "gradient"), (s) => ({ meanAbs: s.meanAbs * 300 })),
      fires: true,
      layer: "dense_1",
      message: /towards the first layer/,
    },
    {
      // ConvNeXt: each block holds its layer scale (gamma) beside its children, a layer of its own in the summary, after the others.
      title: "first layer's gradient 100× the last's, a block's own parameter listed after the head",
      records: () => blockParameter(patchStats(clean(), entryOf("dense_1", "gradient"), (s) => ({ meanAbs: s.meanAbs * 300 }))),
      fires: true,
      layer: "dense_1",
      message: /towards the first layer dense_1: .* the last layer's dense_3/,
    },
    {
      title: "the same ratio between two sub-models of a subclassed model (a GAN's generator and discriminator, opened)",
      records: () => inParts(patchStats(clean(), entryOf("dense_1", "gradient"), (s) => ({ meanAbs: s.meanAbs * 300 })), { dense_1: "generator", dense_2: "discriminator", dense_3: "discriminator" }),
      fires: false,
    },
    {
      // keras-io's conditional GAN: its layers are the discriminator and the generator, sub-models of unknown kind.
      title: "the same ratio between two layers of unknown kind",
      records: () =>
        editRunStart(
          patchStats(clean(), entryOf("dense_1", "gradient"), (s) => ({ meanAbs: s.meanAbs * 300 })),
          (start) => ({ ...start, model: { ...start.model, layers: start.model.layers.map((l) => (l.name === "dense_1" || l.name === "dense_3" ? { ...l, kind: "unknown" } : l)) } }),
        ),
      fires: false,
    },
  ]);

  const withNorms = (ratio: number) => () => editSteps(clean(), (s) => ({ ...s, gradientNorms: { data: 1, regularization: ratio } }));
  checkTable("D304", [
    { title: "no gradient norms recorded", records: clean, fires: false },
    { title: "regularisation at half the data gradient", records: withNorms(0.5), fires: false },
    { title: "regularisation 3× the data gradient", records: withNorms(3), fires: true, then: ([f]) => expect(f!.steps).toEqual({ first: 4, last: 399, count: 396 }) },
  ]);

  checkTable("D305", [
    { title: "healthy classifier (20 % zero gradient in ReLU layers)", records: clean, fires: false },
    { title: "80 % of dense_1's gradient exactly zero", records: () => patchStats(clean(), entryOf("dense_1", "gradient"), () => ({ zeroFraction: 0.8 }), 100), fires: true, layer: "dense_1" },
    {
      title: "every unit of dense_2 passes no gradient while its output is dead too",
      records: () =>
        patchStats(
          patchStats(clean(), entryOf("dense_2", "gradient", "weights"), () => ({ perUnit: { zeroFraction: Array<number>(64).fill(1) } }), 100),
          entryOf("dense_2", "activation"),
          (s) => ({ perUnit: { ...s.perUnit, p95Abs: Array<number>(64).fill(0) } }),
          100,
        ),
      fires: true,
      layer: "dense_2",
      message: /64 of 64 units of layer dense_2 \(relu\) passed no gradient/,
    },
    {
      // keras-io's time-series Transformer: no gradient reaches its Conv1D ReLUs, which fire.
      title: "every unit of dense_2 passes no gradient while its output fires: none reaches the layer, it is not dying",
      records: () => patchStats(clean(), entryOf("dense_2", "gradient", "weights"), () => ({ perUnit: { zeroFraction: Array<number>(64).fill(1) } }), 100),
      fires: false,
    },
    {
      title: "a linear layer with sparse gradients is not a dying ReLU",
      records: () => patchStats(syntheticRun(regressionSpec()), entryOf("out", "gradient"), () => ({ zeroFraction: 0.9 })),
      fires: false,
    },
  ]);
});
