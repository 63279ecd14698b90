import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { everyRatio, isFiniteNumber, lastAll } from "../../math.js";
import type { TensorSeries } from "../../state.js";
import { AT, SMD, TDC } from "../references.js";
import { adaptiveStepKeepsPace, currentKernelGradients, gradientFlow, recentMeanAbs } from "./gradient-series.js";

type Options = { minMeanAbs: number; persist: number; window: number; shrink: number; shrinkBelow: number; flowRatio: number; firstBelow: number; convergedRatio: number; adaptiveShare: number; emerging: number };

/** Rising at each sample, and by at least `factor` from the first to the last. */
function emerging(values: readonly number[], factor: number): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]!) && values[values.length - 1]! >= factor * values[0]!;
}

/** Gradients too small to train: the layer (or the layers before it) stop learning. */
export default defineCheck<"tiny" | "tinyKernels" | "shrinking" | "flow", Options>({
  meta: checkMeta({
    code: "D302",
    name: "vanishing-gradient",
    family: "gradients",
    severity: "warning",
    needs: ["tensors.gradient"],
    messages: {
      tiny: "gradients of layer {layer} are vanishing: mean |g| = {value} (< {limit}) for {persist} samples",
      tinyKernels: "gradients of layer {layer} are vanishing in {count} of its {kernels} kernels: mean |g| up to {value} (< {limit}) for {persist} samples",
      shrinking: "gradients of layer {layer} shrank by ≥ {factor}× at each of the last {window} samples (mean |g| now {value})",
      flow: "gradients vanish before reaching the first layer {layer}: mean |g| there is {ratio} of the last layer's {last} ({first} < {firstBelow})",
    },
    options: {
      minMeanAbs: option(1e-6, "Mean |g| below which a gradient is vanishing."),
      persist: option(3, "Consecutive samples the condition must hold (a single small sample is noise)."),
      window: option(5, "Successive ratios that must all be ≤ `shrink`."),
      shrink: option(0.5, "Ratio of successive mean |g| that counts as shrinking."),
      shrinkBelow: option(1e-4, "The shrinking rule only fires once mean |g| is below this (early training shrinks from large values)."),
      flowRatio: option(1e-3, "First/last layer mean |g| ratio below which gradient flow is broken (AUTOTRAINER)."),
      firstBelow: option(1e-4, "...and the first layer's mean |g| is below this."),
      convergedRatio: option(0.01, "A loss whose latest period mean (or median) is below this fraction of its first has converged: its gradients are small by nature, and the tiny and shrinking rules stay silent."),
      emerging: option(2, "A gradient below minMeanAbs that rose at each of those samples, by at least this factor across them, is emerging from a small start, not vanishing."),
      adaptiveShare: option(0.1, "Under an adaptive optimizer (Adam, RMSprop...), a layer whose step is at least this share of the other layers' median step learns however small its gradient: not reported."),
    },
    docs: {
      summary: "Gradients become too small for the layers to learn.",
      whatItChecks: "Mean |g| is taken over the entries that get a gradient (sparse inputs such as multi-hot text leave the rows of absent features zero, which would make a healthy first layer look starved). Per kernel gradient (a layer of several projections, such as Keras's MultiHeadAttention, reported once for its tiny kernels): mean |g| < 1e-6 for 3 samples, unless it rose at each of them and by at least 2× across them (a gradient emerging from a small start: Dive into Deep Learning's LSTM from scratch, initialised at σ 0.01, has recurrent-kernel gradients of 1e-9–1e-7 over its first 30 steps, rising 2–20× a sample as the hidden state grows, while the loss sits on a plateau it then leaves); or mean |g| halving at each of 5 samples down below 1e-4 — both silent once the loss has converged (its latest period mean, or median, below 1 % of its first: a model that fits its data has tiny gradients by nature; the median counts a margin loss at 0 on most batches while a few hard ones hold the mean up); and across the network (AUTOTRAINER): first-layer mean |g| < 1e-3 × the last layer's and < 1e-4, for 3 samples (not judged when either layer is of unknown kind, such as a GAN's sub-models followed whole, nor when the layers belong to several sub-models of a subclassed model, whose order the probe cannot know: a VAE's encoder and decoder; a block's own parameters beside its layers, such as ConvNeXt's layer scale, have no place in the chain and are left out of it). AUTOTRAINER compares norms; per-element means are used so layer size does not bias the ratio. Under an adaptive optimizer (Adam, AdamW, RMSprop, Adagrad...) each step is divided by the gradient's own running scale, so a small gradient does not slow its layer: a layer (the first, for the flow rule) is then reported only when its recorded per-step update is also below a tenth of the other layers' median (a Transformer's attention query and key start with gradients 100× below the rest and move as fast under AdamW).",
      whyItMatters: "Layers whose gradients vanish stop learning; in deep sigmoid/tanh stacks the early layers never train and the network underfits.",
      example: "ten tf.layers.dense({ units: 32, activation: 'sigmoid' }) layers in a row",
      fix: "Use ReLU-family activations, He/Glorot initialisation, batch normalisation or residual connections; check for saturated units (D403).",
      options: "minMeanAbs (1e-6), persist (3), window (5), shrink (0.5), shrinkBelow (1e-4), flowRatio (1e-3), firstBelow (1e-4), convergedRatio (0.01), adaptiveShare (0.1), emerging (2).",
      references: [TDC, SMD + " (VanishingGradient)", AT],
    },
  }),
  on: ["tensors"],
  worst: "min",
  check({ state, options, report }) {
    const kernels = currentKernelGradients(state);
    const converged = state.lossConverged(options.convergedRatio);
    // A layer of several projections (Keras's MultiHeadAttention: query, key, value, output kernels) is
    // reported once for those of its kernels whose gradients are tiny, not once per kernel in the same words.
    const tiny = new Map<string, { series: TensorSeries; value: number }[]>();
    for (const series of kernels) {
      if (converged) break;
      const values = recentMeanAbs(series, Math.max(options.persist, options.window + 1), "active");
      const current = values[values.length - 1]!;
      if (adaptiveStepKeepsPace(state, series.layer, options.adaptiveShare)) continue;
      const data = { layer: series.layer, tensor: series.name, limit: formatNumber(options.minMeanAbs), persist: options.persist, window: options.window, factor: 1 / options.shrink, value: formatNumber(current) };
      if (lastAll(values, options.persist, (v) => isFiniteNumber(v) && v < options.minMeanAbs) && !emerging(values.slice(-options.persist), options.emerging)) {
        // Tensors of no layer (a model's own parameters) are no one layer's kernels: each is its own finding.
        const key = series.layer === "" ? `\u0000${series.name}` : series.layer;
        tiny.set(key, [...(tiny.get(key) ?? []), { series, value: current }]);
        continue;
      }
      if (current < options.shrinkBelow && everyRatio(values, options.window, (r) => r <= options.shrink)) {
        report({ messageId: "shrinking", layer: series.layer, subject: series.name, value: current, data });
      }
    }
    for (const hits of tiny.values()) {
      const layer = hits[0]!.series.layer;
      const of = layer === "" ? 1 : kernels.filter((k) => k.layer === layer).length;
      const value = Math.max(...hits.map((h) => h.value));
      const data = { layer, tensor: hits[0]!.series.name, limit: formatNumber(options.minMeanAbs), persist: options.persist, value: formatNumber(value), count: hits.length, kernels: of };
      if (of === 1) report({ messageId: "tiny", layer, subject: hits[0]!.series.name, value, data });
      else report({ messageId: "tinyKernels", layer, subject: "kernels", value, data });
    }
    const flow = gradientFlow(state, kernels, options.persist, "active");
    if (!flow) return;
    const { first, last, firstMeans: f, lastMeans: l } = flow;
    const broken = f.every((fv, i) => isFiniteNumber(fv) && isFiniteNumber(l[i]) && l[i]! > 0 && fv / l[i]! < options.flowRatio && fv < options.firstBelow);
    if (broken && !adaptiveStepKeepsPace(state, first.layer, options.adaptiveShare)) {
      const ratio = f[f.length - 1]! / l[l.length - 1]!;
      report({
        messageId: "flow",
        layer: first.layer,
        subject: "flow",
        value: ratio,
        data: { layer: first.layer, ratio: formatNumber(ratio), last: last.layer, first: formatNumber(f[f.length - 1]!), firstBelow: formatNumber(options.firstBelow) },
      });
    }
  },
});
