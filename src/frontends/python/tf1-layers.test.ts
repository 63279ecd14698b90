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
});
