import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

GENRES = ["Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi", "Thriller"]

df = pd.read_csv("posters.csv")
X = np.stack([np.load(f"posters/{pid}.npy") for pid in df["id"]]) / 255.0
# multi-hot: a film can belong to several genres
y = df[GENRES].values.astype("float32")

model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(96, 96, 3)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.GlobalAveragePooling2D(),
    layers.Dense(len(GENRES), activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=15, batch_size=32, validation_split=0.2)
