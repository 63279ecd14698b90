from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.sequence import pad_sequences

VOCAB, MAXLEN = 5000, 200
(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = pad_sequences(x_train, maxlen=MAXLEN)
x_test = pad_sequences(x_test, maxlen=MAXLEN)

model = keras.Sequential([
    layers.Embedding(VOCAB, 32, input_length=MAXLEN),
    layers.LSTM(64),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, validation_data=(x_test, y_test), epochs=3, batch_size=64)

import matplotlib.pyplot as plt

hist = model.history.history
plt.plot(hist["loss"], label="train")
if "val_loss" in hist:
    plt.plot(hist["val_loss"], label="validation")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.savefig("sentiment_single_unit_softmax_loss.png")
