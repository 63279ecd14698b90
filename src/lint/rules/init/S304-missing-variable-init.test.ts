import { describe, expect, it } from "vitest";
import { programOf, ruleTester, runRuleOnProgram } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import type { LoopEvent, ProgramModel, SourceSpan, TrainingLoop } from "../../../model/program.js";
import rule from "./S304-missing-variable-init.js";

const at = (line: number): SourceSpan => ({ file: "model.py", line, column: 1, endLine: line, endColumn: 10 });
const run = (line: number, repeated = true): LoopEvent => ({ span: at(line), repeated });
/** A TF1 program with the given session facts (the graph model itself does not matter to this rule). */
const tf1 = (loop: Omit<TrainingLoop, "driver" | "call" | "span">): ProgramModel =>
  model().dense(10).session({ initializations: [], unidentifiedRuns: [], ...loop }).program({ framework: "tf1" });

/** The graph every Python case builds: a dense classifier and its train op (lines 1-6; line 7 is blank). */
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
      name: "the initialiser runs before the training loop",
      code: `${GRAPH}
  with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      for step in range(100):
          sess.run(train_op)
`,
    },
    {
      name: "init = ...; sess.run(init)",
      code: `${GRAPH}
  init = tf.global_variables_initializer()
  sess = tf.Session()
  sess.run(init)
  for step in range(100):
      _, l = sess.run([train_op, loss])
`,
    },
    {
      name: "tf.initialize_all_variables().run() under an InteractiveSession, train_op.run()",
      code: `${GRAPH}
  sess = tf.InteractiveSession()
  tf.initialize_all_variables().run()
  for step in range(100):
      train_op.run()
`,
    },
    {
      name: "the initialiser runs in a helper function",
      code: `${GRAPH}
  def initialise(session):
      session.run(tf.global_variables_initializer())
  with tf.Session() as sess:
      initialise(sess)
      for step in range(100):
          sess.run(train_op)
`,
    },
    {
      name: "a MonitoredTrainingSession initialises variables itself",
      code: `${GRAPH}
  with tf.train.MonitoredTrainingSession(checkpoint_dir="ckpt") as sess:
      while not sess.should_stop():
          sess.run(train_op)
`,
    },
    {
      name: "a session that never trains",
      code: `${GRAPH}
  with tf.Session() as sess:
      print(sess.run(logits))
`,
    },
    {
      name: "a Keras program",
      code: `
  import tensorflow as tf
  model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax", input_shape=(784,))])
  model.compile(optimizer="adam", loss="categorical_crossentropy")
`,
    },
    { name: "a run the front end could not identify may initialise", program: tf1({ sessionSpan: at(8), initializations: [], steps: [run(10)], unidentifiedRuns: [run(9, false)] }) },
    { name: "variables restored from a checkpoint", program: tf1({ sessionSpan: at(8), steps: [run(10)], initializations: [{ ...run(9, false), how: "restore" }] }) },
    { name: "a session the front end did not see created", program: tf1({ initializations: [], steps: [run(10)] }) },
    {
      name: "a run of unknown fetches before training may be the initialiser",
      code: `${GRAPH}
  with tf.Session() as sess:
      sess.run(setup_ops())
      for step in range(100):
          sess.run(train_op)
`,
    },
    {
      name: "a dataset iterator's initialiser is not the variables' (but the variables' initialiser runs)",
      code: `${GRAPH}
  it = tf.data.Dataset.from_tensor_slices(([0.0], [0.0])).make_initializable_iterator()
  with tf.Session() as sess:
      sess.run([tf.global_variables_initializer(), it.initializer])
      for step in range(100):
          sess.run(train_op)
`,
    },
  ],
  invalid: [
    {
      name: "a session trains without running the initialiser",
      code: `${GRAPH}
  with tf.Session() as sess:
      for step in range(2000):
          sess.run(train_op, feed_dict={x: 0, y: 0})
`,
      errors: [{ messageId: "missingInit", line: 8, column: 6, data: { trainLine: 10 } }],
    },
    {
      name: "tf.compat.v1: the initialiser op is built but never run",
      code: `
  import tensorflow.compat.v1 as tf
  tf.disable_v2_behavior()
  X = tf.placeholder(tf.float32, shape=[None, 3])
  Y = tf.placeholder(tf.float32, shape=[None, 1])
  W = tf.Variable(tf.random_normal([3, 1], stddev=0.1))
  cost = tf.reduce_mean(tf.square(tf.matmul(X, W) - Y))
  optimizer = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
  init = tf.global_variables_initializer()
  sess = tf.Session()
  for epoch in range(300):
      _, c = sess.run([optimizer, cost])
`,
      errors: [{ messageId: "missingInit", line: 9, column: 8, data: { trainLine: 11 } }],
    },
    {
      name: "hand-built: reported at the session, naming the first train-op run",
      program: tf1({ sessionSpan: at(8), initializations: [], steps: [run(12), run(14, false)], unidentifiedRuns: [] }),
      errors: [{ messageId: "missingInit", line: 8, column: 1, data: { trainLine: 12 } }],
    },
    {
      name: "an evaluation run of unknown fetches after training cannot hide the missing initialiser",
      code: `${GRAPH}
  with tf.Session() as sess:
      for step in range(100):
          sess.run(train_op)
      print(sess.run(evaluation_ops()))
`,
      errors: [{ messageId: "missingInit", line: 8, data: { trainLine: 10 } }],
    },
  ],
});

describe("S304 docs", () => {
  it("reports its documented example", async () => {
    const program = await programOf(`import numpy as np\nimport tensorflow as tf\n${rule.meta.docs.example}`);
    expect(runRuleOnProgram(rule, program)).toHaveLength(1);
  });
});
