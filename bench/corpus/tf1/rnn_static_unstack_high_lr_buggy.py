import tensorflow as tf

# Row-by-row MNIST with a static RNN over the 28 rows of each image.
(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train / 255.0

rows = tf.placeholder(tf.float32, [None, 28, 28])
digits = tf.placeholder(tf.int64, [None])
steps = tf.unstack(rows, 28, 1)
cell = tf.contrib.rnn.BasicLSTMCell(128)
outputs, _ = tf.contrib.rnn.static_rnn(cell, steps, dtype=tf.float32)
W = tf.Variable(tf.random_normal([128, 10], stddev=0.1))
b = tf.Variable(tf.zeros([10]))
logits = tf.matmul(outputs[-1], W) + b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=digits, logits=logits))
optimizer = tf.train.AdamOptimizer(learning_rate=0.5)
grads_and_vars = optimizer.compute_gradients(loss)
clipped = [(tf.clip_by_norm(g, 5.0), v) for g, v in grads_and_vars]
train_op = optimizer.apply_gradients(clipped)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(0, 60000, 128):
        sess.run(train_op, feed_dict={rows: x_train[i:i + 128], digits: y_train[i:i + 128]})
