"""The Keras probe reduces each sampled step's gradients and updated weights inside the sampled training
function (the host copies a few thousand values of each, not the tensor): what it records must be what the
host computes from the whole tensors.

Usage: python keras_graph_parameters.py TRACE
Trains a small CNN two steps, sampling every step. Before each step a tape computes the step's gradients by
hand (the loss fit minimises, regularisation included); after it the weights are read whole. Prints as JSON,
per step and tensor (role:name), the recorded statistics and those the host computes from the whole tensors
(numpy), with each step's recorded gradient norms and the norms computed by hand. The dense kernel (600 × 40)
is subsampled by strided rows; 10 of its units are dead (their gradient columns all zero); the output layer
has an L2 penalty, so its gradient is read whole and split.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import nncheck_probe  # noqa: E402
from nncheck_probe import _keras, _stats  # noqa: E402
from nncheck_probe._records import encode_value  # noqa: E402
from nncheck_probe._keras import _variable_name  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)
x = rng.uniform(size=(32, 12, 12, 1)).astype("float32")
y = rng.integers(0, 3, size=(32,))

L2 = 0.01
model = keras.Sequential(
    [
        keras.Input((12, 12, 1)),
        layers.Conv2D(6, 3, activation="relu", name="conv"),
        layers.Flatten(name="flat"),
        layers.Dense(40, activation="relu", name="wide"),
        layers.Dense(3, activation="softmax", name="out", kernel_regularizer=keras.regularizers.L2(L2)),
    ]
)
bias = np.zeros(40, dtype="float32")
bias[:10] = -100.0  # dead units: their kernel columns get no gradient
model.get_layer("wide").bias.assign(bias)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
loss_fn = keras.losses.SparseCategoricalCrossentropy()
numpy_ops = _stats.ops_for("numpy")
expected = []


def stats(values, name):
    values = np.asarray(values)
    out = _stats.compute_stats(values, list(values.shape), ops=numpy_ops)
    if name.endswith("kernel"):
        out["perUnit"] = {"zeroFraction": [float(v) for v in numpy_ops.unit_zero_fraction(values, list(values.shape), -1)]}
    return out


class ByHand(keras.callbacks.Callback):
    def on_train_batch_begin(self, batch, logs=None):
        xb, yb = x[batch * 16 : (batch + 1) * 16], y[batch * 16 : (batch + 1) * 16]
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True)) + tf.add_n(model.losses)
        variables = model.trainable_variables
        gradients = tape.gradient(loss, variables)
        step = {"gradient:" + _variable_name(v): stats(g.numpy(), _variable_name(v)) for v, g in zip(variables, gradients)}
        penalised = model.get_layer("out").kernel
        data = regularization = 0.0
        for v, g in zip(variables, gradients):
            g = g.numpy().astype("float64")
            if v is penalised:
                reg = 2 * L2 * v.numpy().astype("float64")
                regularization += float((reg**2).sum())
                g = g - reg
            data += float((g**2).sum())
        step["norms"] = {"data": data**0.5, "regularization": regularization**0.5}
        expected.append(step)

    def on_train_batch_end(self, batch, logs=None):
        for v in model.trainable_variables:
            name = _variable_name(v)
            expected[-1][("weights:" if name.endswith("kernel") else "bias:") + name] = stats(v.numpy(), "")


# What the sampled function hands the host: the number of values of each holder's first read.
read_sizes = {}
# How many values each sampled call returned beside its logs (not written into holders and read back).
returned_counts = []
fetch_sampled = _keras._Capture.fetch_sampled


def fetch_and_count(capture, *args):
    returned_counts.append(len(args[0] or {}) if args else 0)
    fetch_sampled(capture, *args)
    for key, value in capture.fetched.items():
        read_sizes.setdefault(key, int(np.size(value)))


_keras._Capture.fetch_sampled = fetch_and_count
model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0, callbacks=[ByHand(), nncheck_probe.keras_callback(trace=sys.argv[1], sampling_interval=1)])
capture = nncheck_probe._INTEGRATIONS["keras:keras"].captures[model]
held = {
    role + ":" + _variable_name(variable): read_sizes.get(id(holders[0]))
    for role, store in (("gradient", capture.gradients), ("value", capture.weights))
    for holders, variable in store.values()
}
recorded = {}
with open(sys.argv[1]) as trace:
    for line in trace:
        record = json.loads(line)
        if record.get("type") == "tensors":
            for entry in record["tensors"]:
                if entry["role"] in ("gradient", "weights", "bias"):
                    recorded.setdefault(record["step"], {})[entry["role"] + ":" + entry["name"]] = entry["stats"]
        elif record.get("type") == "step" and "gradientNorms" in record:
            recorded.setdefault(record["step"], {})["norms"] = record["gradientNorms"]


print(json.dumps(encode_value({"steps": [{"expected": e, "recorded": recorded.get(step, {})} for step, e in enumerate(expected)], "held": held, "returned": returned_counts})))
