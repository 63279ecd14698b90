import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

def conv_bn(x, filters, kernel=3):
    x = layers.Conv2D(filters, kernel, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.Activation("relu")(x)

def block(x, filters):
    x = conv_bn(x, filters)
    x = conv_bn(x, filters)
    return layers.MaxPooling2D()(x)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

inputs = keras.Input(shape=(32, 32, 3))
h = block(inputs, 32)
h = block(h, 64)
h = layers.GlobalAveragePooling2D()(h)
outputs = layers.Dense(10, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=20, validation_split=0.1)
