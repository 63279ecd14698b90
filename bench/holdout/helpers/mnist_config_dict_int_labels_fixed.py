"""Experiment runner: model and training settings come from one CONFIG dict."""
import tensorflow as tf
from tensorflow.keras import layers, models

CONFIG = {
    "hidden_units": [256, 128],
    "dropout": 0.3,
    "activation": "relu",
    "optimizer": "adam",
    "loss": "sparse_categorical_crossentropy",
    "epochs": 10,
    "batch_size": 128,
}


def load_data():
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    x_test = x_test.reshape(-1, 784).astype("float32") / 255.0
    return (x_train, y_train), (x_test, y_test)


def make_model(cfg):
    model = models.Sequential()
    model.add(layers.Input(shape=(784,)))
    for units in cfg["hidden_units"]:
        model.add(layers.Dense(units, activation=cfg["activation"]))
        model.add(layers.Dropout(cfg["dropout"]))
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(optimizer=cfg["optimizer"], loss=cfg["loss"], metrics=["accuracy"])
    return model


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = load_data()
    model = make_model(CONFIG)
    model.fit(x_train, y_train, epochs=CONFIG["epochs"], batch_size=CONFIG["batch_size"], validation_split=0.1)
    model.evaluate(x_test, y_test)
