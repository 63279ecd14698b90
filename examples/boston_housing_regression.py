"""House-price regression on boston_housing with standardised features (clean)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(1)

# 404 training and 102 test houses, 13 unscaled features; targets are prices in k$ (5..50).
(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()

# Standardise with the training statistics only, and apply the same transform to the test set.
mean = x_train.mean(axis=0)
std = x_train.std(axis=0)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std


def build_model():
    model = keras.Sequential([
        layers.Dense(64, activation="relu", input_shape=(x_train.shape[1],)),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),  # linear output: prices are unbounded above
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3), loss="mse", metrics=["mae"])
    return model


model = build_model()
history = model.fit(x_train, y_train, epochs=100, batch_size=16, validation_split=0.2, verbose=0)
test_mse, test_mae = model.evaluate(x_test, y_test, verbose=0)
print(f"Test MAE: {test_mae:.2f} k$")
