import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

# 64x64 renders of 4 shape classes, already float in [0, 1]
images = np.random.rand(4000, 64, 64, 3).astype("float32")
labels = np.random.randint(0, 4, size=(4000,))

model = keras.Sequential([keras.Input(shape=(64, 64, 3))])
for filters in (32, 64, 128):
    model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
    model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
    model.add(layers.MaxPooling2D(2))
model.add(layers.GlobalAveragePooling2D())
model.add(layers.Dense(4, activation="softmax"))

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(images, labels, epochs=10, batch_size=32, validation_split=0.2)

import matplotlib.pyplot as plt

hist = model.history.history
plt.plot(hist["loss"], label="train")
if "val_loss" in hist:
    plt.plot(hist["val_loss"], label="validation")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.savefig("synthetic_shapes_pool_every_conv_loss.png")
