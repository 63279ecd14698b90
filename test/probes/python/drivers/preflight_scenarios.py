"""The Python preflight (`nncheck_probe.preflight`) on small, seeded Keras or PyTorch models, faulty and clean.

Usage: python preflight_scenarios.py keras|torch OUT_DIR [NAME...]   (every scenario when no name is given)
Writes OUT_DIR/<name>.jsonl per scenario (the preflight records) and prints JSON:
{"seconds": {name: s}, "unchanged": {name: bool}} — whether the user's weights, optimizer state (Keras),
gradients and training mode (PyTorch) and Python's, NumPy's and PyTorch's random state were the same after
the preflight. One process per framework: importing it is the cost.
"""

import json
from functools import partial
import os
import random
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import synthetic_data  # noqa: E402  (this folder)

from nncheck_probe import preflight  # noqa: E402

FRAMEWORK = sys.argv[1]
OUT = sys.argv[2]
CLASSES = 4
# Cut from the defaults to keep the suite fast: enough for a 16-sample batch to be learnt.
BUDGET = {"sampleSize": 256, "overfitIterations": 300, "dependencyIterations": 100, "learningRate": 0.01}
# The costly gradient check (D109, off by default) runs on these only.
GRADIENT_CHECKED = {"wrong_gradient", "clean_lstm"}


# A wall-time cap far below what the iterations asked for would take: the loops stop on it.
TIME_CAPPED = {"time_capped": {"overfitIterations": 1_000_000, "dependencyIterations": 1_000_000, "maxTimeMs": 1500}}


def budget_for(make):
    return dict(BUDGET, gradientCheck=make.__name__ in GRADIENT_CHECKED, **TIME_CAPPED.get(make.__name__, {}))


tabular = partial(synthetic_data.classes, n=256, features=12, count=CLASSES)
regression = partial(synthetic_data.regression, n=256, features=12)
images_nhwc = partial(synthetic_data.quadrant_images, n=256, side=10, count=CLASSES)
sequences = partial(synthetic_data.sequences, n=256, steps=8, features=4)


# ------------------------------------------------------------------------------------------- Keras


def keras_scenarios():
    import tensorflow as tf
    import keras
    from keras import layers, ops

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)

    class BatchSoftmax(layers.Layer):
        """Normalises over the batch axis: each sample's output depends on the others'."""

        def call(self, x):
            return ops.softmax(x, axis=0)

    class IgnoreInput(layers.Layer):
        def call(self, x):
            return x * 0.0

    @tf.custom_gradient
    def tripled_gradient(x):
        return tf.identity(x), lambda g: 3.0 * g

    class WrongGradient(layers.Layer):
        """The identity, with a backward pass that triples the gradient."""

        def call(self, x):
            return tripled_gradient(x)

    def seeded(seed):
        keras.utils.set_random_seed(seed)
        return np.random.default_rng(seed)

    def mlp(features=12, extra=None, out=CLASSES, output_activation="softmax"):
        stack = [keras.Input((features,))] + ([extra] if extra is not None else []) + [layers.Dense(32, activation="relu"), layers.Dense(out, activation=output_activation)]
        return keras.Sequential(stack)

    def compiled(model, loss="sparse_categorical_crossentropy"):
        model.compile(optimizer="adam", loss=loss)
        return model

    def sum_loss():
        rng = seeded(11)
        x, y = tabular(rng)
        return compiled(mlp(), keras.losses.SparseCategoricalCrossentropy(reduction="sum")), x, y

    def batch_softmax():
        rng = seeded(12)
        x, y = tabular(rng)
        model = keras.Sequential([keras.Input((12,)), layers.Dense(32, activation="relu"), layers.Dense(CLASSES), BatchSoftmax()])
        return compiled(model), x, y

    def shuffled_labels():
        rng = seeded(13)
        x, _ = tabular(rng)
        return compiled(mlp()), x, rng.integers(0, CLASSES, len(x)).astype("int64")

    def ignores_input():
        rng = seeded(14)
        x, y = tabular(rng)
        return compiled(mlp(extra=IgnoreInput())), x, y

    def wrong_gradient():
        rng = seeded(18)
        x, y = tabular(rng)
        model = keras.Sequential([keras.Input((12,)), layers.Dense(32, activation="relu"), WrongGradient(), layers.Dense(CLASSES, activation="softmax")])
        return compiled(model), x, y

    def raw_targets():
        rng = seeded(19)
        x, y = regression(rng, scale=40_000.0, offset=250_000.0)
        return compiled(mlp(out=1, output_activation=None), "mse"), x, y

    def clean_mlp():
        rng = seeded(15)
        x, y = tabular(rng)
        return compiled(mlp()), x, y

    def time_capped():
        rng = seeded(21)
        x, y = tabular(rng)
        return compiled(mlp()), x, y

    def clean_regression():
        rng = seeded(20)
        x, y = regression(rng)
        return compiled(mlp(out=1, output_activation=None), "mse"), x, y

    def clean_cnn():
        rng = seeded(16)
        x, y = images_nhwc(rng)
        model = keras.Sequential(
            [keras.Input((10, 10, 1)), layers.Conv2D(8, 3, activation="relu"), layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(CLASSES, activation="softmax")]
        )
        return compiled(model), x, y

    def clean_lstm():
        rng = seeded(17)
        x, y = sequences(rng)
        model = keras.Sequential([keras.Input((8, 4)), layers.LSTM(16), layers.Dense(2, activation="softmax")])
        return compiled(model), x, y

    def batch_normalised():
        rng = seeded(22)
        x, y = tabular(rng)
        model = keras.Sequential([
            keras.Input((12,)),
            layers.Dense(16, kernel_initializer=keras.initializers.RandomNormal(stddev=30.0, seed=3)),
            layers.BatchNormalization(),
            layers.Activation("relu"),
            layers.Dense(CLASSES, activation="softmax"),
        ])
        return compiled(model), x, y

    def weights(model):
        return [np.array(w) for w in model.get_weights()]

    def same(a, b):
        return len(a) == len(b) and all(np.array_equal(u, v) for u, v in zip(a, b))

    def run(make, path):
        model, x, y = make()
        # A step of the user's own optimizer first, so it has state (moments, iterations) to keep.
        model.train_on_batch(x[:32], y[:32])
        before = weights(model)
        optimizer_before = [np.array(v) for v in model.optimizer.variables]
        numpy_state = np.random.get_state()[1].copy()
        python_state = random.getstate()
        preflight(model, x, y, budget=budget_for(make), sink=path)
        return (
            same(before, weights(model))
            and same(optimizer_before, [np.array(v) for v in model.optimizer.variables])
            and np.array_equal(numpy_state, np.random.get_state()[1])
            and python_state == random.getstate()
        )

    return {f.__name__: f for f in (sum_loss, batch_softmax, shuffled_labels, ignores_input, wrong_gradient, raw_targets, time_capped, clean_mlp, clean_regression, clean_cnn, clean_lstm, batch_normalised)}, run


# ----------------------------------------------------------------------------------------- PyTorch


def torch_scenarios():
    import torch
    from torch import nn

    torch.set_num_threads(1)

    class BatchSoftmax(nn.Module):
        def forward(self, x):
            return torch.softmax(x, dim=0)

    class IgnoreInput(nn.Module):
        def forward(self, x):
            return x * 0.0

    class TripledGradient(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.clone()

        @staticmethod
        def backward(ctx, g):
            return 3.0 * g

    class WrongGradient(nn.Module):
        """The identity, with a backward pass that triples the gradient."""

        def forward(self, x):
            return TripledGradient.apply(x)

    class SmallCnn(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 8, 3)
            self.pool = nn.MaxPool2d(2)
            self.flatten = nn.Flatten()
            self.head = nn.Linear(8 * 4 * 4, CLASSES)

        def forward(self, x):
            return self.head(self.flatten(self.pool(torch.relu(self.conv(x)))))

    class Recurrent(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.LSTM(4, 16, batch_first=True)
            self.head = nn.Linear(16, 2)

        def forward(self, x):
            out, _ = self.rnn(x)
            return self.head(out[:, -1])

    def seeded(seed):
        torch.manual_seed(seed)
        return np.random.default_rng(seed)

    def mlp(*extra):
        return nn.Sequential(*extra, nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, CLASSES))

    def tensors(x, y):
        return torch.from_numpy(x), torch.from_numpy(y)

    def sum_loss():
        rng = seeded(21)
        return (mlp(), *tensors(*tabular(rng)), nn.CrossEntropyLoss(reduction="sum"))

    def batch_softmax():
        rng = seeded(22)
        # NLL on log-probabilities normalised over the batch: the mixing is in the model.
        model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, CLASSES), BatchSoftmax())
        return (model, *tensors(*tabular(rng)), lambda p, t: nn.functional.nll_loss(torch.log(p + 1e-7), t))

    def shuffled_labels():
        rng = seeded(23)
        x, _ = tabular(rng)
        return (mlp(), *tensors(x, rng.integers(0, CLASSES, len(x)).astype("int64")), nn.CrossEntropyLoss())

    def ignores_input():
        rng = seeded(24)
        return (mlp(IgnoreInput()), *tensors(*tabular(rng)), nn.CrossEntropyLoss())

    def wrong_gradient():
        rng = seeded(28)
        model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), WrongGradient(), nn.Linear(32, CLASSES))
        return (model, *tensors(*tabular(rng)), nn.CrossEntropyLoss())

    def raw_targets():
        rng = seeded(29)
        model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 1))
        return (model, *tensors(*regression(rng, scale=40_000.0, offset=250_000.0)), nn.MSELoss())

    def clean_mlp():
        rng = seeded(25)
        return (mlp(), *tensors(*tabular(rng)), nn.CrossEntropyLoss())

    def time_capped():
        rng = seeded(31)
        return (mlp(), *tensors(*tabular(rng)), nn.CrossEntropyLoss())

    def clean_regression():
        rng = seeded(30)
        model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 1))
        return (model, *tensors(*regression(rng)), nn.MSELoss())

    def clean_cnn():
        rng = seeded(26)
        x, y = images_nhwc(rng)
        return (SmallCnn(), *tensors(np.ascontiguousarray(np.moveaxis(x, -1, 1)), y), nn.CrossEntropyLoss())

    def clean_lstm():
        rng = seeded(27)
        return (Recurrent(), *tensors(*sequences(rng)), nn.CrossEntropyLoss())

    def batch_normalised():
        rng = seeded(32)
        model = nn.Sequential(nn.Linear(12, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, CLASSES))
        with torch.no_grad():
            model[0].weight.normal_(0.0, 30.0)
        return (model, *tensors(*tabular(rng)), nn.CrossEntropyLoss())

    def run(make, path):
        model, x, y, loss = make()
        before = {k: v.clone() for k, v in model.state_dict().items()}
        torch_state = torch.get_rng_state()
        numpy_state = np.random.get_state()[1].copy()
        python_state = random.getstate()
        training = model.training
        preflight(model, x, y, loss=loss, budget=budget_for(make), sink=path)
        after = model.state_dict()
        return (
            all(torch.equal(before[k], after[k]) for k in before)
            and torch.equal(torch_state, torch.get_rng_state())
            and np.array_equal(numpy_state, np.random.get_state()[1])
            and python_state == random.getstate()
            and model.training == training
            and all(p.grad is None for p in model.parameters())
        )

    return {f.__name__: f for f in (sum_loss, batch_softmax, shuffled_labels, ignores_input, wrong_gradient, raw_targets, time_capped, clean_mlp, clean_regression, clean_cnn, clean_lstm, batch_normalised)}, run


def main():
    scenarios, run = keras_scenarios() if FRAMEWORK == "keras" else torch_scenarios()
    names = sys.argv[3:] or list(scenarios)
    seconds, unchanged = {}, {}
    for name in names:
        t0 = time.perf_counter()
        unchanged[name] = bool(run(scenarios[name], os.path.join(OUT, name + ".jsonl")))
        seconds[name] = round(time.perf_counter() - t0, 3)
    print(json.dumps({"seconds": seconds, "unchanged": unchanged}))


main()
