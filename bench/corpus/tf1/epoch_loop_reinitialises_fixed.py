import numpy as np
import tensorflow as tf

features = np.load("features.npy").astype(np.float32)
labels = np.load("labels.npy").astype(np.int64)
n_features = features.shape[1]

x = tf.placeholder(tf.float32, [None, n_features])
y = tf.placeholder(tf.int64, [None])
h = tf.layers.dense(x, 64, activation=tf.nn.relu)
logits = tf.layers.dense(h, 5)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(20):
        perm = np.random.permutation(len(features))
        for start in range(0, len(features), 64):
            idx = perm[start:start + 64]
            sess.run(train, feed_dict={x: features[idx], y: labels[idx]})
        print(epoch, sess.run(loss, feed_dict={x: features, y: labels}))
