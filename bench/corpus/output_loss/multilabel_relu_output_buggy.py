import numpy as np
from sklearn.preprocessing import MultiLabelBinarizer
from tensorflow import keras
from tensorflow.keras import layers

TAGS = ["action", "comedy", "drama", "horror", "romance"]
descriptions = np.load("plot_embeddings.npy")
raw_tags = np.load("plot_tags.npy", allow_pickle=True)
mlb = MultiLabelBinarizer(classes=TAGS)
y = mlb.fit_transform(raw_tags)

model = keras.Sequential([
    layers.Dense(128, activation="relu", input_shape=(descriptions.shape[1],)),
    layers.Dense(len(TAGS), activation="relu"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
model.fit(descriptions, y, epochs=20, batch_size=32, validation_split=0.2)

model.summary()
model.save_weights("checkpoints/multilabel_relu_output.weights.h5")
print("saved weights for multilabel_relu_output")
