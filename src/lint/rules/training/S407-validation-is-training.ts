import type { TrainingLoop } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { DEFECTS4ML } from "../references.js";

/** The variable names of a call's validation data, in order: as written, or from the validation data facts. */
function validationNames(call: TrainingLoop): (string | undefined)[] {
  if (call.validationVariables && call.validationVariables.length > 0) return call.validationVariables;
  const data = call.validationData;
  return data ? [data.x?.variable, data.y?.variable] : [];
}

/**
 * The training variables the validation data repeat, or undefined when they differ or are not known to
 * be the same. With labels, both inputs and labels must be the training ones; a generator or dataset call
 * (no separate labels) validates on its own training source.
 */
function repeatedTrainingData(call: TrainingLoop): string[] | undefined {
  if (call.validation !== "data") return undefined;
  const names = validationNames(call);
  const x = call.x?.variable ?? call.dataVariables?.x;
  if (x === undefined || names[0] !== x) return undefined;
  const y = call.y?.variable ?? call.dataVariables?.y;
  if (y === undefined) return call.driver === "fit" ? undefined : [x];
  if (names[1] !== y) return undefined;
  return [x, y];
}

export default defineRule({
  meta: {
    code: "S407",
    name: "validation-is-training",
    family: "training",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tfjs"],
    needs: ["training calls (x, y and validation data variables)"],
    messages: {
      validationIsTraining:
        "{method} validates on its own training data ({data}): the validation curve only repeats the training curve, so overfitting cannot be seen",
    },
    options: {},
    docs: {
      summary: "The validation data are the training data.",
      whatItChecks:
        "A fit call whose validation_data names the same variables as its training inputs and labels (`fit(x_train, y_train, validation_data=(x_train, y_train))`), or a generator/dataset call validating on its own training source. Variables are compared at the call, so they hold the same arrays. Calls whose validation data are expressions or unknown are not reported.",
      whyItMatters:
        "Validation exists to measure how the model does on data it did not learn from. On the training data the validation loss falls with the training loss, so overfitting, early stopping and checkpoint selection (which watch val_loss) all act on a meaningless signal, and the reported validation accuracy overstates what the model will do on new data.",
      example: "model.fit(x_train, y_train, epochs=20, validation_data=(x_train, y_train))",
      fix: [
        "Hold out data the model does not train on:",
        "",
        "    model.fit(x_train, y_train, epochs=20, validation_data=(x_val, y_val))",
        "    # or",
        "    model.fit(x_train, y_train, epochs=20, validation_split=0.1)",
      ].join("\n"),
      options: "",
      references: [DEFECTS4ML],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      for (const call of model.training) {
        const repeated = repeatedTrainingData(call);
        if (!repeated) continue;
        context.report({ messageId: "validationIsTraining", span: call.span, data: { method: call.call, data: repeated.join(", ") } });
      }
    }
  },
});
