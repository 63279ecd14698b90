import { isLearningLayer, outputHeadIndices, categoryOf } from "../../../model/graph.js";
import type { InitializerSpec } from "../../../model/program.js";
import { INITIALIZERS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { neuralint, theDeepChecker } from "../references.js";

function describeInitializer(init: InitializerSpec): string {
  return init.kind === "constant" && init.value !== undefined ? `${init.frameworkName}(${init.value})` : init.frameworkName;
}

export default defineRule({
  meta: {
    code: "S301",
    name: "constant-weight-init",
    family: "init",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["layer kernel initialisers", "output layers"],
    messages: {
      constantHidden:
        "{layer} ({kind}) initialises its kernel with {initializer}: every unit starts identical and receives the same update, so the units never differ",
      constantOutput:
        "{layer} ({kind}) is an output layer initialised with {initializer}; harmless when the layers before it are randomly initialised",
    },
    options: {},
    docs: {
      summary: "A hidden layer's kernel initialiser is zeros, ones or a constant.",
      whatItChecks:
        "Every learning layer except normalisation (Dense, convolution, recurrent, embedding) whose kernel_initializer is constant (zeros, ones, Constant(v)). On a hidden layer this is an error; on a layer that produces an output the program reads (of this model, or of another model built on the same layers) it is reported as info (a zero-initialised head is a known, harmless practice).",
      whyItMatters:
        "Units that start with the same weights compute the same output and receive the same gradient, so they stay identical: a layer of 128 units learns like a layer of one. With zeros and ReLU the gradient is zero from the start and the layer never trains.",
      example: [
        "model = keras.Sequential([",
        "    layers.Dense(128, activation='relu', kernel_initializer='zeros', input_shape=(784,)),",
        "    layers.Dense(10, activation='softmax'),",
        "])",
      ].join("\n"),
      fix: "Use a random initialiser (the default glorot_uniform, or he_normal for ReLU layers): `layers.Dense(128, activation='relu', kernel_initializer='he_normal')`.",
      options: "",
      references: [neuralint("f004 (constant weight initialisation)"), theDeepChecker("poor weight initialisation")],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const heads = outputHeadIndices(model.architecture);
      for (const layer of model.architecture.layers) {
        const init = layer.kernelInitializer;
        if (!init || !INITIALIZERS[init.kind].constant) continue;
        if (!isLearningLayer(layer) || categoryOf(layer) === "normalization") continue;
        const data = { layer: layer.name, kind: layer.frameworkName, initializer: describeInitializer(init) };
        if (heads.has(layer.index)) {
          context.report({ messageId: "constantOutput", span: layer.span, layer, data, severity: "info" });
        } else {
          context.report({ messageId: "constantHidden", span: layer.span, layer, data });
        }
      }
    }
  },
});
