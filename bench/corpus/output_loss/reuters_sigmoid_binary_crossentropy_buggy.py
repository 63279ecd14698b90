import numpy as np
from keras.datasets import reuters
from keras.preprocessing.text import Tokenizer
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.utils import to_categorical

(x_train, y_train), (x_test, y_test) = reuters.load_data(num_words=1000)
tokenizer = Tokenizer(num_words=1000)
x_train = tokenizer.sequences_to_matrix(x_train, mode="binary")
x_test = tokenizer.sequences_to_matrix(x_test, mode="binary")
y_train = to_categorical(y_train, 46)
y_test = to_categorical(y_test, 46)

model = Sequential()
model.add(Dense(512, input_shape=(1000,), activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(46, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=5, validation_split=0.1)
score = model.evaluate(x_test, y_test, batch_size=32)
