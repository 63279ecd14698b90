"""Fashion-MNIST experiment runner.

One script, several model families, chosen by the CONFIG below.
Results go to runs/<name>/: the best checkpoint, the training curves and a confusion matrix.
"""
import argparse
import json
import os
from datetime import datetime

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

CONFIG = {
    "model": "cnn",
    "optimizer": "adam",
    "lr": 0.5,
    "dropout": 0.7,
    "epochs": 20,
    "batch_size": 64,
    "seed": 2024,
}

CLASS_NAMES = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


# ----------------------------------------------------------------------------- data

def load_data():
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    x_train = np.expand_dims(x_train, -1)
    x_test = np.expand_dims(x_test, -1)
    return (x_train, y_train), (x_test, y_test)


def split_validation(x, y, fraction=0.1, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    n_val = int(len(x) * fraction)
    val, train = order[:n_val], order[n_val:]
    return (x[train], y[train]), (x[val], y[val])


# --------------------------------------------------------------------------- models

def build_mlp(cfg):
    model = keras.Sequential(name="mlp")
    model.add(layers.Flatten(input_shape=(28, 28, 1)))
    for units in (512, 256):
        model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dropout(cfg["dropout"]))
    model.add(layers.Dense(len(CLASS_NAMES), activation="softmax"))
    return model


def build_cnn(cfg):
    inputs = keras.Input(shape=(28, 28, 1))
    x = inputs
    for i, filters in enumerate((32, 64)):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"conv{i}_a")(x)
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"conv{i}_b")(x)
        x = layers.MaxPooling2D(name=f"pool{i}")(x)
        x = layers.Dropout(cfg["dropout"], name=f"drop{i}")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(len(CLASS_NAMES), activation="softmax")(x)
    return keras.Model(inputs, outputs, name="cnn")


BUILDERS = {"mlp": build_mlp, "cnn": build_cnn}


def make_optimizer(cfg):
    if cfg["optimizer"] == "sgd":
        return keras.optimizers.SGD(learning_rate=cfg["lr"], momentum=0.9, nesterov=True)
    return keras.optimizers.Adam(learning_rate=cfg["lr"])


# ---------------------------------------------------------------------- reporting

def confusion_matrix(y_true, y_pred, n):
    matrix = np.zeros((n, n), dtype=int)
    for t, p in zip(y_true, y_pred):
        matrix[t, p] += 1
    return matrix


def save_report(run_dir, history, matrix, test_acc):
    with open(os.path.join(run_dir, "history.json"), "w") as fh:
        json.dump({k: [float(v) for v in vs] for k, vs in history.history.items()}, fh, indent=2)
    np.savetxt(os.path.join(run_dir, "confusion.csv"), matrix, fmt="%d", delimiter=",")
    worst = np.argsort(np.diag(matrix) / matrix.sum(axis=1))[:3]
    print("hardest classes:", ", ".join(CLASS_NAMES[i] for i in worst))
    print(f"test accuracy: {test_acc:.4f}")


# ---------------------------------------------------------------------------- main

def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run-name", default=None)
    parser.add_argument("--epochs", type=int, default=None, help="override CONFIG['epochs']")
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = dict(CONFIG)
    if args.epochs:
        cfg["epochs"] = args.epochs
    tf.random.set_seed(cfg["seed"])
    np.random.seed(cfg["seed"])

    run_name = args.run_name or f"{cfg['model']}-{datetime.now():%Y%m%d-%H%M%S}"
    run_dir = os.path.join("runs", run_name)
    os.makedirs(run_dir, exist_ok=True)

    (x_train, y_train), (x_test, y_test) = load_data()
    (x_train, y_train), (x_val, y_val) = split_validation(x_train, y_train, seed=cfg["seed"])

    model = BUILDERS[cfg["model"]](cfg)
    model.compile(optimizer=make_optimizer(cfg), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.summary()

    callbacks = [
        keras.callbacks.ModelCheckpoint(os.path.join(run_dir, "best.keras"), save_best_only=True),
        keras.callbacks.ReduceLROnPlateau(patience=2, factor=0.5),
        keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True),
    ]
    history = model.fit(x_train, y_train, validation_data=(x_val, y_val),
                        epochs=cfg["epochs"], batch_size=cfg["batch_size"], callbacks=callbacks)

    _, test_acc = model.evaluate(x_test, y_test, verbose=0)
    y_pred = model.predict(x_test).argmax(axis=1)
    save_report(run_dir, history, confusion_matrix(y_test, y_pred, len(CLASS_NAMES)), test_acc)


if __name__ == "__main__":
    main()
