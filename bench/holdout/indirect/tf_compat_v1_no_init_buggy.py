"""Two-layer net in graph mode under TF2 via tf.compat.v1."""
import numpy as np
import tensorflow as tf

tf.compat.v1.disable_eager_execution()

data = np.load("features.npz")
train_x, train_y = data["x"].astype(np.float32), data["y"].astype(np.float32)

x = tf.compat.v1.placeholder(tf.float32, [None, 20])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
w1 = tf.compat.v1.get_variable("w1", [20, 32], initializer=tf.compat.v1.glorot_uniform_initializer())
b1 = tf.compat.v1.get_variable("b1", [32], initializer=tf.compat.v1.zeros_initializer())
h = tf.nn.relu(tf.matmul(x, w1) + b1)
w2 = tf.compat.v1.get_variable("w2", [32, 1], initializer=tf.compat.v1.glorot_uniform_initializer())
b2 = tf.compat.v1.get_variable("b2", [1], initializer=tf.compat.v1.zeros_initializer())
logits = tf.matmul(h, w2) + b2
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)

sess = tf.compat.v1.Session()
for epoch in range(100):
    _, l = sess.run([train_op, loss], feed_dict={x: train_x, y: train_y})
    if epoch % 10 == 0:
        print(epoch, l)
