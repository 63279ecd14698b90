import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { varianceTestRejects } from "../../math.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { TDC } from "../references.js";

type Options = { alpha: number; maxRatio: number; maxNetworkRatio: number; symmetryVariance: number };
type Beyond = { layer: string; kernel: { name: string; variance: number; fanIn: number; fanOut: number }; factor: number; nearest: { name: string; variance: number } };

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
      scale: "the kernel {kernel} starts with variance {variance}, {factor} the nearest standard reference ({reference} {referenceVariance} for fan-in {fanIn}, fan-out {fanOut}): activations and gradients {direction} from layer to layer{network}",
    },
    options: {
      alpha: option(0.1, "Significance of the two-sided variance-ratio test against each reference."),
      maxRatio: option(16, "A kernel's variance this many times above the largest reference (or below the smallest) is reported on its own (a factor of 4 in the activations' scale at that layer)."),
      maxNetworkRatio: option(256, "Kernels off the references the same way are reported together when the product of their factors beyond the references reaches this: the scale compounds from layer to layer."),
      symmetryVariance: option(1e-12, "Variance at or below which a kernel's weights count as all equal."),
    },
    docs: {
      summary: "A dense or convolution kernel is initialised all equal or at a scale no standard initialiser gives.",
      whatItChecks:
        "For each dense and convolution kernel at initialisation: a variance ≈ 0 (every weight equal) in a layer followed by another learning layer; or a variance that a two-sided chi-square variance-ratio test (α 0.1) rejects against every standard reference — He 2/fan_in, Glorot 2/(fan_in + fan_out), LeCun 1/fan_in, and PyTorch's default 1/(3·fan_in) — and that lies beyond them: 16 times or more on its own (4× in the activations' scale at that layer), or as one of kernels off the same way whose factors multiply to 256 or more (the scale compounds through the layers: 3× in five layers is 243×). TheDeepChecker tests only the reference fitting the layer's activation; TF.js and Keras initialise every layer with Glorot whatever its activation, PyTorch with a third of LeCun's variance, and both work: a variance among the references is not a fault. Nor is a few times past them in a shallow model: TensorFlow's tutorials initialise with a standard deviation of 0.1 (3–12× He's variance at fan-ins of 800–3136) and train.",
      whyItMatters:
        "Equal weights never break symmetry: the units of the layer stay copies of one another. Weights far larger than the references make activations and gradients grow layer after layer (saturation, explosion); far smaller make them shrink (vanishing gradients), so deep models do not train.",
      example: "tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.randomNormal({ stddev: 1 }) })",
      fix: "Use the default initialiser (glorotUniform) or heNormal for ReLU layers; never initialise a hidden kernel to a constant.",
      options: "alpha (0.1), maxRatio (16), maxNetworkRatio (256), symmetryVariance (1e-12).",
      references: [TDC + " (weight initialisation checks)", "He et al., Delving Deep into Rectifiers (ICCV 2015)", "Glorot & Bengio, Understanding the difficulty of training deep feedforward neural networks (AISTATS 2010)"],
    },
  }),
  on: ["preflight"],
  check({ state, options, report }) {
    const record = state.preflight;
    if (record?.procedure !== "init" || record.skipped !== undefined) return;
    const learning = record.layers.filter((l) => l.kernel !== undefined);
    // Each kernel's distance beyond the references, in layer order: a scale off by a factor compounds
    // through the layers that follow, so mild mismatches matter when many layers share them.
    const beyond: Beyond[] = [];
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
      const factor = kernel.variance > largest ? kernel.variance / largest : kernel.variance < smallest ? kernel.variance / smallest : 1;
      if (factor === 1) return;
      const nearest = references.reduce((best, r) => (Math.abs(Math.log(kernel.variance / r.variance)) < Math.abs(Math.log(kernel.variance / best.variance)) ? r : best));
      beyond.push({ layer: entry.layer, kernel, factor, nearest });
    });
    const compounded = beyond.reduce((sum, b) => sum + Math.log(b.factor), 0);
    const networkScale = Math.abs(compounded) >= Math.log(options.maxNetworkRatio);
    for (const { layer, kernel, factor, nearest } of beyond) {
      const alone = Math.abs(Math.log(factor)) >= Math.log(options.maxRatio);
      const withOthers = networkScale && Math.sign(Math.log(factor)) === Math.sign(compounded);
      if (!alone && !withOthers) continue;
      const ratio = kernel.variance / nearest.variance;
      const tooLarge = factor > 1;
      report({
        messageId: "scale",
        layer,
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
          network: alone ? "" : `; with the other kernels off the same way, ${formatNumber(Math.exp(Math.abs(compounded)))}× over the network`,
        },
      });
    }
  },
});
