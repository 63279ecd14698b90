import tensorflow as tf


def conv_block(inputs, name, channels_in, channels_out):
    with tf.variable_scope(name):
        filters = tf.get_variable('filters', [3, 3, channels_in, channels_out], initializer=tf.constant_initializer(0.01))
        biases = tf.get_variable('biases', [channels_out], initializer=tf.zeros_initializer())
        conv = tf.nn.conv2d(inputs, filters, strides=[1, 1, 1, 1], padding='SAME')
        return tf.nn.relu(tf.nn.bias_add(conv, biases))


images = tf.placeholder(tf.float32, [None, 32, 32, 3])
labels = tf.placeholder(tf.int64, [None])
net = conv_block(images, 'block1', 3, 32)
net = tf.nn.max_pool(net, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')
net = conv_block(net, 'block2', 32, 64)
net = tf.nn.max_pool(net, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')
logits = tf.layers.dense(tf.layers.flatten(net), 10)
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
train_op = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
