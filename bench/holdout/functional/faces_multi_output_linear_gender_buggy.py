"""UTKFace: one CNN trunk, two heads (age regression, gender classification)."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model

images = np.load("utkface_images.npy").astype("float32") / 255.0
ages = np.load("utkface_ages.npy").astype("float32") / 100.0
genders = np.load("utkface_genders.npy")


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    return x


inp = layers.Input(shape=(96, 96, 3))
x = inp
for f in (32, 64, 128):
    x = conv_block(x, f)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(128, activation="relu")(x)

age_out = layers.Dense(1, activation="linear", name="age")(x)
gender_out = layers.Dense(1, name="gender")(x)

model = Model(inputs=inp, outputs=[age_out, gender_out])
model.compile(
    optimizer="adam",
    loss={"age": "mse", "gender": "binary_crossentropy"},
    metrics={"age": "mae", "gender": "accuracy"},
)
model.fit(images, {"age": ages, "gender": genders}, epochs=20, batch_size=64, validation_split=0.1)
