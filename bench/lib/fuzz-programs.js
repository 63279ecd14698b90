/**
 * Programs for the fuzz harness: valid Keras / tf.keras / TF1 programs composed at random from small pieces
 * (layers, models, loops, training calls), then mutated: subtrees of the syntax tree swapped, duplicated,
 * deleted or nested in loops, and bytes flipped, inserted, cut or repeated. Everything is drawn from a seeded
 * generator, so a seed and an index give back the same program.
 */

/** mulberry32: a small seeded generator with a uniform float in [0, 1). */
export function randomFrom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

const ACTIVATIONS = ["'relu'", "'softmax'", "'sigmoid'", "'tanh'", "'linear'", "None", "'selu'", "act"];
const LOSSES = ["'categorical_crossentropy'", "'binary_crossentropy'", "'mse'", "'sparse_categorical_crossentropy'", "loss_fn", "keras.losses.Huber()"];
const OPTIMIZERS = ["'adam'", "'sgd'", "keras.optimizers.SGD(learning_rate=10)", "keras.optimizers.Adam(1e-3)", "'rmsprop'"];

function kerasLayer(r, units) {
  const act = r.pick(ACTIVATIONS);
  switch (r.int(9)) {
    case 0:
      return `layers.Conv2D(${units}, ${r.pick(["3", "(3, 3)", "5", "k"])}, activation=${act}, padding=${r.pick(["'same'", "'valid'"])})`;
    case 1:
      return `layers.MaxPooling2D(${r.pick(["2", "(2, 2)", ""])})`;
    case 2:
      return `layers.Dropout(${r.pick(["0.5", "0.2", "1.5", "rate"])})`;
    case 3:
      return "layers.Flatten()";
    case 4:
      return `layers.BatchNormalization()`;
    case 5:
      return `layers.LSTM(${units}, return_sequences=${r.pick(["True", "False"])})`;
    case 6:
      return `layers.Activation(${act})`;
    default:
      return `layers.Dense(${units}, activation=${act})`;
  }
}

function sequentialProgram(r) {
  const lines = ["import numpy as np", "from tensorflow import keras", "from tensorflow.keras import layers", ""];
  lines.push(`x = np.random.rand(${r.pick(["100, 28, 28, 1", "64, 10", "32, 20, 8"])})`);
  lines.push(`y = keras.utils.to_categorical(np.random.randint(0, 10, ${r.pick(["100", "64", "32"])}), 10)`);
  lines.push("model = keras.Sequential()");
  lines.push(`model.add(layers.Input(shape=${r.pick(["(28, 28, 1)", "(10,)", "(20, 8)", "x.shape[1:]"])}))`);
  const n = 1 + r.int(6);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.2)) {
      lines.push(`for i in range(${r.pick(["3", "n", "len(x)", "10"])}):`);
      lines.push(`    model.add(${kerasLayer(r, r.pick(["32", "64", "i + 1", "2 ** i"]))})`);
    } else lines.push(`model.add(${kerasLayer(r, r.pick(["16", "32", "128", "10", "1"]))})`);
  }
  lines.push(`model.add(layers.Dense(10, activation=${r.pick(ACTIVATIONS)}))`);
  lines.push(`model.compile(loss=${r.pick(LOSSES)}, optimizer=${r.pick(OPTIMIZERS)}, metrics=['accuracy'])`);
  lines.push(`model.fit(x, y, epochs=${r.pick(["5", "1", "0"])}, batch_size=${r.pick(["32", "0", "len(x)"])}${r.chance(0.5) ? ", validation_split=0.1" : ""})`);
  return lines.join("\n") + "\n";
}

function functionalProgram(r) {
  const lines = ["import tensorflow as tf", "from tensorflow.keras import layers, Model", ""];
  lines.push(`inputs = layers.Input(shape=${r.pick(["(32,)", "(28, 28, 3)", "(None, 16)"])})`);
  lines.push("h = inputs");
  const n = 1 + r.int(5);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.25)) lines.push(`b${i} = ${kerasLayer(r, "32").replace(/\)$/, ")")}(h)`, `h = layers.${r.pick(["Add", "Concatenate", "Multiply"])}()([h, b${i}])`);
    else lines.push(`h = ${kerasLayer(r, r.pick(["64", "32", "8"]))}(h)`);
  }
  lines.push(`outputs = layers.Dense(${r.pick(["1", "10", "3"])}, activation=${r.pick(ACTIVATIONS)})(h)`);
  lines.push("model = Model(inputs, outputs)");
  lines.push(`model.compile(optimizer=${r.pick(OPTIMIZERS)}, loss=${r.pick(LOSSES)})`);
  if (r.chance(0.6)) lines.push("def train(data, labels):", "    model.fit(data, labels, epochs=3)", "train(x_train, y_train)");
  return lines.join("\n") + "\n";
}

function tf1Program(r) {
  const lines = ["import tensorflow as tf", ""];
  lines.push(`x = tf.placeholder(tf.float32, [None, ${r.pick(["784", "10", "n"])}])`);
  lines.push(`y_ = tf.placeholder(tf.float32, [None, 10])`);
  lines.push("h = x");
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.5)) lines.push(`h = tf.layers.dense(h, ${r.pick(["128", "64", "10"])}, activation=${r.pick(["tf.nn.relu", "None", "tf.nn.softmax"])})`);
    else {
      lines.push(`W${i} = tf.Variable(tf.${r.pick(["zeros", "random_normal", "truncated_normal"])}([${r.pick(["784", "128", "64"])}, ${r.pick(["128", "64", "10"])}]))`);
      lines.push(`h = tf.matmul(h, W${i}) + tf.Variable(tf.zeros([${r.pick(["128", "64", "10"])}]))`);
    }
  }
  lines.push(`y = tf.nn.${r.pick(["softmax", "relu", "sigmoid"])}(h)`);
  lines.push(r.pick([
    "loss = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))",
    "loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))",
    "loss = tf.losses.mean_squared_error(y_, y)",
  ]));
  lines.push(`train_step = tf.train.${r.pick(["GradientDescentOptimizer(0.5)", "AdamOptimizer(1e-4)", "MomentumOptimizer(0.1, 0.9)"])}.minimize(loss)`);
  lines.push("with tf.Session() as sess:");
  if (r.chance(0.8)) lines.push("    sess.run(tf.global_variables_initializer())");
  lines.push(`    for i in range(${r.pick(["1000", "10", "steps"])}):`);
  lines.push("        batch_xs, batch_ys = mnist.train.next_batch(100)");
  lines.push("        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})");
  return lines.join("\n") + "\n";
}

/** Odd but valid Python the interpreter must bound: growth, recursion, deep nesting, huge ranges. */
function hostileProgram(r) {
  return r.pick([
    "a = [1]\nwhile True:\n    a = a + a\n",
    "s = 'x' * 10**6\nt = s * 10**6\n",
    "def f(n):\n    return f(n + 1) + f(n + 2)\nf(0)\n",
    "d = {}\nfor i in range(10**7):\n    d[i] = [i] * i\n",
    "x = " + "(".repeat(200) + "1" + ")".repeat(200) + "\n",
    "a = []\na.append(a)\nb = str(a)\nc = a == a\n",
    "from tensorflow import keras\nm = keras.Sequential()\nfor i in range(64):\n  for j in range(64):\n    for k in range(64):\n      m.add(keras.layers.Dense(10))\n",
    "t = (1,)\nfor i in range(60):\n    t = (t, t)\nk = {t: 1}\n",
    "xs = [x for x in range(10**9) for y in range(10**9)]\n",
    "import os\nos.system('exit 1')\nexec('raise SystemExit')\n",
  ]);
}

/** A valid program of one of the families. */
export function baseProgram(r) {
  const roll = r.next();
  if (roll < 0.4) return sequentialProgram(r);
  if (roll < 0.7) return functionalProgram(r);
  if (roll < 0.9) return tf1Program(r);
  return hostileProgram(r) + (r.chance(0.5) ? sequentialProgram(r) : "");
}

/** Named nodes of a tree-sitter tree as [start, end) byte... UTF-16 offsets into the text. */
function namedSpans(tree) {
  const spans = [];
  const cursor = tree.walk();
  for (;;) {
    if (cursor.nodeIsNamed && cursor.endIndex > cursor.startIndex) spans.push([cursor.startIndex, cursor.endIndex, cursor.nodeType]);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return spans;
      }
    }
  }
}

/** One mutation of the syntax tree: a subtree swapped for another, deleted, repeated, or nested in a loop. */
function mutateTree(r, text, parser) {
  const tree = parser.parse(text);
  const spans = namedSpans(tree);
  tree.delete();
  if (spans.length < 2) return text;
  const [start, end] = r.pick(spans);
  const [otherStart, otherEnd] = r.pick(spans);
  const other = text.slice(otherStart, otherEnd);
  switch (r.int(5)) {
    case 0:
      return text.slice(0, start) + other + text.slice(end);
    case 1:
      return text.slice(0, start) + text.slice(end);
    case 2:
      return text.slice(0, end) + text.slice(start, end).repeat(1 + r.int(50)) + text.slice(end);
    case 3: {
      // A statement moved under a loop (indentation follows the line's).
      const lineStart = text.lastIndexOf("\n", start - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))[0];
      const lineEnd = text.indexOf("\n", start) < 0 ? text.length : text.indexOf("\n", start);
      const line = text.slice(lineStart, lineEnd);
      return text.slice(0, lineStart) + `${indent}for _i in range(${r.pick(["1000", "10**6", "n"])}):\n${indent}    ${line.trimStart()}` + text.slice(lineEnd);
    }
    default:
      return text.slice(0, start) + `(${text.slice(start, end)}) ${r.pick(["+", "*", "[0]", "()", ".shape", "if x else"])} ${other}` + text.slice(end);
  }
}

const ODD = ["\r", "\0", "\t", "\\", "'''", '"', "#", ":", "(", ")", "[", "{", "\u00e9", "\ud83d\ude00", "\u2028", "\ufeff", "    ", "\n\n\n", "lambda", "yield", "await", "**"];

/** One mutation of the text: characters flipped, inserted, cut or repeated. */
function mutateBytes(r, text) {
  if (text.length === 0) return r.pick(ODD);
  const at = r.int(text.length);
  switch (r.int(6)) {
    case 0:
      return text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ (1 << r.int(7))) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + r.pick(ODD) + text.slice(at);
    case 2:
      return text.slice(0, at);
    case 3: {
      const length = 1 + r.int(40);
      return text.slice(0, at) + text.slice(at, at + length).repeat(2 + r.int(200)) + text.slice(at);
    }
    case 4:
      return text.slice(0, at) + text.slice(at + 1 + r.int(20));
    default:
      return text.replace(/\n/g, r.pick(["\r", "\r\n", "\n\r"]));
  }
}

/** Program `index` of the run with `seed`: a valid program, mutated (or not) a few times. */
export function fuzzProgram(seed, index, parser) {
  const r = randomFrom((seed * 1000003 + index * 7919) >>> 0);
  let text = baseProgram(r);
  const mutations = r.chance(0.15) ? 0 : 1 + r.int(4);
  for (let i = 0; i < mutations; i++) text = r.chance(0.5) ? mutateTree(r, text, parser) : mutateBytes(r, text);
  return text;
}
