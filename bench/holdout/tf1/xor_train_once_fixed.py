# XOR with a two-layer network in TF1
import numpy as np
import tensorflow as tf

x_data = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y_data = np.array([[0], [1], [1], [0]], dtype=np.float32)

X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.random_normal([2, 8]))
b1 = tf.Variable(tf.zeros([8]))
layer1 = tf.nn.relu(tf.matmul(X, W1) + b1)
W2 = tf.Variable(tf.random_normal([8, 1]))
b2 = tf.Variable(tf.zeros([1]))
logits = tf.matmul(layer1, W2) + b2

loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5000):
        _, l = sess.run([train_op, loss], feed_dict={X: x_data, Y: y_data})
    print("final loss", l)
    print(sess.run(tf.sigmoid(logits), feed_dict={X: x_data}))
