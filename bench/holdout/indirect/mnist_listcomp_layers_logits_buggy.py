"""MLP whose hidden layers come from a list comprehension."""
import tensorflow as tf
from tensorflow import keras

SIZES = [512, 256, 128]

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape((60000, 784)).astype("float32") / 255
x_test = x_test.reshape((10000, 784)).astype("float32") / 255
y_train = keras.utils.to_categorical(y_train)
y_test = keras.utils.to_categorical(y_test)

hidden = [keras.layers.Dense(n, activation="relu") for n in SIZES]
model = keras.Sequential([keras.layers.InputLayer(input_shape=(784,))] + hidden + [keras.layers.Dense(10)])
model.compile(optimizer="rmsprop", loss=keras.losses.categorical_crossentropy, metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.1)
print(model.evaluate(x_test, y_test))
