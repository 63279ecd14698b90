import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

X_data = np.random.rand(500, 3).astype(np.float32)
y_data = X_data @ np.array([[2.0], [-1.0], [0.5]], dtype=np.float32) + 0.3

X = tf.placeholder(tf.float32, shape=[None, 3])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([3, 1], stddev=0.1))
b = tf.Variable(tf.zeros([1]))
pred = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(pred - Y))
optimizer = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
init = tf.global_variables_initializer()

sess = tf.Session()
sess.run(init)
for epoch in range(300):
    _, c = sess.run([optimizer, cost], feed_dict={X: X_data, Y: y_data})
print("W =", sess.run(W), "b =", sess.run(b))
sess.close()
