import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

def vectorize(seqs, dim=10000):
    out = np.zeros((len(seqs), dim))
    for i, seq in enumerate(seqs):
        out[i, seq] = 1.0
    return out

(train_data, train_labels), (test_data, test_labels) = keras.datasets.imdb.load_data(num_words=10000)
x_train = vectorize(train_data)
x_test = vectorize(test_data)
y_train = np.asarray(train_labels).astype("float32")
y_test = np.asarray(test_labels).astype("float32")

model = keras.Sequential([
    layers.Dense(16, activation="relu", input_shape=(10000,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=4, batch_size=512, validation_split=0.2)
model.evaluate(x_test, y_test)
