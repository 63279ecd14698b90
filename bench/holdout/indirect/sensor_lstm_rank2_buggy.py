# Human activity recognition from accelerometer windows
import numpy as np
import pandas as pd
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense, Dropout
from tensorflow.keras.utils import to_categorical

WINDOW = 128
N_CHANNELS = 9
N_ACTIVITIES = 6

X_train = np.load("har_windows_train.npy")      # (n, 128, 9), already standardised
y_train = to_categorical(pd.read_csv("har_labels_train.csv")["activity"].values - 1, N_ACTIVITIES)

model = Sequential()
model.add(LSTM(100, input_shape=(WINDOW * N_CHANNELS,)))
model.add(Dropout(0.5))
model.add(Dense(100, activation="relu"))
model.add(Dense(N_ACTIVITIES, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=15, batch_size=64, validation_split=0.2)
