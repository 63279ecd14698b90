import numpy as np
import tensorflow as tf

# Sentiment of reviews of 80 tokens, LSTM cells from tf.nn.rnn_cell.
reviews = np.random.randint(0, 10000, size=(25000, 80))
sentiment = np.random.randint(0, 2, size=(25000, 1)).astype(np.float32)

tokens = tf.placeholder(tf.int32, [None, 80])
target = tf.placeholder(tf.float32, [None, 1])
embedding = tf.Variable(tf.random_uniform([10000, 128], -0.05, 0.05))
embedded = tf.nn.embedding_lookup(embedding, tokens)


def lstm_cell(units):
    cell = tf.nn.rnn_cell.BasicLSTMCell(units)
    # keep_prob is the share of units kept: 0.3 drops 70 % of each layer's outputs.
    return tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.3)


stack = tf.nn.rnn_cell.MultiRNNCell([lstm_cell(64), lstm_cell(64)])
outputs, state = tf.nn.dynamic_rnn(stack, embedded, dtype=tf.float32)
last_step = outputs[:, -1, :]
logit = tf.layers.dense(last_step, 1)
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=logit))
optimize = tf.train.AdamOptimizer(1e-3).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        for i in range(0, 25000, 100):
            sess.run(optimize, feed_dict={tokens: reviews[i:i + 100], target: sentiment[i:i + 100]})
