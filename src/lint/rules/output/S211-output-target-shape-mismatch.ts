import { categoryOf, featureMapSource, formatShape, outputHead, outputLayers } from "../../../model/graph.js";
import type { Architecture, Dim, ModelFacts, Shape, TrainingLoop } from "../../../model/program.js";
import { LOSSES } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { DEFECTS4ML, KERAS_LOSSES } from "../references.js";
import { diagnoseOutputs, isReported } from "./diagnose.js";

/** Whether a Dense layer of the model reads a conv/pool feature map: S101's fault, which explains a per-position output. */
function denseReadsFeatureMap(architecture: Architecture): boolean {
  return architecture.layers.some((dense) => categoryOf(dense) === "dense" && featureMapSource(architecture, dense) !== undefined);
}

/** Output/loss rules whose finding explains a target shape mismatch (a wrong width or encoding). */
const EXPLAINED_BY: ReadonlySet<string> = new Set(["S205", "S206", "S209"]);

function dimsMatch(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/**
 * The target shapes (without the sample dimension) a loss accepts for an output of shape `out` (without
 * the batch dimension): sparse losses read one class index per position, with or without a trailing 1;
 * other losses read the output's shape, and Keras adds a missing trailing 1.
 */
function acceptedTargets(out: Dim[], sparse: boolean): Dim[][] {
  const positions = out.slice(0, -1);
  if (sparse) return [positions, [...positions, 1]];
  return out[out.length - 1] === 1 ? [out, positions] : [out];
}

interface ShapeMismatch {
  expected: Dim[];
  target: Shape;
}

/**
 * Whether the training inputs are known not to fit the model's declared input (S119's fault): the
 * inferred output shape then says nothing about what the program meant.
 */
function inputContradictsData(model: ModelFacts, fit: TrainingLoop): boolean {
  const architecture = model.architecture;
  const data = fit.x?.shape;
  if (architecture.inputs.length !== 1 || !data) return false;
  const declared = architecture.layers[architecture.inputs[0]!]?.declaredInputShape;
  return declared !== undefined && !dimsMatch(declared.slice(1), data.slice(1));
}

function mismatch(model: ModelFacts, output: Shape, target: Shape): ShapeMismatch | undefined {
  const loss = model.learner!.loss!;
  const sparse = LOSSES[loss.kind].labels === "integer";
  const accepted = acceptedTargets(output.slice(1), sparse);
  const t = target.slice(1);
  if (accepted.some((a) => dimsMatch(a, t))) return undefined;
  return { expected: accepted[0]!, target };
}

export default defineRule({
  meta: {
    code: "S211",
    name: "output-target-shape-mismatch",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["output layer shape (inferred)", "training.y shape", "learner.loss"],
    messages: {
      shapeMismatch:
        "{layer} ({kind}) outputs {outputShape}, so {loss} needs targets of shape {expected}, but the targets {labels} have shape {targetShape}",
    },
    options: {},
    docs: {
      summary: "The model's output shape cannot match the known shape of its targets.",
      whatItChecks:
        "For a complete single-output model whose output shape is inferred and whose targets' shape is known, compares the two without the sample dimension: a sparse loss needs one class index per output position (the output's shape without its last axis, optionally with a trailing 1); other losses need the output's shape (Keras adds a missing trailing 1 to targets of a width-1 output). Unknown dimensions match anything. A wrong last width with known classes is S206, a wrong label encoding S209, a Dense reading a convolution map S101, training inputs that do not fit the declared input S119; those cases are left to them when they run. Custom losses are not checked.",
      whyItMatters:
        "A segmentation network without padding outputs 388×388 masks for 572×572 targets; an Embedding or convolution stack without Flatten or global pooling outputs one prediction per position for one label per sample. Keras then fails with a shape error deep inside the loss, or, worse, broadcasts the two shapes and trains on a loss that compares the wrong values.",
      example: [
        "inputs = keras.Input(shape=(572, 572, 1))",
        "x = layers.Conv2D(64, 3, activation='relu')(inputs)  # valid padding: 570×570",
        "outputs = layers.Conv2D(1, 1, activation='sigmoid')(x)",
        "model = keras.Model(inputs, outputs)",
        "model.compile(loss='binary_crossentropy', optimizer='adam')",
        "model.fit(images, masks)  # masks: (n, 572, 572, 1)",
      ].join("\n"),
      fix: [
        "Make the output match the targets: `padding='same'` in the convolutions (or crop/resize the masks), or",
        "Flatten / GlobalAveragePooling before the per-sample classifier.",
      ].join("\n"),
      options: "",
      references: [DEFECTS4ML, KERAS_LOSSES],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      const loss = model.learner?.loss;
      if (!architecture.complete || !loss || loss.kind === "custom") continue;
      const outputs = outputLayers(architecture);
      if (outputs.length !== 1) continue;
      const output = outputs[0]!;
      if (output.conditional || !output.outputShape || output.outputShape.length < 2) continue;
      const fit = model.training.find((call) => call.y?.shape !== undefined && call.y.shape.length >= 1);
      if (!fit) continue;
      // Leave what a more specific rule explains to that rule, when it runs.
      if (context.isActive("S119") && inputContradictsData(model, fit)) continue;
      const found = mismatch(model, output.outputShape, fit.y!.shape!);
      if (!found) continue;
      const isActive = (code: string): boolean => context.isActive(code);
      if (diagnoseOutputs(model).some((d) => EXPLAINED_BY.has(d.code) && isReported(d, isActive))) continue;
      const head = outputHead(architecture, output.index);
      const perPosition = output.outputShape.length > found.target.length;
      if (context.isActive("S101") && perPosition && head && categoryOf(head) === "dense" && found.target.length <= 2 && denseReadsFeatureMap(architecture)) continue;
      context.report({
        messageId: "shapeMismatch",
        span: output.span,
        layer: output,
        data: {
          layer: output.name,
          kind: output.frameworkName,
          outputShape: formatShape(output.outputShape),
          loss: loss.frameworkName,
          expected: formatShape([found.target[0] ?? null, ...found.expected]),
          labels: fit.y!.variable ?? "y",
          targetShape: formatShape(found.target),
        },
      });
    }
  },
});
