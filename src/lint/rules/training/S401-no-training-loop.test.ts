import { describe, expect, it } from "vitest";
import { programOf, ruleTester, runRuleOnProgram } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import type { LoopEvent, ProgramModel, SourceSpan, TrainingLoop } from "../../../model/program.js";
import rule from "./S401-no-training-loop.js";

const at = (line: number): SourceSpan => ({ file: "model.py", line, column: 5, endLine: line, endColumn: 20 });
const run = (line: number, repeated = true): LoopEvent => ({ span: at(line), repeated });
const tf1 = (loop: Omit<TrainingLoop, "driver" | "call" | "span">): ProgramModel =>
  model().dense(10).session({ initializations: [], unidentifiedRuns: [], ...loop }).program({ framework: "tf1" });

/** A dense classifier and its train op (lines 1-6; line 7 is blank). */
const GRAPH = `
  import tensorflow as tf
  x = tf.placeholder(tf.float32, [None, 784])
  y = tf.placeholder(tf.float32, [None, 10])
  logits = tf.layers.dense(x, 10)
  loss = tf.losses.softmax_cross_entropy(y, logits)
  train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
`;

ruleTester(rule, {
  valid: [
    {
      name: "the train op runs in a loop",
      code: `${GRAPH}
  with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      for step in range(500):
          sess.run(train_op, feed_dict={x: 0, y: 0})
`,
    },
    {
      name: "a loop over batches of unknown length",
      code: `${GRAPH}
  from my_data import batches
  with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      for bx, by in batches():
          sess.run(train_op, feed_dict={x: bx, y: by})
`,
    },
    {
      name: "the step function is called in a loop",
      code: `${GRAPH}
  def train_step(session):
      return session.run([train_op, loss])
  with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      for step in range(500):
          train_step(sess)
`,
    },
    {
      name: "a warm-up step, then a training loop",
      code: `${GRAPH}
  with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      sess.run(train_op)
      while True:
          train_op.run()
`,
    },
    {
      name: "a session that only evaluates",
      code: `${GRAPH}
  with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      print(sess.run(loss))
`,
    },
    { name: "hand-built: an unidentified run inside a loop may be the training step", program: tf1({ initializations: [], steps: [run(9, false)], unidentifiedRuns: [run(11)] }) },
  ],
  invalid: [
    {
      name: "one step, then evaluation",
      code: `${GRAPH}
  with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      sess.run(train_op, feed_dict={x: 0, y: 0})
      print("accuracy:", sess.run(loss))
`,
      errors: [{ messageId: "trainOnce", line: 10, column: 5, data: { steps: 1 } }],
    },
    {
      name: "a single full-batch step fetched with the loss",
      code: `${GRAPH}
  sess = tf.Session()
  sess.run(tf.global_variables_initializer())
  _, l = sess.run([train_op, loss])
  print("loss", l)
`,
      errors: [{ messageId: "trainOnce", line: 10, column: 8, data: { steps: 1 } }],
    },
    {
      name: "a training function called once",
      code: `${GRAPH}
  def main():
      with tf.Session() as sess:
          sess.run(tf.global_variables_initializer())
          sess.run(train_op)
  if __name__ == "__main__":
      main()
`,
      errors: [{ messageId: "trainOnce", line: 11, data: { steps: 1 } }],
    },
    {
      name: "hand-built: two runs outside loops, reported at the first; unidentified runs outside loops do not matter",
      program: tf1({ initializations: [], steps: [run(9, false), run(12, false)], unidentifiedRuns: [run(10, false)] }),
      errors: [{ messageId: "trainOnce", line: 9, column: 5, data: { steps: 2 } }],
    },
  ],
});

describe("S401 docs", () => {
  it("reports its documented example", async () => {
    const program = await programOf(`import numpy as np\nimport tensorflow as tf\n${rule.meta.docs.example}`);
    expect(runRuleOnProgram(rule, program)).toHaveLength(1);
  });
});
