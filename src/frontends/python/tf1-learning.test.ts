import { describe, expect, test } from "vitest";
import type { ModelFacts, ProgramModel, TrainingLoop } from "../../model/program.js";
import { sessionLoops } from "../../model/training.js";
import { analyze, onlyModel } from "./testing.js";

function sessionLoop(program: ProgramModel): TrainingLoop {
  const loops = sessionLoops(program);
  if (loops.length !== 1) throw new Error(`expected one session loop, got ${loops.length}`);
  return loops[0]!;
}

/** The output layers' `name:kind`. */
function outputs(model: ModelFacts): string[] {
  return model.architecture.outputs.map((i) => `${model.architecture.layers[i]!.name}:${model.architecture.layers[i]!.kind}`);
}

const MLP = `
  import tensorflow as tf
  x = tf.placeholder(tf.float32, [None, 784])
  y = tf.placeholder(tf.float32, [None, 10])
  W = tf.Variable(tf.truncated_normal([784, 10], stddev=0.1))
  b = tf.Variable(tf.zeros([10]))
  logits = tf.matmul(x, W) + b
  probs = tf.nn.softmax(logits)
`;

describe("TF1 losses", () => {
  test.each([
    ["tf.losses.softmax_cross_entropy(y, logits)", "softmax_cross_entropy_with_logits", "dense"],
    ["tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits)", "softmax_cross_entropy_with_logits", "dense"],
    ["tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)", "sigmoid_cross_entropy_with_logits", "dense"],
    ["tf.losses.log_loss(y, probs)", "log_loss", "activation"],
    // TF 0.x's positional order, logits first: the labels placeholder is not the model's output.
    ["tf.nn.softmax_cross_entropy_with_logits(logits, y)", "softmax_cross_entropy_with_logits", "dense"],
    ["-tf.reduce_sum(y * tf.log(probs), axis=1)", "categorical_crossentropy", "activation"],
    ["-tf.reduce_sum(y * tf.log(tf.clip_by_value(probs, 1e-10, 1.0)))", "categorical_crossentropy", "activation"],
    ["-(y * tf.log(probs) + (1 - y) * tf.log(1 - probs))", "binary_crossentropy", "activation"],
    ["tf.square(probs - y)", "mean_squared_error", "activation"],
    ["tf.pow(y - logits, 2)", "mean_squared_error", "dense"],
    ["tf.abs(logits - y)", "mean_absolute_error", "dense"],
    ["tf.exp(logits) - tf.cos(y)", "custom", "dense"],
  ])("%s", async (expression, kind, output) => {
    const { program } = await analyze(`${MLP}
      loss = tf.reduce_mean(${expression})
      step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    `);
    const model = onlyModel(program);
    expect(model.learner?.loss?.kind).toBe(kind);
    expect(outputs(model).map((o) => o.split(":")[1])).toEqual([output]);
  });

  test("a loss the front end cannot read leaves the model its layers and output", async () => {
    const { program } = await analyze(`${MLP}
      loss = contrastive_loss(probs, y)
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => l.kind)).toEqual(["input", "dense", "activation"]);
    expect(model.learner?.loss).toBeUndefined();
    expect(model.learner?.optimizer?.kind).toBe("adam");
  });

  test("an L2 penalty added to the loss keeps the loss; tf.losses.get_total_loss() is the losses added", async () => {
    const { program } = await analyze(`${MLP}
      tf.losses.softmax_cross_entropy(y, logits)
      loss = tf.losses.get_total_loss() + 0.01 * tf.nn.l2_loss(W)
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
    `);
    expect(onlyModel(program).learner).toMatchObject({ loss: { kind: "softmax_cross_entropy_with_logits" }, optimizer: { kind: "adam", learningRate: 0.001 } });
  });

  test("compute_gradients, clipping, apply_gradients make the learner and the train op", async () => {
    const { program } = await analyze(`${MLP}
      loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
      opt = tf.train.MomentumOptimizer(0.01, 0.9)
      grads = opt.compute_gradients(loss)
      clipped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in grads]
      train_op = opt.apply_gradients(clipped)
      with tf.Session() as sess:
          sess.run(tf.global_variables_initializer())
          for i in range(10):
              sess.run(train_op)
    `);
    expect(onlyModel(program).learner).toMatchObject({ loss: { kind: "softmax_cross_entropy_with_logits" }, optimizer: { kind: "sgd", momentum: 0.9 } });
    expect(sessionLoop(program).steps).toMatchObject([{ repeated: true }]);
  });

  test("two losses trained apart (an autoencoder's, then a classifier's): each output keeps its own", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 784])
      y = tf.placeholder(tf.float32, [None, 10])
      code = tf.layers.dense(x, 32, activation=tf.nn.sigmoid)
      decoded = tf.layers.dense(code, 784, activation=tf.nn.sigmoid)
      scores = tf.layers.dense(code, 10, activation=tf.nn.softmax)
      rebuild = tf.reduce_mean(tf.square(decoded - x))
      classify = tf.reduce_mean(-tf.reduce_sum(y * tf.log(scores), axis=1))
      pretrain = tf.train.RMSPropOptimizer(0.01).minimize(rebuild)
      finetune = tf.train.GradientDescentOptimizer(0.5).minimize(classify)
    `);
    const model = onlyModel(program);
    expect(outputs(model)).toEqual(["dense_1:dense", "dense_2:dense"]);
    expect(model.learner?.loss).toBeUndefined();
    expect(model.learner?.outputLosses?.map((o) => `${model.architecture.layers[o.output]!.name}:${o.loss.kind}`)).toEqual(["dense_1:mean_squared_error", "dense_2:categorical_crossentropy"]);
  });
});

describe("TF1 model functions, graphs and session loops", () => {
  test("a model function called again with reuse=True on test data adds nothing to the trained graph", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      def net(inputs, reuse=False):
          with tf.variable_scope('net', reuse=reuse):
              h = tf.layers.dense(inputs, 64, activation=tf.nn.relu, name='h')
              return tf.layers.dense(h, 10, name='out')
      x = tf.placeholder(tf.float32, [None, 100])
      y = tf.placeholder(tf.float32, [None, 10])
      x_test = tf.placeholder(tf.float32, [None, 100])
      loss = tf.losses.softmax_cross_entropy(y, net(x))
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
      test_logits = net(x_test, reuse=True)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => l.name)).toEqual(["input_1", "h", "out"]);
  });

  test("while True with OutOfRangeError, a train step in a nested function; a later evaluation run", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 4])
      y = tf.placeholder(tf.float32, [None, 1])
      out = tf.layers.dense(x, 1)
      loss = tf.losses.mean_squared_error(y, out)
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
      def train_one(sess):
          return sess.run([step, loss])
      sess = tf.Session()
      for epoch in range(5):
          try:
              while True:
                  train_one(sess)
          except tf.errors.OutOfRangeError:
              pass
      metrics = sess.run(helper_metrics())
    `);
    const loop = sessionLoop(program);
    expect(loop.steps).toMatchObject([{ repeated: true, span: { line: 8 } }]);
    expect(loop.initializations).toEqual([]);
    // The unknown run comes after training began: it cannot be the missing initialiser.
    expect(loop.unidentifiedRuns).toMatchObject([{ afterStep: true, span: { line: 16 } }]);
  });

  test("tf.reset_default_graph() and Graph().as_default() start new graph models; a session given the graph runs it", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 3])
      a = tf.layers.dense(x, 2)
      tf.reset_default_graph()
      g = tf.Graph()
      with g.as_default():
          z = tf.placeholder(tf.float32, [None, 5])
          t = tf.placeholder(tf.float32, [None, 1])
          b = tf.layers.dense(z, 1)
          step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.mean_squared_error(t, b))
      with tf.Session(graph=g) as sess:
          sess.run(tf.global_variables_initializer())
          for i in range(3):
              sess.run(step)
    `);
    expect(program.models.map((m) => m.architecture.layers.map((l) => l.outputShape?.[1]))).toEqual([
      [3, 2],
      [5, 1],
    ]);
    expect(program.models.map((m) => m.training.length)).toEqual([0, 1]);
  });

  test("tf.estimator.Estimator calls its model function; estimator.train is its training loop", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      def model_fn(features, labels, mode, params):
          net = tf.layers.dense(features['x'], params['hidden'], activation=tf.nn.relu)
          logits = tf.layers.dense(net, 10)
          loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
          train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=tf.train.get_global_step())
          return tf.estimator.EstimatorSpec(mode=mode, loss=loss, train_op=train_op)
      estimator = tf.estimator.Estimator(model_fn=model_fn, params={'hidden': 64})
      estimator.train(input_fn=train_input, steps=1000)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.filter((l) => l.kind === "dense").map((l) => l.config.units)).toEqual([64, 10]);
    expect(model.learner?.loss?.kind).toBe("sparse_softmax_cross_entropy_with_logits");
    expect(model.training).toMatchObject([{ driver: "fit", call: "Estimator.train" }]);
    expect(sessionLoops(program)).toEqual([]);
  });
});

describe("TF2 custom training loops", () => {
  test("GradientTape: the loss applied to the model's output and the optimizer applying its gradients are the model's learner", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      model = tf.keras.Sequential([
          tf.keras.layers.Dense(32, activation='relu', input_shape=(8,)),
          tf.keras.layers.Dense(3),
      ])
      loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
      optimizer = tf.keras.optimizers.SGD(0.05)
      def train_step(x, y):
          with tf.GradientTape() as tape:
              loss = loss_fn(y, model(x, training=True))
          grads = tape.gradient(loss, model.trainable_variables)
          optimizer.apply_gradients(zip(grads, model.trainable_variables))
          return loss
      for epoch in range(3):
          for x, y in batches:
              train_step(x, y)
    `);
    const model = onlyModel(program);
    expect(program.framework).toBe("keras");
    expect(model.learner).toMatchObject({ loss: { kind: "sparse_categorical_crossentropy", fromLogits: true }, optimizer: { kind: "sgd", learningRate: 0.05 } });
    expect(model.training).toMatchObject([{ driver: "custom", call: "apply_gradients", steps: [{ repeated: true, span: { line: 12 } }] }]);
  });

  test("a Keras loss function on tensors, and a subclassed model's variables", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      class Net(tf.keras.Model):
          def __init__(self):
              super().__init__()
              self.out = tf.keras.layers.Dense(1, activation='sigmoid')
          def call(self, x):
              return self.out(x)
      net = Net()
      opt = tf.keras.optimizers.Adam(1e-3)
      for step in range(10):
          with tf.GradientTape() as tape:
              loss = tf.reduce_mean(tf.keras.losses.binary_crossentropy(labels, net(features)))
          opt.apply_gradients(zip(tape.gradient(loss, net.trainable_weights), net.trainable_weights))
    `);
    const model = onlyModel(program);
    expect(model.learner?.loss).toMatchObject({ kind: "binary_crossentropy", fromLogits: false });
    expect(model.training.map((t) => t.driver)).toEqual(["custom"]);
  });
});
