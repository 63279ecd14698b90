import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
image = tf.reshape(x, [-1, 28, 28, 1])


def weight(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))


def bias(n):
    return tf.Variable(tf.constant(0.0, shape=[n]))


conv1 = tf.nn.relu(tf.nn.conv2d(image, weight([5, 5, 1, 32]), strides=[1, 1, 1, 1], padding='SAME') + bias(32))
pool1 = tf.nn.max_pool(conv1, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
conv2 = tf.nn.relu(tf.nn.conv2d(pool1, weight([5, 5, 32, 64]), strides=[1, 1, 1, 1], padding='SAME') + bias(64))
pool2 = tf.nn.max_pool(conv2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
# Two poolings leave 7 x 7 maps of 64 channels.
flat = tf.reshape(pool2, [-1, 7 * 7 * 64])
fc = tf.nn.relu(tf.matmul(flat, weight([7 * 7 * 64, 1024])) + bias(1024))
logits = tf.matmul(fc, weight([1024, 10])) + bias(10)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train_step = tf.train.AdamOptimizer(1e-4).minimize(loss)
