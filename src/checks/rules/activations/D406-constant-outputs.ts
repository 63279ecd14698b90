import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { TDC } from "../references.js";
import { rangeText, squashedLogits } from "../squashed-logits.js";

type Options = { window: number; tolerance: number; absentClass: number };

/** An output dimension that never varies: the model ignores its input for that output. */
export default defineCheck<"constant" | "constantSquashed" | "oneValue" | "oneValueNormalization", Options>({
  meta: checkMeta({
    code: "D406",
    name: "constant-outputs",
    family: "activations",
    severity: "warning",
    needs: ["tensors.activation.perUnit.std", "tensors.activation.perUnit.mean"],
    messages: {
      constant: "{count} of {units} output dimension(s) of layer {layer} never vary (across the batch and over {window} samples), e.g. dimension {example}",
      constantSquashed:
        "{count} of {units} output dimension(s) of layer {layer} never vary (across the batch and over {window} samples), e.g. dimension {example}: the output layer {output} ends in {activation} (values {range}) where the loss reads logits, which must be free to take any value",
      oneValue: "every output of layer {layer} is one value ({value}), the same for every sample and unit, at each of the last {window} samples: the layer passes nothing of its input on, and no gradient flows back through it to the layers before it",
      oneValueNormalization:
        "every output of layer {layer} is one value ({value}), the same for every sample and unit, at each of the last {window} samples: it normalises over an axis of {size} element(s), which leaves its offset (beta) alone; no gradient flows back through it to the layers before it",
    },
    options: {
      window: option(5, "Samples (periods) the output must stay constant."),
      tolerance: option(1e-6, "Std (and change of mean) at or below tolerance × max(1, |mean|) counts as constant."),
      absentClass: option(1e-4, "On a probability output of several dimensions, a constant probability at or below this is a class (or label) the model learned never to predict, as it should when the data never holds it: not judged."),
    },
    docs: {
      summary: "Some dimension of the model's output never varies, or a hidden layer outputs one value whatever its input.",
      whatItChecks: "For a hidden layer: every entry of its output (over the batch and its units) is one value at each of the last 5 samples (std at most 1e-6 × max(1, |mean|)); the value may move over time, as a normalisation's offset trains. All zeros from ReLU-like units are dead units (D402), not repeated here, and a layer without parameters (pooling, flattening, dropout) passes on the one value it was given: the layer that made it is reported. A layer normalisation over an axis of one element is named: it subtracts each value from itself and outputs its offset alone (keras-io's time-series Transformer normalises a series of one feature so, and every layer before it stays untrained). For the output layer: a dimension is constant when its std across the batch is ~0 and its batch mean does not move, at each of the last 5 samples. Batches of one sample are not judged. On a probability output (softmax, or sigmoid over several labels), a dimension held at a probability of at most 1e-4 is a class the model learned never to predict: a character that never occurs in the answers (keras-io's addition RNN, whose output softmax covers the '+' sign of its questions) is not a fault, and a class the data does hold would show in the loss. When the output layer's activation bounds what a loss that expects logits reads (a ReLU before PyTorch's CrossEntropyLoss: a class whose logit sits at 0 stays there), the message names it.",
      whyItMatters: "A hidden layer whose output is one value cuts the model in two: nothing of the input reaches the layers after it, and no gradient reaches the layers before it. A constant output does not depend on the input: dead units feeding it, a saturated output unit, or an output computed from constants.",
      example: "a ReLU output layer whose units have all died; layers.LayerNormalization() on inputs of shape (500, 1)",
      fix: "Check the output activation (no ReLU on a regression head), dead units (D402) and the learning rate; normalise over an axis of several elements (or not at all when there is one feature).",
      options: "window (5), tolerance (1e-6), absentClass (1e-4).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
    for (const entry of state.current("activation")) {
      if ((entry.shape[0] ?? 0) < 2 || state.isOutputLayer(entry.layer)) continue;
      const samples = (state.series(entry.layer, entry.role, entry.name)?.samples ?? []).slice(-options.window);
      if (samples.length < options.window) continue;
      // One value across the batch and the units (not only a unit that never varies: a learned token broadcast
      // over the batch varies across its units). Its value may move as an offset trains (a normalisation's beta).
      const oneValue = samples.every((s) => s.stats.nonFinite === 0 && s.stats.std <= options.tolerance * Math.max(1, Math.abs(s.stats.mean)));
      if (!oneValue) continue;
      const value = samples[samples.length - 1]!.stats.mean;
      // All zeros from ReLU-like units: their dead units are D402's finding.
      const spec = state.activationSpecOf(entry.layer);
      if (value === 0 && spec && "reluLike" in spec && spec.reluLike) continue;
      const layer = state.layer(entry.layer);
      // A layer without parameters (pooling, flattening, dropout) passes on the one value it was given: the
      // layer that made it is the finding.
      if (layer !== undefined && layer.params === 0) continue;
      const size = layer?.outputShape?.at(-1);
      const normalization = layer?.kind === "layerNormalization" && typeof size === "number" && size <= 1;
      report({
        messageId: normalization ? "oneValueNormalization" : "oneValue",
        layer: entry.layer,
        subject: entry.name,
        data: { layer: entry.layer, value: formatNumber(value), window: options.window, ...(normalization ? { size } : {}) },
      });
    }
    for (const entry of state.currentOutputs()) {
      if ((entry.shape[0] ?? 0) < 2) continue;
      const samples = (state.series(entry.layer, entry.role, entry.name)?.samples ?? []).slice(-options.window);
      if (samples.length < options.window) continue;
      const stats = samples.map((s) => s.stats.perUnit);
      if (stats.some((p) => !p?.std || !p.mean)) continue;
      const units = stats[0]!.std!.length;
      if (units === 0 || stats.some((p) => p!.std!.length !== units || p!.mean!.length !== units)) continue;
      const spec = state.activationSpecOf(entry.layer);
      const probabilities = units > 1 && spec !== undefined && "probability" in spec && spec.probability !== undefined;
      const constant: number[] = [];
      for (let u = 0; u < units; u++) {
        const m0 = stats[0]!.mean![u]!;
        if (probabilities && Math.abs(m0) <= options.absentClass) continue;
        const tol = options.tolerance * Math.max(1, Math.abs(m0));
        if (stats.every((p) => p!.std![u]! <= tol && Math.abs(p!.mean![u]! - m0) <= tol)) constant.push(u);
      }
      if (constant.length > 0) {
        const squashed = squashedLogits(state);
        report({
          messageId: squashed ? "constantSquashed" : "constant",
          layer: entry.layer,
          subject: entry.name,
          value: constant.length / units,
          data: {
            count: constant.length,
            units,
            layer: entry.layer,
            window: options.window,
            example: constant[0]!,
            ...(squashed ? { output: squashed.layer, activation: squashed.activation, range: rangeText(squashed.range) } : {}),
          },
        });
      }
    }
  },
});
