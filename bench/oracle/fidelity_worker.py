#!/usr/bin/env python3
"""The fidelity worker: builds a program's real Keras 3 model with the oracle (build_models.run_once, which runs
the program without training), then trains it on the simulation's synthetic data from the twin's initial
weights, and reports its parameter counts and loss curve for comparison with the TF.js twin.

Protocol: one JSON request per line on standard input, `{"program", "root", "timeout", "job"}` where `job` is
the path of a JSON file written by bench/fidelity.js: `{"modelLine", "weights": [{"layer", "weights": [{"role",
"shape", "values"}]}],
"inputs": [{"shape", "values"}], "targets": [...], "batchSize", "steps", "findings"?: {"epochs", "sampling", "trace"}}`.
With `findings`, the model then trains again from the twin's weights with a fresh optimizer, by the real
`fit` over the same batches, recorded to `trace` by the Python probe (its `keras_callback`). One JSON result per line out;
the first line is `{"ready": true, ...}`. Run by `node bench/fidelity.js`; see bench/README.md.
"""
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# The Python probe, for the findings runs.
sys.path.append(os.path.join(HERE, os.pardir, os.pardir, "python"))

import build_models  # noqa: E402  (imports TensorFlow and Keras, and sets up the oracle)
import numpy as np  # noqa: E402
import oracle_record  # noqa: E402

#: The real training step: the oracle's patches make `train_on_batch` record the model and return at once.
REAL_TRAIN_ON_BATCH = build_models.keras.Model.train_on_batch
REAL_FIT = build_models.keras.Model.fit
REAL_COMPILE = build_models.keras.Model.compile

#: The job of the current request; the recorder hook reads it while the program's models are still alive.
CURRENT = {"job": None, "result": None}


def array(spec, dtype="float32"):
    return np.asarray(spec["values"], dtype=dtype).reshape(spec["shape"])


def loss_name(model):
    loss = getattr(model, "loss", None)
    name = loss if isinstance(loss, str) else getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__
    return str(name)


def weighted_layers(model):
    """The layers that own weights, in model order, nested models flattened (the twin builds them inline)."""
    found = []
    for layer in model.layers:
        if hasattr(layer, "layers") and layer.weights:
            found.extend(weighted_layers(layer))
        elif layer.weights:
            found.append(layer)
    return found


def role(variable):
    """A weight's role in its layer: `kernel`, `bias`, `recurrent_kernel`, `gamma`, `moving_mean`..."""
    name = getattr(variable, "path", None) or variable.name
    return name.split("/")[-1].split(":")[0]


def copy_weights(model, twin_layers):
    """Copies the twin's weights into the model layer by layer and by role; returns why not, or None."""
    layers = weighted_layers(model)
    if len(layers) != len(twin_layers):
        return "%d layers with weights in Keras, %d in the twin" % (len(layers), len(twin_layers))
    assignments = []
    for layer, twin in zip(layers, twin_layers):
        # A role may repeat (Bidirectional: each direction's kernel): taken in order, forward first on both sides.
        by_role = {}
        for w in twin["weights"]:
            by_role.setdefault(w["role"], []).append(w)
        for variable in layer.weights:
            queue = by_role.get(role(variable))
            source = queue.pop(0) if queue else None
            if source is None:
                return "Keras layer %s has weight %s, twin layer %s has %s" % (layer.name, role(variable), twin["layer"], sorted(w["role"] for w in twin["weights"]))
            if list(variable.shape) != list(source["shape"]):
                return "weight %s of layer %s is %s in Keras, %s in the twin" % (role(variable), layer.name, list(variable.shape), source["shape"])
            assignments.append((variable, array(source)))
        left = sorted(r for r, queue in by_role.items() if queue)
        if left:
            return "twin layer %s has weights %s that Keras layer %s lacks" % (twin["layer"], left, layer.name)
    for variable, value in assignments:
        variable.assign(value)
    return None


def fidelity(model, job):
    """Trains `model` (as the program compiled it) from the twin's weights on the twin's data, batch by batch."""
    out = {"model": model.name, "params": int(model.count_params()), "loss": loss_name(model)}
    out["layers"] = [{"name": layer.name, "class": type(layer).__name__, "params": int(layer.count_params())} for layer in model.layers if type(layer).__name__ != "InputLayer"]
    problem = copy_weights(model, job["weights"])
    if problem is not None:
        out["weights"] = "not transferable: " + problem
        return out
    out["weights"] = "copied"
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        out["training"] = "the program's model is not compiled here"
        return out
    inputs = [array(x) for x in job["inputs"]]
    targets = [array(y) for y in job["targets"]]
    if "sparse" in out["loss"].lower():
        # The twin trains sparse losses on one-hot labels; the program's loss reads class indices.
        targets = [np.argmax(y, axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else y for y in targets]
    batch, steps = job["batchSize"], job["steps"]
    samples = inputs[0].shape[0]
    losses = []
    for step in range(steps):
        start = (step * batch) % samples
        end = min(samples, start + batch)
        xs = [x[start:end] for x in inputs]
        ys = [y[start:end] for y in targets]
        value = REAL_TRAIN_ON_BATCH(model, xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], return_dict=True)
        losses.append(float(value["loss"]))
    out["losses"] = losses
    if job.get("findings"):
        try:
            recorded_fit(model, job, inputs, targets)
        except BaseException as error:  # noqa: BLE001
            out["findingsError"] = "%s: %s" % (type(error).__name__, " ".join(str(error).split())[:300])
    return out


def recorded_fit(model, job, inputs, targets):
    """From the twin's weights again and a fresh optimizer of the same configuration: the real `fit` over
    the same batches, in order, recorded by the Python probe."""
    import nncheck_probe

    problem = copy_weights(model, job["weights"])
    if problem is not None:
        raise ValueError("weights not transferable: " + problem)
    optimizer = model.optimizer
    REAL_COMPILE(model, optimizer=type(optimizer).from_config(optimizer.get_config()), loss=model.loss)
    findings = job["findings"]
    # The probe patches Keras classes (layer construction, losses, the optimizer step) for good; the
    # oracle reads the lines where the next programs build their models through the same frames: the
    # classes are restored after the fit, and the probe set up again for the next one.
    keras = build_models.keras
    from nncheck_probe._keras import _optimizer_base

    base, method = _optimizer_base(keras)
    saved = [(keras.layers.Layer, "__init__"), (keras.losses.Loss, "__call__"), (base, method)]
    saved = [(owner, name, owner.__dict__[name]) for owner, name in saved]
    try:
        callback = nncheck_probe.keras_callback(trace=findings["trace"], sampling_interval=findings["sampling"])
        REAL_FIT(
            model,
            inputs if len(inputs) > 1 else inputs[0],
            targets if len(targets) > 1 else targets[0],
            batch_size=job["batchSize"],
            epochs=findings["epochs"],
            shuffle=False,
            verbose=0,
            callbacks=[callback],
        )
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
        nncheck_probe._INTEGRATIONS.clear()


_results = oracle_record.Recorder.results


def results_with_fidelity(self, finished, namespace):
    snaps = _results(self, finished, namespace)
    job = CURRENT["job"]
    if job is not None and CURRENT["result"] is None:
        candidates = [m for m in self.models if (self.sites.get(id(m), (None, None, None))[1] or oracle_record.Site("", -1, 0)).line == job["modelLine"]]
        if not candidates:
            CURRENT["result"] = {"error": "the program built no model at line %d" % job["modelLine"]}
        else:
            try:
                CURRENT["result"] = fidelity(candidates[-1], job)
            except BaseException as error:  # noqa: BLE001
                CURRENT["result"] = {"error": "%s: %s" % (type(error).__name__, " ".join(str(error).split())[:300])}
    return snaps


def main():
    oracle_record.Recorder.results = results_with_fidelity
    protocol_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    protocol_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, 1)
    build_models.warnings.simplefilter("ignore")
    build_models.patches.install()
    sys.path.insert(0, os.path.join(HERE, "shims"))
    protocol_out.write(json.dumps({"ready": True, "tensorflow": build_models.tf.__version__, "keras": build_models.keras.__version__}) + "\n")
    protocol_out.flush()
    for line in protocol_in:
        if not line.strip():
            continue
        request = json.loads(line)
        with open(request["job"], encoding="utf-8") as handle:
            CURRENT["job"] = json.load(handle)
        CURRENT["result"] = None
        try:
            built = build_models.run_once(request["program"], request["root"], "small", float(request.get("timeout", 60)))
            result = {"status": built["status"], "reason": built.get("reason"), "fidelity": CURRENT["result"]}
        except BaseException as error:  # noqa: BLE001
            result = {"status": "error", "reason": traceback.format_exc(limit=2)[-400:], "fidelity": CURRENT["result"]}
        CURRENT["job"] = None
        protocol_out.write(json.dumps(result) + "\n")
        protocol_out.flush()


if __name__ == "__main__":
    main()
