"""Oracle probe: subclassed models, shared layers, nested models and per-output losses."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class SmallConvNet(keras.Model):
    def __init__(self, classes):
        super().__init__()
        self.conv = layers.Conv2D(16, 3, activation="relu")
        self.pool = layers.MaxPooling2D()
        self.flat = layers.Flatten()
        self.out = layers.Dense(classes)

    def call(self, x):
        return self.out(self.flat(self.pool(self.conv(x))))


net = SmallConvNet(10)
net.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
net.fit(np.zeros((8, 28, 28, 1), "float32"), np.zeros((8,), "int64"), epochs=1)

query = keras.Input(shape=(12,))
answer = keras.Input(shape=(12,))
shared = layers.Dense(8, activation="tanh")
pair = layers.concatenate([shared(query), shared(answer)])
matcher = keras.Model([query, answer], layers.Dense(1, activation="sigmoid")(pair))
matcher.compile(optimizer="adam", loss="binary_crossentropy")

encoder = keras.Sequential([keras.Input(shape=(32,)), layers.Dense(16, activation="relu"), layers.Dense(4)], name="encoder")
decoder = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(16, activation="relu"), layers.Dense(32, activation="sigmoid")], name="decoder")
autoencoder = keras.Sequential([encoder, decoder])
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")

pixels = keras.Input(shape=(64, 64, 3), name="pixels")
trunk = layers.Conv2D(8, 3, strides=2, activation="relu")(pixels)
trunk = layers.GlobalAveragePooling2D()(trunk)
age = layers.Dense(1, name="age")(trunk)
gender = layers.Dense(1, activation="sigmoid", name="gender")(trunk)
faces = keras.Model(inputs=pixels, outputs=[age, gender])
faces.compile(optimizer="adam", loss={"age": "mae", "gender": keras.losses.BinaryCrossentropy()})
