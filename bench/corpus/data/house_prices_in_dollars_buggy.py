import numpy as np
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mu, sigma = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mu) / sigma
x_test = (x_test - mu) / sigma

# report prices in dollars rather than thousands
y_train = y_train * 1000
y_test = y_test * 1000
y_scale = 1.0

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(13,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=16, validation_split=0.2)
print(model.predict(x_test[:5]).ravel() * y_scale, y_test[:5])
