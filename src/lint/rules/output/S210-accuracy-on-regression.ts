import { LOSSES, METRICS } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { UMLAUT } from "../references.js";

const CLASS_ENCODINGS = new Set(["one-hot", "integer", "multi-hot", "binary"]);

export default defineRule({
  meta: {
    code: "S210",
    name: "accuracy-on-regression",
    family: "output",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tfjs"],
    needs: ["learner.loss", "learner.metrics"],
    messages: {
      accuracyOnRegression: "{metric} is a classification metric, but the model is trained with the regression loss {loss}: the number it reports is meaningless",
    },
    options: {},
    docs: {
      summary: "An accuracy metric on a regression loss.",
      whatItChecks:
        "A model compiled with a regression loss (mse, mae, huber...) and a classification metric (accuracy, binary/categorical accuracy, precision, recall, AUC), unless the targets are known to be class labels (then S207 reports the loss). Reported at the metric.",
      whyItMatters:
        "Accuracy compares predictions with targets for exact (rounded) equality. On continuous targets it is near zero whatever the model does, so it hides real progress or sends the user after a problem that does not exist; the MAE or RMSE is the number to watch.",
      example: [
        "model = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(13,)), layers.Dense(1)])",
        "model.compile(loss='mse', optimizer='adam', metrics=['accuracy'])",
      ].join("\n"),
      fix: "Report a regression metric: `model.compile(loss='mse', optimizer='adam', metrics=['mae'])`.",
      options: "",
      references: [UMLAUT],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const learner = model.learner;
      const loss = learner?.loss;
      if (!learner || !loss || LOSSES[loss.kind].problem !== "regression") continue;
      const labels = model.training.find((t) => t.y)?.y;
      if (labels?.encoding && CLASS_ENCODINGS.has(labels.encoding)) continue;
      for (const metric of learner.metrics) {
        if (!METRICS[metric.kind].classification) continue;
        context.report({ messageId: "accuracyOnRegression", span: metric.span, data: { metric: metric.frameworkName, loss: loss.frameworkName } });
      }
    }
  },
});
