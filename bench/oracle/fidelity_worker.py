#!/usr/bin/env python3
"""The fidelity worker: builds a program's real Keras 3 model with the oracle (build_models.run_once, which runs
the program without training), then trains it on the simulation's synthetic data from the twin's initial
weights, and reports its parameter counts and loss curve for comparison with the TF.js twin.

Protocol: one JSON request per line on standard input, `{"program", "root", "timeout", "job"}` where `job` is
the path of a JSON file written by bench/fidelity.js: `{"modelLine", "weights": [{"shape", "values"}],
"inputs": [{"shape", "values"}], "targets": [...], "batchSize", "steps"}`. One JSON result per line out;
the first line is `{"ready": true, ...}`. Run by `node bench/fidelity.js`; see bench/README.md.
"""
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import build_models  # noqa: E402  (imports TensorFlow and Keras, and sets up the oracle)
import numpy as np  # noqa: E402
import oracle_record  # noqa: E402

#: The real training step: the oracle's patches make `train_on_batch` record the model and return at once.
REAL_TRAIN_ON_BATCH = build_models.keras.Model.train_on_batch

#: The job of the current request; the recorder hook reads it while the program's models are still alive.
CURRENT = {"job": None, "result": None}


def array(spec, dtype="float32"):
    return np.asarray(spec["values"], dtype=dtype).reshape(spec["shape"])


def loss_name(model):
    loss = getattr(model, "loss", None)
    name = loss if isinstance(loss, str) else getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__
    return str(name)


def fidelity(model, job):
    """Trains `model` (as the program compiled it) from the twin's weights on the twin's data, batch by batch."""
    out = {"model": model.name, "params": int(model.count_params()), "loss": loss_name(model)}
    out["layers"] = [{"name": layer.name, "class": type(layer).__name__, "params": int(layer.count_params())} for layer in model.layers if type(layer).__name__ != "InputLayer"]
    weights = model.get_weights()
    twin = [array(w) for w in job["weights"]]
    if [list(w.shape) for w in weights] != [list(w.shape) for w in twin]:
        real_shapes, twin_shapes = [list(w.shape) for w in weights], [list(w.shape) for w in twin]
        first = next((i for i, (a, b) in enumerate(zip(real_shapes, twin_shapes)) if a != b), min(len(real_shapes), len(twin_shapes)))
        out["weights"] = "not transferable: the weight lists differ (%d real, %d twin; weight %d is %s in Keras, %s in the twin)" % (
            len(weights), len(twin), first, real_shapes[first] if first < len(real_shapes) else "-", twin_shapes[first] if first < len(twin_shapes) else "-")
        return out
    model.set_weights(twin)
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
    return out


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
