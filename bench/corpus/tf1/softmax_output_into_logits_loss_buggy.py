import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)

X = tf.placeholder(tf.float32, [None, 28, 28, 1])
Y = tf.placeholder(tf.float32, [None, 10])
conv1 = tf.layers.conv2d(X, 32, 5, activation=tf.nn.relu)
pool1 = tf.layers.max_pooling2d(conv1, 2, 2)
flat = tf.layers.flatten(pool1)
fc = tf.layers.dense(flat, 256, activation=tf.nn.relu)
out = tf.layers.dense(fc, 10, activation=tf.nn.softmax)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=out, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=0.001).minimize(loss_op)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1, 1001):
        bx, by = mnist.train.next_batch(128)
        sess.run(train_op, feed_dict={X: bx.reshape(-1, 28, 28, 1), Y: by})
