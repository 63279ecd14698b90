# Tabular classifier; the hold-out split was "simplified" during a refactor
import numpy as np
import pandas as pd
from tensorflow import keras

df = pd.read_csv("credit_default.csv")
X = df.drop(columns=["default"]).values.astype("float32")
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-7)
y = df["default"].values.astype("float32")

n_train = int(0.8 * len(X))
x_train, y_train = X[:n_train], y[:n_train]
x_val, y_val = X[n_train:], y[n_train:]

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(X.shape[1],)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC()])
model.fit(x_train, y_train, epochs=30, batch_size=256, validation_data=(x_val, y_val))
