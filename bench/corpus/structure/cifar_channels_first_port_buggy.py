# Ported from an old Theano-backend script.
import numpy as np
from keras.datasets import cifar10
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
from keras.utils import np_utils

(X_train, y_train), (X_test, y_test) = cifar10.load_data()
X_train = X_train.transpose(0, 3, 1, 2).astype("float32") / 255.0
X_test = X_test.transpose(0, 3, 1, 2).astype("float32") / 255.0
Y_train = np_utils.to_categorical(y_train, 10)
Y_test = np_utils.to_categorical(y_test, 10)

model = Sequential()
model.add(Conv2D(32, (3, 3), padding="same", activation="relu", input_shape=(3, 32, 32)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(256, activation="relu"))
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X_train, Y_train, batch_size=32, epochs=20, validation_data=(X_test, Y_test))
