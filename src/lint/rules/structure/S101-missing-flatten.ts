import { categoryOf, featureMapSource, formatShape, outputLayers, outputWidth, receivedShapes, successors } from "../../../model/graph.js";
import type { Architecture, Layer, ModelFacts } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

/** Layers after which the rank of the values is no longer the map's (or no longer known). */
const RANK_CHANGING: ReadonlySet<LayerCategory> = new Set(["flatten", "reshape", "global-pool", "recurrent", "merge", "other", "embedding"]);

/** Whether some path from the layer reaches a model output with no layer that changes the rank. */
function mapReachesOutput(architecture: Architecture, start: Layer): boolean {
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length > 0) {
    const layer = stack.pop()!;
    if (seen.has(layer.index)) continue;
    seen.add(layer.index);
    if (layer !== start && RANK_CHANGING.has(categoryOf(layer))) continue;
    const next = successors(architecture, layer.index);
    if (next.length === 0) return true;
    stack.push(...next);
  }
  return false;
}

/**
 * The per-sample targets of the model's training, when known: labels of rank 1, or of rank 2 whose second
 * dimension is a class axis (one-hot / multi-hot, a single column, or the output's width). Rank-2 integer
 * labels of another width are per position (sequence tagging) and say nothing.
 */
function perSampleLabels(model: ModelFacts): { name: string; shape: string } | undefined {
  const widths = new Set(outputLayers(model.architecture).map((o) => outputWidth(model.architecture, o.index)));
  for (const call of model.training) {
    const y = call.y;
    const shape = y?.shape;
    if (!y || !shape) continue;
    const classAxis =
      shape.length === 2 &&
      (shape[1] === 1 || y.encoding === "one-hot" || y.encoding === "multi-hot" || (shape[1] !== null && widths.has(shape[1])));
    if (shape.length === 1 || classAxis) return { name: y.variable ?? "y", shape: formatShape(shape) };
  }
  return undefined;
}

export default defineRule({
  meta: {
    code: "S101",
    name: "missing-flatten",
    family: "structure",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["architecture graph", "training.y shape"],
    messages: {
      missingFlatten:
        "{layer} ({kind}) reads the feature map{map} of {source} ({sourceKind}) with no Flatten or global pooling between: Dense applies per position, so the model outputs a map while the labels {labels} have shape {labelShape}",
    },
    options: {},
    docs: {
      summary: "A convolution or pooling output reaches a Dense layer without Flatten or global pooling.",
      whatItChecks:
        "A Dense layer that reads the output of a convolution, pooling, padding or upsampling layer (possibly through dropout, activation or normalisation layers), where nothing between that Dense and the model output flattens or globally pools the map, and the targets passed to fit are per sample (rank 1, or rank 2 over classes: one-hot, a single column, or the output's width; per-position labels of a sequence tagger are not).",
      whyItMatters:
        "Keras applies Dense to the last axis only: on a (batch, h, w, c) map it outputs (batch, h, w, units), one prediction per position. Against per-sample labels the loss broadcasts or fails; the model never learns to combine positions into one decision.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "x_train = x_train.reshape(-1, 28, 28, 1) / 255.0",
        "model = keras.Sequential([",
        "    layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),",
        "    layers.MaxPooling2D(),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
        "model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train, y_train)",
      ].join("\n"),
      fix: [
        "Flatten (or globally pool) the map before the classifier:",
        "",
        "    layers.MaxPooling2D(),",
        "    layers.Flatten(),  # or layers.GlobalAveragePooling2D()",
        "    layers.Dense(10, activation='softmax'),",
      ].join("\n"),
      options: "",
      references: [neuralint("f011 (missing flatten)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const labels = perSampleLabels(model);
      if (!labels) continue;
      const architecture = model.architecture;
      for (const layer of architecture.layers) {
        if (categoryOf(layer) !== "dense" || layer.conditional) continue;
        const source = featureMapSource(architecture, layer);
        if (!source) continue;
        const shape = receivedShapes(layer)[0];
        if (shape && shape.length <= 2) continue;
        if (!mapReachesOutput(architecture, layer)) continue;
        context.report({
          messageId: "missingFlatten",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            kind: layer.frameworkName,
            map: shape ? ` ${formatShape(shape)}` : "",
            source: source.name,
            sourceKind: source.frameworkName,
            labels: labels.name,
            labelShape: labels.shape,
          },
        });
      }
    }
  },
});
