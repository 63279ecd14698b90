import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

images = np.load("xray_images.npy").astype("float32") / 255.0
labels = np.load("xray_labels.npy")

def residual(x, filters):
    shortcut = x
    y = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    y = layers.Add()([shortcut, y])
    return layers.Activation("relu")(y)

inputs = keras.Input(shape=(224, 224, 3))
x = layers.Conv2D(64, 7, strides=2, padding="same", activation="relu")(inputs)
x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
x = layers.Conv2D(256, 1, activation="relu")(x)
for _ in range(3):
    x = residual(x, 256)
x = layers.Flatten()(x)
x = layers.Dense(512, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)

model = keras.Model(inputs, outputs, name="xray_resnet")
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy", metrics=["AUC"])
model.fit(images, labels, batch_size=16, epochs=12, validation_split=0.2)
