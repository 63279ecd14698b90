import { describe, expect, test } from "vitest";
import type { Layer, ModelFacts } from "../../model/program.js";
import { analyze, layerSignature, onlyModel } from "./testing.js";

function layerNamed(model: ModelFacts, name: string): Layer {
  const layer = model.architecture.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`no layer '${name}' in ${layerSignature(model).join(", ")}`);
  return layer;
}

describe("TF1 layer functions", () => {
  test("tf.layers.* bind inputs first, with TF's own defaults (linear, dropout rate 0.5, valid padding)", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 32, 32, 3])
      c = tf.layers.conv2d(x, 8, 3)
      p = tf.layers.average_pooling2d(c, 2, 2)
      f = tf.layers.flatten(p)
      d = tf.layers.dropout(f)
      out = tf.layers.dense(d, 4, tf.nn.sigmoid)
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["input_1:input", "conv2d:conv2d", "average_pooling2d:averagePooling2d", "flatten:flatten", "dropout:dropout", "dense:dense"]);
    const conv = layerNamed(model, "conv2d");
    expect(conv.activation).toBe("linear");
    expect(conv.config).toMatchObject({ filters: 8, kernelSize: [3, 3], padding: "valid", useBias: true });
    expect(conv.outputShape).toEqual([null, 30, 30, 8]);
    expect(layerNamed(model, "dropout").config.rate).toBe(0.5);
    expect(layerNamed(model, "dense")).toMatchObject({ activation: "sigmoid", frameworkName: "tf.layers.dense", outputShape: [null, 4] });
  });

  test("a training flag passed positionally to tf.layers.dropout lands on noise_shape (S607)", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 20])
      is_training = tf.placeholder(tf.bool)
      h = tf.layers.dense(x, 16, activation=tf.nn.relu)
      h = tf.layers.dropout(h, 0.3, is_training)
      ok = tf.layers.dropout(h, 0.3, training=is_training)
    `);
    expect(program.argumentMisuses).toMatchObject([{ callee: "tf.layers.dropout", parameter: "noise_shape", expected: "shape", actual: "boolean", text: "is_training", span: { line: 5 } }]);
    expect(layerNamed(onlyModel(program), "dropout").config.rate).toBe(0.3);
  });

  test("an activation passed where tf.layers.conv2d takes strides (S607)", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 28, 28, 1])
      c = tf.layers.conv2d(x, 32, 5, tf.nn.relu)
    `);
    expect(program.argumentMisuses).toMatchObject([{ parameter: "strides", expected: "shape", actual: "activation", text: "tf.nn.relu" }]);
  });

  test("tf.contrib.layers: fully_connected applies ReLU by default, conv2d pads SAME, max_pool2d strides 2, dropout takes keep_prob", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      slim = tf.contrib.slim
      x = tf.placeholder(tf.float32, [None, 28, 28, 1])
      c = slim.conv2d(x, 16, [5, 5])
      p = tf.contrib.layers.max_pool2d(c, [2, 2])
      f = tf.contrib.layers.flatten(p)
      h = tf.contrib.layers.fully_connected(f, 64)
      h = tf.contrib.layers.dropout(h, keep_prob=0.8)
      out = tf.contrib.layers.fully_connected(h, 10, activation_fn=None, biases_initializer=None)
    `);
    const model = onlyModel(program);
    const [, conv, pool, flat, hidden, drop, out] = model.architecture.layers;
    expect(conv).toMatchObject({ kind: "conv2d", activation: "relu", config: { filters: 16, padding: "same", useBias: true }, outputShape: [null, 28, 28, 16] });
    expect(pool).toMatchObject({ kind: "maxPooling2d", config: { poolSize: [2, 2], strides: [2, 2] }, outputShape: [null, 14, 14, 16] });
    expect(flat?.outputShape).toEqual([null, 3136]);
    expect(hidden).toMatchObject({ kind: "dense", activation: "relu", config: { units: 64 } });
    expect(drop?.config.rate).toBe(0.2);
    expect(out).toMatchObject({ kind: "dense", activation: "linear", config: { units: 10, useBias: false } });
    expect(out?.biasInitializer).toBeUndefined();
  });

  test("a contrib layer with normalizer_fn: the linear layer without bias, batch normalisation, then the activation", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      slim = tf.contrib.slim
      x = tf.placeholder(tf.float32, [None, 32, 32, 3])
      c = slim.conv2d(x, 16, 3, normalizer_fn=slim.batch_norm)
    `);
    const kinds = onlyModel(program).architecture.layers.map((l) => `${l.kind}/${l.activation ?? "-"}`);
    expect(kinds).toEqual(["input/-", "conv2d/linear", "batchNormalization/-", "activation/relu"]);
    expect(onlyModel(program).architecture.layers[1]!.config.useBias).toBe(false);
  });

  test("tf.keras.layers and tf.layers classes called on graph tensors join the graph", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 10])
      y = tf.placeholder(tf.float32, [None, 1])
      h = tf.keras.layers.Dense(8, activation='relu')(x)
      out = tf.layers.Dense(1)(h)
      loss = tf.losses.mean_squared_error(y, out)
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => `${l.kind}:${l.outputShape?.join(",")}`)).toEqual(["input:,10", "dense:,8", "dense:,1"]);
    expect(model.architecture.layers[2]!.frameworkName).toBe("tf.layers.Dense");
  });

  test("PrettyTensor chains: pt.wrap(x).conv2d(...).max_pool(...).flatten().fully_connected(...).softmax_classifier(...)", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      import prettytensor as pt
      x = tf.placeholder(tf.float32, [None, 28, 28, 1])
      y = tf.placeholder(tf.float32, [None, 10])
      with pt.defaults_scope(activation_fn=tf.nn.relu):
          y_pred, loss = pt.wrap(x).conv2d(kernel=5, depth=16, batch_normalize=True).max_pool(kernel=2, stride=2).flatten().fully_connected(size=64).softmax_classifier(num_classes=10, labels=y)
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => `${l.kind}/${l.activation ?? "-"}:${l.outputShape?.join(",")}`)).toEqual([
      "input/-:,28,28,1",
      "conv2d/linear:,28,28,16",
      "batchNormalization/-:,28,28,16",
      "activation/relu:,28,28,16",
      "maxPooling2d/-:,14,14,16",
      "flatten/-:,3136",
      "dense/relu:,64",
      "dense/linear:,10",
    ]);
    expect(model.learner?.loss).toMatchObject({ kind: "softmax_cross_entropy_with_logits", fromLogits: true });
  });

  test("a model built by a class's methods", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      class Classifier:
          def __init__(self, n_classes):
              self.x = tf.placeholder(tf.float32, [None, 64])
              self.y = tf.placeholder(tf.int32, [None])
              self.logits = self.build(self.x, n_classes)
              self.loss = tf.losses.sparse_softmax_cross_entropy(self.y, self.logits)
              self.train_op = tf.train.AdamOptimizer(1e-3).minimize(self.loss)

          def build(self, inputs, n_classes):
              h = tf.layers.dense(inputs, 32, activation=tf.nn.relu)
              return tf.layers.dense(h, n_classes)

      net = Classifier(5)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => l.outputShape?.[1])).toEqual([64, 32, 5]);
    expect(model.learner?.loss?.kind).toBe("sparse_softmax_cross_entropy_with_logits");
  });
});
