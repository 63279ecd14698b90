import { categoryOf, forwardFromInputs } from "../../../model/graph.js";
import type { Architecture, DataFacts } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { DEEPFD, UMLAUT, theDeepChecker } from "../references.js";
import { formatRange } from "../output/diagnose.js";

const LEARNING: ReadonlySet<LayerCategory> = new Set(["dense", "conv", "recurrent"]);
const HANDLES_INPUT: ReadonlySet<LayerCategory> = new Set(["preprocessing", "normalization", "embedding", "other"]);

/**
 * Whether the model itself scales or normalises its input (a Rescaling/Normalization layer, a
 * BatchNormalization or a Lambda before the first learning layer), or reads indices (an Embedding first).
 */
function modelHandlesInput(architecture: Architecture): boolean {
  const beforeLearning = forwardFromInputs(architecture, (layer) => LEARNING.has(categoryOf(layer)));
  return beforeLearning.some((layer) => HANDLES_INPUT.has(categoryOf(layer)));
}

const NORMALISING_OPS: ReadonlySet<string> = new Set(["standardize", "normalize"]);

function describeOrigin(x: DataFacts): string {
  return x.origin ? ` (${x.origin})` : "";
}

export default defineRule({
  meta: {
    code: "S501",
    name: "missing-input-normalization",
    family: "data",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["training.x range and transforms", "the model's first layers"],
    messages: {
      unscaledInput:
        "{data} reaches {method} with values in {range}{origin} and no scaling or standardisation on the way",
    },
    options: {
      maxMagnitude: { description: "Largest absolute input value still considered scaled.", default: 10 },
    },
    docs: {
      summary: "Inputs known to be unscaled (e.g. pixels in [0, 255]) reach fit with no scaling.",
      whatItChecks:
        "The inputs passed to fit, when their value range is known (a dataset loader's facts, followed through astype, reshape and arithmetic): if their magnitude exceeds maxMagnitude and no standardisation was applied, and the model does not scale its input itself (Rescaling, Normalization, BatchNormalization or a Lambda before the first learning layer; an Embedding reads indices).",
      whyItMatters:
        "Large inputs give large pre-activations: sigmoid and tanh units saturate, ReLU networks start with huge activations and gradients, and the learning rate that suits scaled data makes training diverge or crawl. Dividing pixels by 255 is often the difference between 98% and chance accuracy.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "x_train = x_train.reshape(-1, 784).astype('float32')",
        "model = keras.Sequential([layers.Dense(128, activation='relu', input_shape=(784,)), layers.Dense(10, activation='softmax')])",
        "model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train, y_train, epochs=5)",
      ].join("\n"),
      fix: [
        "Scale or standardise the inputs (and the test inputs the same way):",
        "",
        "    x_train = x_train.reshape(-1, 784).astype('float32') / 255.0",
        "    # or put layers.Rescaling(1/255) first in the model",
      ].join("\n"),
      options: "maxMagnitude (default 10): the largest absolute input value still considered scaled.",
      references: [theDeepChecker("missing input normalisation"), UMLAUT, DEEPFD],
    },
  },
  check(context) {
    const maxMagnitude = Number(context.options.maxMagnitude);
    for (const model of context.program.models) {
      if (modelHandlesInput(model.architecture)) continue;
      for (const call of model.training) {
        const x = call.x;
        if (!x?.range) continue;
        if (x.transforms.some((t) => NORMALISING_OPS.has(t.op))) continue;
        const magnitude = Math.max(Math.abs(x.range[0]), Math.abs(x.range[1]));
        if (!(magnitude > maxMagnitude)) continue;
        context.report({
          messageId: "unscaledInput",
          span: call.span,
          data: {
            data: x.variable ?? "the input",
            method: call.call,
            range: formatRange(x.range),
            origin: describeOrigin(x),
          },
        });
      }
    }
  },
});
