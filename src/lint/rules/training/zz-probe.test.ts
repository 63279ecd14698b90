import { test } from "vitest";
import { analyze } from "../../../frontends/python/testing.js";
const G = `
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
h = tf.layers.dense(x, 1)
loss = tf.losses.mean_squared_error(x, h)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
`;
const cases: Record<string, string> = {
  monitored: G + `
with tf.train.MonitoredTrainingSession(checkpoint_dir='/tmp') as sess:
    while not sess.should_stop():
        sess.run(train_op)
`,
  restore: G + `
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, 'ckpt')
    for i in range(10):
        sess.run(train_op)
`,
  group: G + `
with tf.Session() as sess:
    sess.run(tf.group(tf.global_variables_initializer(), tf.local_variables_initializer()))
    for i in range(10):
        sess.run(train_op)
`,
  varsinit: G + `
with tf.Session() as sess:
    sess.run(tf.variables_initializer(tf.global_variables()))
    for i in range(10):
        sess.run(train_op)
`,
  helperinit: G + `
def init_all(s):
    s.run(tf.global_variables_initializer())
with tf.Session() as sess:
    init_all(sess)
    for i in range(10):
        sess.run(train_op)
`,
  opRun: G + `
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(10):
        train_op.run()
`,
  unknownFetch: G + `
ops = get_ops()
with tf.Session() as sess:
    sess.run(ops['init'])
    for i in range(10):
        sess.run(train_op)
`,
  trainInFn: G + `
def step(s):
    s.run(train_op)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(10):
        step(sess)
`,
  uncalledFn: G + `
def train(s):
    s.run(train_op)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
`,
  mainGuard: G + `
def main():
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
if __name__ == '__main__':
    main()
`,
  comprehension: G + `
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = [sess.run([train_op, loss]) for _ in range(100)]
`,
  unknownLoop: G + `
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for batch in batches:
        sess.run(train_op, feed_dict={x: batch})
`,
  kerasSession: `
import tensorflow as tf
from keras import backend as K
sess = K.get_session()
m = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
`,
  compatSess: `
import tensorflow as tf
x = tf.compat.v1.placeholder(tf.float32, [None, 3])
h = tf.compat.v1.layers.dense(x, 1)
loss = tf.compat.v1.losses.mean_squared_error(x, h)
train_op = tf.compat.v1.train.AdamOptimizer(0.1).minimize(loss)
sess = tf.compat.v1.Session()
sess.run(tf.compat.v1.global_variables_initializer())
for i in range(3):
    sess.run(train_op)
`,
  lowLevelSess: `
import tensorflow as tf
X = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.zeros([3, 1]))
cost = tf.reduce_mean(tf.square(tf.matmul(X, W)))
opt = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
with tf.Session() as sess:
    for i in range(3):
        sess.run(opt)
`,
  sessionAssigned: G + `
sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for i in range(10):
    train_op.run(feed_dict={x: 1})
`,
  ifInit: G + `
with tf.Session() as sess:
    if restore:
        saver.restore(sess, 'x')
    else:
        sess.run(tf.global_variables_initializer())
    for i in range(10):
        sess.run(train_op)
`,
};
test("probe", async () => {
  for (const [name, code] of Object.entries(cases)) {
    const { program } = await analyze(code);
    const s = program.session;
    console.log(name, program.framework, JSON.stringify(s && { init: s.initializerRuns.map((r) => [r.span.line, r.inLoop]), train: s.trainOpRuns.map((r) => [r.span.line, r.inLoop]), sess: s.sessionSpan?.line }), program.notes.map((n) => n.message).join(" | ").slice(0, 300));
  }
});
