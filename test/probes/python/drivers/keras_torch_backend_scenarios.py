"""Keras 3 on its torch backend (KERAS_BACKEND=torch), recorded by the Python probe: fit is the Keras probe's
run alone (the PyTorch probe stays out of fit's torch steps), and a custom loop that calls backward and a
Keras optimizer's apply is followed by the PyTorch probe as a loop updating its tensors itself.
Usage: keras_torch_backend_scenarios.py OUT_DIR [--without-tensorflow] [scenario ...]
--without-tensorflow: TensorFlow cannot be imported, as where Keras is installed with torch alone."""

import json
import os
import sys

os.environ["KERAS_BACKEND"] = "torch"
if "--without-tensorflow" in sys.argv:
    sys.argv.remove("--without-tensorflow")
    sys.modules["tensorflow"] = None  # an import of it raises ImportError

import numpy as np  # noqa: E402
import synthetic_data  # noqa: E402  (this folder)
from scenario_runner import run_scenarios  # noqa: E402  (this folder)
import torch  # noqa: E402

import keras  # noqa: E402
from keras_portable import CLASSES, compiled, fit_mlp, mlp, seeded  # noqa: E402  (this folder)


def fit_batch_losses():
    """fit with a loss that keeps each batch's value as it computes it (the torch backend runs eagerly): the
    probe must record those, not differences of fit's running means."""
    rng = seeded(3)
    x, y = synthetic_data.classes(rng, n=512, features=20, count=CLASSES)
    computed = []
    base = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def loss(y_true, y_pred):
        value = base(y_true, y_pred)
        computed.append(float(value.detach()))
        return value

    model = mlp()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)
    model.fit(x, y, batch_size=32, epochs=2, verbose=0)
    with open(os.path.join(OUT, "fit_batch_losses.losses.json"), "w") as f:
        json.dump(computed, f)


def dead_relu():
    """The hidden layer's bias initialised to -10: its ReLUs never fire."""
    rng = seeded(4)
    x, y = synthetic_data.classes(rng, n=1024, features=20, count=CLASSES)
    compiled(mlp(hidden_bias=-10.0)).fit(x, y, batch_size=32, epochs=5, verbose=0)


class Gan(keras.Model):
    """A GAN whose train_step, written for torch (Keras's guide to customising fit with PyTorch), steps the
    discriminator's optimizer, then the generator's."""

    def __init__(self):
        super().__init__(name="gan")
        self.generator = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(2)], name="generator")
        self.discriminator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)], name="discriminator")
        self.d_loss = keras.metrics.Mean(name="d_loss")
        self.g_loss = keras.metrics.Mean(name="g_loss")
        self.built = True  # its two sub-models are built; it has no call of its own

    @property
    def metrics(self):
        return [self.d_loss, self.g_loss]

    def compile(self):
        super().compile()
        self.d_optimizer, self.g_optimizer = keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3)
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)

    def _step(self, loss, optimizer, weights):
        self.zero_grad()
        loss.backward()
        with torch.no_grad():
            optimizer.apply([v.value.grad for v in weights], weights)

    def train_step(self, real):
        batch = real.shape[0]
        fake = self.generator(torch.randn(batch, 4)).detach()
        d_loss = self.bce(torch.ones(batch, 1), self.discriminator(real)) + self.bce(torch.zeros(batch, 1), self.discriminator(fake))
        self._step(d_loss, self.d_optimizer, self.discriminator.trainable_weights)
        g_loss = self.bce(torch.ones(batch, 1), self.discriminator(self.generator(torch.randn(batch, 4))))
        self._step(g_loss, self.g_optimizer, self.generator.trainable_weights)
        self.d_loss.update_state(d_loss)
        self.g_loss.update_state(g_loss)
        return {"d_loss": self.d_loss.result(), "g_loss": self.g_loss.result()}


def gan_train_step():
    seeded(5)
    real = (np.random.default_rng(5).normal(size=(1024, 2)) * 0.5 + [2.0, -1.0]).astype("float32")
    gan = Gan()
    gan.compile()
    gan.fit(real, epochs=2, batch_size=32, verbose=0)


def custom_loop():
    """Keras's guide to a training loop in torch: backward on the loss, then the Keras optimizer's apply."""
    rng = seeded(2)
    x, y = synthetic_data.classes(rng, n=512, features=20, count=CLASSES)
    model = mlp()
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y)), batch_size=32)
    for _ in range(2):
        for inputs, targets in data:
            loss = loss_fn(targets, model(inputs))
            model.zero_grad()
            loss.backward()
            weights = list(model.trainable_weights)
            with torch.no_grad():
                optimizer.apply([v.value.grad for v in weights], weights)


# The custom loop first: one after a fit in the same process is followed for a single step (left open).
SCENARIOS = {f.__name__: f for f in [custom_loop, fit_mlp, fit_batch_losses, dead_relu, gan_train_step]}
OUT = "."


def main():
    global OUT
    OUT = sys.argv[1]
    run_scenarios(SCENARIOS, OUT, sys.argv[2:])


if __name__ == "__main__":
    main()
