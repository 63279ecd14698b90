"""Keras 3 trainings written for any backend, shared by the drivers of Keras's torch and JAX backends (each
sets KERAS_BACKEND before it imports this module)."""

import numpy as np
import synthetic_data  # this folder

import keras

CLASSES = 4


def seeded(seed):
    keras.utils.set_random_seed(seed)
    return np.random.default_rng(seed)


def mlp(hidden_bias=0.0):
    hidden = keras.layers.Dense(64, activation="relu", bias_initializer=keras.initializers.Constant(hidden_bias))
    return keras.Sequential([keras.Input((20,)), hidden, keras.layers.Dense(CLASSES)])


def compiled(model):
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def fit_mlp():
    """A clean MLP, 20 % of its data held out: 26 steps an epoch, 3 epochs."""
    rng = seeded(1)
    x, y = synthetic_data.classes(rng, n=1024, features=20, count=CLASSES)
    compiled(mlp()).fit(x, y, batch_size=32, epochs=3, validation_split=0.2, verbose=0)
