import { LEARNING_RATE_FAMILIES, OPTIMIZERS, optimizersOfFamily, type LearningRateFamily } from "../../../model/vocabulary.js";
import type { RuleOptionSpec } from "../../../report/finding.js";
import { defineRule } from "../../rule.js";
import { UMLAUT, theDeepChecker } from "../references.js";

const FAMILIES = Object.keys(LEARNING_RATE_FAMILIES) as LearningRateFamily[];

/** The option names of a family's range: `adamMin`, `adamMax`. */
function optionNames(family: LearningRateFamily): { min: string; max: string } {
  return { min: `${family}Min`, max: `${family}Max` };
}

/** Two options per optimizer family, their defaults the vocabulary's plausible range. */
const OPTIONS: Record<string, RuleOptionSpec & { default: number }> = Object.fromEntries(
  FAMILIES.flatMap((family) => {
    const [low, high] = LEARNING_RATE_FAMILIES[family].plausible;
    const members = optimizersOfFamily(family).join(", ");
    const { min, max } = optionNames(family);
    return [
      [min, { description: `Smallest plausible learning rate for ${members}.`, default: low }],
      [max, { description: `Largest plausible learning rate for ${members}.`, default: high }],
    ];
  }),
);

const OPTIONS_DOC = [
  "Ranges are inclusive, one per optimizer family. The defaults are wide enough that working tutorials stay inside them:",
  "",
  ...FAMILIES.map((family) => {
    const { min, max } = optionNames(family);
    return `- ${min} / ${max}, for ${optimizersOfFamily(family).join(", ")}: ${LEARNING_RATE_FAMILIES[family].basis}.`;
  }),
].join("\n");

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
    options: OPTIONS,
    docs: {
      summary: "A learning rate outside the optimizer's plausible range.",
      whatItChecks:
        "The learning rate of the optimizer that counts (written, or the framework default) against the plausible range of the optimizer's family: Adam-like optimizers (Adam, AdamW, Adamax, Nadam, RMSprop) 1e-6 to 0.1, SGD 1e-7 to 5, Adagrad 1e-6 to 1, Adadelta 1e-5 to 10, FTRL 1e-5 to 1 (see Options). Reported where the learning rate is written, or at the optimizer.",
      whyItMatters:
        "Too high: the loss oscillates or explodes to NaN, ReLU units die. Too low: the loss barely decreases in the epochs given and the model looks like it cannot learn. Adaptive optimizers take steps of about the learning rate per parameter, so values suited to SGD (1.0) wreck Adam.",
      example: [
        "model = keras.Sequential([layers.Dense(10, activation='softmax', input_shape=(784,))])",
        "model.compile(loss='categorical_crossentropy', optimizer=keras.optimizers.Adam(learning_rate=1.0))",
      ].join("\n"),
      fix: "Start from the optimizer's default (Adam 0.001, SGD 0.01) and tune by factors of 3-10: `keras.optimizers.Adam(learning_rate=1e-3)`.",
      options: OPTIONS_DOC,
      references: [theDeepChecker("high_lr / low_lr"), UMLAUT],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const optimizer = model.learner?.optimizer;
      const rate = optimizer?.learningRate;
      if (!optimizer || rate === undefined || !Number.isFinite(rate)) continue;
      const family: LearningRateFamily | undefined = OPTIMIZERS[optimizer.kind].learningRateFamily;
      if (!family) continue;
      const names = optionNames(family);
      const low = Number(context.options[names.min]);
      const high = Number(context.options[names.max]);
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
