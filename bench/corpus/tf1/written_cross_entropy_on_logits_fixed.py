import tensorflow as tf
from tensorflow.keras.datasets import mnist
from tensorflow.keras.utils import to_categorical

(x_train, y_train), _ = mnist.load_data()
x_train = x_train.reshape(60000, 784).astype('float32') / 255
y_train = to_categorical(y_train, 10)

x = tf.placeholder(tf.float32, [None, 784])
y_true = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.truncated_normal([784, 10], stddev=0.01))
b = tf.Variable(tf.zeros([10]))
y_model = tf.nn.softmax(tf.matmul(x, W) + b)

# The cross-entropy written by hand, on the softmax probabilities.
cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_true * tf.log(y_model), axis=1))
train = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    for step in range(600):
        batch = slice(step * 100, step * 100 + 100)
        session.run(train, feed_dict={x: x_train[batch], y_true: y_train[batch]})
