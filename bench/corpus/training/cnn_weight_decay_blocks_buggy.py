import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras.regularizers import l2

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

WEIGHT_DECAY = 0.05

def conv(filters):
    return layers.Conv2D(filters, 3, padding="same", activation="relu",
                         kernel_regularizer=l2(WEIGHT_DECAY))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(32, 32, 3)),
    conv(32), layers.MaxPooling2D(),
    conv(64), layers.MaxPooling2D(),
    conv(128), layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax", kernel_regularizer=l2(WEIGHT_DECAY)),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=40, batch_size=128, validation_data=(x_test, y_test))
