import tensorflow as tf
from tensorflow.keras import layers, initializers

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train = x_train / 255.0
x_test = x_test / 255.0

def conv(filters):
    return layers.Conv2D(filters, 3, padding="same", activation="relu",
                         kernel_initializer="he_normal")

model = tf.keras.Sequential([
    tf.keras.Input((32, 32, 3)),
    conv(32), layers.MaxPooling2D(),
    conv(64), layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
