import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { everyRatio, isFiniteNumber, lastAll } from "../../math.js";
import { AT, SMD, TDC } from "../references.js";
import { currentKernelGradients, gradientFlow, recentMeanAbs } from "./gradient-series.js";

type Options = { maxMeanAbs: number; window: number; growth: number; growthAbove: number; flowRatio: number; persist: number };

/** Gradients too large: updates overshoot and training diverges. */
export default defineCheck<"huge" | "growing" | "flow", Options>({
  meta: checkMeta({
    code: "D303",
    name: "exploding-gradient",
    family: "gradients",
    severity: "warning",
    needs: ["tensors.gradient"],
    messages: {
      huge: "gradients of layer {layer} are exploding: mean |g| = {value} (> {limit})",
      growing: "gradients of layer {layer} grew ≥ {growth}× at each of the last {window} samples (mean |g| now {value})",
      flow: "gradients explode towards the first layer {layer}: mean |g| there is {ratio}× the last layer's {last}",
    },
    options: {
      maxMeanAbs: option(1e6, "Mean |g| above which a gradient is exploding."),
      window: option(5, "Successive ratios that must all be ≥ `growth`."),
      growth: option(2, "Ratio of successive mean |g| that counts as growing."),
      growthAbove: option(1, "The growing rule only fires once mean |g| exceeds this (a zero-initialised layer's gradients grow from nothing)."),
      flowRatio: option(70, "First/last layer mean |g| ratio above which gradients explode backwards (AUTOTRAINER)."),
      persist: option(3, "Consecutive samples the first/last ratio must hold."),
    },
    docs: {
      summary: "Gradients grow too large.",
      whatItChecks: "Per kernel gradient: mean |g| > 1e6; or mean |g| doubling at each of 5 samples up above 1; and (AUTOTRAINER) first-layer mean |g| > 70 × the last layer's for 3 samples (per-element means rather than norms, so layer size does not bias the ratio; not judged when either layer is of unknown kind, such as a GAN's sub-models followed whole, each trained on its own loss, nor when the layers belong to several sub-models of a subclassed model, whose order the probe cannot know; a block's own parameters beside its layers, such as ConvNeXt's layer scale, have no place in the chain and are left out of it).",
      whyItMatters: "Exploding gradients make updates overshoot: the loss jumps, weights diverge, and NaN follows.",
      example: "optimizer: tf.train.sgd(5) with unnormalised inputs in [0, 255]",
      fix: "Lower the learning rate, normalise inputs, clip gradients (clipnorm), use batch normalisation.",
      options: "maxMeanAbs (1e6), window (5), growth (2), growthAbove (1), flowRatio (70), persist (3).",
      references: [TDC, SMD + " (ExplodingTensor)", AT],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    const kernels = currentKernelGradients(state);
    for (const series of kernels) {
      const values = recentMeanAbs(series, options.window + 1);
      const current = values[values.length - 1]!;
      const data = { layer: series.layer, tensor: series.name, limit: formatNumber(options.maxMeanAbs), window: options.window, growth: options.growth, value: formatNumber(current) };
      if (isFiniteNumber(current) && current > options.maxMeanAbs) {
        report({ messageId: "huge", layer: series.layer, subject: series.name, value: current, data });
        continue;
      }
      if (current > options.growthAbove && everyRatio(values, options.window, (r) => r >= options.growth)) {
        report({ messageId: "growing", layer: series.layer, subject: series.name, value: current, data });
      }
    }
    const flow = gradientFlow(state, kernels, options.persist);
    if (!flow) return;
    const { first, last, firstMeans: f, lastMeans: l } = flow;
    const rs = f.map((fv, i) => fv / l[i]!);
    if (lastAll(rs, options.persist, (r) => isFiniteNumber(r) && r > options.flowRatio)) {
      const ratio = rs[rs.length - 1]!;
      report({ messageId: "flow", layer: first.layer, subject: "flow", value: ratio, data: { layer: first.layer, ratio: formatNumber(ratio), last: last.layer } });
    }
  },
});
