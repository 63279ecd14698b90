import { defineRule } from "../../rule.js";
import { NEURALINT } from "../references.js";

export default defineRule({
  meta: {
    code: "S503",
    name: "no-shuffle",
    family: "data",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["training calls (shuffle)"],
    messages: {
      noShuffle: "{method} trains on unshuffled data (shuffle=False, or a dataset pipeline with no shuffle): batches arrive in the same order every epoch",
    },
    options: {},
    docs: {
      summary: "Training without shuffling the data.",
      whatItChecks:
        "A training call known not to shuffle: fit(shuffle=False), or a tf.data pipeline passed to fit without .shuffle(). Models with a stateful recurrent layer (which need ordered batches) are not reported.",
      whyItMatters:
        "Data stored sorted by class (common for datasets assembled class by class) then produces batches of a single class: the gradient swings from class to class, the loss oscillates, and the model ends biased toward the last classes seen in each epoch.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10, activation='softmax')])",
        "model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train / 255.0, y_train, epochs=10, shuffle=False)",
      ].join("\n"),
      fix: "Let fit shuffle (the default): `model.fit(x_train, y_train, epochs=10)`; for a tf.data pipeline add `.shuffle(buffer_size)`.",
      options: "",
      references: [`${NEURALINT}: meta-model, Data (shuffle)`],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      const stateful = model.architecture.layers.some((l) => l.config.stateful === true);
      if (stateful) continue;
      for (const call of model.training) {
        if (call.shuffle !== false) continue;
        context.report({ messageId: "noShuffle", span: call.span, data: { method: call.call } });
      }
    }
  },
});
