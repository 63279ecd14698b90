"""The Python preflight's cost on small Keras or PyTorch models, with the default budget (or overrides).

Usage: python bench/python-preflight.py keras|torch OUT_DIR [--budget JSON]
For each model — an MLP (20-64-64-4), a small CNN (28×28×1, conv 8 and conv 16) and an LSTM (20 steps × 8
features, 32 units), each on 1024 seeded synthetic samples its task can be learnt from — runs
`nncheck_probe.preflight` once, writing OUT_DIR/<framework>-<model>.jsonl, and prints JSON:
{"version": framework version, "models": [{"name", "trace", "seconds"}]}. The procedures' own times are in
the trace (timeMs); bench/python-preflight.js reads them and decides the findings.
"""

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from nncheck_probe import preflight  # noqa: E402

FRAMEWORK = sys.argv[1]
OUT = sys.argv[2]
BUDGET = json.loads(sys.argv[sys.argv.index("--budget") + 1]) if "--budget" in sys.argv else {}
CLASSES = 4


def data(kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "mlp":
        x = rng.standard_normal((1024, 20)).astype("float32")
        return x, (x @ rng.standard_normal((20, CLASSES))).argmax(axis=1).astype("int64")
    if kind == "cnn":
        x = (0.3 * rng.standard_normal((1024, 28, 28, 1))).astype("float32")
        y = rng.integers(0, CLASSES, 1024)
        for c in range(CLASSES):
            r, q = divmod(c, 2)
            x[y == c, r * 14 : r * 14 + 14, q * 14 : q * 14 + 14, :] += 1.0
        return ((x - x.mean()) / x.std()).astype("float32"), y.astype("int64")
    x = rng.standard_normal((1024, 20, 8)).astype("float32")
    return x, (x[:, :, 0].sum(axis=1) > 0).astype("int64")


def keras_models():
    import tensorflow as tf
    import keras
    from keras import layers

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    keras.utils.set_random_seed(1)

    def compiled(model):
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        return model

    models = {
        "mlp": compiled(keras.Sequential([keras.Input((20,)), layers.Dense(64, activation="relu"), layers.Dense(64, activation="relu"), layers.Dense(CLASSES, activation="softmax")])),
        "cnn": compiled(
            keras.Sequential(
                [
                    keras.Input((28, 28, 1)),
                    layers.Conv2D(8, 3, activation="relu"),
                    layers.MaxPooling2D(2),
                    layers.Conv2D(16, 3, activation="relu"),
                    layers.MaxPooling2D(2),
                    layers.Flatten(),
                    layers.Dense(CLASSES, activation="softmax"),
                ]
            )
        ),
        "lstm": compiled(keras.Sequential([keras.Input((20, 8)), layers.LSTM(32), layers.Dense(2, activation="softmax")])),
    }
    return keras.__version__, {name: (lambda m=m, name=name: (m, *data(name, 1), None)) for name, m in models.items()}


def torch_models():
    import torch
    from torch import nn

    torch.set_num_threads(1)
    torch.manual_seed(1)

    class Cnn(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
            self.head = nn.Linear(16 * 5 * 5, CLASSES)

        def forward(self, x):
            return self.head(self.body(x))

    class Lstm(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.LSTM(8, 32, batch_first=True)
            self.head = nn.Linear(32, 2)

        def forward(self, x):
            return self.head(self.rnn(x)[0][:, -1])

    def tensors(name, channels_first=False):
        x, y = data(name, 1)
        if channels_first:
            x = np.ascontiguousarray(np.moveaxis(x, -1, 1))
        return torch.from_numpy(x), torch.from_numpy(y)

    models = {
        "mlp": lambda: (nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, CLASSES)), *tensors("mlp"), nn.CrossEntropyLoss()),
        "cnn": lambda: (Cnn(), *tensors("cnn", True), nn.CrossEntropyLoss()),
        "lstm": lambda: (Lstm(), *tensors("lstm"), nn.CrossEntropyLoss()),
    }
    return torch.__version__, models


def main():
    version, models = keras_models() if FRAMEWORK == "keras" else torch_models()
    out = []
    for name, make in models.items():
        model, x, y, loss = make()
        trace = os.path.join(OUT, "%s-%s.jsonl" % (FRAMEWORK, name))
        started = time.perf_counter()
        preflight(model, x, y, loss=loss, budget=BUDGET, sink=trace)
        out.append({"name": name, "trace": trace, "seconds": round(time.perf_counter() - started, 3)})
    print(json.dumps({"version": version, "models": out}))


main()
