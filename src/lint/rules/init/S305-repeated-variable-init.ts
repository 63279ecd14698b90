import { sessionLoops } from "../../../model/training.js";
import { defineRule } from "../../rule.js";
import { neuralint } from "../references.js";

export default defineRule({
  meta: {
    code: "S305",
    name: "repeated-variable-init",
    family: "init",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["tf1"],
    needs: ["TF1 session: initialiser runs and train-op runs, each with whether it is inside a loop"],
    messages: {
      initInLoop:
        "the variable initialiser runs inside the training loop (the train op runs in a loop at line {trainLine}): every iteration resets the weights to fresh random values, so nothing learned survives",
    },
    options: {},
    docs: {
      summary: "TF1: the global variable initialiser runs inside the training loop.",
      whatItChecks:
        "TF1 graph-mode programs where a run of `tf.global_variables_initializer()` (or `tf.initialize_all_variables()`, directly or through a variable) is inside a loop, and the train op also runs inside a loop. Reported at each such initialiser run. Silent when the train op never runs in a loop (that is S401's case) or when no train-op run was recognised.",
      whyItMatters:
        "The initialiser assigns every variable its initial (random) value, and it resets the optimizer's slots too. Run once per step or per epoch, it throws away all the training done since the last run: the loss never goes below its value after one epoch (or one step), and the accuracy stays near chance.",
      example: [
        "x = tf.placeholder(tf.float32, [None, 784])",
        "y = tf.placeholder(tf.float32, [None, 10])",
        "logits = tf.layers.dense(x, 10)",
        "loss = tf.losses.softmax_cross_entropy(y, logits)",
        "train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)",
        "with tf.Session() as sess:",
        "    for step in range(1000):",
        "        sess.run(tf.global_variables_initializer())",
        "        sess.run(train_op, feed_dict={x: np.zeros((1, 784)), y: np.zeros((1, 10))})",
      ].join("\n"),
      fix: [
        "Run the initialiser once, before the loop:",
        "",
        "    with tf.Session() as sess:",
        "        sess.run(tf.global_variables_initializer())",
        "        for step in range(1000):",
        "            sess.run(train_op, feed_dict=...)",
        "",
        "A deliberate restart (a loop over folds or hyper-parameters around the training loop, re-initialising for each) is correct: suppress the finding with a comment that says so.",
      ].join("\n"),
      options: "",
      references: [neuralint("f007 (repeated variable initialisation)")],
    },
  },
  check(context) {
    for (const loop of sessionLoops(context.program)) {
      const repeatedStep = (loop.steps ?? []).find((step) => step.repeated);
      if (!repeatedStep) continue;
      for (const init of loop.initializations ?? []) {
        if (init.how !== "initializer" || !init.repeated) continue;
        context.report({ messageId: "initInLoop", span: init.span, data: { trainLine: repeatedStep.span.line } });
      }
    }
  },
});
