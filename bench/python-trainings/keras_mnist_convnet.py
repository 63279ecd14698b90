"""Follows Keras's "Simple MNIST convnet" example (keras-team/keras-io, examples/vision/mnist_convnet.py):
28x28x1 images scaled to [0, 1], one-hot labels, conv 32 - pool - conv 64 - pool - flatten - dropout 0.5 -
dense softmax, categorical cross-entropy, Adam, fit with batches of 128 and a 10 % validation split, then
evaluate on the test set. The MNIST download is replaced by seeded synthetic glyphs of the same layout
(synthetic.py), and the sizes are smaller (3000 training images, 5 epochs instead of 60000 and 15) so that a
run takes seconds on a small CPU."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
from keras import layers

from synthetic import glyphs

keras.utils.set_random_seed(1)

num_classes = 10
input_shape = (28, 28, 1)

(x_train, y_train), (x_test, y_test) = glyphs(3000, seed=1), glyphs(1000, seed=2)
x_train = np.expand_dims(x_train.astype("float32") / 255, -1)
x_test = np.expand_dims(x_test.astype("float32") / 255, -1)
print("x_train shape:", x_train.shape, "-", x_train.shape[0], "train samples,", x_test.shape[0], "test samples")
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ]
)

batch_size = 128
epochs = 5
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1, verbose=2)

score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
