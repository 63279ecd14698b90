"""Denoising autoencoder on MNIST."""
import numpy as np
import matplotlib.pyplot as plt
from tensorflow import keras
from tensorflow.keras import layers

NOISE = 0.4

(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32")
x_test = x_test.astype("float32")
x_train = np.reshape(x_train, (len(x_train), 28, 28, 1))
x_test = np.reshape(x_test, (len(x_test), 28, 28, 1))

x_train_noisy = x_train + NOISE * np.random.normal(size=x_train.shape)
x_test_noisy = x_test + NOISE * np.random.normal(size=x_test.shape)

inp = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu", padding="same")(inp)
x = layers.MaxPooling2D(2, padding="same")(x)
x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
encoded = layers.MaxPooling2D(2, padding="same")(x)

x = layers.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(encoded)
x = layers.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(x)
decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)

autoencoder = keras.Model(inp, decoded)
autoencoder.compile(optimizer="adam", loss="mse")
autoencoder.fit(x_train_noisy, x_train, epochs=50, batch_size=128, shuffle=True,
                validation_data=(x_test_noisy, x_test))

def show(images, n=10):
    plt.figure(figsize=(20, 2))
    for i in range(n):
        ax = plt.subplot(1, n, i + 1)
        plt.imshow(images[i].reshape(28, 28), cmap="gray")
        ax.axis("off")
    plt.show()

show(autoencoder.predict(x_test_noisy))
