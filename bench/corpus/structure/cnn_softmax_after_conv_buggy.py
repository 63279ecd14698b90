from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape((-1, 28, 28, 1)) / 255.0
x_test = x_test.reshape((-1, 28, 28, 1)) / 255.0

model = keras.Sequential([
    layers.Conv2D(16, 5, padding="same", input_shape=(28, 28, 1)),
    layers.Activation("relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 5, padding="same"),
    layers.Activation("softmax"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10),
    layers.Activation("softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=100, epochs=6, validation_split=0.1)
model.evaluate(x_test, y_test)
