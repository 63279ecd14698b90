import { describe, expect, test } from "vitest";
import type { Layer } from "../../model/program.js";
import { analyze, onlyModel } from "./testing.js";

function summary(layers: Layer[]): string[] {
  return layers.map((l) => `${l.kind}${l.outputShape ? `(${l.outputShape.map((d) => d ?? "?").join(",")})` : ""}${l.config.rate !== undefined ? `@${l.config.rate}` : ""}`);
}

const HEAD = `
  import tensorflow as tf
  x = tf.placeholder(tf.float32, [None, 28, 28])
  labels = tf.placeholder(tf.float32, [None, 10])
`;

describe("TF1 recurrent cells and runners", () => {
  test("BasicLSTMCell run by dynamic_rnn: an LSTM over the sequence; its outputs sliced, its state an op", async () => {
    const { program } = await analyze(`${HEAD}
      cell = tf.contrib.rnn.BasicLSTMCell(64)
      outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
      logits = tf.layers.dense(state.h, 10)
      loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(summary(layers)).toEqual(["input(?,28,28)", "lstm(?,28,64)", "lambda", "dense"]);
    expect(layers[1]).toMatchObject({ frameworkName: "BasicLSTMCell", activation: "tanh", config: { units: 64, returnSequences: true } });
    expect(onlyModel(program).architecture.complete).toBe(true);
  });

  test("MultiRNNCell of DropoutWrapper'd GRU cells: stacked layers with dropout on their outputs", async () => {
    const { program } = await analyze(`${HEAD}
      def make_cell(size):
          cell = tf.nn.rnn_cell.GRUCell(size)
          return tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.8)
      stack = tf.nn.rnn_cell.MultiRNNCell([make_cell(32) for _ in range(2)])
      outputs, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
    `);
    expect(summary(onlyModel(program).architecture.layers)).toEqual(["input(?,28,28)", "gru(?,28,32)", "dropout(?,28,32)@0.2", "gru(?,28,32)", "dropout(?,28,32)@0.2"]);
  });

  test("static_rnn over tf.unstack along time: each listed output is one step's output", async () => {
    const { program } = await analyze(`${HEAD}
      steps = tf.unstack(x, 28, 1)
      cell = tf.contrib.rnn.LSTMCell(128)
      outputs, state = tf.contrib.rnn.static_rnn(cell, steps, dtype=tf.float32)
      W = tf.Variable(tf.random_normal([128, 10]))
      logits = tf.matmul(outputs[-1], W)
      loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
      step = tf.train.AdamOptimizer(1e-3).minimize(loss)
    `);
    expect(summary(onlyModel(program).architecture.layers)).toEqual(["input(?,28,28)", "lstm(?,128)", "dense(?,10)"]);
  });

  test("static_rnn over pieces cut from the batch axis: the sequence's shape is not claimed", async () => {
    const { program } = await analyze(`${HEAD}
      t = tf.reshape(tf.transpose(x, [1, 0, 2]), [-1, 28])
      pieces = tf.split(t, 28, 0)
      cell = tf.contrib.rnn.BasicLSTMCell(16)
      outputs, state = tf.contrib.rnn.static_rnn(cell, pieces, dtype=tf.float32)
      out = tf.layers.dense(outputs[-1], 10)
    `);
    const lstm = onlyModel(program).architecture.layers.find((l) => l.kind === "lstm");
    expect(lstm?.inputShapes).toEqual([undefined]);
  });

  test("bidirectional_dynamic_rnn: forward and backward layers, concatenated", async () => {
    const { program } = await analyze(`${HEAD}
      fw = tf.nn.rnn_cell.BasicLSTMCell(20)
      bw = tf.nn.rnn_cell.BasicLSTMCell(20)
      (out_fw, out_bw), states = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
      both = tf.concat([out_fw, out_bw], 2)
    `);
    expect(summary(onlyModel(program).architecture.layers)).toEqual(["input(?,28,28)", "lstm(?,28,20)", "lstm(?,28,20)", "concatenate(?,28,40)"]);
  });

  test("a cell stepped by hand in a Python loop keeps the graph connected", async () => {
    const { program } = await analyze(`${HEAD}
      cell = tf.nn.rnn_cell.BasicRNNCell(16)
      state = cell.zero_state(32, tf.float32)
      outputs = []
      for t in range(28):
          out, state = cell(x[:, t, :], state)
          outputs.append(out)
      logits = tf.layers.dense(outputs[-1], 10)
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layers.map((l) => l.kind)).toEqual(["input", "lambda", "lambda", "simpleRnn", "dense"]);
    expect(onlyModel(program).architecture.complete).toBe(true);
  });

  test("a cell the front end does not know: the graph stays connected and the model is incomplete", async () => {
    const { program } = await analyze(`${HEAD}
      cell = tf.contrib.rnn.AttentionCellWrapper(tf.contrib.rnn.LSTMCell(32), attn_length=5)
      outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
      logits = tf.layers.dense(outputs[:, -1, :], 10)
      step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.softmax_cross_entropy(labels, logits))
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => l.kind)).toEqual(["input", "unknown", "lambda", "dense"]);
    expect(model.architecture.complete).toBe(false);
  });
});
