import type { KerasPackage, Layer, ModelFacts, SourceSpan } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { DEFECTS4ML } from "../references.js";

/** A Keras object of a model whose package is known. */
interface PackagedObject {
  description: string;
  package: KerasPackage;
  span: SourceSpan;
  layer?: Layer;
}

/** Every object of the model whose package the front end recorded, in program order of kind. */
function packagedObjects(model: ModelFacts): PackagedObject[] {
  const objects: PackagedObject[] = [];
  for (const layer of model.architecture.layers) {
    if (layer.keras) objects.push({ description: `layer ${layer.name} (${layer.frameworkName})`, package: layer.keras.package, span: layer.span, layer });
  }
  const optimizer = model.learner?.optimizer;
  if (optimizer?.keras) objects.push({ description: `optimizer ${optimizer.frameworkName}`, package: optimizer.keras.package, span: optimizer.span });
  const loss = model.learner?.loss;
  if (loss?.keras) objects.push({ description: `loss ${loss.frameworkName}`, package: loss.keras.package, span: loss.span });
  for (const call of model.training) {
    for (const callback of call.callbacks ?? []) {
      if (callback.keras) objects.push({ description: `callback ${callback.frameworkName}`, package: callback.keras.package, span: callback.span });
    }
  }
  return objects;
}

export default defineRule({
  meta: {
    code: "S606",
    name: "mixed-keras-packages",
    family: "api",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras"],
    needs: ["the package (keras or tf.keras) of the model, its layers, optimizer, loss and callbacks"],
    messages: {
      mixedPackages: "{object} comes from {package}, but {reference} comes from {referencePackage}: standalone keras and tf.keras objects do not mix in one model",
    },
    options: {},
    docs: {
      summary: "Objects from standalone keras and tensorflow.keras mixed in one model.",
      whatItChecks:
        "For each model, the package each Keras object came from: the model class, its layers, its optimizer and loss objects and the callbacks of its training calls (`from keras.layers import Dense` is standalone keras; `tf.keras`, `tensorflow.keras` are tf.keras). Every object from another package than the model's (or, when the model's is unknown, than its first layer's) is reported. String names ('adam') belong to no package and are not checked. `from keras import layers` after `from tensorflow import keras` counts as tf.keras: the author treats the two as one, and they are one wherever that code runs.",
      whyItMatters:
        "Standalone Keras 2 and tf.keras are two libraries with their own layer, tensor and optimizer classes. Mixing them fails with confusing errors (`The added layer must be an instance of class Layer`, `'Adam' object has no attribute ...`, symbolic tensor errors), or, in some versions, runs with callbacks or optimizers that silently never act on the model. Since TensorFlow 2.16 `tf.keras` may be Keras 3 while `keras` is too, but code written against both APIs still breaks across versions.",
      example: [
        "import tensorflow as tf",
        "from keras.layers import Dense",
        "model = tf.keras.Sequential([Dense(10, activation='softmax', input_shape=(784,))])",
        "model.compile(optimizer=tf.keras.optimizers.Adam(), loss='categorical_crossentropy')",
      ].join("\n"),
      fix: "Import everything from one package: `from tensorflow.keras.layers import Dense` (or use `keras` for everything).",
      options: "",
      references: [DEFECTS4ML],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const objects = packagedObjects(model);
      const reference = model.keras
        ? { description: "the model", package: model.keras.package }
        : objects[0];
      if (!reference) continue;
      for (const object of objects) {
        if (object.package === reference.package) continue;
        const report = {
          messageId: "mixedPackages" as const,
          span: object.span,
          data: { object: object.description, package: object.package, reference: reference.description, referencePackage: reference.package },
        };
        context.report(object.layer ? { ...report, layer: object.layer } : report);
      }
    }
  },
});
