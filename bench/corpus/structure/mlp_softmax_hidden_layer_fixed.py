import numpy as np
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

iris = load_iris()
X = StandardScaler().fit_transform(iris.data)
y = keras.utils.to_categorical(iris.target, 3)

model = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_shape=(4,)),
    keras.layers.Dense(8, activation="tanh"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=200, batch_size=8, validation_split=0.2)

model.summary()
model.save_weights("checkpoints/mlp_softmax_hidden_layer.weights.h5")
print("saved weights for mlp_softmax_hidden_layer")
