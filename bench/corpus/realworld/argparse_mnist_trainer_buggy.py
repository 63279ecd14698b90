#!/usr/bin/env python
"""Train a small MNIST classifier.

Usage: python train.py --epochs 10 --batch-size 128 --lr 0.001
"""
import argparse
import os
import time

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 10
IMG_SHAPE = (28, 28, 1)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--out", default="checkpoints")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def load_data():
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape((-1,) + IMG_SHAPE).astype("float32")
    x_test = x_test.reshape((-1,) + IMG_SHAPE).astype("float32")
    y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
    y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)
    return (x_train, y_train), (x_test, y_test)


def build_model(num_classes=NUM_CLASSES):
    model = keras.Sequential(name="mnist_cnn")
    model.add(keras.Input(shape=IMG_SHAPE))
    for i, filters in enumerate([32, 64]):
        model.add(layers.Conv2D(filters, 3, activation="relu", name=f"conv_{i}"))
        model.add(layers.MaxPooling2D(name=f"pool_{i}"))
    model.add(layers.Flatten())
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(num_classes, name="probs"))
    return model


def old_build_model():
    # kept for comparison with the first experiments; not used
    model = keras.Sequential()
    model.add(layers.Flatten(input_shape=(28, 28)))
    model.add(layers.Dense(10))
    return model


def main():
    args = parse_args()
    tf.random.set_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)

    (x_train, y_train), (x_test, y_test) = load_data()
    print(f"train: {x_train.shape}, test: {x_test.shape}")

    model = build_model()
    model.summary()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=args.lr),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    callbacks = [
        keras.callbacks.ModelCheckpoint(os.path.join(args.out, "best.h5"), save_best_only=True),
        keras.callbacks.EarlyStopping(patience=3),
    ]
    start = time.time()
    model.fit(
        x_train,
        y_train,
        batch_size=args.batch_size,
        epochs=args.epochs,
        validation_split=0.1,
        callbacks=callbacks,
    )
    print(f"trained in {time.time() - start:.1f}s")
    score = model.evaluate(x_test, y_test, verbose=0)
    print(f"test loss {score[0]:.4f}, test accuracy {score[1]:.4f}")


if __name__ == "__main__":
    main()
