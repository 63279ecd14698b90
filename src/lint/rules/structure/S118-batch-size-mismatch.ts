import { inputLayers } from "../../../model/graph.js";
import type { Architecture, Layer } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

/** The input layers that fix the batch dimension (`batch_input_shape`, `Input(batch_size=)`), with that size. */
function fixedBatchInputs(architecture: Architecture): { layer: Layer; size: number }[] {
  return inputLayers(architecture).flatMap((layer) => {
    const size = layer.declaredInputShape?.[0];
    return typeof size === "number" ? [{ layer, size }] : [];
  });
}

export default defineRule({
  meta: {
    code: "S118",
    name: "batch-size-mismatch",
    family: "structure",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tfjs"],
    needs: ["declared input shapes", "training batch size"],
    messages: {
      batchSizeMismatch:
        "{method} runs batches of {batchSize} but {layer} ({kind}) fixes the batch dimension to {fixed}: every step fails with an incompatible input shape",
      partialLastBatch:
        "{method} runs {samples} samples in batches of {batchSize}, and {layer} ({kind}) fixes the batch dimension to {fixed}: the last batch of {remainder} does not fit it",
    },
    options: {},
    docs: {
      summary: "A batch dimension fixed in the model differs from the batch size training uses.",
      whatItChecks:
        "An input layer whose shape fixes the batch dimension (`batch_input_shape=(32, ...)`, `Input(batch_size=32)`, TF.js `batchInputShape`) and a training call whose batch size is known (`batch_size=`, the default 32 of fit, the rows given to train_on_batch) and different. When the sizes agree and the number of training samples is known, a last partial batch is reported too.",
      whyItMatters:
        "A fixed batch dimension is part of the input layer's contract: Keras checks it and rejects any other batch with 'Input 0 is incompatible with the layer: expected shape=(32, ...)'. Training stops at the first step (or at the last, partial batch of an epoch), often after the program spent time loading data. It usually comes from a stateful RNN example copied with a different batch size.",
      example: [
        "model = keras.Sequential([layers.LSTM(32, batch_input_shape=(16, 10, 8), stateful=True), layers.Dense(1)])",
        "model.fit(x_train, y_train, batch_size=64)",
      ].join("\n"),
      fix: "Use one batch size in both places (a shared constant), make the sample count a multiple of it, or drop the fixed batch dimension (`input_shape=(10, 8)`) unless the model is stateful.",
      options: "",
      references: [neuralint("f014 (batch size mismatch)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const fixed = fixedBatchInputs(model.architecture);
      if (fixed.length === 0) continue;
      for (const call of model.training) {
        const batchSize = call.batchSize;
        if (batchSize === undefined) continue;
        const mismatch = fixed.find((f) => f.size !== batchSize);
        const base = { method: call.call, batchSize };
        if (mismatch) {
          const { layer, size } = mismatch;
          context.report({ messageId: "batchSizeMismatch", span: call.span, layer, data: { ...base, layer: layer.name, kind: layer.frameworkName, fixed: size } });
          continue;
        }
        const samples = call.driver === "fit" ? call.x?.shape?.[0] : undefined;
        if (typeof samples !== "number" || samples % batchSize === 0) continue;
        const { layer, size } = fixed[0]!;
        context.report({
          messageId: "partialLastBatch",
          span: call.span,
          layer,
          data: { ...base, samples, remainder: samples % batchSize, layer: layer.name, kind: layer.frameworkName, fixed: size },
        });
      }
    }
  },
});
