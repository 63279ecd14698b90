import tensorflow as tf
from tensorflow.keras.datasets import mnist

(train_images, train_labels), _ = mnist.load_data()
train_images = train_images.reshape(-1, 28, 28, 1) / 255.0

images = tf.placeholder(tf.float32, [None, 28, 28, 1])
digits = tf.placeholder(tf.int32, [None])

net = tf.layers.conv2d(images, 16, 5, activation=tf.nn.relu)
net = tf.layers.max_pooling2d(net, 2, 2)
net = tf.layers.flatten(net)
logits = tf.layers.dense(net, 10)
loss = tf.losses.sparse_softmax_cross_entropy(digits, logits)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        for i in range(0, len(train_images), 128):
            # Pixels scaled to [0, 1] when loaded.
            sess.run(train_op, feed_dict={images: train_images[i:i + 128], digits: train_labels[i:i + 128]})
