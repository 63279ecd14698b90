"""Small, seeded Keras 3 (TensorFlow) trainings, faulty and clean, each recorded by the probe to its own trace.

Usage: python keras_scenarios.py OUT_DIR [NAME...]   (every scenario when no name is given)
Writes OUT_DIR/<name>.jsonl per training and prints {name: seconds} as JSON. One process runs them all:
importing TensorFlow is the expensive part. The trainings are plain `fit` calls and one custom loop; the
probe sees them through the same hooks `nncheck watch` preloads.
"""

import gc
import json
from functools import partial
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import synthetic_data  # noqa: E402  (this folder)
from scenario_runner import run_scenarios  # noqa: E402  (this folder)
import tensorflow as tf  # noqa: E402

import nncheck_probe  # noqa: E402

nncheck_probe.instrument()
import keras  # noqa: E402
from keras import layers  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

CLASSES = 4
# Where the scenarios that check the recorded losses write the ones they computed (set by main).
OUT = "."
# Clean trainings run 10 epochs of 32 steps (no alarm over a few hundred steps); faults show within 5.
FAULT_EPOCHS = 5


def seeded(seed):
    keras.utils.set_random_seed(seed)
    return np.random.default_rng(seed)


tabular = partial(synthetic_data.classes, n=1024, features=20, count=CLASSES)
regression = partial(synthetic_data.regression, n=1024, features=20, normalised_weights=True)
images = partial(synthetic_data.quadrant_images, n=1024, side=12, count=CLASSES)
sequences = partial(synthetic_data.sequences, n=640, steps=10, features=4)


def mlp(features=20, hidden=64, out=CLASSES, depth=1, activation="relu", output_activation="softmax", **dense):
    model = keras.Sequential([keras.Input((features,))])
    for _ in range(depth):
        model.add(layers.Dense(hidden, activation=activation, **dense))
    model.add(layers.Dense(out, activation=output_activation))
    return model


def train(model, x, y, optimizer, loss="sparse_categorical_crossentropy", epochs=10, **fit):
    model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"] if "crossentropy" in loss else [])
    model.fit(x, y, batch_size=32, epochs=epochs, verbose=0, **fit)


# ------------------------------------------------------------------------------------------ clean


def clean_mlp():
    rng = seeded(1)
    x, y = tabular(rng)
    train(mlp(), x, y, keras.optimizers.Adam(1e-3), validation_split=0.1)


def clean_multihot():
    """Sparse multi-hot inputs (bags of words): most rows of the first kernel's gradient are zero at every
    step, while its units are alive."""
    rng = seeded(11)
    x = (rng.random((1024, 1000)) < 0.006).astype("float32")
    y = (x[:, :500].sum(axis=1) > x[:, 500:].sum(axis=1)).astype("float32")
    # One sigmoid unit, and metrics whose logs are counts over the epoch and ratios of them (no batch's value
    # can be told from them) beside a mean (accuracy).
    model = mlp(features=1000, hidden=16, out=1, output_activation="sigmoid")
    counted = [keras.metrics.TruePositives(name="tp"), keras.metrics.Precision(name="precision"), keras.metrics.AUC(name="auc")]
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss="binary_crossentropy", metrics=["accuracy"] + counted)
    model.fit(x, y, batch_size=32, epochs=4, verbose=0)


class Halve(layers.Layer):
    """A custom layer without its own __init__ (Keras derives its config from Layer.__init__'s argspec)."""

    def call(self, x):
        return x * 0.5


def clean_named_inputs():
    """Two named inputs fed as a dict (flattened in key order, not the model's), through a custom layer."""
    rng = seeded(12)
    x, y = tabular(rng, n=512)
    words = keras.Input((12,), name="words")
    numbers = keras.Input((8,), name="numbers")
    merged = layers.Concatenate()([Halve()(words), numbers])
    hidden = layers.Dense(32, activation="relu")(merged)
    model = keras.Model([words, numbers], layers.Dense(CLASSES, activation="softmax")(hidden))
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    model.fit({"words": x[:, :12], "numbers": x[:, 12:]}, y, batch_size=32, epochs=4, verbose=0)


def clean_cnn():
    rng = seeded(2)
    x, y = images(rng)
    model = keras.Sequential(
        [
            keras.Input((12, 12, 1)),
            layers.Conv2D(8, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(16, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(CLASSES, activation="softmax"),
        ]
    )
    train(model, x, y, keras.optimizers.Adam(1e-3))


def clean_lstm():
    rng = seeded(3)
    x, y = sequences(rng)
    model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(16), layers.Dense(2, activation="softmax")])
    train(model, x, y, keras.optimizers.Adam(3e-3))


def clean_gru():
    rng = seeded(4)
    x, y = sequences(rng)
    inputs = keras.Input((10, 4))
    outputs = layers.Dense(2, activation="softmax")(layers.GRU(16)(inputs))
    train(keras.Model(inputs, outputs), x, y, keras.optimizers.Adam(3e-3))


def clean_regression():
    """Written in the older style (`input_shape=` on the first layer), whose warning Keras raises for the
    caller of Layer.__init__: it must name Keras's file, as without the probe, not the probe's."""
    rng = seeded(5)
    x, y = regression(rng)
    model = keras.Sequential([layers.Dense(64, activation="relu", input_shape=(20,))])
    for _ in range(2):
        model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(1))
    train(model, x, y, keras.optimizers.SGD(0.01), loss="mse")


def optimizer_step(model, optimizer, loss_fn):
    """A custom loop's step (eager; compiled by tf.function when a scenario wants it): the loss under a
    GradientTape, its gradients applied by the Keras optimizer."""

    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        optimizer.apply(tape.gradient(loss, model.trainable_weights), model.trainable_weights)
        return loss

    return step


def step_by_hand(model, loss_fn, xb, yb, learning_rate=0.1):
    """A step with no optimizer: `v.assign_sub(lr * g)` on the model's variables after tape.gradient."""
    with tf.GradientTape() as tape:
        loss = loss_fn(yb, model(xb))
    for variable, grad in zip(model.variables, tape.gradient(loss, model.variables)):
        variable.assign_sub(learning_rate * grad)


def clean_custom_loop():
    """An eager custom loop (GradientTape + apply_gradients) on logits."""
    rng = seeded(6)
    x, y = tabular(rng)
    model = mlp(output_activation=None)
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1024, seed=6).batch(32)
    for _ in range(4):
        for xb, yb in data:
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))


def custom_loop_evaluated():
    """An eager custom loop that evaluates held-out data with its loss object after each epoch, and once
    mid-epoch on a single batch (a progress log, not the epoch's evaluation): epochs from the passes over
    its dataset, each one's validation loss the mean of its evaluation's batches."""
    rng = seeded(17)
    x, y = tabular(rng, n=1280)
    model = mlp(output_activation=None)
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x[:1024], y[:1024])).shuffle(1024, seed=17).batch(32)
    held_out = tf.data.Dataset.from_tensor_slices((x[1024:], y[1024:])).batch(100)
    val_losses = []
    for _ in range(3):
        for batch, (xb, yb) in enumerate(data):
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            if batch == 10:
                loss_fn(y[1024:1056], model(x[1024:1056], training=False))
        total = count = 0.0
        for xb, yb in held_out:
            total += float(loss_fn(yb, model(xb, training=False))) * int(xb.shape[0])
            count += int(xb.shape[0])
        val_losses.append(total / count)
    with open(os.path.join(OUT, "custom_loop_evaluated.losses.json"), "w") as f:
        json.dump(val_losses, f)


def compiled_loop_evaluated():
    """custom_loop_evaluated's loop with its training and evaluation steps compiled by tf.function (the Keras
    guide to writing a training loop from scratch): each epoch's validation loss from the compiled evaluation."""
    rng = seeded(21)
    x, y = tabular(rng, n=1280)
    model = mlp(output_activation=None)
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x[:1024], y[:1024])).shuffle(1024, seed=21).batch(32)
    held_out = tf.data.Dataset.from_tensor_slices((x[1024:], y[1024:])).batch(100)

    @tf.function
    def train_step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))

    @tf.function
    def test_step(xb, yb):
        return loss_fn(yb, model(xb, training=False))

    val_losses = []
    for _ in range(3):
        for xb, yb in data:
            train_step(xb, yb)
        total = count = 0.0
        for xb, yb in held_out:
            total += float(test_step(xb, yb)) * int(xb.shape[0])
            count += int(xb.shape[0])
        val_losses.append(total / count)
    with open(os.path.join(OUT, "compiled_loop_evaluated.losses.json"), "w") as f:
        json.dump(val_losses, f)


def custom_loop_shuffled_labels():
    """A compiled custom loop on labels shuffled away from their inputs: epochs at chance level (D508)."""
    rng = seeded(18)
    x, y = tabular(rng)
    model = mlp(hidden=16, output_activation=None)
    step = tf.function(optimizer_step(model, keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True)))
    data = tf.data.Dataset.from_tensor_slices((x, rng.permutation(y))).shuffle(1024, seed=18).batch(32)
    for _ in range(10):
        for xb, yb in data:
            step(xb, yb)


def successive_custom_loops():
    """Two models trained one after another by eager loops, each with an optimizer of its own that is gone
    when the next training starts (Dive into Deep Learning's Trainer), on a loss of shape [1, 1] (a penalty
    added as a matrix product: numpy 2 converts only 0-d arrays to float)."""
    rng = seeded(19)
    x, y = tabular(rng, n=512)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)

    def fit_once(hidden):
        model = mlp(hidden=hidden, output_activation=None)
        optimizer = keras.optimizers.SGD(0.1)
        for _ in range(2):
            for xb, yb in data:
                with tf.GradientTape() as tape:
                    kernel = model.layers[-1].kernel
                    penalty = tf.matmul(tf.reshape(kernel, [1, -1]), tf.reshape(kernel, [-1, 1]))
                    loss = tf.reshape(loss_fn(yb, model(xb, training=True)), [1, 1]) + 1e-4 * penalty
                optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))

    fit_once(32)
    gc.collect()
    fit_once(16)


class MLPFromScratch:
    """A model of bare tf.Variables, updated by hand (TensorFlow's guide to basic training loops, Dive into
    Deep Learning's from-scratch chapters)."""

    def __init__(self, rng, features=20, hidden=32, out=CLASSES):
        self.W1 = tf.Variable(rng.normal(0, 0.3, (features, hidden)).astype("float32"))
        self.b1 = tf.Variable(tf.zeros(hidden))
        self.W2 = tf.Variable(rng.normal(0, 0.3, (hidden, out)).astype("float32"))
        self.b2 = tf.Variable(tf.zeros(out))
        self.variables = [self.W1, self.b1, self.W2, self.b2]

    def __call__(self, x):
        return tf.matmul(tf.nn.relu(tf.matmul(x, self.W1) + self.b1), self.W2) + self.b2


def manual_updates_loop(learning_rate=0.1):
    """tape.gradient on the model's variables, then `v.assign_sub(lr * g)`: no optimizer at all."""
    rng = seeded(20)
    x, y = tabular(rng)
    model = MLPFromScratch(rng)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    for _ in range(3):
        for xb, yb in data:
            step_by_hand(model, loss_fn, xb, yb, learning_rate)


def optimizer_bare_variables(compiled=False):
    """The same model of bare tf.Variables (all named "Variable" by TensorFlow) stepped by a Keras optimizer."""
    rng = seeded(21)
    x, y = tabular(rng)
    model = MLPFromScratch(rng)
    optimizer = keras.optimizers.SGD(0.1)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.variables), model.variables))

    step = tf.function(step) if compiled else step
    for xb, yb in tf.data.Dataset.from_tensor_slices((x, y)).batch(32):
        step(xb, yb)


def optimizer_bare_variables_compiled():
    optimizer_bare_variables(compiled=True)


def successive_manual_loops():
    """Two models trained by hand one after another, through the same function (Dive into Deep Learning's
    weight decay from scratch): the second is a run of its own once it has stepped alone for a while."""
    rng = seeded(22)
    x, y = tabular(rng, n=512)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    for _ in range(2):
        model = MLPFromScratch(rng)
        for _ in range(4):
            for xb, yb in data:
                step_by_hand(model, loss_fn, xb, yb)


def manual_updates_zero_rate():
    """The same loop with a learning rate of 0: its variables never move (D205)."""
    manual_updates_loop(learning_rate=0.0)


def traced_gradients_eager_update():
    """Gradients computed in a tf.function, applied eagerly outside it (Deep Learning with Python's chapter 7
    does so): the tape's target is a graph tensor the eager step cannot read."""
    rng = seeded(10)
    x, y = tabular(rng)
    model = mlp(output_activation=None)
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function
    def gradients(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        return tape.gradient(loss, model.trainable_variables), loss

    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    for _ in range(3):
        for xb, yb in data:
            grads, _ = gradients(xb, yb)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))


def eager_gradients_traced_update():
    """The other way round: gradients taken eagerly, applied in a tf.function, whose graph holds no tape
    target the probe could read."""
    rng = seeded(10)
    x, y = tabular(rng)
    model = mlp(output_activation=None)
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.build((None, x.shape[1]))
    optimizer.build(model.trainable_variables)

    @tf.function
    def apply(grads):
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    for _ in range(3):
        for xb, yb in data:
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            apply(tape.gradient(loss, model.trainable_variables))


def xla_custom_loop():
    """A custom loop compiled with XLA: the probe cannot put its calls in the step, so the loop trains
    unobserved (and must train: the loss falls)."""
    rng = seeded(7)
    x, y = tabular(rng, n=256)
    model = mlp(output_activation=None)
    optimizer = keras.optimizers.Adam(1e-2)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function(jit_compile=True)
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        return loss

    losses = [float(step(x, y)) for _ in range(30)]
    if not losses[-1] < losses[0]:
        raise AssertionError("the XLA-compiled loop did not train: %r" % losses)


def xla_fit():
    """fit on a model compiled with jit_compile=True (Keras's default on accelerators)."""
    rng = seeded(8)
    x, y = tabular(rng, n=512)
    model = mlp()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", jit_compile=True)
    model.fit(x, y, batch_size=32, epochs=3, verbose=0)


def deferred_two_fits():
    """A model without an Input (built by its first step), trained by two fit calls: one training."""
    rng = seeded(9)
    x, y = tabular(rng, n=512)
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(CLASSES, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    first = []
    # Keras's logs after the first batch: that batch's loss (a running mean of one).
    keep_first = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: first.append(float(logs["loss"])) if not first else None)
    model.fit(x, y, batch_size=32, epochs=2, verbose=0, callbacks=[keep_first])
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    with open(os.path.join(OUT, "deferred_two_fits.losses.json"), "w") as f:
        json.dump(first, f)


def refit_reordered_targets():
    """Two outputs fit with a list of targets, then a dict (flattened in key order: the dtypes swap)."""
    rng = seeded(10)
    x, y = tabular(rng, n=256)
    score = rng.random((256, 1)).astype("float32")
    inputs = keras.Input((20,), name="features")
    hidden = layers.Dense(16, activation="relu")(inputs)
    model = keras.Model(inputs, [layers.Dense(1, name="score")(hidden), layers.Dense(CLASSES, activation="softmax", name="label")(hidden)])
    model.compile(optimizer="adam", loss=["mse", "sparse_categorical_crossentropy"])
    model.fit(x, [score, y.reshape(-1, 1)], batch_size=32, epochs=1, verbose=0)
    model.compile(optimizer="adam", loss={"score": "mse", "label": "sparse_categorical_crossentropy"})
    model.fit(x, {"score": score, "label": y.reshape(-1, 1)}, batch_size=32, epochs=1, verbose=0)


def several_steps_a_call():
    """fit with steps_per_execution=4 (the batches' losses go through the probe's ring), then with 1 (the
    loss comes back with the step's logs): neither fit's callbacks nor its history see the probe's key, and
    each fit leaves the model its own training function."""
    rng = seeded(11)
    x, y = tabular(rng, n=512)
    seen = set()

    class Keys(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.update(logs or {})

    model = mlp()
    for steps in (4, 1):
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=steps)
        model.make_train_function()
        own = model.train_function
        history = model.fit(x, y, batch_size=32, epochs=1, verbose=0, callbacks=[Keys()])
        seen.update(history.history)
        if model.train_function is not own:
            raise AssertionError("after a watched fit, the model's train_function is not fit's own")
    model.fit(x, y, batch_size=32, epochs=1, verbose=0, callbacks=[Keys()])  # the functions of the last fit, reused
    unexpected = sorted(key for key in seen if key.startswith("_"))
    if unexpected or "loss" not in seen:
        raise AssertionError("fit's logs: %s" % sorted(seen))


def mixed_precision_fit():
    """fit under the mixed_float16 policy: Keras wraps the optimizer in a LossScaleOptimizer, which hands the
    unscaled gradients to its inner optimizer inside a tf.cond."""
    rng = seeded(12)
    x, y = tabular(rng, n=512)
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = keras.Sequential([keras.Input((x.shape[1],)), layers.Dense(64, activation="relu"), layers.Dense(CLASSES, activation="softmax", dtype="float32")])
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
        model.fit(x, y, batch_size=32, epochs=3, verbose=0)
    finally:
        keras.mixed_precision.set_global_policy("float32")


# ----------------------------------------------------------------------------------------- faults


class _Gan(keras.Model):
    """A GAN whose train_step steps two optimizers and reports "d_loss" and "g_loss", no "loss" (as
    keras-io's conditional GAN does)."""

    def __init__(self):
        super().__init__()
        self.generator = keras.Sequential([layers.Input((4,)), layers.Dense(16, activation="relu"), layers.Dense(2)])
        self.discriminator = keras.Sequential([layers.Input((2,)), layers.Dense(16, activation="relu"), layers.Dense(1)])
        self.d_loss = keras.metrics.Mean(name="d_loss")
        self.g_loss = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss, self.g_loss]

    def compile(self, d_optimizer, g_optimizer):
        super().compile()
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)

    def train_step(self, real):
        batch = tf.shape(real)[0]
        fake = self.generator(tf.random.normal((batch, 4)))
        with tf.GradientTape() as tape:
            d_loss = self.bce(tf.ones((batch, 1)), self.discriminator(real)) + self.bce(tf.zeros((batch, 1)), self.discriminator(fake))
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))
        with tf.GradientTape() as tape:
            g_loss = self.bce(tf.ones((batch, 1)), self.discriminator(self.generator(tf.random.normal((batch, 4)))))
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))
        self.d_loss.update_state(d_loss)
        self.g_loss.update_state(g_loss)
        return {"d_loss": self.d_loss.result(), "g_loss": self.g_loss.result()}


def gan_custom_train_step():
    seeded(18)
    real = (np.random.default_rng(18).normal(size=(1024, 2)) * 0.5 + [2.0, -1.0]).astype("float32")
    gan = _Gan()
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    gan.fit(real, epochs=3, batch_size=32, verbose=0)


def gan_custom_loop(compiled=True):
    """A GAN trained by a custom loop, discriminator then generator each step (the Keras guide to training
    loops from scratch), with a tf.function step or eagerly: the followed loss is one side of a game."""
    seeded(23)
    real = (np.random.default_rng(23).normal(size=(1024, 2)) * 0.5 + [2.0, -1.0]).astype("float32")
    generator = keras.Sequential([keras.Input((4,)), layers.Dense(16, activation="relu"), layers.Dense(2)], name="generator")
    discriminator = keras.Sequential([keras.Input((2,)), layers.Dense(16, activation="relu"), layers.Dense(1)], name="discriminator")
    d_optimizer, g_optimizer = keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

    def step(batch):
        noise = tf.random.normal((32, 4))
        with tf.GradientTape() as tape:
            d_loss = loss_fn(tf.ones((32, 1)), discriminator(batch)) + loss_fn(tf.zeros((32, 1)), discriminator(generator(noise)))
        d_optimizer.apply(tape.gradient(d_loss, discriminator.trainable_weights), discriminator.trainable_weights)
        with tf.GradientTape() as tape:
            g_loss = loss_fn(tf.ones((32, 1)), discriminator(generator(tf.random.normal((32, 4)))))
        g_optimizer.apply(tape.gradient(g_loss, generator.trainable_weights), generator.trainable_weights)

    step = tf.function(step) if compiled else step
    for _ in range(2):
        for batch in tf.data.Dataset.from_tensor_slices(real).batch(32, drop_remainder=True):
            step(batch)


def gan_custom_loop_eager():
    gan_custom_loop(compiled=False)


def compiled_after_eager_training():
    """A model trained eagerly, then another by a tf.function step with an optimizer of its own while the
    first optimizer is still alive (the Keras guide to training loops from scratch): the second is a run
    of its own once it has stepped alone for 20 steps."""
    rng = seeded(24)
    x, y = tabular(rng, n=512)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    first = optimizer_step(mlp(output_activation=None), keras.optimizers.Adam(1e-3), loss_fn)
    for _ in range(2):
        for xb, yb in data:
            first(xb, yb)
    second = tf.function(optimizer_step(mlp(output_activation=None), keras.optimizers.Adam(1e-3), loss_fn))
    for _ in range(3):
        for xb, yb in data:
            second(xb, yb)
    # Then the first model again, eagerly, as the guide does with one loop after another.
    for xb, yb in data:
        first(xb, yb)


def eager_then_compiled():
    """One model and optimizer trained eagerly, then by a tf.function step (the Keras guide does so): one run."""
    rng = seeded(25)
    x, y = tabular(rng, n=512)
    step = optimizer_step(mlp(output_activation=None), keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    for train in (step, step, tf.function(step), tf.function(step)):
        for xb, yb in data:
            train(xb, yb)


def loops_and_fit():
    """A loop updating by hand, then fit on another model, then a custom loop with an optimizer (TensorFlow's
    guide to basic training loops trains by hand, then by fit): three runs, each ended before the next."""
    rng = seeded(26)
    x, y = tabular(rng, n=256)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    by_hand = MLPFromScratch(rng)
    for xb, yb in data:
        step_by_hand(by_hand, loss_fn, xb, yb)
    fitted = mlp()
    fitted.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    fitted.fit(x, y, batch_size=32, epochs=1, verbose=0)
    looped = optimizer_step(mlp(output_activation=None), keras.optimizers.Adam(1e-3), loss_fn)
    for xb, yb in data:
        looped(xb, yb)


class BareVariablesModel(keras.Model):
    """Weights held as bare tf.Variables: Keras 2 tracked them, Keras 3 does not (TensorFlow's guide to basic
    training loops fits such a model)."""

    def __init__(self):
        super().__init__()
        self.w = tf.Variable(5.0)
        self.b = tf.Variable(0.0)

    def call(self, x):
        return self.w * x + self.b


def fit_nothing_trainable():
    rng = seeded(27)
    x = rng.uniform(-2, 2, 200).astype("float32")
    model = BareVariablesModel()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=keras.losses.MeanSquaredError())
    model.fit(x, 3 * x + 2, epochs=3, batch_size=50, verbose=0)


def exploding():
    """clean_regression with its learning rate ×1000."""
    rng = seeded(5)
    x, y = regression(rng)
    train(mlp(out=1, depth=3, output_activation=None), x, y, keras.optimizers.SGD(10.0), loss="mse", epochs=FAULT_EPOCHS)


def vanishing():
    """Ten stacked sigmoid layers."""
    rng = seeded(7)
    x, y = tabular(rng)
    train(mlp(hidden=32, depth=10, activation="sigmoid"), x, y, keras.optimizers.SGD(0.01), epochs=FAULT_EPOCHS)


def dead_relu():
    """The hidden layer's bias initialised to −10: its ReLUs never fire."""
    rng = seeded(8)
    x, y = tabular(rng)
    train(mlp(bias_initializer=keras.initializers.Constant(-10.0)), x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def nested(base_bias=0.0, base_trainable=True):
    """Transfer learning's layout: a Sequential base model inside the trained model."""
    base = keras.Sequential(
        [keras.Input((20,)), layers.Dense(64, activation="relu", name="hidden", bias_initializer=keras.initializers.Constant(base_bias)), layers.Dense(32, activation="relu", name="features")],
        name="base",
    )
    base.trainable = base_trainable
    return keras.Sequential([keras.Input((20,)), base, layers.Dense(CLASSES, activation="softmax", name="head")])


def nested_dead_relu():
    """dead_relu's fault inside a nested base model."""
    rng = seeded(17)
    x, y = tabular(rng)
    train(nested(base_bias=-10.0), x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def clean_nested_frozen_base():
    """A frozen base model (its weights must not move) under a trained head."""
    rng = seeded(18)
    x, y = tabular(rng)
    train(nested(base_trainable=False), x, y, keras.optimizers.Adam(1e-2))


class _Composed(keras.Model):
    """A subclassed model that runs two Sequential sub-models, its features then its head (as keras-io's
    VAE runs its encoder and decoder): their layers are followed in the sub-models' place."""

    def __init__(self, hidden_bias=0.0, bare_shift=False):
        super().__init__(name="composed")
        # A weight of the model's own, made by add_weight: Keras trains it, the probe follows it with no layer.
        self.input_scale = self.add_weight(shape=(20,), initializer="ones", name="input_scale")
        # A tf.Variable the model holds as an attribute (tf.keras 2 tracked it): Keras 3 never trains it.
        self.input_shift = tf.Variable(tf.fill([20], 0.5), trainable=True, name="input_shift") if bare_shift else None
        self.features = keras.Sequential(
            [keras.Input((20,)), layers.Dense(64, activation="relu", name="hidden", bias_initializer=keras.initializers.Constant(hidden_bias)), layers.Dense(32, activation="relu", name="code")],
            name="features",
        )
        self.head = keras.Sequential([keras.Input((32,)), layers.Dense(CLASSES, activation="softmax", name="classes")], name="head")

    def call(self, x):
        x = x * self.input_scale
        if self.input_shift is not None:
            x = x - self.input_shift
        return self.head(self.features(x))


def subclassed_dead_relu():
    """dead_relu's fault inside a sub-model of a subclassed model."""
    rng = seeded(19)
    x, y = tabular(rng)
    train(_Composed(hidden_bias=-10.0), x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def clean_subclassed():
    rng = seeded(20)
    x, y = tabular(rng)
    train(_Composed(), x, y, keras.optimizers.Adam(1e-3))


class BareShift(layers.Layer):
    """Holds a trainable tf.Variable as an attribute, as layers written for tf.keras 2 did (keras-io's VQ-VAE
    holds its codebook so): Keras 3 does not track it, and fit never trains it."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.shift = tf.Variable(tf.fill([units], 0.5), trainable=True, name="shift")

    def call(self, x):
        return x - self.shift


def model_untracked_variable():
    """untracked_variable's fault in the subclassed model itself, beside its sub-models."""
    rng = seeded(30)
    x, y = tabular(rng)
    train(_Composed(bare_shift=True), x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def untracked_variable():
    rng = seeded(29)
    x, y = tabular(rng)
    model = keras.Sequential([keras.Input((20,)), layers.Dense(64, activation="relu"), BareShift(64), layers.Dense(CLASSES, activation="softmax")])
    train(model, x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def zero_learning_rate():
    rng = seeded(9)
    x, y = tabular(rng)
    train(mlp(), x, y, keras.optimizers.SGD(0.0), epochs=FAULT_EPOCHS)


def frozen_output():
    """The output layer frozen instead of the base."""
    rng = seeded(10)
    x, y = tabular(rng)
    model = mlp()
    model.layers[-1].trainable = False
    train(model, x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def nan_inputs():
    rng = seeded(11)
    x, y = tabular(rng)
    x[::97, 3] = np.nan
    train(mlp(), x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def shuffled_labels():
    rng = seeded(12)
    x, y = tabular(rng)
    train(mlp(), x, rng.permutation(y), keras.optimizers.Adam(1e-3), validation_split=0.2)


def overfits_early_stopped():
    """Memorises random labels while its validation loss rises; EarlyStopping on val_loss ends it (keras-io's
    time-series anomaly autoencoder stops itself this way)."""
    rng = seeded(16)
    x = rng.normal(size=(256, 40)).astype("float32")
    y = rng.integers(0, 2, size=256)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=6)
    train(mlp(features=40, hidden=256, out=2), x, y, keras.optimizers.Adam(1e-2), epochs=30, validation_split=0.5, callbacks=[stop])


def over_regularized():
    """An L2 penalty of 10 on every kernel."""
    rng = seeded(13)
    x, y = tabular(rng)
    train(mlp(kernel_regularizer=keras.regularizers.L2(10.0)), x, y, keras.optimizers.Adam(1e-3), epochs=FAULT_EPOCHS)


def sign_flipped():
    """A compiled custom loop that steps up the gradient: the gradients' sign flipped before the update."""
    rng = seeded(14)
    x, y = tabular(rng)
    model = mlp(output_activation=None)
    optimizer = keras.optimizers.SGD(0.05)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip([-g for g in grads], model.trainable_variables))

    data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1024, seed=14).batch(32)
    for _ in range(FAULT_EPOCHS):
        for xb, yb in data:
            step(xb, yb)


def q_learning(target_update="hard", compiled=False, steps=300):
    """keras-io's DQN in small (written here): a Q-network learns from transitions of a stand-in environment
    (reward 1 a step, an episode ending at random) against the values of its target network, a copy
    the optimizer does not train: synced by set_weights every 50 steps ("hard", as keras-io's), moved towards
    it after each step inside a compiled step ("soft"), or never (None: fixed targets). The Huber loss on the
    TD error grows with the values as they build up."""
    rng = seeded(41)

    def q_network():
        return keras.Sequential([keras.Input((4,)), layers.Dense(64, activation="relu"), layers.Dense(2)])

    model, target = q_network(), q_network()
    target.set_weights(model.get_weights())
    optimizer = keras.optimizers.Adam(1e-2)
    huber = keras.losses.Huber()
    states = rng.standard_normal((4096, 4)).astype("float32")

    def update(state, action, expected):
        with tf.GradientTape() as tape:
            chosen = tf.reduce_sum(model(state) * tf.one_hot(action, 2), axis=1)
            loss = huber(expected, chosen)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        if target_update == "soft":
            for kept, trained in zip(target.trainable_variables, model.trainable_variables):
                kept.assign(0.98 * kept + 0.02 * trained)

    step = tf.function(update) if compiled else update
    for index in range(steps):
        picked = rng.integers(0, 4096, 64)
        going = (rng.random(64) > 0.03).astype("float32")
        # keras-io's predicts (as the first step does here); a call is the same to the probe, and faster.
        following = target.predict(states[(picked + 1) % 4096], verbose=0) if index == 0 else target(states[(picked + 1) % 4096])
        expected = 1.0 + 0.99 * going * np.max(np.asarray(following), axis=1)
        step(states[picked], rng.integers(0, 2, 64), expected.astype("float32"))
        if target_update == "hard" and index % 50 == 49:
            target.set_weights(model.get_weights())


def q_learning_soft_compiled():
    q_learning("soft", compiled=True)


def q_learning_fixed_target():
    q_learning(None, steps=100)


SCENARIOS = {
    f.__name__: f
    for f in [
        clean_mlp,
        clean_cnn,
        clean_multihot,
        clean_named_inputs,
        clean_lstm,
        clean_gru,
        clean_regression,
        clean_custom_loop,
        traced_gradients_eager_update,
        eager_gradients_traced_update,
        xla_custom_loop,
        xla_fit,
        deferred_two_fits,
        refit_reordered_targets,
        several_steps_a_call,
        mixed_precision_fit,
        gan_custom_train_step,
        exploding,
        vanishing,
        dead_relu,
        zero_learning_rate,
        untracked_variable,
        model_untracked_variable,
        frozen_output,
        nan_inputs,
        shuffled_labels,
        overfits_early_stopped,
        nested_dead_relu,
        clean_nested_frozen_base,
        subclassed_dead_relu,
        clean_subclassed,
        over_regularized,
        sign_flipped,
        custom_loop_evaluated,
        compiled_loop_evaluated,
        successive_custom_loops,
        manual_updates_loop,
        manual_updates_zero_rate,
        successive_manual_loops,
        gan_custom_loop,
        gan_custom_loop_eager,
        compiled_after_eager_training,
        eager_then_compiled,
        loops_and_fit,
        fit_nothing_trainable,
        optimizer_bare_variables,
        optimizer_bare_variables_compiled,
        custom_loop_shuffled_labels,
        q_learning,
        q_learning_soft_compiled,
        q_learning_fixed_target,
    ]
}


def main():
    global OUT
    OUT = sys.argv[1]
    run_scenarios(SCENARIOS, OUT, sys.argv[2:])


if __name__ == "__main__":
    main()
