import numpy as np
from tensorflow.keras.datasets import reuters
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras import models, layers

NUM_WORDS = 10000
(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=NUM_WORDS)

tokenizer = Tokenizer(num_words=NUM_WORDS)
x_train = tokenizer.sequences_to_matrix(train_data, mode="binary")
x_test = tokenizer.sequences_to_matrix(test_data, mode="binary")

model = models.Sequential()
model.add(layers.Dense(64, activation="relu", input_shape=(NUM_WORDS,)))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(46, activation="softmax"))
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, train_labels, epochs=9, batch_size=512, validation_split=0.1)
print(model.evaluate(x_test, test_labels))

import matplotlib.pyplot as plt

hist = model.history.history
plt.plot(hist["loss"], label="train")
if "val_loss" in hist:
    plt.plot(hist["val_loss"], label="validation")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.savefig("reuters_sparse_no_softmax_loss.png")
