import { describe, expect, test } from "vitest";
import type { ProgramModel, TrainingLoop } from "../../model/program.js";
import { sessionLoops } from "../../model/training.js";
import { analyze, onlyModel } from "./testing.js";

function sessionLoop(program: ProgramModel): TrainingLoop {
  const loops = sessionLoops(program);
  if (loops.length !== 1) throw new Error(`expected one session loop, got ${loops.length}`);
  return loops[0]!;
}

describe("TF1 inputs and the data that trains them", () => {
  test("a tf.data pipeline wrapped in a class: map reshapes each image, batch adds the batch axis, get_next feeds the graph", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from tensorflow.keras.datasets import mnist

      class Pipeline:
          def __init__(self, images, labels, batch):
              data = tf.data.Dataset.from_tensor_slices((images, labels))
              data = data.map(self.prepare).shuffle(1000).batch(batch)
              self.iterator = data.make_initializable_iterator()
              self.element = self.iterator.get_next()

          def prepare(self, *sample):
              image = tf.image.convert_image_dtype(tf.reshape(sample[0], [28, 28, 1]), tf.float32)
              return image, tf.one_hot(sample[1], 10)

      (x_train, y_train), _ = mnist.load_data()
      pipeline = Pipeline(x_train, y_train, 64)
      images, targets = pipeline.element
      conv = tf.layers.conv2d(images, 8, 3, activation=tf.nn.relu)
      logits = tf.layers.dense(tf.layers.flatten(conv), 10)
      loss = tf.losses.softmax_cross_entropy(targets, logits)
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
      with tf.Session() as sess:
          sess.run(pipeline.iterator.initializer)
          for epoch in range(2):
              sess.run(step)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers[0]).toMatchObject({ kind: "input", frameworkName: "Iterator.get_next", declaredInputShape: [null, 28, 28, 1] });
    expect(model.architecture.layers[1]!.outputShape).toEqual([null, 26, 26, 8]);
    expect(model.architecture.complete).toBe(true);
    const loop = sessionLoop(program);
    expect(loop.x).toMatchObject({ shape: [60000, 28, 28, 1], range: [0, 1], origin: "mnist" });
    expect(loop.y).toMatchObject({ shape: [60000, 10], encoding: "one-hot", numClasses: 10 });
    expect(loop.shuffle).toBe(true);
    // The iterator's initialiser is no variable initialiser, and no unknown run either.
    expect(loop.initializations).toEqual([]);
    expect(loop.unidentifiedRuns).toEqual([]);
  });

  test("tf.compat.v1.data.make_one_shot_iterator over an unshuffled pipeline; one get_next per iterator", async () => {
    const { program } = await analyze(`
      import numpy as np
      import tensorflow as tf
      x = np.random.rand(500, 8).astype('float32')
      y = np.random.randint(0, 2, size=(500,))
      data = tf.data.Dataset.from_tensor_slices((x, y)).batch(50).repeat()
      it = tf.compat.v1.data.make_one_shot_iterator(data)
      features, labels = it.get_next()
      again, _ = it.get_next()
      logits = tf.layers.dense(features, 2)
      loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
      step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
      sess = tf.Session()
      sess.run(tf.global_variables_initializer())
      for i in range(100):
          sess.run(step)
    `);
    expect(onlyModel(program).architecture.layers[0]!.declaredInputShape).toEqual([null, 8]);
    const loop = sessionLoop(program);
    expect(loop.x?.shape).toEqual([500, 8]);
    expect(loop.y?.shape).toEqual([500]);
    expect(loop.shuffle).toBe(false);
  });

  test("feed_dict values of the training runs are the loop's data; the labels placeholder's shape when nothing is fed", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from tensorflow.keras.datasets import mnist
      (x_train, y_train), _ = mnist.load_data()
      x_train = x_train.reshape(-1, 784)
      x = tf.placeholder(tf.float32, [None, 784])
      y = tf.placeholder(tf.int64, [None])
      keep = tf.placeholder(tf.float32)
      h = tf.nn.dropout(tf.layers.dense(x, 64, activation=tf.nn.relu), keep)
      logits = tf.layers.dense(h, 10)
      loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
      with tf.Session() as sess:
          sess.run(tf.global_variables_initializer())
          for i in range(0, 60000, 100):
              sess.run(step, feed_dict={x: x_train[i:i + 100], y: y_train[i:i + 100], keep: 0.5})
          print(sess.run(loss, feed_dict={x: x_train[:10] / 255.0, y: y_train[:10], keep: 1.0}))
    `);
    const loop = sessionLoop(program);
    expect(loop.x).toMatchObject({ range: [0, 255], origin: "mnist" });
    expect(loop.x?.shape?.[1]).toBe(784);
    expect(loop.y).toMatchObject({ origin: "mnist" });
    expect(loop.y?.shape).toHaveLength(1);
  });

  test("labels known only from their placeholder", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 20])
      y = tf.placeholder(tf.float32, [None, 3])
      logits = tf.layers.dense(x, 3)
      loss = tf.losses.softmax_cross_entropy(y, logits)
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
      with tf.Session() as sess:
          sess.run(tf.global_variables_initializer())
          for i in range(10):
              sess.run(step, feed_dict={x: batch_x, y: batch_y})
    `);
    const loop = sessionLoop(program);
    expect(loop.x).toBeUndefined();
    expect(loop.y).toMatchObject({ shape: [null, 3], dtype: "float32" });
  });
});
