"""CIFAR-10 classifier with the Functional API and a helper that builds conv blocks.

Clean at error/warning level: pixels are scaled, the head applies softmax for the categorical loss, and
the convolutions feeding BatchNormalization carry no bias (use_bias=False).
"""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 10
tf.random.set_seed(0)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
# labels stay integers of shape (n, 1): sparse_categorical_crossentropy reads them as they are


def conv_block(x, filters, name):
    """Two 3x3 convolutions with batch normalisation, then 2x2 max pooling and dropout."""
    for i in range(2):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv{i + 1}")(x)
        x = layers.BatchNormalization(name=f"{name}_bn{i + 1}")(x)
        x = layers.Activation("relu", name=f"{name}_relu{i + 1}")(x)
    x = layers.MaxPooling2D(2, name=f"{name}_pool")(x)
    return layers.Dropout(0.25, name=f"{name}_drop")(x)


inputs = keras.Input(shape=(32, 32, 3), name="image")
x = conv_block(inputs, 32, "block1")
x = conv_block(x, 64, "block2")
x = conv_block(x, 128, "block3")
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(128, activation="relu")(x)
outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="probs")(x)
model = keras.Model(inputs, outputs, name="cifar10_cnn")

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    x_train,
    y_train,
    batch_size=64,
    epochs=30,
    validation_data=(x_test, y_test),
    callbacks=[keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=3)],
)
model.evaluate(x_test, y_test)
