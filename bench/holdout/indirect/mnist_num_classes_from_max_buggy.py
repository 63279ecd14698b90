"""Digits classifier; class count taken from the labels."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.astype("float32")[..., np.newaxis] / 255.0
x_test = x_test.astype("float32")[..., np.newaxis] / 255.0

num_classes = int(y_train.max())


def classifier_head(features, n_out):
    h = layers.Dense(128, activation="relu")(features)
    return layers.Dense(n_out, activation="softmax")(h)


inp = layers.Input(shape=(28, 28, 1))
f = layers.Conv2D(32, 3, activation="relu")(inp)
f = layers.MaxPooling2D()(f)
f = layers.Flatten()(f)
out = classifier_head(f, num_classes)
model = Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, validation_split=0.1)
