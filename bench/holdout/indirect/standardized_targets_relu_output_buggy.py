# Energy efficiency: predict heating load; targets standardised
import pandas as pd
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("ENB2012_data.csv")
X = df[["X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8"]].values
y = df[["Y1"]].values

x_scaler = StandardScaler()
y_scaler = StandardScaler()
X = x_scaler.fit_transform(X)
y = y_scaler.fit_transform(y)

model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="relu"),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X, y, epochs=200, batch_size=32, validation_split=0.2, verbose=0)
