import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import MultiLabelBinarizer
from tensorflow import keras

questions = [line.strip() for line in open("questions.txt")]
tags = [line.split() for line in open("tags.txt")]

X = TfidfVectorizer(max_features=3000).fit_transform(questions).toarray()
mlb = MultiLabelBinarizer()
Y = mlb.fit_transform(tags)

inputs = keras.Input(shape=(3000,))
h = keras.layers.Dense(256, activation="relu")(inputs)
h = keras.layers.Dropout(0.3)(h)
out = keras.layers.Dense(Y.shape[1], activation="softmax")(h)
model = keras.Model(inputs, out)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=[keras.metrics.Precision(), keras.metrics.Recall()])
model.fit(X, Y, epochs=10, batch_size=64, validation_split=0.1)

model.summary()
model.save_weights("checkpoints/stackoverflow_tags_softmax.weights.h5")
print("saved weights for stackoverflow_tags_softmax")
