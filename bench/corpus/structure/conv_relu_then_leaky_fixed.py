from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

def conv_leaky(x, filters):
    x = layers.Conv2D(filters, 3, padding="same")(x)
    return layers.LeakyReLU(0.1)(x)

inputs = keras.Input(shape=(32, 32, 3))
x = conv_leaky(inputs, 32)
x = layers.MaxPooling2D()(x)
x = conv_leaky(x, 64)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
x = layers.Dense(256)(x)
x = layers.LeakyReLU(0.1)(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_split=0.1)
