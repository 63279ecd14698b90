# Generator half of a small DCGAN, trained here as a decoder on MNIST codes.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

LATENT_DIM = 100

def build_generator(latent_dim=LATENT_DIM):
    noise = keras.Input(shape=(latent_dim,), name="noise")
    x = layers.Dense(7 * 7 * 64, use_bias=False)(noise)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(0.2)(x)
    x = layers.Reshape((7, 7, 32))(x)
    x = layers.Conv2DTranspose(64, 4, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(32, 4, strides=2, padding="same", activation="relu")(x)
    img = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    return keras.Model(noise, img, name="generator")

(x_train, _), _ = keras.datasets.mnist.load_data()
images = x_train.astype("float32")[..., None] / 255.0
codes = np.random.normal(size=(len(images), LATENT_DIM)).astype("float32")

generator = build_generator()
generator.compile(optimizer=keras.optimizers.Adam(2e-4), loss="mse")
generator.fit(codes, images, batch_size=128, epochs=2, validation_split=0.05)
