import tensorflow as tf
from tensorflow.keras.datasets import cifar10
from tensorflow.keras.utils import to_categorical

(train_x, train_y), _ = cifar10.load_data()
train_x = train_x.astype('float32') / 255.0
train_y = to_categorical(train_y, 10)

images = tf.placeholder(tf.float32, [None, 32, 32, 3])
targets = tf.placeholder(tf.float32, [None, 10])
net = tf.layers.conv2d(images, 32, 3, activation=tf.nn.relu)
net = tf.layers.max_pooling2d(net, 2, 2)
net = tf.layers.dense(tf.layers.flatten(net), 128, activation=tf.nn.relu)
# One output per CIFAR-10 class.
logits = tf.layers.dense(net, 10)
loss = tf.losses.softmax_cross_entropy(targets, logits)
step = tf.train.AdamOptimizer(1e-3).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(10):
        for i in range(0, 50000, 64):
            sess.run(step, feed_dict={images: train_x[i:i + 64], targets: train_y[i:i + 64]})
