import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model, type ModelBuilder } from "../../../../test/helpers/model-builder.js";
import type { KerasPackage, ProgramModel } from "../../../model/program.js";
import rule from "./S606-mixed-keras-packages.js";

interface Packages {
  model?: KerasPackage;
  layers?: (KerasPackage | undefined)[];
  optimizer?: KerasPackage;
  loss?: KerasPackage;
  callbacks?: KerasPackage[];
}

/** The builder's program with the packages the front end would record. */
function packaged(builder: ModelBuilder, packages: Packages): ProgramModel {
  const program = builder.program();
  const facts = program.models[0]!;
  if (packages.model) facts.keras = { package: packages.model };
  (packages.layers ?? []).forEach((p, i) => {
    if (p) facts.architecture.layers[i]!.keras = { package: p };
  });
  if (packages.optimizer) facts.learner!.optimizer!.keras = { package: packages.optimizer };
  if (packages.loss) facts.learner!.loss!.keras = { package: packages.loss };
  if (packages.callbacks) {
    const fit = facts.training[0]!;
    fit.callbacks = packages.callbacks.map((p, i) => ({
      frameworkName: i === 0 ? "EarlyStopping" : "ModelCheckpoint",
      keras: { package: p },
      span: { file: "model.py", line: fit.span.line, column: 40 + 20 * i, endLine: fit.span.line, endColumn: 55 + 20 * i },
    }));
  }
  return program;
}

const net = () => model().dense(64, "relu").dense(10, "softmax").compile({ loss: "categorical_crossentropy", optimizer: "adam" }).fit({});

ruleTester(rule, {
  valid: [
    { name: "everything from tf.keras", program: packaged(net(), { model: "tf.keras", layers: ["tf.keras", "tf.keras"], optimizer: "tf.keras", loss: "tf.keras", callbacks: ["tf.keras"] }) },
    { name: "everything from keras", program: packaged(net(), { model: "keras", layers: ["keras", "keras"], optimizer: "keras" }) },
    { name: "packages unknown", program: net().program() },
    { name: "string optimizer and loss carry no package", program: packaged(net(), { model: "keras", layers: ["keras", undefined] }) },
    {
      name: "Python: layers and optimizer all from tf.keras",
      code: `
        import tensorflow as tf
        from tensorflow.keras.layers import Dense
        model = tf.keras.Sequential([Dense(10, activation='softmax', input_shape=(784,))])
        model.compile(optimizer=tf.keras.optimizers.Adam(), loss='categorical_crossentropy')
      `,
    },
  ],
  invalid: [
    {
      name: "a keras layer in a tf.keras model",
      program: packaged(net(), { model: "tf.keras", layers: ["tf.keras", "keras"] }),
      errors: [{ messageId: "mixedPackages", line: 2, column: 1, data: { object: "layer dense_1 (Dense)", package: "keras", reference: "the model", referencePackage: "tf.keras" } }],
    },
    {
      name: "a tf.keras optimizer and callback for a keras model",
      program: packaged(net(), { model: "keras", layers: ["keras", "keras"], optimizer: "tf.keras", callbacks: ["keras", "tf.keras"] }),
      errors: [
        { messageId: "mixedPackages", line: 3, column: 40, data: { object: "optimizer adam", package: "tf.keras" } },
        { messageId: "mixedPackages", line: 4, column: 60, data: { object: "callback ModelCheckpoint", package: "tf.keras" } },
      ],
    },
    {
      name: "model package unknown: the first layer's counts",
      program: packaged(net(), { layers: ["keras", "tf.keras"], loss: "tf.keras" }),
      errors: [
        { messageId: "mixedPackages", line: 2, data: { object: "layer dense_1 (Dense)", reference: "layer dense_0 (Dense)", referencePackage: "keras" } },
        { messageId: "mixedPackages", line: 3, column: 20, data: { object: "loss categorical_crossentropy", package: "tf.keras" } },
      ],
    },
    {
      name: "Python: a keras layer in a tf.keras model",
      code: `
        import tensorflow as tf
        from keras.layers import Dense
        model = tf.keras.Sequential([Dense(10, activation='softmax', input_shape=(784,))])
        model.compile(optimizer=tf.keras.optimizers.Adam(), loss='categorical_crossentropy')
      `,
      errors: [{ messageId: "mixedPackages", line: 3, column: 30, data: { object: "layer dense (Dense)", package: "keras", reference: "the model", referencePackage: "tf.keras" } }],
    },
  ],
});
