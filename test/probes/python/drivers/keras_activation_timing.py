"""Which weights the Keras probe's activations come from: the step's own (before its update), as the TF.js
and PyTorch probes record them during the forward pass.

Usage: python keras_activation_timing.py TRACE
Trains a small MLP one step at a time (SGD with a large step, so one update visibly moves the hidden
layer's outputs), sampling every step, and prints as JSON, per step: the mean of the hidden layer's output
the trace records, and the same computed by hand with the weights before and after that step.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import nncheck_probe  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
keras.utils.set_random_seed(3)
rng = np.random.default_rng(3)
x = rng.normal(size=(32, 6)).astype("float32")
y = rng.integers(0, 3, size=(32,))

model = keras.Sequential([keras.Input((6,)), layers.Dense(8, activation="tanh", name="hidden"), layers.Dense(3, activation="softmax")])
model.compile(optimizer=keras.optimizers.SGD(2.0), loss="sparse_categorical_crossentropy")
hidden = model.get_layer("hidden")


def hidden_mean(batch):
    kernel, bias = (w.numpy() for w in hidden.weights)
    return float(np.tanh(batch @ kernel + bias).mean())


expected = []


class Before(keras.callbacks.Callback):
    def on_train_batch_begin(self, batch, logs=None):
        expected.append({"before": hidden_mean(x[batch * 8 : (batch + 1) * 8])})

    def on_train_batch_end(self, batch, logs=None):
        expected[-1]["after"] = hidden_mean(x[batch * 8 : (batch + 1) * 8])


model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0, callbacks=[Before(), nncheck_probe.keras_callback(trace=sys.argv[1], sampling_interval=1)])
recorded = {}
with open(sys.argv[1]) as trace:
    for line in trace:
        record = json.loads(line)
        if record.get("type") != "tensors":
            continue
        for entry in record["tensors"]:
            if entry.get("role") == "activation" and entry.get("layer") == "hidden":
                recorded[record["step"]] = entry["stats"]["mean"]
print(json.dumps([{**e, "recorded": recorded.get(step)} for step, e in enumerate(expected)]))
