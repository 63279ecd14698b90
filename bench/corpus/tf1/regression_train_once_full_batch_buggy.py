import numpy as np
import tensorflow as tf

xs = np.linspace(-1, 1, 256).reshape(-1, 1).astype(np.float32)
ys = (3 * xs ** 2 - 0.5 + np.random.normal(0, 0.05, xs.shape)).astype(np.float32)

tf_x = tf.placeholder(tf.float32, xs.shape)
tf_y = tf.placeholder(tf.float32, ys.shape)
l1 = tf.layers.dense(tf_x, 10, tf.nn.relu)
output = tf.layers.dense(l1, 1)
loss = tf.losses.mean_squared_error(tf_y, output)
train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
_, l = sess.run([train_op, loss], {tf_x: xs, tf_y: ys})
print("loss", l)
