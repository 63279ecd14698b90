import { describe, expect, test } from "vitest";
import type { Layer } from "../../model/program.js";
import { analyze, onlyModel } from "./testing.js";

/** `kind(shape)/activation` of each layer, compact enough to compare whole graphs. */
function summary(layers: Layer[]): string[] {
  return layers.map((l) => `${l.kind}${l.outputShape ? `(${l.outputShape.map((d) => d ?? "?").join(",")})` : ""}${l.activation && l.activation !== "linear" ? `/${l.activation}` : ""}`);
}

describe("TF1 layers written with variables and ops", () => {
  test("initial values drawn with parameters the program computes are marked unknown, not given TF1's defaults", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 784])
      scale = tf.sqrt(2.0 / 784)
      W1 = tf.Variable(tf.random_normal([784, 128], stddev=scale))
      W2 = tf.Variable(tf.random_uniform([128, 10], -scale, scale))
      W3 = tf.Variable(tf.random_normal([10, 10]))
      out = tf.matmul(tf.matmul(tf.nn.relu(tf.matmul(x, W1)), W2), W3)
    `);
    const dense = onlyModel(program).architecture.layers.filter((l) => l.kind === "dense");
    expect(dense.map((l) => l.kernelInitializer)).toMatchObject([
      { kind: "random_normal", parametersUnknown: true },
      { kind: "random_uniform", parametersUnknown: true },
      { kind: "random_normal", stddev: 1 },
    ]);
    expect(dense[0]!.kernelInitializer!.stddev).toBeUndefined();
    expect(dense[2]!.kernelInitializer!.parametersUnknown).toBeUndefined();
  });

  test("tf.matmul(x, W) + b is a dense layer of W's width with W's and b's initialisers; tf.add and bias_add too", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 784])
      W1 = tf.Variable(tf.truncated_normal([784, 128], stddev=0.1))
      b1 = tf.Variable(tf.constant(0.1, shape=[128]))
      h1 = tf.nn.relu(tf.matmul(x, W1) + b1)
      W2 = tf.get_variable('W2', [128, 64])
      b2 = tf.Variable(tf.zeros([64]))
      h2 = tf.nn.tanh(tf.add(tf.matmul(h1, W2), b2))
      W3 = tf.Variable(tf.zeros([64, 10]))
      b3 = tf.Variable(tf.zeros([10]))
      out = tf.nn.xw_plus_b(h2, W3, b3)
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(summary(layers)).toEqual(["input(?,784)", "dense(?,128)", "activation(?,128)/relu", "dense(?,64)", "activation(?,64)/tanh", "dense(?,10)"]);
    expect(layers[1]).toMatchObject({ frameworkName: "tf.matmul", config: { units: 128, useBias: true }, kernelInitializer: { kind: "truncated_normal", stddev: 0.1 }, biasInitializer: { kind: "constant", value: 0.1 } });
    expect(layers[3]).toMatchObject({ kernelInitializer: { kind: "glorot_uniform" }, biasInitializer: { kind: "zeros" } });
    expect(layers[5]).toMatchObject({ kernelInitializer: { kind: "zeros" }, config: { useBias: true } });
  });

  test("tf.Variable(init([n_in, n_out])) with an initializer object (xavier, variance scaling)", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 784])
      xavier = tf.contrib.layers.xavier_initializer()
      he = tf.contrib.layers.variance_scaling_initializer()
      h = tf.nn.relu(tf.matmul(x, tf.Variable(he([784, 300]))))
      out = tf.matmul(h, tf.Variable(xavier([300, 10])))
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layers.map((l) => `${l.kind}:${l.config.units ?? "-"}:${l.kernelInitializer?.kind ?? "-"}`)).toEqual(["input:-:-", "dense:300:he_normal", "activation:-:-", "dense:10:glorot_uniform"]);
  });

  test("a matrix product without a bias keeps use_bias off; a second addition is an op, not a second bias", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 4])
      W = tf.Variable(tf.random_normal([4, 3]))
      b = tf.Variable(tf.zeros([3]))
      t = tf.placeholder(tf.float32, [None, 3])
      h = tf.matmul(x, W)
      y = h + b + b
      loss = tf.reduce_mean(tf.square(y - t))
      step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layers.map((l) => l.kind)).toEqual(["input", "dense", "lambda"]);
    expect(layers[1]!.config.useBias).toBe(true);
  });

  test("tf.nn.conv2d with a filter variable, bias_add, max_pool and a flattening reshape", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 784])
      image = tf.reshape(x, [-1, 28, 28, 1])
      W = tf.Variable(tf.truncated_normal([5, 5, 1, 32], stddev=0.1))
      b = tf.Variable(tf.constant(0.1, shape=[32]))
      conv = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(image, W, strides=[1, 1, 1, 1], padding='SAME'), b))
      pool = tf.nn.max_pool(conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')
      flat = tf.reshape(pool, [-1, 14 * 14 * 32])
      drop = tf.nn.dropout(flat, 0.75)
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(summary(layers)).toEqual(["input(?,784)", "reshape(?,28,28,1)", "conv2d(?,28,28,32)", "activation(?,28,28,32)/relu", "maxPooling2d(?,14,14,32)", "reshape(?,6272)", "dropout(?,6272)"]);
    expect(layers[2]).toMatchObject({ frameworkName: "tf.nn.conv2d", config: { filters: 32, kernelSize: [5, 5], strides: [1, 1], padding: "same", useBias: true } });
    expect(layers[4]!.config).toMatchObject({ poolSize: [2, 2], strides: [2, 2], padding: "valid" });
    // TF1's second argument is the keep probability.
    expect(layers[6]!.config.rate).toBe(0.25);
  });

  test("tensors and keyword arguments: tf.nn.conv2d(input=, filter=), tf.nn.max_pool(value=), tf.nn.dropout(rate=)", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 28, 28, 1])
      kernel = tf.Variable(tf.truncated_normal([3, 3, 1, 8], stddev=0.05))
      conv = tf.nn.conv2d(input=x, filter=kernel, strides=[1, 2, 2, 1], padding='VALID')
      pool = tf.nn.avg_pool(value=conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
      keep = tf.placeholder(tf.float32)
      d1 = tf.nn.dropout(pool, keep)
      d2 = tf.nn.dropout(d1, rate=0.4)
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(summary(layers)).toEqual(["input(?,28,28,1)", "conv2d(?,13,13,8)", "averagePooling2d(?,7,7,8)", "dropout(?,7,7,8)", "dropout(?,7,7,8)"]);
    expect(layers[3]!.config.rate).toBeUndefined();
    expect(layers[4]!.config.rate).toBe(0.4);
  });

  test("a reshape that folds time steps into the batch is an op; one whose size fits neither way is a Reshape (S103)", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      seq = tf.placeholder(tf.float32, [None, 20, 100])
      steps = tf.reshape(seq, [-1, 100])
      maps = tf.placeholder(tf.float32, [None, 7, 7, 64])
      wrong = tf.reshape(maps, [-1, 2048])
      out = tf.concat([steps, wrong], 1)
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layers.map((l) => `${l.kind}:${l.frameworkName}`)).toEqual(["input:placeholder", "lambda:tensorflow.reshape", "input:placeholder", "reshape:tf.reshape", "concatenate:tf.concat"]);
    expect(layers[3]!.config.targetShape).toEqual([2048]);
  });

  test("static shapes while the program runs: get_shape().as_list(), shape[1:].num_elements(), Dimension.value", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 8, 8, 4])
      shape = x.get_shape().as_list()
      flat = tf.reshape(x, [-1, shape[1] * shape[2] * shape[3]])
      flat2 = tf.reshape(x, [-1, x.get_shape()[1:].num_elements()])
      n = x.shape[3].value
      W = tf.Variable(tf.random_normal([int(flat.shape[1]), n]))
      out = tf.matmul(flat, W)
      rank = len(x.get_shape())
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(summary(layers)).toEqual(["input(?,8,8,4)", "reshape(?,256)", "dense(?,4)"]);
  });

  test("tf.concat (and TF 0.x's axis-first order), tf.nn.embedding_lookup", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      ids = tf.placeholder(tf.int32, [None, 12])
      E = tf.Variable(tf.random_uniform([5000, 32], -1.0, 1.0))
      emb = tf.nn.embedding_lookup(E, ids)
      both = tf.concat(2, [emb, emb])
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(summary(layers)).toEqual(["input(?,12)", "embedding(?,12,32)", "concatenate(?,12,64)"]);
    expect(layers[1]).toMatchObject({ config: { inputDim: 5000, outputDim: 32 }, kernelInitializer: { kind: "random_uniform", minval: -1, maxval: 1 } });
  });

  test("a variable assigned pretrained values keeps no initialiser", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      ids = tf.placeholder(tf.int32, [None, 12])
      E = tf.Variable(tf.constant(0.0, shape=[5000, 32]), trainable=False)
      emb = tf.nn.embedding_lookup(E, ids)
      pretrained = tf.placeholder(tf.float32, [5000, 32])
      load = E.assign(pretrained)
    `);
    expect(onlyModel(program).architecture.layers[1]!.kernelInitializer).toBeUndefined();
  });
});
