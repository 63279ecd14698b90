import { OPTIMIZERS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { UMLAUT, theDeepChecker } from "../references.js";

export default defineRule({
  meta: {
    code: "S402",
    name: "learning-rate-out-of-range",
    family: "training",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["learner.optimizer (kind, learning rate)"],
    messages: {
      tooHigh: "learning rate {learningRate} is above the plausible range for {optimizer} ({low} to {high}): training may diverge",
      tooLow: "learning rate {learningRate} is below the plausible range for {optimizer} ({low} to {high}): training may barely move",
    },
    options: {},
    docs: {
      summary: "A learning rate outside the optimizer's plausible range.",
      whatItChecks:
        "The learning rate of the optimizer that counts (written, or the framework default) against the optimizer's plausible range from the canonical vocabulary (e.g. Adam/RMSprop 1e-6..0.01, SGD 1e-5..1). Reported where the learning rate is written, or at the optimizer.",
      whyItMatters:
        "Too high: the loss oscillates or explodes to NaN, ReLU units die. Too low: the loss barely decreases in the epochs given and the model looks like it cannot learn. Adaptive optimizers take steps of about the learning rate per parameter, so values suited to SGD (0.1) wreck Adam.",
      example: [
        "model = keras.Sequential([layers.Dense(10, activation='softmax', input_shape=(784,))])",
        "model.compile(loss='categorical_crossentropy', optimizer=keras.optimizers.Adam(learning_rate=0.1))",
      ].join("\n"),
      fix: "Start from the optimizer's default (Adam 0.001, SGD 0.01) and tune by factors of 3-10: `keras.optimizers.Adam(learning_rate=1e-3)`.",
      options: "",
      references: [theDeepChecker("high_lr / low_lr"), UMLAUT],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const optimizer = model.learner?.optimizer;
      const rate = optimizer?.learningRate;
      if (!optimizer || rate === undefined || optimizer.kind === "unknown" || !Number.isFinite(rate)) continue;
      const [low, high] = OPTIMIZERS[optimizer.kind].plausibleLearningRate;
      const messageId = rate > high ? "tooHigh" : rate < low ? "tooLow" : undefined;
      if (!messageId) continue;
      context.report({
        messageId,
        span: optimizer.learningRateSpan ?? optimizer.span,
        data: { optimizer: optimizer.frameworkName, learningRate: rate, low, high },
      });
    }
  },
});
