# Linear regression on a CSV with TF1 graph mode
import numpy as np
import pandas as pd
import tensorflow as tf

df = pd.read_csv("advertising.csv")
X_data = df[["TV", "Radio", "Newspaper"]].values.astype(np.float32)
X_data = (X_data - X_data.mean(axis=0)) / X_data.std(axis=0)
y_data = df[["Sales"]].values.astype(np.float32)

X = tf.placeholder(tf.float32, shape=[None, 3])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([3, 1]), name="weight")
b = tf.Variable(tf.random_normal([1]), name="bias")
hypothesis = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
train = optimizer.minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(2001):
    cost_val, _ = sess.run([cost, train], feed_dict={X: X_data, Y: y_data})
    if epoch % 200 == 0:
        print(epoch, "cost:", cost_val)
sess.close()
