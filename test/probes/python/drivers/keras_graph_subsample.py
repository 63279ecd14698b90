"""The Keras probe takes each layer output's statistics subsample inside the sampled training function (the
host copies a few thousand values, not the whole output): its statistics must be those of the whole output.

Usage: python keras_graph_subsample.py TRACE
Trains a small CNN two steps, sampling every step (its Flatten and Dropout layers pass their inputs
through: the probe does not record their outputs); before each step computes by hand every layer's output
(inference mode, the weights before the step) and its statistics on the host (numpy, the whole tensor
planned and subsampled there); prints as JSON, per step and layer, the recorded and the expected statistics.
One layer overflows to infinity on finite inputs: its count of non-finite values is taken in the graph too.
Then an MLP whose last batch is partial (Keras retraces the step for it, with neither batch size nor rank
known): prints, per sampled step, each activation's recorded shape and count.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import nncheck_probe  # noqa: E402
from nncheck_probe import _stats  # noqa: E402
from nncheck_probe._records import encode_value  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
keras.utils.set_random_seed(5)
rng = np.random.default_rng(5)
x = rng.uniform(size=(32, 12, 12, 1)).astype("float32")
y = rng.integers(0, 3, size=(32,))

model = keras.Sequential(
    [
        keras.Input((12, 12, 1)),
        layers.Conv2D(6, 3, activation="relu", name="conv"),  # 16 × 10 × 10 × 6 = 9,600 values: rows strided
        layers.Flatten(name="flatten"),  # passes its input through: not recorded
        layers.Activation("relu", name="flat"),  # 600 units: 6 of the 16 rows kept
        layers.Dense(5, kernel_initializer=keras.initializers.Constant(1e37), name="overflow"),
        layers.Activation("tanh", name="tanh"),  # infinities become ±1: the loss and the gradients stay finite
        layers.Dropout(0.1, name="dropout"),  # not recorded either
        layers.Dense(3, activation="softmax", name="out"),
    ]
)
model.compile(optimizer=keras.optimizers.SGD(0.0), loss="sparse_categorical_crossentropy")
names = ["conv", "flat", "overflow"]
view = keras.Model(model.inputs, [model.get_layer(n).output for n in names])
expected = []


class Before(keras.callbacks.Callback):
    def on_train_batch_begin(self, batch, logs=None):
        outputs = view(x[batch * 16 : (batch + 1) * 16], training=False)
        step = {}
        for name, output in zip(names, outputs):
            values = np.asarray(output)
            per_unit = name != "overflow"
            step[name] = _stats.compute_stats(values, list(values.shape), ops=_stats.ops_for("numpy"), per_unit=per_unit, units_as="packed")
        expected.append(step)


with np.errstate(over="ignore"):
    model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0, callbacks=[Before(), nncheck_probe.keras_callback(trace=sys.argv[1], sampling_interval=1)])
recorded = {}
with open(sys.argv[1]) as trace:
    for line in trace:
        record = json.loads(line)
        if record.get("type") != "tensors":
            continue
        for entry in record["tensors"]:
            if entry.get("role") == "activation":
                recorded.setdefault(record["step"], {})[entry["layer"]] = {"shape": entry["shape"], "stats": entry["stats"]}


steps = [{"expected": e, "recorded": recorded.get(step, {})} for step, e in enumerate(expected)]

mlp = keras.Sequential([keras.Input((13,)), layers.Dense(16, activation="relu", name="h1"), layers.Dense(16, activation="relu", name="h2"), layers.Dense(1, name="y")])
mlp.compile(optimizer="rmsprop", loss="mse")
partial_trace = sys.argv[1] + ".partial"
mlp.fit(
    rng.normal(size=(20, 13)).astype("float32"),
    rng.normal(size=(20,)).astype("float32"),
    batch_size=8,
    epochs=2,
    shuffle=False,
    verbose=0,
    callbacks=[nncheck_probe.keras_callback(trace=partial_trace, sampling_interval=1)],
)
partial = []
with open(partial_trace) as trace:
    for line in trace:
        record = json.loads(line)
        if record.get("type") == "tensors":
            partial.append([[e["layer"], e["shape"], e["stats"]["count"]] for e in record["tensors"] if e["role"] == "activation"])
        elif record.get("type") == "error":
            partial.append(record)
print(json.dumps(encode_value({"steps": steps, "partial": partial})))
