"""Keras 3 on its JAX backend (KERAS_BACKEND=jax), recorded by the Python probe: fit's training function takes
and returns the training's state, so the probe records each step from fit's logs (loss and metrics) and
leaves the compiled step alone.
Usage: keras_jax_backend_scenarios.py OUT_DIR [scenario ...]"""

import os
import sys

os.environ["KERAS_BACKEND"] = "jax"

import keras  # noqa: E402
import synthetic_data  # noqa: E402  (this folder)
from scenario_runner import run_scenarios  # noqa: E402  (this folder)

from keras_portable import CLASSES, compiled, fit_mlp, mlp, seeded  # noqa: E402  (this folder)


def shuffled_labels():
    """Labels shuffled: the model can only memorise them, its validation accuracy at chance (D508)."""
    rng = seeded(2)
    x, y = synthetic_data.classes(rng, n=1024, features=20, count=CLASSES)
    compiled(mlp()).fit(x, rng.permutation(y), batch_size=32, epochs=10, validation_split=0.2, verbose=0)


def zero_learning_rate():
    """A learning rate of 0: no weight moves (D205, read from the training state's weights)."""
    rng = seeded(3)
    x, y = synthetic_data.classes(rng, n=1024, features=20, count=CLASSES)
    model = mlp()
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model.fit(x, y, batch_size=32, epochs=5, verbose=0)


def fit_twice():
    """One model fit twice, one run: the second fit's first sample comes mid-epoch (step 30, its 5th), where the
    probe reads the logs of the steps before it inside fit's training function."""
    rng = seeded(4)
    x, y = synthetic_data.classes(rng, n=1024, features=20, count=CLASSES)
    model = compiled(mlp())
    model.fit(x, y, batch_size=32, epochs=1, validation_split=0.2, verbose=0)
    model.fit(x, y, batch_size=32, epochs=2, validation_split=0.2, verbose=0)


SCENARIOS = {f.__name__: f for f in [fit_mlp, shuffled_labels, zero_learning_rate, fit_twice]}


def main():
    run_scenarios(SCENARIOS, sys.argv[1], sys.argv[2:])


if __name__ == "__main__":
    main()
