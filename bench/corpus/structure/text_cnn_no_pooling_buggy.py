from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.sequence import pad_sequences

MAX_WORDS, MAX_LEN = 20000, 300

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=MAX_WORDS)
x_train = pad_sequences(x_train, maxlen=MAX_LEN)
x_test = pad_sequences(x_test, maxlen=MAX_LEN)

inputs = keras.Input(shape=(MAX_LEN,), dtype="int32")
x = layers.Embedding(MAX_WORDS, 64)(inputs)
x = layers.Conv1D(128, 7, activation="relu")(x)
x = layers.Conv1D(128, 3, activation="relu")(x)
x = layers.Flatten()(x)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)

model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=4, validation_split=0.2)
model.evaluate(x_test, y_test)
