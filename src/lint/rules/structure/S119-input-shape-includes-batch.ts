import { formatShape, inputLayers } from "../../../model/graph.js";
import type { Architecture, Layer, Shape } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { KERAS_SEQUENTIAL_GUIDE, TFJS_FAULTS } from "../references.js";

/** Same rank, and every pair of known dimensions equal. */
function compatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** The model's single input layer with a declared shape, or undefined (several inputs, or a deferred build). */
function declaredInput(architecture: Architecture): { layer: Layer; shape: Shape } | undefined {
  const inputs = inputLayers(architecture);
  if (inputs.length !== 1) return undefined;
  const layer = inputs[0]!;
  return layer.declaredInputShape && layer.declaredInputShape.length > 0 ? { layer, shape: layer.declaredInputShape } : undefined;
}

export default defineRule({
  meta: {
    code: "S119",
    name: "input-shape-includes-batch",
    family: "structure",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["declared input shape", "training.x shape"],
    messages: {
      includesSampleDimension:
        "{layer} ({kind}) declares a per-sample input shape {declared} that includes the sample dimension of {data} {dataShape}: the model then expects batches of rank {expectedRank}; declare {suggested}",
      dataShapeMismatch:
        "{layer} ({kind}) expects samples of shape {declared} but {data} passed to {method} has samples of shape {actual}",
    },
    options: {},
    docs: {
      summary: "The declared input shape includes the sample count, or does not match the data's per-sample shape.",
      whatItChecks:
        "For a model with one input whose shape is declared (`input_shape=`, `Input(shape=)`, TF.js `inputShape`), and the inputs of a training call whose shape is known: if the declared per-sample shape equals the whole data shape, sample dimension included (`input_shape=x_train.shape`, TF.js `inputShape: [null, 784]`), it is reported as including the batch; otherwise, if the data's per-sample shape differs in rank or in a known size from the declared one, the mismatch is reported. 1-D data of shape (n,) fed to a (1,) input is accepted, as Keras expands it.",
      whyItMatters:
        "`input_shape` (TF.js `inputShape`) describes one sample; Keras prepends the batch dimension itself. Writing the sample count or a batch placeholder there makes the model one rank too deep, and fit stops with 'expected ndim=3, found ndim=2' or 'expected shape (None, 60000, 784)'. A per-sample mismatch (28×28 images into a (28, 28, 1) input, 784 features into (28, 28)) fails the same way, after loading data and building the model.",
      example: [
        "model = keras.Sequential([layers.Dense(64, activation='relu', input_shape=x_train.shape), layers.Dense(10)])",
        "model.fit(x_train, y_train)",
      ].join("\n"),
      fix: "Declare one sample's shape: `input_shape=x_train.shape[1:]` (TF.js `inputShape: [784]`), and reshape the data to match it (`x_train.reshape(-1, 28, 28, 1)`).",
      options: "",
      references: [
        KERAS_SEQUENTIAL_GUIDE,
        TFJS_FAULTS,
      ],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const input = declaredInput(model.architecture);
      if (!input) continue;
      const { layer, shape } = input;
      const declared = shape.slice(1);
      for (const call of model.training) {
        const data = call.x?.shape;
        if (!data || data.length === 0) continue;
        const actual = data.slice(1);
        if (compatible(declared, actual)) continue;
        // Keras expands 1-D arrays (n,) into (n, 1).
        if (actual.length === 0 && declared.length === 1 && declared[0] === 1) continue;
        const base = { layer: layer.name, kind: layer.frameworkName, declared: formatShape(declared), data: call.x?.variable ?? "the data" };
        const samples = data[0];
        if (compatible(declared, data) && (declared[0] === null || (samples !== null && samples !== undefined))) {
          context.report({
            messageId: "includesSampleDimension",
            span: layer.span,
            layer,
            data: { ...base, dataShape: formatShape(data), expectedRank: declared.length + 1, suggested: formatShape(actual) },
          });
        } else {
          context.report({ messageId: "dataShapeMismatch", span: layer.span, layer, data: { ...base, method: call.call, actual: formatShape(actual) } });
        }
        break;
      }
    }
  },
});
