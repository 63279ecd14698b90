import { describe, expect, it } from "vitest";
import { programOf, ruleTester, runRuleOnProgram } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import type { LoopEvent, ProgramModel, SourceSpan, TrainingLoop } from "../../../model/program.js";
import rule from "./S305-repeated-variable-init.js";

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
      name: "the initialiser runs once, before the loop",
      code: `${GRAPH}
  init = tf.global_variables_initializer()
  with tf.Session() as sess:
      sess.run(init)
      for step in range(1000):
          sess.run(train_op)
`,
    },
    {
      name: "an initialiser in a loop, but the train op runs once (S401's case)",
      code: `${GRAPH}
  with tf.Session() as sess:
      for i in range(3):
          sess.run(tf.global_variables_initializer())
      sess.run(train_op)
`,
    },
    {
      name: "an initialiser in a loop with no train op run",
      code: `${GRAPH}
  for path in ["a", "b"]:
      with tf.Session() as sess:
          sess.run(tf.global_variables_initializer())
          print(sess.run(logits))
`,
    },
    { name: "hand-built: no loop anywhere", program: tf1({ initializations: [{ ...run(8, false), how: "initializer" }], steps: [run(9, false)] }) },
  ],
  invalid: [
    {
      name: "the initialiser runs at every step",
      code: `${GRAPH}
  init = tf.global_variables_initializer()
  with tf.Session() as sess:
      for step in range(1000):
          sess.run(init)
          _, l = sess.run([train_op, loss])
`,
      errors: [{ messageId: "initInLoop", line: 11, column: 9, data: { trainLine: 12 } }],
    },
    {
      name: "the initialiser runs at every epoch, the train op in the batch loop",
      code: `${GRAPH}
  with tf.Session() as sess:
      for epoch in range(20):
          sess.run(tf.global_variables_initializer())
          for start in range(0, 1000, 64):
              sess.run(train_op)
`,
      errors: [{ messageId: "initInLoop", line: 10, data: { trainLine: 12 } }],
    },
    {
      name: "op.run() spellings, training in a while loop",
      code: `${GRAPH}
  sess = tf.InteractiveSession()
  step = 0
  while step < 10:
      tf.initialize_all_variables().run()
      train_op.run()
      step += 1
`,
      errors: [{ messageId: "initInLoop", line: 11, data: { trainLine: 12 } }],
    },
    {
      name: "hand-built: each initialiser run in a loop is reported",
      program: tf1({ initializations: [{ ...run(8, false), how: "initializer" }, { ...run(10), how: "initializer" }, { ...run(14), how: "initializer" }], steps: [run(9, false), run(11)] }),
      errors: [
        { messageId: "initInLoop", line: 10, column: 5, data: { trainLine: 11 } },
        { messageId: "initInLoop", line: 14 },
      ],
    },
  ],
});

describe("S305 docs", () => {
  it("reports its documented example", async () => {
    const program = await programOf(`import numpy as np\nimport tensorflow as tf\n${rule.meta.docs.example}`);
    expect(runRuleOnProgram(rule, program)).toHaveLength(1);
  });
});
