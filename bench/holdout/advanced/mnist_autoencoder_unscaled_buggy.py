"""Building autoencoders in Keras: a simple dense autoencoder on MNIST."""
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.datasets import mnist

encoding_dim = 32

(x_train, _), (x_test, _) = mnist.load_data()
x_train = x_train.astype("float32")
x_test = x_test.astype("float32")
x_train = x_train.reshape((len(x_train), 784))
x_test = x_test.reshape((len(x_test), 784))

input_img = keras.Input(shape=(784,))
encoded = layers.Dense(encoding_dim, activation="relu")(input_img)
decoded = layers.Dense(784, activation="sigmoid")(encoded)
autoencoder = keras.Model(input_img, decoded)

autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train, x_train, epochs=50, batch_size=256, shuffle=True, validation_data=(x_test, x_test))
