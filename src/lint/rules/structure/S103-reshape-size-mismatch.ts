import { formatShape, receivedShapes } from "../../../model/graph.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export default defineRule({
  meta: {
    code: "S103",
    name: "reshape-size-mismatch",
    family: "structure",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["Reshape target shape", "inferred input shape"],
    messages: {
      sizeMismatch: "{layer} ({kind}) reshapes {shape} ({size} values per sample) to {target} ({targetSize} values)",
      notDivisible: "{layer} ({kind}) reshapes {shape} ({size} values per sample) to {target}: {size} is not divisible by {known}",
      includesBatch:
        "{layer} ({kind}) has target shape {target} with a leading -1: Keras target shapes exclude the batch dimension, so the -1 becomes a size-1 axis",
      severalUnknown: "{layer} ({kind}) has target shape {target} with more than one -1",
    },
    options: {},
    docs: {
      summary: "A Reshape changes the number of values per sample, or treats the batch dimension as part of its target.",
      whatItChecks:
        "For each Reshape layer with a known target shape: at most one -1; when the input shape is known, the product of the target must equal the product of the input's non-batch dimensions (with a -1, that product must be divisible by the known part). A target starting with -1 whose remaining dimensions already hold all the values means the batch dimension was written into the target.",
      whyItMatters:
        "Keras refuses to build the model ('total size of new array must be unchanged'), or, with a leading -1, silently adds an axis of size 1 that breaks the layers after it.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(784, activation='relu', input_shape=(100,)),",
        "    layers.Reshape((28, 28, 3)),",
        "])",
      ].join("\n"),
      fix: "Make the target hold exactly the input's values per sample, without the batch dimension: `layers.Reshape((28, 28, 1))`.",
      options: "",
      references: [neuralint("f021 (wrong reshape)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      for (const layer of model.architecture.layers) {
        if (layer.kind !== "reshape" || layer.conditional) continue;
        const target = layer.config.targetShape;
        if (!target || target.length === 0) continue;
        const base = { layer: layer.name, kind: layer.frameworkName, target: formatShape(target) };
        const unknowns = target.filter((d) => d === -1).length;
        if (unknowns > 1) {
          context.report({ messageId: "severalUnknown", span: layer.span, layer, data: base });
          continue;
        }
        const input = receivedShapes(layer)[0];
        const inputDims = input?.slice(1);
        if (!input || !inputDims || inputDims.some((d) => d === null)) continue;
        const size = product(inputDims as number[]);
        const known = product(target.filter((d) => d !== -1));
        const data = { ...base, shape: formatShape(input), size };
        if (unknowns === 0) {
          if (known !== size) context.report({ messageId: "sizeMismatch", span: layer.span, layer, data: { ...data, targetSize: known } });
        } else if (target[0] === -1 && known === size && target.length > 1) {
          context.report({ messageId: "includesBatch", span: layer.span, layer, data: base });
        } else if (known === 0 || size % known !== 0) {
          context.report({ messageId: "notDivisible", span: layer.span, layer, data: { ...data, known } });
        }
      }
    }
  },
});
