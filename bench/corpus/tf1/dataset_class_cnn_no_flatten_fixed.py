import tensorflow as tf
from tensorflow.keras.datasets import cifar10


class ImageFeed:
    """Batches of CIFAR-10 images, scaled to [0, 1], with one-hot labels."""

    def __init__(self, images, labels, batch_size):
        pairs = tf.data.Dataset.from_tensor_slices((images, labels))
        pairs = pairs.map(self.prepare).shuffle(5000).batch(batch_size)
        self.iterator = pairs.make_initializable_iterator()
        self.images, self.labels = self.iterator.get_next()

    def prepare(self, image, label):
        image = tf.image.convert_image_dtype(image, tf.float32)
        label = tf.one_hot(tf.reshape(label, []), 10)
        return image, label


def classifier(images):
    x = tf.layers.conv2d(images, 32, 3, padding='same', activation=tf.nn.relu)
    x = tf.layers.max_pooling2d(x, 2, 2)
    x = tf.layers.conv2d(x, 64, 3, padding='same', activation=tf.nn.relu)
    x = tf.layers.max_pooling2d(x, 2, 2)
    return tf.layers.dense(tf.layers.flatten(x), 10)


(train_x, train_y), _ = cifar10.load_data()
feed = ImageFeed(train_x, train_y, 64)
logits = classifier(feed.images)
loss = tf.losses.softmax_cross_entropy(feed.labels, logits)
step = tf.train.AdamOptimizer(1e-3).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(5):
        sess.run(feed.iterator.initializer)
        try:
            while True:
                sess.run(step)
        except tf.errors.OutOfRangeError:
            pass
