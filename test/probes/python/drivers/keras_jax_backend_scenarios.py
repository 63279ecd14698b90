"""Keras 3 on its JAX backend (KERAS_BACKEND=jax), recorded by the Python probe: fit's training function takes
and returns the training's state, so the probe records each step from fit's logs (loss and metrics), and at
sampled steps the weights from the state and the gradients, layers' outputs and targets a second compiled
step returns beside its logs.
Usage: keras_jax_backend_scenarios.py OUT_DIR [scenario ...]"""

import os
import sys

os.environ["KERAS_BACKEND"] = "jax"

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
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


def dead_relu():
    """The hidden layer's bias initialised to -10: its ReLUs never fire (D402 from its outputs, D305 from its
    gradients)."""
    rng = seeded(5)
    x, y = synthetic_data.classes(rng, n=1024, features=20, count=CLASSES)
    compiled(mlp(hidden_bias=-10.0)).fit(x, y, batch_size=32, epochs=5, verbose=0)


def cnn():
    """A clean small CNN on images whose class sets their brightness: seven batches an epoch, the last partial
    (the step traced again for its shape), and sampled at step 20, the third epoch's last."""
    rng = seeded(6)
    y = rng.integers(0, CLASSES, 408)
    x = (rng.random((408, 12, 12, 1)) * 0.5 + y[:, None, None, None] / CLASSES).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((12, 12, 1)),
            keras.layers.Conv2D(8, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(CLASSES),
        ]
    )
    compiled(model).fit(x, y, batch_size=64, epochs=4, verbose=0)


class OwnStep(keras.Model):
    """A train_step of its own: the loss differentiated by jax.value_and_grad without an auxiliary output, the
    optimizer's stateless_apply, the loss the only log."""

    def build_loss(self):
        self.loss_mean = keras.metrics.Mean(name="loss")
        self.cross_entropy = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @property
    def metrics(self):
        return [self.loss_mean]

    def train_step(self, state, data):
        trainable, non_trainable, optimizer_variables, metrics_variables = state
        x, y = data[0], data[1]

        def loss_of(weights):
            logits, _ = self.stateless_call(weights, non_trainable, x, training=True)
            return self.cross_entropy(y, logits)

        loss, grads = jax.value_and_grad(loss_of)(trainable)
        trainable, optimizer_variables = self.optimizer.stateless_apply(optimizer_variables, grads, trainable)
        metrics_variables = self.loss_mean.stateless_update_state(metrics_variables, loss)
        return {"loss": self.loss_mean.stateless_result(metrics_variables)}, (trainable, non_trainable, optimizer_variables, metrics_variables)


def own_train_step():
    """A Functional model trained by its own train_step (OwnStep): its gradients and layers' outputs are
    recorded as fit's own step's are."""
    rng = seeded(7)
    x, y = synthetic_data.classes(rng, n=512, features=20, count=CLASSES)
    inputs = keras.Input((20,))
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    model = OwnStep(inputs, keras.layers.Dense(CLASSES)(hidden))
    model.build_loss()
    model.compile(optimizer=keras.optimizers.Adam(1e-3))
    model.fit(x, y, batch_size=32, epochs=2, verbose=0)


class OwnOptimizers(keras.Model):
    """A GAN-like model compiled without an optimizer: its train_step differentiates the discriminator's loss
    and updates its weights itself, the generator's left alone."""

    def __init__(self):
        super().__init__(name="own_optimizers")
        self.generator = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)], name="generator")
        self.discriminator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)], name="discriminator")
        self.cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
        self.d_loss = keras.metrics.Mean(name="d_loss")
        self.built = True

    @property
    def metrics(self):
        return [self.d_loss]

    def train_step(self, state, data):
        trainable, non_trainable, optimizer_variables, metrics_variables = state
        split = len(self.generator.trainable_variables)
        generator, discriminator = list(trainable[:split]), list(trainable[split:])
        noise = jax.random.normal(jax.random.PRNGKey(0), (data.shape[0], 4))
        fake, _ = self.generator.stateless_call(generator, [], noise)

        def loss_of(weights):
            real_logits, _ = self.discriminator.stateless_call(weights, [], data)
            fake_logits, _ = self.discriminator.stateless_call(weights, [], fake)
            return self.cross_entropy(jax.numpy.ones_like(real_logits), real_logits) + self.cross_entropy(jax.numpy.zeros_like(fake_logits), fake_logits)

        loss, grads = jax.value_and_grad(loss_of)(discriminator)
        discriminator = [w - 1e-3 * g for w, g in zip(discriminator, grads)]
        metrics_variables = self.d_loss.stateless_update_state(metrics_variables, loss)
        return {"d_loss": self.d_loss.stateless_result(metrics_variables)}, (generator + discriminator, non_trainable, optimizer_variables, metrics_variables)


def own_optimizers():
    """OwnOptimizers fit: no optimizer of Keras's to wrap, and the probe says the gradients are not checked."""
    seeded(9)
    real = (np.random.default_rng(9).normal(size=(256, 2)) * 0.5 + [2.0, -1.0]).astype("float32")
    model = OwnOptimizers()
    model.compile()
    history = model.fit(real, batch_size=32, epochs=2, verbose=0)
    print("fit ran %d epochs" % len(history.history["d_loss"]), file=sys.stderr)


def several_steps_a_call():
    """steps_per_execution=4: fit's function runs four steps a call, recorded as one step each from its logs
    (64 batches, 16 records), with no tensors; the probe says so."""
    rng = seeded(10)
    x, y = synthetic_data.classes(rng, n=1024, features=20, count=CLASSES)
    model = mlp()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), steps_per_execution=4)
    model.fit(x, y, batch_size=32, epochs=2, verbose=0)


def probe_fails_in_trace():
    """The probe's own reduction failing while jit traces the sampled step: the probe disables itself, and fit
    runs to its end."""
    from nncheck_probe import _stats

    def failing(*args, **kwargs):
        raise RuntimeError("an injected failure")

    _stats.subsample_traced = failing
    rng = seeded(8)
    x, y = synthetic_data.classes(rng, n=512, features=20, count=CLASSES)
    history = compiled(mlp()).fit(x, y, batch_size=32, epochs=2, verbose=0)
    print("fit ran %d epochs" % len(history.history["loss"]), file=sys.stderr)


SCENARIOS = {f.__name__: f for f in [fit_mlp, shuffled_labels, zero_learning_rate, fit_twice, dead_relu, cnn, own_train_step]}
# Run apart from the others: what they print is asserted, and a disabled probe records nothing more in its process.
APART = {f.__name__: f for f in [own_optimizers, several_steps_a_call, probe_fails_in_trace]}


def main():
    run_scenarios({**SCENARIOS, **APART}, sys.argv[1], sys.argv[2:] or list(SCENARIOS))


if __name__ == "__main__":
    main()
