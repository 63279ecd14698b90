# MNIST CNN with a preprocessing helper
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


def preprocess(images):
    images = images.astype("float32") / 255.0
    return np.expand_dims(images, -1)


(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train / 255.0
x_test = x_test / 255.0
x_train = preprocess(x_train)
x_test = preprocess(x_test)

model = tf.keras.Sequential([
    layers.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=64, validation_split=0.1)
model.evaluate(x_test, y_test)
