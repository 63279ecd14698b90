import { checkMeta, defineCheck, option } from "../../check.js";
import { formatNumber } from "../../format.js";
import { CATEGORICAL } from "./chance.js";
import { TDC } from "../references.js";

type Options = { steps: number };

/** The loss has not changed since the first step: it does not depend on what the model computes. */
export default defineCheck<"oneOutput" | "constant", Options>({
  meta: checkMeta({
    code: "D509",
    name: "constant-loss",
    family: "loss",
    severity: "error",
    needs: ["step.loss", "run-start.model.loss?", "run-start.model.task.classes?"],
    messages: {
      oneOutput:
        "the training loss has been exactly {loss} at each of the first {steps} steps: a cross-entropy over one output is {loss} whatever the model computes (the softmax of a single value is 1), so no gradient reaches the model — a regression needs a regression loss, two classes a sigmoid output with binary cross-entropy or two outputs",
      constant: "the training loss has been exactly {loss} at each of the first {steps} steps, whatever the batch: it does not depend on what the model computes (its outputs do not reach the loss, or they never change)",
    },
    options: {
      steps: option(20, "Steps from the run's first whose losses must all be exactly equal."),
    },
    docs: {
      summary: "The training loss has not changed since the first step: it does not depend on the model.",
      whatItChecks:
        "The losses of the run's first 20 steps (the steps that record one): all exactly equal, to the last bit. A run whose loss changes at any of them is never judged again. When the run states a cross-entropy over a single output (PyTorch's CrossEntropyLoss on a model with one output, Keras's categorical cross-entropy behind a one-unit softmax), the message names it.",
      whyItMatters:
        "Successive batches differ and every update moves the weights, so a loss that depends on the model's outputs changes from step to step. One that does not is a loss the model cannot act on: a cross-entropy over one class (0 for every input: pytorch/examples' DDP tutorial trains its Linear(20, 1) so, and it never moves), an output detached from the graph, a constant returned by a custom loss. Nothing is learned, whatever the other checks say about gradients that vanish as a consequence.",
      example: "model.compile({ optimizer: 'sgd', loss: (y, p) => tf.losses.softmaxCrossEntropy(y.slice([0, 0], [-1, 1]), p.slice([0, 0], [-1, 1])) }) // one class's logits: their softmax is 1, the loss 0",
      fix: "A single output needs a loss for one value: MSE or L1 for regression, binary cross-entropy (with logits) for two classes. Several classes need one output per class. Otherwise, check that the loss is computed from the model's outputs (not from a detached copy, a constant or the targets alone).",
      options: "steps (20).",
      references: [TDC + " (a loss that does not decrease: the model cannot learn)"],
    },
  }),
  on: ["step"],
  worst: "max",
  check({ state, options, report }) {
    // Reported once, at the step the count reaches the option: the run's first steps are what it judges.
    if (state.unchangedLossSteps !== options.steps) return;
    const loss = state.firstStepLoss;
    if (loss === undefined || !Number.isFinite(loss)) return;
    const model = state.runStart?.model;
    const oneOutput = model?.loss !== undefined && CATEGORICAL.has(model.loss) && model.task?.classes === 1;
    // The one output named: the layer the program must change.
    const layer = oneOutput ? state.outputLayer()?.name : undefined;
    report({ messageId: oneOutput ? "oneOutput" : "constant", value: loss, configuration: oneOutput, ...(layer !== undefined ? { layer } : {}), data: { loss: formatNumber(loss), steps: options.steps } });
  },
});
