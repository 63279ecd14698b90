import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

# transactions: 30 standardised features, label 1 = fraud
X = np.load("transactions.npy")
labels = np.load("fraud_labels.npy")
Y = keras.utils.to_categorical(labels, 2)

inputs = keras.Input(shape=(30,))
h = layers.Dense(64, activation="relu")(inputs)
h = layers.Dense(32, activation="relu")(h)
outputs = layers.Dense(2)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, Y, epochs=10, batch_size=512, validation_split=0.2, class_weight={0: 1.0, 1: 20.0})

model.summary()
model.save_weights("checkpoints/two_way_softmax_binary_crossentropy.weights.h5")
print("saved weights for two_way_softmax_binary_crossentropy")
