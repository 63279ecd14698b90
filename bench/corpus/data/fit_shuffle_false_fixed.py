import numpy as np
from tensorflow import keras

# rows are sorted by class in the export
X = np.load("sorted_features.npy")
y = np.load("sorted_labels.npy")

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(X.shape[1],)),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=20, batch_size=32, validation_split=0.2, shuffle=True)

history = model.history.history
for key in sorted(history):
    print(f"{key}: {history[key][-1]:.4f}")
model.save("fit_shuffle_false.h5")
