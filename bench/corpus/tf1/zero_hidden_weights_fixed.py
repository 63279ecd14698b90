import tensorflow as tf
from tensorflow.keras.datasets import fashion_mnist

(train_images, train_labels), _ = fashion_mnist.load_data()
train_images = train_images.reshape(-1, 784) / 255.0

pixels = tf.placeholder(tf.float32, [None, 784])
labels = tf.placeholder(tf.int64, [None])

# Small random weights break the symmetry between hidden units.
w1 = tf.Variable(tf.random_normal([784, 300], stddev=0.05))
b1 = tf.Variable(tf.zeros([300]))
layer1 = tf.nn.relu(tf.add(tf.matmul(pixels, w1), b1))

w2 = tf.Variable(tf.random_normal([300, 10], stddev=0.05))
b2 = tf.Variable(tf.zeros([10]))
scores = tf.add(tf.matmul(layer1, w2), b2)

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=scores))
optimizer = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(10):
    for i in range(0, 60000, 200):
        sess.run(optimizer, feed_dict={pixels: train_images[i:i + 200], labels: train_labels[i:i + 200]})
