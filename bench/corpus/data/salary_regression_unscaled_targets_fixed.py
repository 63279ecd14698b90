import numpy as np
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(3)
experience = rng.uniform(0, 40, size=(3000, 1))
features = np.hstack([experience, rng.normal(size=(3000, 5))])
salary = rng.uniform(20000.0, 250000.0, size=(3000,))

X = StandardScaler().fit_transform(features)
y_mean, y_std = salary.mean(), salary.std()
y = (salary - y_mean) / y_std

model = keras.Sequential([
    layers.Dense(32, activation="relu", input_shape=(6,)),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=50, batch_size=32, validation_split=0.2)
