import { effectiveActivation, outputWidth, singleOutput } from "../../../model/graph.js";
import type { Layer, ModelFacts } from "../../../model/program.js";
import { ACTIVATIONS, LOSSES } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { DEFECTS4ML, KERAS_LOSSES } from "../references.js";
import { lossReads } from "./diagnose.js";

interface BinaryLossDiagnosis {
  messageId: "eachClassAlone" | "softmaxWithBinaryLoss" | "twoWaySoftmax";
  /** The layer that applies the output activation. */
  layer: Layer;
  classes: number;
  labels: string;
  activation: string;
}

/** What S213 reports for a model, if anything; `isActive` tells which other rules run. */
function diagnose(model: ModelFacts, isActive: (code: string) => boolean): BinaryLossDiagnosis | undefined {
  const loss = model.learner?.loss;
  if (!loss || LOSSES[loss.kind].labels !== "binary") return undefined;
  const architecture = model.architecture;
  const output = singleOutput(architecture);
  if (!output) return undefined;
  const labels = model.training.find((call) => call.y !== undefined)?.y;
  if (labels?.encoding !== "one-hot") return undefined;
  const width = outputWidth(architecture, output.index);
  const classes = labels.numClasses ?? width;
  if (classes === undefined || classes < 2) return undefined;
  // A width that disagrees with the classes is S206's, when it runs.
  const widthDisagrees = width !== undefined && width !== classes;
  if (widthDisagrees && (isActive("S206") || classes === 2)) return undefined;
  const effective = effectiveActivation(architecture, output.index);
  if (!effective) return undefined;
  const common = { layer: effective.layer, classes, labels: labels.variable ?? "y", activation: effective.activation };
  if (effective.activation === "softmax") {
    return { ...common, messageId: classes === 2 ? "twoWaySoftmax" : "softmaxWithBinaryLoss" };
  }
  if (classes === 2) return undefined;
  // Independent per-class outputs: sigmoid for a loss reading probabilities, linear for one reading logits.
  // Other pairings are S202/S204/S205's.
  const reads = lossReads(loss);
  const independent = reads === "logits" ? ACTIVATIONS[effective.activation].linear : ACTIVATIONS[effective.activation].probability === "independent";
  return independent ? { ...common, messageId: "eachClassAlone" } : undefined;
}

export default defineRule({
  meta: {
    code: "S213",
    name: "binary-loss-on-multiclass",
    family: "output",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "output layer activation", "training.y encoding"],
    messages: {
      eachClassAlone:
        "{loss} with {activation} outputs learns each of the {classes} one-hot classes of {labels} as a separate yes/no problem; Keras's accuracy then becomes binary accuracy, inflated by the easy negatives",
      softmaxWithBinaryLoss:
        "{loss} over the softmax of {layer} treats the {classes} one-hot classes of {labels} as independent yes/no problems; Keras's accuracy then becomes binary accuracy, inflated by the easy negatives",
      twoWaySoftmax:
        "{loss} over a 2-way softmax ({layer}) with one-hot labels {labels} works but is unusual: one sigmoid unit with binary cross-entropy, or categorical cross-entropy, says what is meant",
    },
    options: {},
    docs: {
      summary: "Sigmoid + binary cross-entropy on one-hot single-label multi-class targets.",
      whatItChecks:
        "For a single-output model trained with a binary cross-entropy (binary or focal, or a sigmoid cross-entropy on logits) on one-hot targets with more than two classes, reports an output of independent sigmoids (or linear logits for a loss reading logits), and a softmax output. A 2-way softmax with one-hot labels under binary cross-entropy is legal but odd: it is reported as info. Reported at the loss. Multi-hot targets are multi-label and correct with this loss. An output whose width disagrees with the labels' classes is left to S206 when it runs.",
      whyItMatters:
        "One-hot targets say exactly one class is true, but binary cross-entropy learns every class as its own yes/no question: the outputs need not sum to one, the model is not pushed to choose, and ties or no class at all are common at prediction time. Keras also resolves metrics=['accuracy'] to binary accuracy for this loss, which counts every correct 0 among the classes: with 10 classes a model that predicts nothing scores 90%.",
      example: [
        "y_train = keras.utils.to_categorical(y_train, 10)",
        "model.add(layers.Dense(10, activation='sigmoid'))",
        "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])",
      ].join("\n"),
      fix: [
        "Use softmax with categorical cross-entropy for single-label classes:",
        "",
        "    model.add(layers.Dense(10, activation='softmax'))",
        "    model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])",
      ].join("\n"),
      options: "",
      references: [DEFECTS4ML, KERAS_LOSSES],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const found = diagnose(model, (code) => context.isActive(code));
      if (!found) continue;
      const loss = model.learner!.loss!;
      const report = {
        messageId: found.messageId,
        span: loss.span,
        layer: found.layer,
        data: { loss: loss.frameworkName, activation: found.activation, classes: found.classes, labels: found.labels, layer: found.layer.name },
      };
      context.report(found.messageId === "twoWaySoftmax" ? { ...report, severity: "info" } : report);
    }
  },
});
