import { checkMeta, defineCheck } from "../../check.js";
import { SMD, TDC } from "../references.js";

/** NaN or Inf in a layer's output. */
export default defineCheck({
  meta: checkMeta({
    code: "D401",
    name: "non-finite-activations",
    family: "activations",
    severity: "error",
    needs: ["tensors.activation"],
    messages: {
      nonFinite: "the output of layer {layer} holds {count} NaN/Infinity value(s)",
      firstLayer: "the output of layer {layer}, the model's first, holds {count} NaN/Infinity value(s): unless its weights were already non-finite, its input — the training data — holds them",
    },
    docs: {
      summary: "A layer outputs NaN or Infinity.",
      whatItChecks: "Every sampled layer output for NaN and ±Infinity values. In the model's first learning layer, the message points at the input data; not when the model runs sub-models in an order the probe cannot know (a subclassed Keras model's encoder and decoder: no layer is known to be first).",
      whyItMatters: "A non-finite activation propagates to the loss and the gradients; the first layer where it appears points at the cause (an exp, log, division or overflow there).",
      example: "tf.layers.activation({ activation: 'exponential' }) on large pre-activations",
      fix: "Normalise inputs, bound the operation (clip, epsilon), lower the learning rate.",
      references: [TDC, SMD],
    },
  }),
  on: ["tensors"],
  check({ state, report }) {
    // Not known when the model runs sub-models in an order the probe cannot know (schema 1.8 parts).
    const first = state.inOneOrder(state.layers) ? (state.learningLayers()[0]?.name ?? state.layers[0]?.name) : undefined;
    for (const entry of state.current("activation")) {
      const count = entry.stats.nonFinite;
      if (count === 0) continue;
      report({
        messageId: entry.layer === first ? "firstLayer" : "nonFinite",
        layer: entry.layer,
        subject: entry.name,
        value: count,
        data: { layer: entry.layer, count },
      });
    }
  },
});
