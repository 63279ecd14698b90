"""Fashion-MNIST MLP; layer settings shared through a kwargs dict."""
import tensorflow as tf
from tensorflow.keras import layers

tf.random.set_seed(7)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 28 * 28).astype("float32") / 255.0
x_test = x_test.reshape(-1, 28 * 28).astype("float32") / 255.0

dense_kwargs = dict(activation="relu", kernel_initializer="zeros", bias_initializer="zeros")

model = tf.keras.Sequential([
    layers.Dense(300, input_shape=(784,), **dense_kwargs),
    layers.Dense(100, **dense_kwargs),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, validation_split=0.1)
model.evaluate(x_test, y_test)
