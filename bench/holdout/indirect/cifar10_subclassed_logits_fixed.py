"""Subclassed CNN for CIFAR-10."""
import tensorflow as tf
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0
y_train = tf.keras.utils.to_categorical(y_train, 10)
y_test = tf.keras.utils.to_categorical(y_test, 10)


class SmallCNN(tf.keras.Model):
    def __init__(self, num_classes=10):
        super(SmallCNN, self).__init__()
        self.conv1 = layers.Conv2D(32, 3, activation="relu", padding="same")
        self.pool1 = layers.MaxPooling2D()
        self.conv2 = layers.Conv2D(64, 3, activation="relu", padding="same")
        self.pool2 = layers.MaxPooling2D()
        self.flat = layers.Flatten()
        self.fc1 = layers.Dense(128, activation="relu")
        self.fc2 = layers.Dense(num_classes, activation="softmax")

    def call(self, x):
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        x = self.fc1(self.flat(x))
        return self.fc2(x)


model = SmallCNN()
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=10, validation_data=(x_test, y_test))
