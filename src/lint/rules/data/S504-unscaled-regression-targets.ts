import { effectiveActivation, singleOutput, type EffectiveActivation } from "../../../model/graph.js";
import type { DataFacts, ModelFacts } from "../../../model/program.js";
import { ACTIVATIONS, LOSSES } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { CLASS_ENCODINGS, formatRange } from "../output/diagnose.js";
import { theDeepChecker } from "../references.js";
import { magnitude } from "./_scaling-helpers.js";

/** Whether the model is trained for regression: by its loss, or (no usable loss) by what its targets are. */
function isRegression(model: ModelFacts, targets: DataFacts): boolean {
  if (targets.encoding !== undefined && CLASS_ENCODINGS.has(targets.encoding)) return false;
  const loss = model.learner?.loss;
  if (loss && loss.kind !== "custom") return LOSSES[loss.kind].problem === "regression";
  return targets.task === "regression" || targets.encoding === "continuous";
}

/** The activation of a single-output model's output when it cannot reach the targets' range. */
function boundedOutput(model: ModelFacts, range: [number, number]): EffectiveActivation | undefined {
  const output = singleOutput(model.architecture);
  const effective = output && effectiveActivation(model.architecture, output.index);
  if (!effective) return undefined;
  const [low, high] = ACTIVATIONS[effective.activation].range;
  return range[0] < low || range[1] > high ? effective : undefined;
}

export default defineRule({
  meta: {
    code: "S504",
    name: "unscaled-regression-targets",
    family: "data",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.loss", "training.y range", "output layer activation"],
    messages: {
      unscaledTargets:
        "regression targets {labels} span {range} and reach {method} unscaled: losses and gradients of that size make training unstable and the learning rate hard to tune",
      boundedOutput:
        "regression targets {labels} span {range} and reach {method} unscaled, but {layer} outputs {activation} values in {outputRange}: the model cannot produce them",
    },
    options: {
      maxMagnitude: { description: "Largest absolute target value still considered scaled.", default: 1000 },
    },
    docs: {
      summary: "Regression targets spanning a large range (e.g. > 1e3) reach fit unscaled.",
      whatItChecks:
        "For a model trained with a regression loss (or, without a usable loss, on targets known to be continuous), the value range of the targets passed to fit, when known (a dataset's facts followed through the program's arithmetic): if their magnitude exceeds maxMagnitude, the rule reports at the fit call. It is an error when the output activation is bounded and cannot reach the targets (sigmoid, tanh, ReLU6...). Standardised or min-max scaled targets have no known large range and are not reported.",
      whyItMatters:
        "With targets in the hundreds of thousands (house prices in dollars), the initial mean squared error is around 1e10 and its gradients are huge: with ordinary learning rates the weights blow up to NaN, and with tiny ones training crawls; the output layer must also learn a huge bias before anything else. A bounded output activation can never reach such targets at all, so the loss stays at its maximum.",
      example: [
        "(x_train, y_train), _ = keras.datasets.california_housing.load_data()  # prices in dollars",
        "model.compile(loss='mse', optimizer='adam')",
        "model.fit(x_train, y_train)",
      ].join("\n"),
      fix: [
        "Scale the targets for training and invert the scaling on predictions:",
        "",
        "    y_mean, y_std = y_train.mean(), y_train.std()",
        "    model.fit(x_train, (y_train - y_mean) / y_std)",
        "    prices = model.predict(x_test) * y_std + y_mean",
      ].join("\n"),
      options: "maxMagnitude (default 1000): the largest absolute target value still considered scaled.",
      references: [theDeepChecker("over_scaled_outputs")],
    },
  },
  check(context) {
    const maxMagnitude = Number(context.options.maxMagnitude);
    for (const model of context.program.models) {
      for (const call of model.training) {
        const targets = call.y;
        if (!targets?.range || !isRegression(model, targets)) continue;
        if (!(magnitude(targets.range) > maxMagnitude)) continue;
        const data = { labels: targets.variable ?? "y", range: formatRange(targets.range), method: call.call };
        const bounded = boundedOutput(model, targets.range);
        if (bounded) {
          context.report({
            messageId: "boundedOutput",
            span: call.span,
            layer: bounded.layer,
            severity: "error",
            data: {
              ...data,
              layer: bounded.layer.name,
              activation: bounded.activation,
              outputRange: formatRange(ACTIVATIONS[bounded.activation].range),
            },
          });
        } else {
          context.report({ messageId: "unscaledTargets", span: call.span, data });
        }
      }
    }
  },
});
