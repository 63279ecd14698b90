import { sessionLoops } from "../../../model/training.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

export default defineRule({
  meta: {
    code: "S401",
    name: "no-training-loop",
    family: "training",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["tf1"],
    needs: ["TF1 session: train-op runs and unidentified runs, each with whether it is inside a loop"],
    messages: {
      trainOnce:
        "the train op runs here outside any loop and nowhere inside one: training takes {steps} gradient step(s) in all",
    },
    options: {},
    docs: {
      summary: "TF1: the train op runs once, outside any loop.",
      whatItChecks:
        "TF1 graph-mode programs whose every run of the train op (the result of `optimizer.minimize(...)`, by `sess.run` or `op.run()`) is outside any loop, including loops in the functions that lead to the run. Reported at the first such run. Silent when a session run the front end could not identify happens inside a loop (it may be the training step, fetched through a variable of unknown value), and when no train-op run was recognised.",
      whyItMatters:
        "Each run of the train op is one gradient step. Run once, the model moves one small step from its random initialisation and is then used as if trained: its loss and accuracy stay at their initial, near-chance values.",
      example: [
        "x = tf.placeholder(tf.float32, [None, 784])",
        "y = tf.placeholder(tf.float32, [None, 10])",
        "logits = tf.layers.dense(x, 10)",
        "loss = tf.losses.softmax_cross_entropy(y, logits)",
        "train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)",
        "with tf.Session() as sess:",
        "    sess.run(tf.global_variables_initializer())",
        "    sess.run(train_op, feed_dict={x: np.zeros((1, 784)), y: np.zeros((1, 10))})",
      ].join("\n"),
      fix: [
        "Run the train op in a loop over steps (or epochs and batches):",
        "",
        "    for step in range(1000):",
        "        batch_x, batch_y = next_batch(100)",
        "        sess.run(train_op, feed_dict={x: batch_x, y: batch_y})",
      ].join("\n"),
      options: "",
      references: [neuralint("f022 (missing training loop)")],
    },
  },
  check(context) {
    for (const loop of sessionLoops(context.program)) {
      const steps = loop.steps ?? [];
      const first = steps[0];
      if (!first || steps.some((step) => step.repeated)) continue;
      if ((loop.unidentifiedRuns ?? []).some((run) => run.repeated)) continue;
      context.report({ messageId: "trainOnce", span: first.span, data: { steps: steps.length } });
    }
  },
});
