"""Predict age (regression) and gender (binary) from 64x64 face crops."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model, Input

faces = np.load("faces_64.npy")          # uint8 crops
ages = np.load("ages.npy").astype("float32")
genders = np.load("genders.npy").astype("float32")

faces = faces.astype("float32") / 255.0
ages = ages / 100.0

def backbone(x):
    for filters in (32, 64, 128):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.MaxPooling2D()(x)
    return layers.GlobalAveragePooling2D()(x)

inputs = Input(shape=(64, 64, 3))
features = backbone(inputs)
shared = layers.Dense(128, activation="relu", name="shared")(features)
age = layers.Dense(1, name="age")(shared)
gender = layers.Dense(1, activation="sigmoid", name="gender")(shared)

model = Model(inputs=inputs, outputs=[age, gender])
model.compile(
    optimizer=tf.keras.optimizers.Adam(3e-4),
    loss={"age": "mae", "gender": "binary_crossentropy"},
    metrics={"gender": "accuracy"},
)
model.fit(faces, {"age": ages, "gender": genders}, epochs=25, batch_size=64, validation_split=0.15)
