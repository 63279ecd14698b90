import { sessionLoops } from "../../../model/training.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

export default defineRule({
  meta: {
    code: "S304",
    name: "missing-variable-init",
    family: "init",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["tf1"],
    needs: ["TF1 session: its creation, initialiser runs, train-op runs, unidentified runs and checkpoint restores"],
    messages: {
      missingInit:
        "this session runs the train op (line {trainLine}) but never runs a variable initialiser: the first training step fails on uninitialised variables",
    },
    options: {},
    docs: {
      summary: "TF1: a session trains without ever running the global variable initialiser.",
      whatItChecks:
        "TF1 graph-mode programs that create a `tf.Session` / `tf.InteractiveSession` and run a train op (the result of `optimizer.minimize(...)`, by `sess.run` or `op.run()`), while no run of `tf.global_variables_initializer()` (or `tf.initialize_all_variables()`, directly or through a variable such as `init`) appears anywhere. Reported at the session's creation. Silent when the session is not one the front end saw created (a `tf.train.MonitoredTrainingSession` initialises variables itself), when a session run before the first training step fetches something the front end could not identify (it may be an initialiser: `tf.group(...)` of unknown ops, a helper's result; a run after training began cannot have initialised what the first step needed), when variables are restored from a checkpoint (`saver.restore`), and for Keras-only programs (Keras initialises its variables).",
      whyItMatters:
        "In graph mode a variable has no value until its initialiser op runs. The first `sess.run(train_op)` fails with FailedPreconditionError (\"Attempting to use uninitialized value\"), so the program never trains.",
      example: [
        "x = tf.placeholder(tf.float32, [None, 784])",
        "y = tf.placeholder(tf.float32, [None, 10])",
        "logits = tf.layers.dense(x, 10)",
        "loss = tf.losses.softmax_cross_entropy(y, logits)",
        "train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)",
        "with tf.Session() as sess:",
        "    for step in range(1000):",
        "        sess.run(train_op, feed_dict={x: np.zeros((1, 784)), y: np.zeros((1, 10))})",
      ].join("\n"),
      fix: [
        "Run the initialiser once, after building the graph and before training:",
        "",
        "    with tf.Session() as sess:",
        "        sess.run(tf.global_variables_initializer())",
        "        for step in range(1000):",
        "            sess.run(train_op, feed_dict=...)",
      ].join("\n"),
      options: "",
      references: [neuralint("f010 (missing variable initialisation)")],
    },
  },
  check(context) {
    for (const loop of sessionLoops(context.program)) {
      // Only a session we saw created: a monitored or borrowed session may initialise variables itself.
      if (!loop.sessionSpan || loop.initializations === undefined) continue;
      const firstStep = loop.steps?.[0];
      // A run the front end could not identify may be an initialiser, unless it came after training began.
      const mayInitialise = (loop.unidentifiedRuns ?? []).some((run) => !run.afterStep);
      if (!firstStep || loop.initializations.length > 0 || mayInitialise) continue;
      context.report({ messageId: "missingInit", span: loop.sessionSpan, data: { trainLine: firstStep.span.line } });
    }
  },
});
