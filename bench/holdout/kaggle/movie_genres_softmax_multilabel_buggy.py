# Movie poster genre classification (multi-label: a film can be Action AND Comedy)
import numpy as np
import pandas as pd
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.model_selection import train_test_split
from tensorflow.keras import layers, models

df = pd.read_csv("../input/movie-posters/train.csv")
genres = df["Genre"].str.split("|")
mlb = MultiLabelBinarizer()
Y = mlb.fit_transform(genres)
X = np.load("../input/movie-posters/posters_128.npy").astype("float32") / 255.0
X_train, X_val, Y_train, Y_val = train_test_split(X, Y, test_size=0.15, random_state=1)

model = models.Sequential([
    layers.Conv2D(32, (3, 3), activation="relu", input_shape=(128, 128, 3)),
    layers.MaxPooling2D(2),
    layers.Conv2D(64, (3, 3), activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(128, (3, 3), activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.4),
    layers.Dense(len(mlb.classes_), activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, Y_train, epochs=25, batch_size=32, validation_data=(X_val, Y_val))
