# TF1 MLP with tf.layers; the fixed version trains in a MonitoredTrainingSession
import numpy as np
import tensorflow as tf

features = np.load("train_x.npy").astype(np.float32)   # (n, 30), standardised
labels = np.load("train_y.npy").astype(np.int64)        # (n,), 0..4

x = tf.placeholder(tf.float32, [None, 30])
y = tf.placeholder(tf.int64, [None])
hidden = tf.layers.dense(x, 64, activation=tf.nn.relu)
logits = tf.layers.dense(hidden, 5)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=global_step)

with tf.Session() as sess:
    for i in range(2000):
        idx = np.random.choice(len(features), 128)
        _, l = sess.run([train_op, loss], feed_dict={x: features[idx], y: labels[idx]})
        if i % 200 == 0:
            print(i, l)
