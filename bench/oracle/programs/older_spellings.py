"""Oracle probe: spellings from older Keras that Keras 3 still reads, and the global image data format."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import backend as K
from tensorflow.keras import layers

dense_first = keras.Sequential([
    layers.Dense(32, input_dim=20, activation="relu"),
    layers.Dense(5),
    layers.Activation("softmax"),
])
dense_first.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])

words = keras.Sequential([
    layers.Embedding(1000, 16, input_length=50),
    layers.Conv1D(8, 5, activation="relu"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="sigmoid"),
])
words.compile(optimizer="adam", loss="binary_crossentropy")
words.fit(np.zeros((4, 50), "int64"), np.zeros((4, 1)), epochs=1)

fixed = keras.Input(batch_shape=(None, 10))
fixed_model = keras.Model(fixed, layers.Dense(3, activation="softmax")(layers.Dense(6)(fixed)))
fixed_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

K.set_image_data_format("channels_first")
planar = keras.Sequential([
    keras.Input(shape=(3, 32, 30)),
    layers.Conv2D(8, 3, padding="same"),
    layers.MaxPooling2D(),
    layers.BatchNormalization(axis=1),
    layers.Flatten(),
    layers.Dense(2, activation="softmax"),
])
planar.compile(optimizer="adam", loss="categorical_crossentropy")
K.set_image_data_format("channels_last")
