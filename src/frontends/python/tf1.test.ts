import { describe, expect, test } from "vitest";
import type { ProgramModel, TrainingLoop } from "../../model/program.js";
import { sessionLoops } from "../../model/training.js";
import { analyze, layerSignature, onlyModel } from "./testing.js";

/** The program's only session loop. */
function sessionLoop(program: ProgramModel): TrainingLoop {
  const loops = sessionLoops(program);
  if (loops.length !== 1) throw new Error(`expected one session loop, got ${loops.length}`);
  return loops[0]!;
}

const GRAPH = `
  import tensorflow as tf
  x = tf.placeholder(tf.float32, [None, 28, 28, 1])
  y = tf.placeholder(tf.float32, [None, 10])
  conv = tf.layers.conv2d(x, 16, 5, activation=tf.nn.relu)
  pool = tf.layers.max_pooling2d(conv, 2, 2)
  flat = tf.layers.flatten(pool)
  drop = tf.layers.dropout(flat)
  out = tf.layers.dense(drop, 10, activation=tf.nn.softmax)
  loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=out, labels=y))
  train_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)
`;

describe("TF1 graph mode", () => {
  test("placeholders and tf.layers make a graph model; minimize sets its learner and output", async () => {
    const { program } = await analyze(`${GRAPH}
      with tf.Session() as sess:
          sess.run(tf.global_variables_initializer())
          for step in range(100):
              sess.run(train_op, feed_dict={x: 0, y: 0})
    `);
    expect(program.framework).toBe("tf1");
    const model = onlyModel(program);
    expect(model.architecture.style).toBe("graph");
    expect(layerSignature(model)).toEqual(["input_1:input", "conv2d:conv2d", "max_pooling2d:maxPooling2d", "flatten:flatten", "dropout:dropout", "dense:dense"]);
    const layers = model.architecture.layers;
    expect(layers[1]!.outputShape).toEqual([null, 24, 24, 16]);
    expect(layers[2]!.outputShape).toEqual([null, 12, 12, 16]);
    expect(layers[4]!.config.rate).toBe(0.5);
    expect(layers[5]!.activation).toBe("softmax");
    expect(model.architecture.outputs).toEqual([5]);
    expect(model.learner?.loss).toMatchObject({ kind: "softmax_cross_entropy_with_logits", fromLogits: true });
    expect(model.learner?.optimizer).toMatchObject({ kind: "adam", learningRate: 0.01 });
    const loop = sessionLoop(program);
    expect(model.training).toEqual([loop]);
    expect(loop).toMatchObject({ driver: "session", call: "sess.run", span: { line: 12 }, sessionSpan: { line: 12 } });
    expect(loop.initializations).toMatchObject([{ how: "initializer", repeated: false }]);
    expect(loop.steps).toMatchObject([{ repeated: true }]);
  });

  test("an initialiser run inside the training loop, and a train op run once", async () => {
    const { program } = await analyze(`${GRAPH}
      init = tf.global_variables_initializer()
      sess = tf.Session()
      for epoch in range(10):
          sess.run(init)
          _, l = sess.run([train_op, loss])
      sess.run(train_op)
    `);
    const loop = sessionLoop(program);
    expect(loop.initializations).toMatchObject([{ how: "initializer", repeated: true }]);
    expect(loop.steps?.map((r) => r.repeated)).toEqual([true, false]);
  });

  test("no initialiser run at all; tf.compat.v1 spellings and op.run()", async () => {
    const { program } = await analyze(`
      import tensorflow.compat.v1 as tf
      tf.disable_v2_behavior()
      a = tf.placeholder(tf.float32, shape=[None, 3])
      h = tf.layers.dense(a, 1)
      cost = tf.losses.mean_squared_error(a, h)
      step = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
      with tf.Session() as s:
          while True:
              step.run()
    `);
    expect(sessionLoop(program).initializations).toEqual([]);
    expect(sessionLoop(program).steps).toMatchObject([{ repeated: true }]);
    expect(onlyModel(program).learner?.loss?.kind).toBe("mean_squared_error");
    expect(onlyModel(program).learner?.optimizer).toMatchObject({ kind: "sgd", learningRate: 0.1 });
  });

  test("grouped and per-variable initialisers, restores, comprehension loops, unknown fetches", async () => {
    const { program } = await analyze(`${GRAPH}
      w = tf.Variable(tf.random_normal([3, 1]))
      saver = tf.train.Saver()
      ops = {'init': tf.global_variables_initializer()}
      with tf.Session() as sess:
          sess.run(tf.group(tf.global_variables_initializer(), tf.local_variables_initializer()))
          sess.run(tf.variables_initializer([w]))
          saver.restore(sess, 'model.ckpt')
          losses = [sess.run(train_op) for _ in range(100)]
          sess.run(ops['init'])
          sess.run(tf.summary.merge_all())
          sess.run([w, loss])
    `);
    const loop = sessionLoop(program);
    expect(loop.initializations?.map((r) => `${r.how}@${r.span.line}`)).toEqual(["initializer@16", "initializer@17", "restore@18", "initializer@20"]);
    expect(loop.initializations?.every((r) => !r.repeated)).toBe(true);
    expect(loop.steps).toMatchObject([{ repeated: true, span: { line: 19 } }]);
    expect(loop.unidentifiedRuns).toMatchObject([{ repeated: false, span: { line: 21 } }]);
  });

  test("a Keras program has no session loop and stays keras", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      m = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    `);
    expect(program.framework).toBe("keras");
    expect(sessionLoops(program)).toEqual([]);
  });
});
