"""Adoption speed: tabular features + photo, two-input Keras model."""
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import Conv2D, MaxPooling2D, GlobalAveragePooling2D, Dense, Concatenate, Dropout
from tensorflow.keras.utils import to_categorical

N_CLASSES = 3

meta = pd.read_csv("data/petfinder_train.csv")
images = np.load("data/petfinder_photos_64.npy").astype("float32") / 255.0
tabular = meta[["Age", "Fee", "Quantity", "PhotoAmt", "VideoAmt"]].values.astype("float32")
tabular = (tabular - tabular.mean(axis=0)) / tabular.std(axis=0)
labels = to_categorical(meta["AdoptionBucket"].values, N_CLASSES)

img_in = Input(shape=(64, 64, 3), name="photo")
h = Conv2D(32, (3, 3), activation="relu", padding="same")(img_in)
h = MaxPooling2D()(h)
h = Conv2D(64, (3, 3), activation="relu", padding="same")(h)
h = GlobalAveragePooling2D()(h)

tab_in = Input(shape=(5,), name="tabular")
t = Dense(32, activation="relu")(tab_in)

merged = Concatenate()([h, t])
merged = Dense(64, activation="relu")(merged)
merged = Dropout(0.3)(merged)
out = Dense(2, activation="softmax", name="speed")(merged)

model = Model(inputs=[img_in, tab_in], outputs=out)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit({"photo": images, "tabular": tabular}, labels, epochs=10, batch_size=32, validation_split=0.2)
