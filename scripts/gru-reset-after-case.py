"""Writes test/fixtures/simulate/gru-reset-after.json: Keras's GRU with reset_after=True (its default), alone and
inside Bidirectional, on fixed weights and inputs, so the simulation's TF.js twin of that layer is held to
Keras's numbers. Run with an interpreter that has TensorFlow (Keras 3): `npm run gru-case` (.venv).
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(7)
batch, steps, features, units = 2, 4, 3, 5
x = rng.normal(size=(batch, steps, features)).astype("float32")


def weights_for(layer):
    return [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in layer.get_weights()]


cases = []
for name, make in [
    ("gru", lambda: keras.layers.GRU(units, return_sequences=True)),
    ("gru-last", lambda: keras.layers.GRU(units, activation="relu")),
    ("bidirectional", lambda: keras.layers.Bidirectional(keras.layers.GRU(units, return_sequences=True))),
]:
    layer = make()
    layer.build((None, steps, features))
    weights = weights_for(layer)
    layer.set_weights(weights)
    output = np.asarray(layer(x))
    cases.append({
        "name": name,
        "weights": [{"shape": list(w.shape), "values": [float(v) for v in w.reshape(-1)]} for w in weights],
        "output": {"shape": list(output.shape), "values": [float(v) for v in output.reshape(-1)]},
    })

out = {
    "keras": keras.__version__,
    "input": {"shape": list(x.shape), "values": [float(v) for v in x.reshape(-1)]},
    "units": units,
    "cases": cases,
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "simulate", "gru-reset-after.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
