import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
hidden = tf.layers.dense(x, 256, activation=tf.nn.relu)
logits = tf.layers.dense(hidden, 10)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(2000):
        batch_x, batch_y = mnist.train.next_batch(100)
        sess.run(train_op, feed_dict={x: batch_x, y: batch_y})
        if step % 200 == 0:
            acc = sess.run(accuracy, feed_dict={x: mnist.validation.images, y: mnist.validation.labels})
            print(f"step {step}: validation accuracy {acc:.3f}")
    print(sess.run(accuracy, feed_dict={x: mnist.test.images, y: mnist.test.labels}))
