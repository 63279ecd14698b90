import { categoryOf, forwardFromInputs } from "../../../model/graph.js";
import type { Architecture, DataFacts, DataTransform, Layer, SourceSpan } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule } from "../../rule.js";
import { formatRange } from "../output/diagnose.js";
import { theDeepChecker } from "../references.js";
import { dataName, describeTransform, isFixedDownscaling, magnitude, normalisingSteps } from "./_scaling-helpers.js";

/** Layers past which a Rescaling no longer scales the raw input. */
const ENDS_RAW_INPUT: ReadonlySet<LayerCategory> = new Set(["dense", "conv", "recurrent", "embedding", "other"]);

/**
 * The Rescaling layers a model applies to its input before its first learning layer, that shrink values
 * by at least minDivisor (`Rescaling(1./255)`).
 */
function inputRescalings(architecture: Architecture, minDivisor: number): Layer[] {
  const beforeLearning = forwardFromInputs(architecture, (layer) => ENDS_RAW_INPUT.has(categoryOf(layer)));
  return beforeLearning
    .filter((layer) => {
      const scale = layer.config.scale;
      return layer.kind === "rescaling" && scale !== undefined && scale !== 0 && Math.abs(scale) <= 1 / minDivisor;
    })
    .sort((a, b) => a.index - b.index);
}

/** A fixed downscaling applied to data that an earlier step had already brought to a small scale. */
interface RepeatedScaling {
  first: DataTransform;
  second: DataTransform;
}

function repeatedScaling(facts: DataFacts, minDivisor: number): RepeatedScaling | undefined {
  let first: DataTransform | undefined;
  for (const transform of facts.transforms) {
    const fixed = isFixedDownscaling(transform, minDivisor);
    // Standardising or min-max scaling already-scaled data is harmless (they adapt to the data); dividing
    // already-scaled data by a constant is not.
    if (first && fixed) return { first, second: transform };
    if (!first && normalisingSteps({ transforms: [transform] }, minDivisor).length > 0) first = transform;
  }
  return undefined;
}

function spanKey(span: SourceSpan): string {
  return `${span.line}:${span.column}`;
}

export default defineRule({
  meta: {
    code: "S502",
    name: "double-normalization",
    family: "data",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["data transforms of training/evaluation inputs", "the model's input layers"],
    messages: {
      scaledTwice: "{data} is scaled by {second} after it was already scaled by {first} (line {firstLine}){range}",
      rescaledInModel: "{layer} rescales by {scale} inputs that {data} already scaled by {first} (line {firstLine})",
    },
    options: {
      minDivisor: { description: "Smallest constant divisor counted as a normalising scaling (x / 255 counts, x / 2 does not).", default: 10 },
      maxScaledMagnitude: {
        description: "Inputs whose known final range still reaches this magnitude are not reported (16-bit images divided by 255 twice are in [0, 1]).",
        default: 0.1,
      },
    },
    docs: {
      summary: "Inputs are scaled twice (e.g. divided by 255 twice).",
      whatItChecks:
        "Follows the transforms of the inputs passed to fit, evaluate and predict (and of validation data): reports a division by a large constant (at least minDivisor) applied after the data were already scaled, standardised or min-max normalised, unless the known final range is still of a normal size; and a Rescaling layer at the model's input (scale at most 1/minDivisor) reading training inputs the program already scaled. Re-standardising scaled data is not reported: it adapts to the data.",
      whyItMatters:
        "Pixels divided by 255 twice lie in [0, 0.004]: every input is almost zero, the first layer's pre-activations are tiny, and the network trains as if it had no input; the learning rate that suits [0, 1] inputs is orders of magnitude too small. Training crawls or stalls without any error. The mistake is easy to make: `x /= 255` in a loading helper and again before fit, or a Rescaling(1/255) layer over data already divided.",
      example: [
        "x_train = x_train.astype('float32') / 255",
        "# ... later",
        "x_train = x_train / 255.0",
        "model.fit(x_train, y_train)",
      ].join("\n"),
      fix: "Scale once: remove the second division (or the Rescaling layer, or the division before it), and keep the same scaling for the test data.",
      options:
        "minDivisor (default 10): smallest constant divisor counted as a normalising scaling. maxScaledMagnitude (default 0.1): inputs whose known final range still reaches this magnitude are not reported.",
      references: [theDeepChecker("double_normalization")],
    },
  },
  check(context) {
    const minDivisor = Number(context.options.minDivisor);
    const maxScaledMagnitude = Number(context.options.maxScaledMagnitude);
    const reported = new Set<string>();
    for (const model of context.program.models) {
      const arrays: DataFacts[] = [];
      for (const call of model.training) {
        if (call.x) arrays.push(call.x);
        if (call.validationData?.x) arrays.push(call.validationData.x);
      }
      const trainingInputs = model.training.flatMap((call) => (call.x ? [call.x] : []));
      for (const call of model.inference) if (call.x) arrays.push(call.x);

      for (const facts of arrays) {
        const repeated = repeatedScaling(facts, minDivisor);
        if (!repeated) continue;
        if (facts.range && magnitude(facts.range) >= maxScaledMagnitude) continue;
        const key = spanKey(repeated.second.span);
        if (reported.has(key)) continue;
        reported.add(key);
        context.report({
          messageId: "scaledTwice",
          span: repeated.second.span,
          data: {
            data: dataName(facts, "the input"),
            first: describeTransform(repeated.first),
            second: describeTransform(repeated.second),
            firstLine: repeated.first.span.line,
            range: facts.range ? `: values now in ${formatRange(facts.range)}` : "",
          },
        });
      }

      for (const layer of inputRescalings(model.architecture, minDivisor)) {
        const scaled = trainingInputs.find((x) => normalisingSteps(x, minDivisor).length > 0);
        if (!scaled || reported.has(spanKey(layer.span))) continue;
        reported.add(spanKey(layer.span));
        const first = normalisingSteps(scaled, minDivisor)[0]!;
        context.report({
          messageId: "rescaledInModel",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            scale: Number(layer.config.scale!.toPrecision(4)),
            data: dataName(scaled, "the training input"),
            first: describeTransform(first),
            firstLine: first.span.line,
          },
        });
      }
    }
  },
});
