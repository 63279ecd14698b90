"""The Python probe's cost on training steps, in one process per framework (bench/python-overhead.js runs it).

Usage: python bench/python-overhead.py keras|torch OUT_DIR [--rounds N] [--steps N] [--short-steps N]
           [--example-rounds N] [--example-steps N] [--example-short-steps N]
           [--sizes small,example] [--configs baseline,noise,default,every10,every]
Prints one JSON object: {framework, version, models: [{name, batch, runs: {config: [{wallMs, cpuMs, selfMs, faults, steps, setupMs}]}}]},
one run per configuration per round after a warm-up round (dropped). Configurations:
  baseline                 the training without recording (the probe imported, its hooks dormant)
  baseline again (noise)   the same a second time: how far from 1 a ratio strays by noise alone
  default (2 % budget)     recorded as `nncheck watch` records it: tensor statistics every 10 steps for the
                           first 4 samples, then as often as the probe's 2 % sampling budget allows
  every 10                 tensor statistics every 10 steps, whatever they cost (`watch --sampling 10`)
  every step               tensor statistics every step (the checks run in watch's process, not here)
Two sizes of model per framework: the TF.js bench's small MLP and CNN (millisecond steps: the probe's cost
per step at its largest), and models of the frameworks' own MNIST examples (Keras's `mnist_convnet` and its
older `mnist_mlp`, PyTorch's `examples/mnist` network and an MLP of the same width), whose steps take tens
of milliseconds, as a training's usually do.
The first three configurations run --steps steps (--example-steps for the example-size models; the
default's warm-up included: a real training amortises it over many more); the fixed intervals, whose cost
per step is the same from the start, run --short-steps (--example-short-steps).
Runs interleave, in alternating order (ABCDE, EDCBA), so load drifting over time touches every configuration
alike (python-overhead.js compares each recorded run with the mean of its round's two unrecorded ones). Each run times its steps, and the probe's own time, from the start of the step after the untimed ones
(PyTorch: one, where the probe describes the model; Keras: two, where a model's first recorded fit traces the probe's two step functions,
with the capture and without) to the last one's end, on the wall clock and the process's CPU clock, one
thread per framework; the untimed steps run in addition to the timed ones. What the probe pays once per run
(describing the model, tracing, the trace's run-end) is not charged to the steps: a real training amortises
it over thousands of steps. The untimed steps' wall time is reported apart (setupMs).
The traces of the last round stay in OUT_DIR/<framework>-<model>-<config>.jsonl, so the checks' own cost
on them can be timed too.
"""

import gc
import json
import os
import resource
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import nncheck_probe  # noqa: E402
from nncheck_probe._runtime import RUNTIME  # noqa: E402


def option(name, default, parse=int):
    if name in sys.argv:
        return parse(sys.argv[sys.argv.index(name) + 1])
    return default


def names(text):
    return text.split(",")


FRAMEWORK = sys.argv[1]
OUT_DIR = sys.argv[2]
ROUNDS = option("--rounds", 5)
STEPS = option("--steps", 3000)
SHORT_STEPS = min(STEPS, option("--short-steps", 300))
EXAMPLE_ROUNDS = option("--example-rounds", 5)
EXAMPLE_STEPS = option("--example-steps", 1000)
EXAMPLE_SHORT_STEPS = min(EXAMPLE_STEPS, option("--example-short-steps", 60))
# --sizes small,example and --configs baseline,noise,default,every10,every: what is measured (all by default).
SIZES_MEASURED = option("--sizes", ["small", "example"], names)
CONFIGS_MEASURED = option("--configs", None, names)
# Per model size: (rounds, steps per run, steps per run at fixed intervals).
SIZES = {"small": (ROUNDS, STEPS, SHORT_STEPS), "example": (EXAMPLE_ROUNDS, EXAMPLE_STEPS, EXAMPLE_SHORT_STEPS)}
UNRECORDED, BUDGET = "unrecorded", "budget"
# (name, sampling: UNRECORDED, BUDGET or an interval, whether the run is short)
CONFIGS = [
    ("baseline", UNRECORDED, False),
    ("baseline again (noise)", UNRECORDED, False),
    ("default (2 % budget)", BUDGET, False),
    ("every 10", 10, True),
    ("every step", 1, True),
]

# Every run the probe opens, so its own time (statistics, records) can be read after the run.
_opened = []
_open_run = RUNTIME.open_run


def _remember(run):
    _opened.append(run)
    return _open_run(run)


RUNTIME.open_run = _remember


def clocks():
    """Wall clock, CPU clock, and the process's minor page faults (pages the kernel mapped and zeroed)."""
    return time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def recorded(trace, sampling, steps, train):
    """Runs train(steps) (returning seconds per step, wall and CPU) unrecorded, or recorded at the
    sampling interval or by the budget; returns milliseconds per step, the probe's own time included
    (spread over the timed steps)."""
    gc.collect()
    if sampling == UNRECORDED:
        timed = train(steps)
        return {"wallMs": timed["wall"] * 1000.0, "cpuMs": timed["cpu"] * 1000.0, "selfMs": 0.0, "faults": timed["faults"], "steps": timed["steps"], "setupMs": timed["setup"] * 1000.0}
    del _opened[:]
    session = nncheck_probe.record(trace, sampling_interval=None if sampling == BUDGET else sampling)
    try:
        timed = train(steps)
    finally:
        session.close()
    return {"wallMs": timed["wall"] * 1000.0, "cpuMs": timed["cpu"] * 1000.0, "selfMs": timed["self"] * 1000.0, "faults": timed["faults"], "steps": timed["steps"], "setupMs": timed["setup"] * 1000.0}


def probe_time():
    """The probe's own time so far in the runs opened since the last recorded() started."""
    return sum(run.self_time for run in _opened)


def timed_steps(start, end, steps):
    """Per-step wall, CPU and probe time and page faults between two (wall, cpu, faults, probe) readings
    `steps` steps apart."""
    return {"wall": (end[0] - start[0]) / steps, "cpu": (end[1] - start[1]) / steps, "faults": (end[2] - start[2]) / steps, "self": (end[3] - start[3]) / steps, "steps": steps}


def slug_of(config):
    return {"baseline again (noise)": "noise", "every 10": "every10"}.get(config, config.split(" ")[0])


def measure(models, version):
    out = {"framework": FRAMEWORK, "version": version, "rounds": ROUNDS, "models": []}
    configs = [c for c in CONFIGS if CONFIGS_MEASURED is None or slug_of(c[0]) in CONFIGS_MEASURED]
    for name, batch, size, make_train in models:
        if size not in SIZES_MEASURED:
            continue
        rounds, long_steps, short_steps = SIZES[size]
        train = make_train(long_steps)
        runs = {config: [] for config, _, _ in configs}
        for r in range(rounds + 1):
            order = configs if r % 2 == 0 else list(reversed(configs))
            for config, sampling, short in order:
                slug = slug_of(config)
                trace = os.path.join(OUT_DIR, "%s-%s-%s-%s.jsonl" % (FRAMEWORK, size, name.split(" ")[0].lower(), slug))
                run = recorded(trace, sampling, short_steps if short else long_steps, train)
                if r > 0:  # round 0 warms up
                    runs[config].append(run)
        out["models"].append({"name": name, "batch": batch, "size": size, "rounds": rounds, "trace": "%s-%s-%s" % (FRAMEWORK, size, name.split(" ")[0].lower()), "runs": runs})
    return out


# ------------------------------------------------------------------------------------------ PyTorch


def torch_models():
    import torch
    import torch.nn as nn

    torch.set_num_threads(1)
    torch.manual_seed(0)

    def mlp():
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))

    def cnn():
        return nn.Sequential(
            nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 5 * 5, 10)
        )

    def example_mlp():
        return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10))

    def example_cnn():
        # The layout of PyTorch's examples/mnist network (written here, not copied).
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10),
        )

    def adam(model):
        return torch.optim.Adam(model.parameters(), 1e-3)

    def adadelta(model):
        return torch.optim.Adadelta(model.parameters(), 1.0)

    def trainer(build, batch, shape, make_optimizer=adam):
        def make(steps_wanted):
            model = build()
            optimizer = make_optimizer(model)
            loss_fn = nn.CrossEntropyLoss()
            batches = [(torch.rand(batch, *shape), torch.randint(0, 10, (batch,))) for _ in range(steps_wanted + 1)]

            def step(x, y):
                optimizer.zero_grad()
                loss_fn(model(x), y).backward()
                optimizer.step()

            def train(steps):
                before = clocks()
                step(*batches[0])  # the probe describes the model here: once per run
                start = (*clocks(), probe_time())
                for x, y in batches[1 : steps + 1]:
                    step(x, y)
                return dict(timed_steps(start, (*clocks(), probe_time()), steps), setup=start[0] - before[0])

            return train

        return make

    return [
        ("MLP 784-128-10", 64, "small", trainer(mlp, 64, (784,))),
        ("CNN 28x28 conv8-conv16", 32, "small", trainer(cnn, 32, (1, 28, 28))),
        ("MLP 784-512-512-10", 128, "example", trainer(example_mlp, 128, (784,))),
        ("CNN examples/mnist conv32-conv64-fc128", 64, "example", trainer(example_cnn, 64, (1, 28, 28), adadelta)),
    ], torch.__version__


# ------------------------------------------------------------------------------------------- Keras


def keras_models():
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    import keras
    import numpy as np

    keras.utils.set_random_seed(0)

    class StepTimer(keras.callbacks.Callback):
        """First in fit's callbacks: from batch UNTIMED's start to the end of training (before the probe's
        own on_train_end, which writes run-end). The first UNTIMED steps are where the probe traces its two
        step functions, with and without the capture (at a model's first recorded fit: 2.5 s for mnist_convnet, which
        a training amortises over thousands of steps); their time is reported apart (setupMs)."""

        UNTIMED = 2

        def on_train_batch_begin(self, batch, logs=None):
            if batch == 0:
                self.first = clocks()
            if batch == self.UNTIMED:
                self.started = (*clocks(), probe_time())

        def on_train_end(self, logs=None):
            self.ended = (*clocks(), probe_time())

    def mlp():
        return keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])

    def cnn():
        return keras.Sequential(
            [
                keras.Input((28, 28, 1)),
                keras.layers.Conv2D(8, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )

    def example_mlp():
        # The layout of Keras's former mnist_mlp example.
        return keras.Sequential(
            [
                keras.Input((784,)),
                keras.layers.Dense(512, activation="relu"),
                keras.layers.Dropout(0.2),
                keras.layers.Dense(512, activation="relu"),
                keras.layers.Dropout(0.2),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )

    def example_cnn():
        # The layout of Keras's mnist_convnet example (written here, not copied).
        return keras.Sequential(
            [
                keras.Input((28, 28, 1)),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(2),
                keras.layers.Flatten(),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )

    def trainer(build, batch, shape, optimizer=lambda: keras.optimizers.Adam(1e-3)):
        def make(steps_wanted):
            model = build()
            model.compile(optimizer=optimizer(), loss="sparse_categorical_crossentropy")
            rng = np.random.default_rng(0)
            x = rng.random((batch * (steps_wanted + StepTimer.UNTIMED), *shape), dtype=np.float32)
            y = rng.integers(0, 10, batch * (steps_wanted + StepTimer.UNTIMED))

            def train(steps):
                timer = StepTimer()
                total = steps + StepTimer.UNTIMED
                model.fit(x[: batch * total], y[: batch * total], batch_size=batch, epochs=1, shuffle=False, verbose=0, callbacks=[timer])
                return dict(timed_steps(timer.started, timer.ended, steps), setup=timer.started[0] - timer.first[0])

            return train

        return make

    return [
        ("MLP 784-128-10", 64, "small", trainer(mlp, 64, (784,))),
        ("CNN 28x28 conv8-conv16", 32, "small", trainer(cnn, 32, (28, 28, 1))),
        ("MLP 784-512-512-10", 128, "example", trainer(example_mlp, 128, (784,), lambda: keras.optimizers.RMSprop())),
        ("CNN mnist_convnet conv32-conv64", 128, "example", trainer(example_cnn, 128, (28, 28, 1))),
    ], keras.__version__


if __name__ == "__main__":
    os.makedirs(OUT_DIR, exist_ok=True)
    models, version = torch_models() if FRAMEWORK == "torch" else keras_models()
    print(json.dumps(measure(models, version)))
