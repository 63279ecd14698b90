import { categoryOf, formatShape, receivedShapes } from "../../../model/graph.js";
import type { Layer } from "../../../model/program.js";
import { LAYER_KINDS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

const SPATIAL_LAYOUTS: Record<number, string> = {
  1: "(batch, steps, channels)",
  2: "(batch, height, width, channels)",
  3: "(batch, depth, height, width, channels)",
};

/** The input rank a layer needs and how that input is laid out; undefined when any rank is accepted. */
export function requiredInputRank(layer: Layer): { rank: number; layout: string } | undefined {
  const spec = LAYER_KINDS[layer.kind];
  const category = spec.category;
  if (layer.kind === "convLstm2d") return { rank: 5, layout: "(batch, time, height, width, channels)" };
  if (category === "recurrent") return { rank: 3, layout: "(batch, timesteps, features)" };
  const spatial = ["conv", "pool", "global-pool", "padding", "cropping", "upsampling"];
  if (spatial.includes(category) && spec.spatialRank !== undefined) {
    const layout = SPATIAL_LAYOUTS[spec.spatialRank] ?? `rank ${spec.spatialRank + 2}`;
    return { rank: spec.spatialRank + 2, layout };
  }
  return undefined;
}

export default defineRule({
  meta: {
    code: "S102",
    name: "rank-mismatch",
    family: "structure",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["inferred input shapes (or the declared input shape)"],
    messages: {
      rankMismatch: "{layer} ({kind}) needs a rank-{expected} input {layout}, but receives {shape} (rank {rank})",
    },
    options: {},
    docs: {
      summary: "A layer receives a tensor whose rank differs from what the layer needs.",
      whatItChecks:
        "Convolution, pooling, global pooling, padding, cropping and upsampling layers need rank spatialRank + 2 (batch, spatial dims, channels); recurrent layers need rank 3 (batch, timesteps, features); ConvLSTM2D rank 5. The received shape is the inferred input shape, or for the first layer its declared input_shape with the batch dimension added.",
      whyItMatters:
        "The model cannot be built: Keras raises 'expected ndim=4, found ndim=3' when the layer is called. The usual cause is an input_shape without the channel axis (28, 28) for a Conv2D, or a Dense/Flatten output fed to an LSTM.",
      example: [
        "model = keras.Sequential([",
        "    layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28)),",
        "    layers.Flatten(),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: [
        "Give the input its channel axis (and reshape the data to match):",
        "",
        "    layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)),",
        "    x_train = x_train.reshape(-1, 28, 28, 1)",
      ].join("\n"),
      options: "",
      references: [neuralint("f001 (incompatible tensor ranks between layers)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      for (const layer of model.architecture.layers) {
        if (layer.conditional || categoryOf(layer) === "input") continue;
        const required = requiredInputRank(layer);
        if (!required) continue;
        const shape = receivedShapes(layer)[0];
        if (!shape || shape.length === required.rank) continue;
        context.report({
          messageId: "rankMismatch",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            kind: layer.frameworkName,
            expected: required.rank,
            layout: required.layout,
            shape: formatShape(shape),
            rank: shape.length,
          },
        });
      }
    }
  },
});
