import tensorflow as tf
from tensorflow.keras import layers, models

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

def conv_bn_relu(filters):
    return [
        layers.Conv2D(filters, 3, padding="same", use_bias=False),
        layers.BatchNormalization(axis=-1),
        layers.Activation("relu"),
    ]

model = models.Sequential(
    [layers.InputLayer(input_shape=(32, 32, 3))]
    + conv_bn_relu(32) + [layers.MaxPooling2D()]
    + conv_bn_relu(64) + [layers.MaxPooling2D()]
    + [layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_data=(x_test, y_test))
