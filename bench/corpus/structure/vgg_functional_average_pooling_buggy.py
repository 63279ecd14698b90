import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data()
mean = x_train.mean(axis=(0, 1, 2))
std = x_train.std(axis=(0, 1, 2))
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std

def vgg_stage(x, filters, convs):
    for i in range(convs):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.AveragePooling2D(2)(x)

inp = keras.Input((32, 32, 3))
h = vgg_stage(inp, 64, 2)
h = vgg_stage(h, 128, 2)
h = vgg_stage(h, 256, 3)
h = layers.Flatten()(h)
h = layers.Dense(256, activation="relu")(h)
h = layers.Dense(512, activation="relu")(h)
out = layers.Dense(100, activation="softmax")(h)
model = keras.Model(inp, out)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=30, validation_data=(x_test, y_test))
