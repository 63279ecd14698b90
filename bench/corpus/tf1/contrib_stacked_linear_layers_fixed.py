import numpy as np
import tensorflow as tf

# Regression of a house price from 13 features, with tf.contrib.layers.
features = np.random.rand(506, 13).astype(np.float32)
prices = np.random.rand(506, 1).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 13])
y = tf.placeholder(tf.float32, [None, 1])
# fully_connected applies ReLU by default; only the output is linear.
h1 = tf.contrib.layers.fully_connected(x, 64)
h2 = tf.contrib.layers.fully_connected(h1, 64)
prediction = tf.contrib.layers.fully_connected(h2, 1, activation_fn=None)
loss = tf.losses.mean_squared_error(y, prediction)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(200):
    sess.run(train_op, feed_dict={x: features, y: prices})
