# Human activity recognition from 9-channel inertial windows (128 steps).
import numpy as np
from tensorflow import keras
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, MaxPooling1D, GlobalAveragePooling1D, Dense, Dropout
from tensorflow.keras.utils import to_categorical

N_STEPS, N_CHANNELS, N_CLASSES = 128, 9, 6

def load_split(prefix):
    # signals were standardised per channel when the .npy files were made
    x = np.load(f"har/{prefix}_signals.npy")
    y = np.load(f"har/{prefix}_labels.npy") - 1
    return x, to_categorical(y, N_CLASSES)

x_train, y_train = load_split("train")
x_test, y_test = load_split("test")

model = Sequential()
model.add(Conv1D(64, 3, activation="relu", input_shape=(N_STEPS, N_CHANNELS)))
model.add(Conv1D(64, 3, activation="relu"))
model.add(MaxPooling1D(2))
model.add(Dropout(0.5))
model.add(Dense(100, activation="relu"))
model.add(Dense(N_CLASSES, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=15, batch_size=32, validation_data=(x_test, y_test))
