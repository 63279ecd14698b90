import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

images = np.random.rand(200, 128, 128, 1).astype("float32")
masks = (np.random.rand(200, 128, 128, 1) > 0.5).astype("float32")

inputs = keras.Input(shape=(128, 128, 1))
c1 = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
c1 = layers.Conv2D(16, 3, activation="relu", padding="same")(c1)
p1 = layers.MaxPooling2D()(c1)
c2 = layers.Conv2D(32, 3, activation="relu", padding="same")(p1)
c2 = layers.Conv2D(32, 3, activation="relu", padding="same")(c2)
u1 = layers.UpSampling2D()(c2)
m1 = layers.Concatenate()([u1, c1])
c3 = layers.Conv2D(16, 3, activation="relu", padding="same")(m1)
outputs = layers.Conv2D(1, 1, activation="sigmoid")(c3)

model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(images, masks, batch_size=8, epochs=10, validation_split=0.1)
