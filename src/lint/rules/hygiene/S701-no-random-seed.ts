import { defineRule } from "../../rule.js";
import { DSLINTER } from "../references.js";

export default defineRule({
  meta: {
    code: "S701",
    name: "no-random-seed",
    family: "hygiene",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["program.seedSet", "training calls"],
    messages: {
      noSeed: "the program trains a model ({method}) without setting a random seed: results cannot be reproduced",
    },
    options: {},
    docs: {
      summary: "Training with no random seed set for the framework.",
      whatItChecks:
        "A program that trains a model and, as far as the front end can tell, sets no seed (tf.random.set_seed, keras.utils.set_random_seed, np.random.seed, tf.set_random_seed...). Reported once, at the first training call.",
      whyItMatters:
        "Weight initialisation, shuffling and dropout are random: two runs give different curves and accuracies, so a change cannot be told apart from noise and a failure cannot be replayed.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10, activation='softmax')])",
        "model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train / 255.0, y_train, epochs=10)  # no seed anywhere",
      ].join("\n"),
      fix: "Seed everything once at the start: `keras.utils.set_random_seed(42)` (sets Python, NumPy and TensorFlow seeds).",
      options: "",
      references: [DSLINTER],
    },
  },
  check(context) {
    if (context.program.seedSet !== false) return;
    // Keras training calls; TF1 sessions and custom loops are not (yet) held to it.
    const first = context.program.models.flatMap((m) => m.training.filter((loop) => loop.driver !== "session" && loop.driver !== "custom"))[0];
    if (!first) return;
    context.report({ messageId: "noSeed", span: first.span, data: { method: first.call } });
  },
});
