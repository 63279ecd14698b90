import { checkMeta, defineCheck, option } from "../../check.js";
import { TDC } from "../references.js";
import { rangeText, squashedLogits } from "../squashed-logits.js";

type Options = { window: number; tolerance: number; absentClass: number };

/** An output dimension that never varies: the model ignores its input for that output. */
export default defineCheck<"constant" | "constantSquashed", Options>({
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
    },
    options: {
      window: option(5, "Samples (periods) the output must stay constant."),
      tolerance: option(1e-6, "Std (and change of mean) at or below tolerance × max(1, |mean|) counts as constant."),
      absentClass: option(1e-4, "On a probability output of several dimensions, a constant probability at or below this is a class (or label) the model learned never to predict, as it should when the data never holds it: not judged."),
    },
    docs: {
      summary: "Some dimension of the model's output never varies.",
      whatItChecks: "For the output layer: a dimension is constant when its std across the batch is ~0 and its batch mean does not move, at each of the last 5 samples. Batches of one sample are not judged. On a probability output (softmax, or sigmoid over several labels), a dimension held at a probability of at most 1e-4 is a class the model learned never to predict: a character that never occurs in the answers (keras-io's addition RNN, whose output softmax covers the '+' sign of its questions) is not a fault, and a class the data does hold would show in the loss. When the output layer's activation bounds what a loss that expects logits reads (a ReLU before PyTorch's CrossEntropyLoss: a class whose logit sits at 0 stays there), the message names it.",
      whyItMatters: "A constant output does not depend on the input: dead units feeding it, a saturated output unit, or an output computed from constants.",
      example: "a ReLU output layer whose units have all died",
      fix: "Check the output activation (no ReLU on a regression head), dead units (D402) and the learning rate.",
      options: "window (5), tolerance (1e-6), absentClass (1e-4).",
      references: [TDC],
    },
  }),
  on: ["tensors"],
  check({ state, options, report }) {
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
