import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler
from tensorflow import keras

df = pd.read_csv("heart.csv")
X = df.drop("target", axis=1).values
y = df["target"].values
X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=1)
scaler = MinMaxScaler().fit(X_tr)
X_tr, X_val = scaler.transform(X_tr), scaler.transform(X_val)

model = keras.Sequential([
    keras.layers.Dense(32, activation="relu", input_shape=(X.shape[1],)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
early = keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)
model.fit(X_tr, y_tr, epochs=200, validation_data=(X_tr, y_tr), callbacks=[early])
