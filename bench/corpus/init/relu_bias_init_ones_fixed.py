import numpy as np
from tensorflow import keras

X = np.load("sensor_features.npy")
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = np.load("sensor_labels.npy")

model = keras.models.Sequential()
model.add(keras.layers.Dense(64, activation="relu", input_shape=(X.shape[1],)))
model.add(keras.layers.Dense(64, activation="relu"))
model.add(keras.layers.Dense(3, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=30, validation_split=0.2)

history = model.history.history
for key in sorted(history):
    print(f"{key}: {history[key][-1]:.4f}")
model.save("relu_bias_init_ones.h5")
