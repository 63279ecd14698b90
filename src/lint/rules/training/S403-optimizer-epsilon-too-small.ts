import { OPTIMIZERS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { theDeepChecker } from "../references.js";


export default defineRule({
  meta: {
    code: "S403",
    name: "optimizer-epsilon-too-small",
    family: "training",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.optimizer (kind, epsilon)"],
    messages: {
      epsilonTooSmall: "{optimizer} epsilon {epsilon} is below {minEpsilon}: parameters with tiny gradient variance get huge, unstable steps",
    },
    options: {
      minEpsilon: { description: "Smallest epsilon considered numerically safe.", default: 1e-10 },
    },
    docs: {
      summary: "Adam/RMSprop epsilon below 1e-10.",
      whatItChecks: "The epsilon of an adaptive optimizer (Adam, AdamW, Nadam, Adamax, RMSprop, Adagrad, Adadelta), when known, against minEpsilon.",
      whyItMatters:
        "Adaptive optimizers divide by sqrt(v) + epsilon. With a tiny epsilon, parameters whose gradients are nearly constant (v close to 0) take steps of about the learning rate divided by a number close to zero: the loss spikes, and in float32 it can turn into inf/NaN.",
      example: [
        "model = keras.Sequential([layers.Dense(1, input_shape=(8,))])",
        "model.compile(loss='mse', optimizer=keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-12))",
      ].join("\n"),
      fix: "Keep the default epsilon (1e-7 in Keras) or raise it (1e-4..1 is used for stability in some models).",
      options: "minEpsilon (default 1e-10): the smallest epsilon considered numerically safe.",
      references: [theDeepChecker("low_adam_epsilon")],
    },
  },
  check(context) {
    const minEpsilon = Number(context.options.minEpsilon);
    for (const model of context.program.models) {
      const optimizer = model.learner?.optimizer;
      if (!optimizer || optimizer.epsilon === undefined || !("epsilon" in OPTIMIZERS[optimizer.kind].defaults)) continue;
      if (!(optimizer.epsilon < minEpsilon)) continue;
      context.report({
        messageId: "epsilonTooSmall",
        span: optimizer.span,
        data: { optimizer: optimizer.frameworkName, epsilon: optimizer.epsilon, minEpsilon },
      });
    }
  },
});
