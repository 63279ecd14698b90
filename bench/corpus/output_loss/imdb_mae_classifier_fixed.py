from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing import sequence

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=8000)
x_train = sequence.pad_sequences(x_train, maxlen=250)
x_test = sequence.pad_sequences(x_test, maxlen=250)

model = keras.Sequential()
model.add(layers.Embedding(8000, 16))
model.add(layers.GlobalAveragePooling1D())
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y_train, epochs=10, batch_size=512, validation_data=(x_test, y_test))

import matplotlib.pyplot as plt

hist = model.history.history
plt.plot(hist["loss"], label="train")
if "val_loss" in hist:
    plt.plot(hist["val_loss"], label="validation")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.savefig("imdb_mae_classifier_loss.png")
