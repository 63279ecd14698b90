import { effectiveActivation, outputWidth, singleOutput } from "../../../model/graph.js";
import { defineRule } from "../../rule.js";
import { DEFECTS4ML, KERAS_ACTIVATIONS } from "../references.js";

export default defineRule({
  meta: {
    code: "S212",
    name: "softmax-on-multilabel",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["output layer activation", "training.y encoding"],
    messages: {
      softmaxOnMultiHot:
        "{layer} ({kind}) applies softmax, but the targets {labels} are multi-hot (several classes per sample{classes}): softmax makes the classes compete, so the model cannot predict more than one",
    },
    options: {},
    docs: {
      summary: "A softmax output trained on multi-hot (multi-label) targets.",
      whatItChecks:
        "For a single-output model whose targets passed to fit are known to be multi-hot (several 1s per row, e.g. from MultiLabelBinarizer over rows of several labels; over one label per sample, or over a column whose rows are not known to be label lists, the targets are not known to be multi-hot), the activation that last shapes the output must not be softmax. A width-1 softmax is left to S203 when it runs.",
      whyItMatters:
        "Softmax outputs sum to one: raising one class lowers all others. With two true labels the best the model can do is 0.5 for each, so every threshold at 0.5 misses labels and the loss never reaches its minimum. Multi-label classification needs independent probabilities: one sigmoid per class.",
      example: [
        "y = MultiLabelBinarizer().fit_transform(tags)  # several tags per sample",
        "model.add(layers.Dense(y.shape[1], activation='softmax'))",
        "model.compile(loss='binary_crossentropy', optimizer='adam')",
      ].join("\n"),
      fix: [
        "Use one sigmoid per class with binary cross-entropy:",
        "",
        "    model.add(layers.Dense(y.shape[1], activation='sigmoid'))",
        "    model.compile(loss='binary_crossentropy', optimizer='adam')",
      ].join("\n"),
      options: "",
      references: [DEFECTS4ML, KERAS_ACTIVATIONS],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const architecture = model.architecture;
      const output = singleOutput(architecture);
      if (!output) continue;
      const labels = model.training.find((call) => call.y !== undefined)?.y;
      if (labels?.encoding !== "multi-hot") continue;
      const effective = effectiveActivation(architecture, output.index);
      if (effective?.activation !== "softmax") continue;
      // A single-column softmax is S203's, when it runs.
      if (outputWidth(architecture, output.index) === 1 && context.isActive("S203")) continue;
      context.report({
        messageId: "softmaxOnMultiHot",
        span: effective.layer.span,
        layer: effective.layer,
        data: {
          layer: effective.layer.name,
          kind: effective.layer.frameworkName,
          labels: labels.variable ?? "y",
          classes: labels.numClasses !== undefined ? `, ${labels.numClasses} classes` : "",
        },
      });
    }
  },
});
