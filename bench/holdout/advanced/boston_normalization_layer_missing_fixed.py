"""Regression with a Keras Normalization layer adapted on the training features."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

(train_features, train_labels), (test_features, test_labels) = tf.keras.datasets.boston_housing.load_data()

normalizer = layers.Normalization(axis=-1)
normalizer.adapt(np.array(train_features))

dnn_model = tf.keras.Sequential([
    layers.Input(shape=(13,)),
    normalizer,
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
dnn_model.compile(loss="mean_absolute_error", optimizer=tf.keras.optimizers.Adam(0.001))
history = dnn_model.fit(train_features, train_labels, validation_split=0.2, verbose=0, epochs=100)
print(dnn_model.evaluate(test_features, test_labels, verbose=0))
