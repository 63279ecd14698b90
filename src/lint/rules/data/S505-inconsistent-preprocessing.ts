import type { DataFacts, SourceSpan } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { DEFECTS4ML } from "../references.js";
import { dataName, describePreparation, magnitude, normalisingSteps } from "./_scaling-helpers.js";

/** An array passed to the model other than the training inputs, and where. */
interface OtherInput {
  facts: DataFacts;
  method: string;
  span: SourceSpan;
}

/**
 * Why `other` is not prepared like `train`, or undefined when it is (or nothing says otherwise):
 * their known value ranges differ by minRatio or more, or they come from the same dataset and only one
 * of them was scaled.
 */
function inconsistent(train: DataFacts, other: DataFacts, minDivisor: number, minRatio: number): boolean {
  if (train.range && other.range) {
    const a = magnitude(train.range);
    const b = magnitude(other.range);
    if (a > 0 && b > 0) return Math.max(a, b) / Math.min(a, b) >= minRatio;
  }
  if (train.origin === undefined || train.origin !== other.origin) return false;
  const trainScaled = normalisingSteps(train, minDivisor).length > 0;
  const otherScaled = normalisingSteps(other, minDivisor).length > 0;
  return trainScaled !== otherScaled;
}

export default defineRule({
  meta: {
    code: "S505",
    name: "inconsistent-preprocessing",
    family: "data",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tfjs"],
    needs: ["training.x and evaluate/predict/validation inputs (range, origin, transforms)"],
    messages: {
      inconsistentInput:
        "{data} passed to {method} is {prep}; the training inputs {train} were {trainPrep}: the model is applied to data unlike what it learned from",
    },
    options: {
      minRatio: { description: "Ratio between the known value magnitudes of training and other inputs from which they are reported.", default: 10 },
      minDivisor: { description: "Smallest constant divisor counted as a scaling (x / 255 counts, x / 2 does not).", default: 10 },
    },
    docs: {
      summary: "Data passed to evaluate/predict (or validation data) are not transformed like the training data.",
      whatItChecks:
        "Compares the inputs of the first fit call with the inputs passed to evaluate and predict and with the validation data: it reports when their known value ranges differ by a factor of minRatio or more, or when both come from the same dataset and only one of them was scaled, standardised or normalised. Inputs of unknown origin and range are not reported.",
      whyItMatters:
        "A network learns weights for the scale of its training inputs. Test images left in [0, 255] after training on [0, 1] push every unit far outside the range it was trained on: predictions collapse to one class, and the reported test accuracy (or the validation curve) says the model is broken when only the preprocessing differs, or hides a real problem behind a wrong number.",
      example: [
        "(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()",
        "x_train = x_train / 255.0",
        "model.fit(x_train, y_train, epochs=5)",
        "model.evaluate(x_test, y_test)  # x_test is still in [0, 255]",
      ].join("\n"),
      fix: [
        "Apply the same preprocessing to every split, ideally in one function (or inside the model):",
        "",
        "    def prepare(x):",
        "        return x.astype('float32') / 255.0",
        "    model.fit(prepare(x_train), y_train)",
        "    model.evaluate(prepare(x_test), y_test)",
      ].join("\n"),
      options:
        "minRatio (default 10): ratio between the known value magnitudes from which inputs are reported. minDivisor (default 10): smallest constant divisor counted as a scaling.",
      references: [DEFECTS4ML],
    },
  },
  check(context) {
    const minRatio = Number(context.options.minRatio);
    const minDivisor = Number(context.options.minDivisor);
    for (const model of context.program.models) {
      const fit = model.training.find((call) => call.x !== undefined);
      const train = fit?.x;
      if (!fit || !train) continue;
      const others: OtherInput[] = [];
      for (const call of model.training) {
        const x = call.validationData?.x;
        if (x) others.push({ facts: x, method: `the validation data of ${call.call}`, span: call.span });
      }
      for (const call of model.inference) {
        if (call.x) others.push({ facts: call.x, method: call.method, span: call.span });
      }
      for (const other of others) {
        if (!inconsistent(train, other.facts, minDivisor, minRatio)) continue;
        context.report({
          messageId: "inconsistentInput",
          span: other.span,
          data: {
            data: dataName(other.facts, "the input"),
            method: other.method,
            prep: describePreparation(other.facts, minDivisor),
            train: dataName(train, "of fit"),
            trainPrep: describePreparation(train, minDivisor),
          },
        });
      }
    }
  },
});
