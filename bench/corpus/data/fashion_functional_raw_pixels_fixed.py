from tensorflow import keras
from tensorflow.keras import layers

def load():
    (xtr, ytr), (xte, yte) = keras.datasets.fashion_mnist.load_data()
    xtr = xtr.reshape(-1, 28, 28, 1) / 255.0
    xte = xte.reshape(-1, 28, 28, 1) / 255.0
    return (xtr, ytr), (xte, yte)

(x_train, y_train), (x_test, y_test) = load()

inp = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu")(inp)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
out = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
