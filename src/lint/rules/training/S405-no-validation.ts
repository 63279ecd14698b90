import { isFrameworkLoop } from "../../../model/training.js";
import { defineRule } from "../../rule.js";
import { UMLAUT } from "../references.js";

export default defineRule({
  meta: {
    code: "S405",
    name: "no-validation",
    family: "training",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tfjs"],
    needs: ["training calls (validation)"],
    messages: {
      noValidation: "{method} trains without validation_split or validation_data: overfitting cannot be seen during training",
    },
    options: {},
    docs: {
      summary: "Training without validation data or split.",
      whatItChecks:
        "A model whose every fit / fit_generator / fitDataset call is known to pass neither validation_split nor validation_data. Reported at the first such call. Calls whose keyword arguments are unknown (**kwargs) are not reported.",
      whyItMatters:
        "Without a validation curve, the training loss is the only signal: it keeps falling while the model memorises the training set. Overfitting, and the epoch at which to stop, cannot be seen until the model fails on new data.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10, activation='softmax')])",
        "model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train / 255.0, y_train, epochs=50)",
      ].join("\n"),
      fix: "Hold out data: `model.fit(x_train, y_train, epochs=50, validation_split=0.1)` (or validation_data=(x_val, y_val)).",
      options: "",
      references: [UMLAUT],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const calls = model.training.filter(isFrameworkLoop);
      if (calls.length === 0 || !calls.every((t) => t.validation === "none")) continue;
      const first = calls[0]!;
      context.report({ messageId: "noValidation", span: first.span, data: { method: first.call } });
    }
  },
});
