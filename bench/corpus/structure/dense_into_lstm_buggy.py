import numpy as np
from keras.models import Sequential
from keras.layers import Dense, LSTM

# toy sequence task: does the running sum of 20 readings exceed 10?
X = np.random.rand(2000, 20)
y = (X.sum(axis=1) > 10).astype("int32")

model = Sequential()
model.add(Dense(16, activation="relu", input_shape=(20,)))
model.add(LSTM(32))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=20, batch_size=64, validation_split=0.2)

import matplotlib.pyplot as plt

hist = model.history.history
plt.plot(hist["loss"], label="train")
if "val_loss" in hist:
    plt.plot(hist["val_loss"], label="validation")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.savefig("dense_into_lstm_loss.png")
