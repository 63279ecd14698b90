import { isLearningLayer } from "../../../model/graph.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

export default defineRule({
  meta: {
    code: "S302",
    name: "nonzero-bias-init",
    family: "init",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["layer bias initialisers"],
    messages: {
      nonzeroBias: "{layer} ({kind}) initialises its bias with {initializer} instead of zeros",
    },
    options: {},
    docs: {
      summary: "A bias initialiser other than zeros.",
      whatItChecks: "Every learning layer whose bias_initializer is known and is not zeros (a constant, ones, or a random distribution).",
      whyItMatters:
        "Zero biases are the safe default: the random kernel already breaks symmetry. Random biases add noise to the initial activations; large constant biases shift every unit into saturation (sigmoid/tanh) or make ReLU units all active or all dead. There are deliberate exceptions (a small positive bias for ReLU, an output bias set to the class prior): suppress the finding with a comment stating the reason.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(64, activation='relu', bias_initializer='random_normal', input_shape=(20,)),",
        "    layers.Dense(1, activation='sigmoid'),",
        "])",
      ].join("\n"),
      fix: "Leave the default: `layers.Dense(64, activation='relu')` (bias_initializer='zeros').",
      options: "",
      references: [neuralint("f024 (non-zero bias initialisation)")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      for (const layer of model.architecture.layers) {
        const init = layer.biasInitializer;
        if (!init || init.kind === "zeros" || init.kind === "unknown" || !isLearningLayer(layer)) continue;
        if (init.kind === "constant" && init.value === 0) continue;
        const initializer = init.kind === "constant" && init.value !== undefined ? `${init.frameworkName}(${init.value})` : init.frameworkName;
        context.report({ messageId: "nonzeroBias", span: layer.span, layer, data: { layer: layer.name, kind: layer.frameworkName, initializer } });
      }
    }
  },
});
