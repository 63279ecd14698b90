import tensorflow as tf


def network(inputs, training, reuse):
    with tf.variable_scope('net', reuse=reuse):
        h = tf.layers.dense(inputs, 256, activation=tf.nn.relu, use_bias=False, name='fc1')
        # Normalise first, then drop out.
        h = tf.layers.batch_normalization(h, training=training, name='bn1')
        h = tf.layers.dropout(h, rate=0.4, training=training)
        return tf.layers.dense(h, 10, name='out')


x_train = tf.placeholder(tf.float32, [None, 784])
y_train = tf.placeholder(tf.float32, [None, 10])
x_test = tf.placeholder(tf.float32, [None, 784])

logits = network(x_train, training=True, reuse=False)
loss = tf.losses.softmax_cross_entropy(y_train, logits)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
# The same network on test data: the same variables, no new layers.
test_logits = network(x_test, training=False, reuse=True)
