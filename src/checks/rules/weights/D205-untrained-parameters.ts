import { checkMeta, defineCheck, option } from "../../check.js";
import type { TensorStats } from "../../../telemetry/schema.js";
import { sampleAt, type CheckState, type TensorSeries } from "../../state.js";
import { SMD, TDC } from "../references.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { median } from "../../math.js";

type Options = { window: number; rtol: number; atol: number; convergedRatio: number };

const close = (a: number, b: number, o: Options): boolean => Math.abs(a - b) <= o.atol + o.rtol * Math.abs(b);

/** Same statistics at consecutive samples: the tensor did not move (stats of a changed tensor differ). */
function sameStats(a: TensorStats, b: TensorStats, o: Options): boolean {
  return close(a.mean, b.mean, o) && close(a.std, b.std, o) && close(a.min, b.min, o) && close(a.max, b.max, o) && close(a.l2, b.l2, o);
}

function updateSeriesOf(state: CheckState, param: TensorSeries): TensorSeries | undefined {
  const updates = state.seriesOfRole("update").filter((u) => u.layer === param.layer && u.parameter === param.role);
  return updates.find((u) => u.name === param.name) ?? (updates.length === 1 ? updates[0] : undefined);
}

/**
 * A bias whose gradient is zero, up to float32 rounding, while its layer's kernel gets one at each of the
 * last `window` samples: what follows the layer cancels any shift of it (the softmax over an attention's
 * keys makes its key bias's gradient zero by construction; a normalisation after the layer removes its
 * mean). The layer is connected to the loss and learns; the bias is redundant by design, not untrained by a
 * fault. Summed over a batch's thousands of positions, rounding leaves such a gradient at 1e-7 to 2e-5 of the
 * kernel's (BERT's attention key bias: 4e-7; a convolution's bias before batch normalisation: up to 2e-5).
 */
function redundantBias(state: CheckState, bias: TensorSeries, window: number): boolean {
  const gradients = state.seriesOfRole("gradient").filter((g) => g.layer === bias.layer);
  const biasGradient = gradients.find((g) => g.parameter === "bias" && g.name === bias.name) ?? only(gradients.filter((g) => g.parameter === "bias"));
  // A layer of several projections (Keras's MultiHeadAttention: query, key, value, output) has a kernel
  // each: the bias is compared with their median.
  const kernelGradients = gradients.filter((g) => g.parameter === "weights");
  if (!biasGradient || kernelGradients.length === 0) return false;
  const recent = biasGradient.samples.slice(-window);
  if (recent.length < window) return false;
  return recent.every((g) => {
    const kernels = kernelGradients.map((k) => sampleAt(k, g.step)?.stats);
    if (kernels.some((k) => k === undefined || k.nonFinite !== 0)) return false;
    const kernel = median(kernels.map((k) => k!.meanAbs));
    return g.stats.nonFinite === 0 && kernel > 0 && g.stats.meanAbs <= ROUNDING_ZERO * kernel;
  });
}

/** A bias gradient below this share of its kernel's mean |g| is zero but for float32 rounding. */
const ROUNDING_ZERO = 1e-4;

// An untracked tensor is the program's set-up, not a state its training reached: it leads the diagnosis.
const UNCHANGED = { one: "unchanged", several: "unchangedSeveral", subject: "parameters", configuration: false } as const;
const UNTRACKED = { one: "untracked", several: "untrackedSeveral", subject: "untracked", configuration: true } as const;

/** Tensors named in one finding; more are counted. */
const MAX_NAMED = 4;

const only = <T>(items: readonly T[]): T | undefined => (items.length === 1 ? items[0] : undefined);

/** Parameters that never change: a frozen-by-mistake layer, a zero learning rate, a disconnected branch. */
/**
 * Why a frozen layer is suspect, if it is: freezing is meant for a pre-trained base under a trained head,
 * so a model where nothing trains, or whose own output layer is frozen, is almost always a mistake. A
 * frozen nested model at the output (a GAN's discriminator inside the combined model) is deliberate.
 */
function frozenProblem(state: CheckState, layer: string): "frozenAll" | "frozenOutput" | undefined {
  if (state.learningLayers().every((l) => !state.isTrainable(l.name))) return "frozenAll";
  const summary = state.layer(layer);
  if (summary && summary.kind !== "unknown" && state.isOutputLayer(layer)) return "frozenOutput";
  return undefined;
}

export default defineCheck<"unchanged" | "unchangedSeveral" | "untracked" | "untrackedSeveral" | "frozenAll" | "frozenOutput" | "nothingTrainable", Options>({
  meta: checkMeta({
    code: "D205",
    name: "untrained-parameters",
    family: "weights",
    severity: "warning",
    needs: ["tensors.weights", "tensors.bias", "tensors.update?"],
    messages: {
      unchanged: "{tensor} of layer {layer} did not change across {window} consecutive samples spanning {span} steps",
      untracked:
        "{tensor} of layer {layer} did not change across {window} consecutive samples spanning {span} steps: its framework does not track it, so the optimizer never gets it (Keras 3 trains the weights a layer makes with add_weight; PyTorch, the nn.Parameters of the modules a model registers, which a plain attribute or a module in a plain list is not)",
      untrackedSeveral:
        "{count} parameter tensors of layer {layer} did not change across {window} consecutive samples spanning {span} steps: {names}; its framework does not track them, so the optimizer never gets them (Keras 3 trains the weights a layer makes with add_weight; PyTorch, the nn.Parameters of the modules a model registers, which a plain attribute or a module in a plain list is not)",
      unchangedSeveral: "{count} of the {tensors} parameter tensors of layer {layer} did not change across {window} consecutive samples spanning {span} steps: {names}",
      frozenAll: "layer {layer} is frozen (trainable: false) and so is every other layer with parameters: nothing is trained",
      frozenOutput: "layer {layer}, the model's output, is frozen (trainable: false) while earlier layers train: freezing is meant for a pre-trained base, not the head",
      nothingTrainable: "the model being trained has no trainable parameters: no step can change it (for one, Keras 3 does not track weights held as bare tf.Variables)",
    },
    options: {
      window: option(3, "Consecutive samples over which the parameter must stay unchanged."),
      rtol: option(1e-5, "Relative tolerance (as numpy.allclose)."),
      atol: option(1e-8, "Absolute tolerance (as numpy.allclose)."),
      convergedRatio: option(0.01, "A loss whose latest period mean (or median) is below this fraction of its first has converged: parameters that stop moving then have nothing left to learn, and the unchanged rule stays silent."),
    },
    docs: {
      summary: "A trainable parameter tensor does not change during training.",
      whatItChecks: "With recorded updates: mean |ΔW| ≤ atol + rtol·mean |W| at each of the last 3 samples. Without: the tensor's statistics are identical (allclose) across the last 3 samples. A layer whose several tensors did not change (a kernel and its bias; an attention layer's eight projection kernels and biases) is reported once, naming them. A tensor the probe states its framework does not track is named as such: a trainable tf.Variable a Keras 3 layer holds as an attribute (keras-io's VQ-VAE holds its codebook so, and its loss diverges as the codebook never moves), or a tensor requiring gradients that a PyTorch module holds as a plain attribute instead of an nn.Parameter, or the parameters of modules it holds in a plain list or dict instead of an nn.ModuleList or nn.ModuleDict, given to no optimizer. An update ratio of exactly 1 is never read as untrained. An embedding's updates read from a subsample of its rows are not judged: only the rows of the tokens in the batches move. Silent once the loss has converged (its latest period mean, or median, below 1 % of its first): a model that fits its data stops moving. A bias whose gradient is zero but for float32 rounding (below 1e-4 of its kernel's mean |g|, of the median of its layer's kernels' for a layer of several projections such as Keras's MultiHeadAttention) while its layer's kernel gets one is redundant by design, not untrained: what follows cancels any shift of it (the softmax over an attention's keys, a normalisation after the layer). Layers the run marks as frozen (trainable: false) are not expected to change; they are reported only when every layer with parameters is frozen (nothing trains) or when the model's own output layer is frozen (a nested model there, such as a GAN's discriminator, is left alone). Also, from the first step: a model the probe states has no trainable parameters at all (and no frozen layer, which has its own message): a Keras 3 model whose weights are bare `tf.Variable`s is fit with nothing to train (TensorFlow's guide to basic training loops does so, and its loss stays at 10.99 for 10 epochs).",
      whyItMatters: "Parameters that never move are not learning: the layer is disconnected from the loss, frozen by mistake, its gradient is always zero (dead units), or the learning rate is zero.",
      example: "model.layers[model.layers.length - 1].trainable = false  // the head frozen instead of the base; or optimizer: tf.train.sgd(0)",
      fix: "Check trainable flags, that the loss depends on the layer, the learning rate, and dead ReLUs (D402).",
      options: "window (3), rtol (1e-5), atol (1e-8), convergedRatio (0.01).",
      references: [TDC, SMD + " (UnchangedTensor)"],
    },
  }),
  on: ["tensors", "step"],
  check({ state, options, trigger, report }) {
    if (trigger === "step") {
      // Said of the run's model as a whole; frozen layers have their own messages.
      const model = state.runStart?.model;
      if (model?.trainableParameters === 0 && !model.layers.some((l) => l.trainable === false)) report({ messageId: "nothingTrainable", subject: "nothing-trainable" });
      return;
    }
    const frozenSeen = new Set<string>();
    // Per layer: its parameter tensors followed at this sample, and those that did not change. A layer of
    // several tensors (a kernel and its bias; an attention's query, key, value and output projections) is
    // reported once, naming them, not once per tensor in the same words.
    const followed = new Map<string, number>();
    const unchangedOf = new Map<string, { name: string; span: number }[]>();
    const untrackedOf = new Map<string, { name: string; span: number }[]>();
    let saidAll = false;
    for (const entry of state.current("weights", "bias")) {
      if (!state.isTrainable(entry.layer)) {
        if (frozenSeen.has(entry.layer)) continue;
        frozenSeen.add(entry.layer);
        const problem = frozenProblem(state, entry.layer);
        // Nothing trained is one fault of the model: said once, on its first frozen layer the record holds.
        if (problem === "frozenAll" && saidAll) continue;
        saidAll ||= problem === "frozenAll";
        if (problem) report({ messageId: problem, layer: entry.layer, subject: "frozen", data: { layer: entry.layer } });
        continue;
      }
      if (state.lossConverged(options.convergedRatio)) continue;
      const param = state.series(entry.layer, entry.role, entry.name);
      if (!param) continue;
      followed.set(entry.layer, (followed.get(entry.layer) ?? 0) + 1);
      const updates = updateSeriesOf(state, param);
      let unchanged: boolean;
      let from: number;
      if (updates) {
        const recent = updates.samples.slice(-options.window);
        if (recent.length < options.window || recent[recent.length - 1]!.step !== state.step) continue;
        // A lookup table moves only in the rows of the tokens its batches hold: sampled rows of rare tokens
        // stay put in a training that learns (an embedding of 1,000 words under plain SGD).
        const kind = state.layer(entry.layer)?.kind;
        if (kind !== undefined && LAYER_KINDS[kind]?.category === "embedding" && recent.some((u) => u.stats.sampled)) continue;
        unchanged = recent.every((u) => {
          const w = sampleAt(param, u.step)?.stats.meanAbs ?? entry.stats.meanAbs;
          return u.stats.nonFinite === 0 && u.stats.meanAbs <= options.atol + options.rtol * Math.abs(w);
        });
        from = recent[0]!.step;
      } else {
        const recent = param.samples.slice(-options.window);
        if (recent.length < options.window) continue;
        unchanged = recent.every((s, i) => i === 0 || sameStats(s.stats, recent[i - 1]!.stats, options));
        from = recent[0]!.step;
      }
      if (unchanged && state.layer(entry.layer)?.untracked?.includes(entry.name)) {
        // Their own cause, told apart from the layer's other tensors.
        untrackedOf.set(entry.layer, [...(untrackedOf.get(entry.layer) ?? []), { name: entry.name, span: state.step - from }]);
      } else if (unchanged && !(entry.role === "bias" && redundantBias(state, param, options.window))) {
        unchangedOf.set(entry.layer, [...(unchangedOf.get(entry.layer) ?? []), { name: entry.name, span: state.step - from }]);
      }
    }
    for (const [messages, byLayer] of [[UNCHANGED, unchangedOf], [UNTRACKED, untrackedOf]] as const) {
      for (const [layer, tensors] of byLayer) {
        const span = Math.max(...tensors.map((t) => t.span));
        if (tensors.length === 1) {
          const tensor = tensors[0]!.name;
          report({ messageId: messages.one, layer, subject: tensor, configuration: messages.configuration, data: { tensor, layer, window: options.window, span } });
          continue;
        }
        const names = tensors.map((t) => t.name);
        const listed = names.length <= MAX_NAMED ? names.join(", ") : `${names.slice(0, MAX_NAMED - 1).join(", ")} and ${names.length - MAX_NAMED + 1} more`;
        report({
          messageId: messages.several,
          layer,
          subject: messages.subject,
          configuration: messages.configuration,
          data: { count: tensors.length, tensors: followed.get(layer) ?? tensors.length, layer, window: options.window, span, names: listed },
        });
      }
    }
  },
});
