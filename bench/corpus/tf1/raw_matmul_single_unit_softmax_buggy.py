import numpy as np
import tensorflow as tf

# Spam filter on 57 hand-made features: one output unit, hand-written layers.
features = np.random.rand(4601, 57).astype(np.float32)
is_spam = np.random.randint(0, 2, size=(4601, 1)).astype(np.float32)

inputs = tf.placeholder(tf.float32, [None, 57])
targets = tf.placeholder(tf.float32, [None, 1])

w_hidden = tf.Variable(tf.truncated_normal([57, 32], stddev=0.1))
b_hidden = tf.Variable(tf.zeros([32]))
hidden = tf.nn.relu(tf.matmul(inputs, w_hidden) + b_hidden)

w_out = tf.Variable(tf.truncated_normal([32, 1], stddev=0.1))
b_out = tf.Variable(tf.zeros([1]))
spam_probability = tf.nn.softmax(tf.matmul(hidden, w_out) + b_out)

loss = tf.reduce_mean(-(targets * tf.log(spam_probability + 1e-8) + (1 - targets) * tf.log(1 - spam_probability + 1e-8)))
train_step = tf.train.AdamOptimizer(0.001).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(20):
        for start in range(0, 4601, 128):
            sess.run(train_step, feed_dict={inputs: features[start:start + 128], targets: is_spam[start:start + 128]})
