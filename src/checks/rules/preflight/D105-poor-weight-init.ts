import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { varianceTestRejects } from "../../math.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { TDC } from "../references.js";

type Options = { alpha: number; maxRatio: number; symmetryVariance: number };

/** A kernel starts all equal, or with a variance no standard initialiser would give it. */
export default defineCheck<"symmetric" | "scale", Options>({
  meta: checkMeta({
    code: "D105",
    name: "poor-weight-init",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.init.layers.kernel"],
    messages: {
      symmetric: "the kernel {kernel} starts with every weight equal ({mean}): its units compute the same thing and receive the same gradient, so they never become different",
      scale: "the kernel {kernel} starts with variance {variance}, {factor} the nearest standard reference ({reference} {referenceVariance} for fan-in {fanIn}, fan-out {fanOut}): activations and gradients {direction} from layer to layer",
    },
    options: {
      alpha: option(0.1, "Significance of the two-sided variance-ratio test against each reference."),
      maxRatio: option(2, "The variance must also be this many times above the largest reference (or below the smallest) to be reported."),
      symmetryVariance: option(1e-12, "Variance at or below which a kernel's weights count as all equal."),
    },
    docs: {
      summary: "A dense or convolution kernel is initialised all equal or at a scale no standard initialiser gives.",
      whatItChecks:
        "For each dense and convolution kernel at initialisation: a variance ≈ 0 (every weight equal) in a layer followed by another learning layer; or a variance that a two-sided chi-square variance-ratio test (α 0.1) rejects against every standard reference — He 2/fan_in, Glorot 2/(fan_in + fan_out), LeCun 1/fan_in, and PyTorch's default 1/(3·fan_in) — and that lies more than maxRatio times beyond them. TheDeepChecker tests only the reference fitting the layer's activation; TF.js and Keras initialise every layer with Glorot whatever its activation, PyTorch with a third of LeCun's variance, and both work: a variance among the references is not a fault.",
      whyItMatters:
        "Equal weights never break symmetry: the units of the layer stay copies of one another. Weights far larger than the references make activations and gradients grow layer after layer (saturation, explosion); far smaller make them shrink (vanishing gradients), so deep models do not train.",
      example: "tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.randomNormal({ stddev: 1 }) })",
      fix: "Use the default initialiser (glorotUniform) or heNormal for ReLU layers; never initialise a hidden kernel to a constant.",
      options: "alpha (0.1), maxRatio (2), symmetryVariance (1e-12).",
      references: [TDC + " (weight initialisation checks)", "He et al., Delving Deep into Rectifiers (ICCV 2015)", "Glorot & Bengio, Understanding the difficulty of training deep feedforward neural networks (AISTATS 2010)"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "init" || record.skipped !== undefined) return;
    const learning = record.layers.filter((l) => l.kernel !== undefined);
    learning.forEach((entry, position) => {
      const kernel = entry.kernel!;
      const kind = state.layer(entry.layer)?.kind;
      const category = kind ? LAYER_KINDS[kind]?.category : undefined;
      if (category !== "dense" && category !== "conv") return;
      if (kernel.count < 2 || !(kernel.fanIn > 0) || !(kernel.fanOut > 0)) return;
      if (kernel.variance <= options.symmetryVariance) {
        // The last learning layer may start at zero (its inputs already differ); a hidden one may not.
        if (position < learning.length - 1) report({ messageId: "symmetric", layer: entry.layer, subject: kernel.name, value: kernel.variance, worse: "min", data: { kernel: kernel.name, mean: formatNumber(kernel.mean) } });
        return;
      }
      const references = [
        { name: "He 2/fan_in", variance: 2 / kernel.fanIn },
        { name: "Glorot 2/(fan_in + fan_out)", variance: 2 / (kernel.fanIn + kernel.fanOut) },
        { name: "LeCun 1/fan_in", variance: 1 / kernel.fanIn },
        // PyTorch's default for Linear and Conv (Kaiming uniform with a = √5): a third of LeCun's, and it trains.
        { name: "PyTorch default 1/(3·fan_in)", variance: 1 / (3 * kernel.fanIn) },
      ];
      const rejected = references.every(
        (r) => varianceTestRejects(kernel.count, kernel.variance, r.variance, "above", options.alpha / 2) || varianceTestRejects(kernel.count, kernel.variance, r.variance, "below", options.alpha / 2),
      );
      if (!rejected) return;
      const largest = Math.max(...references.map((r) => r.variance));
      const smallest = Math.min(...references.map((r) => r.variance));
      const tooLarge = kernel.variance > largest * options.maxRatio;
      const tooSmall = kernel.variance < smallest / options.maxRatio;
      if (!tooLarge && !tooSmall) return;
      const nearest = references.reduce((best, r) => (Math.abs(Math.log(kernel.variance / r.variance)) < Math.abs(Math.log(kernel.variance / best.variance)) ? r : best));
      const ratio = kernel.variance / nearest.variance;
      report({
        messageId: "scale",
        layer: entry.layer,
        subject: kernel.name,
        value: Math.abs(Math.log10(ratio)),
        data: {
          kernel: kernel.name,
          variance: formatNumber(kernel.variance),
          factor: tooLarge ? `${formatNumber(ratio)}×` : `1/${formatNumber(1 / ratio)} of`,
          reference: nearest.name,
          referenceVariance: formatNumber(nearest.variance),
          fanIn: kernel.fanIn,
          fanOut: kernel.fanOut,
          direction: tooLarge ? "grow" : "shrink",
        },
      });
    });
  },
});
