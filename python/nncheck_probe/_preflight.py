"""The preflight procedures (TheDeepChecker's pre-training checks, D101–D113) for Keras and PyTorch.

The same procedures and the same `preflight` records as the TF.js probe (src/probes/tfjs/preflight.ts;
docs/telemetry.md): data statistics of a sample, per-layer kernel and bias statistics at initialisation,
the initial loss, the loss of the sample repeated ×1/×2/×4/×8, training on one stratified batch, training
on real vs zeroed inputs (held-out losses), and the gradient of sample 0's output with respect to the other
samples' inputs. The probe measures; nncheck's D1 checks decide.

The procedures work on a copy of the model (Keras: clone_model with the weights set; PyTorch: deepcopy),
train it with fresh Adam optimizers, and put the copy's initial weights back before each procedure: the
user's weights, optimizer and (PyTorch, NumPy) random state are never touched. The framework parts live in
_preflight_keras.py and _preflight_torch.py; this module holds what they share and runs the procedures.

A procedure that fails is written `skipped` ("failed: ...") and the next one runs; a preflight that cannot
start writes every procedure skipped and warns: the training itself always goes on.
"""

import json
import math
import os
import sys
import time
from contextlib import contextmanager

from . import _stats
from ._probe import PROBE_VERSION, now_iso
from ._records import FileSink, ListSink
from ._runtime import RUNTIME, warn

PREFLIGHT_ENV = "NNCHECK_WATCH_PREFLIGHT"

# src/probes/preflight-budget.ts's DEFAULT_PREFLIGHT_BUDGET (the TypeScript side passes only overrides).
DEFAULT_BUDGET = {
    "sampleSize": 512,
    "lossScalingSamples": 32,
    "overfitIterations": 1000,
    "overfitBatch": 16,
    "learningRate": 0.001,
    "dependencyIterations": 200,
    "dependencyBatch": 32,
    "sampleDependencyBatch": 32,
    "gradientCheck": False,
    "gradientCheckSamples": 3,
    "gradientCheckFraction": 0.1,
    "gradientCheckMaxDims": 50,
    "gradientCheckDelta": 1e-3,
    "maxTimeMs": 60000,
}

PROCEDURES = ["data", "init", "initial-loss", "loss-scaling", "overfit-batch", "data-dependency", "sample-dependency"]

_requested = {"done": False}


def budget_of(given=None):
    """The defaults overridden by the known settings of `given` (a dict, or JSON text)."""
    if isinstance(given, str):
        given = json.loads(given) if given.strip() else {}
    budget = dict(DEFAULT_BUDGET)
    for key, value in (given or {}).items():
        if key in budget and isinstance(value, (int, float, bool)):
            budget[key] = bool(value) if isinstance(DEFAULT_BUDGET[key], bool) else value
    return budget


def requested_once():
    """True the first time it is asked under `nncheck watch --preflight` (the env var holds the budget)."""
    if _requested["done"] or PREFLIGHT_ENV not in os.environ or not RUNTIME.connected or RUNTIME.failed:
        return False
    _requested["done"] = True
    return True


def watch_budget():
    try:
        return budget_of(os.environ.get(PREFLIGHT_ENV, ""))
    except ValueError:
        return budget_of(None)


@contextmanager
def detached_sinks():
    """The runtime's sinks set aside while the procedures run: every probe hook (optimizer steps,
    backward, module and layer hooks) then passes straight through, so the copy's training is not
    recorded as the user's. Yields the sinks the records go to."""
    sinks = RUNTIME.sinks
    RUNTIME.sinks = []
    try:
        yield sinks
    finally:
        RUNTIME.sinks = sinks + [s for s in RUNTIME.sinks if s not in sinks]


def sinks_for(sink):
    """(sinks, owned): the sink given (a path is a trace file, truncated), else the watch connection."""
    if isinstance(sink, str):
        return [FileSink(sink)], True
    if sink is not None:
        return [sink], False
    return list(RUNTIME.sinks), False




def describe(error):
    """An error's type and the first line of its message; for an error raised in a traced function, the
    user code's own message, which TensorFlow puts last (after "in user code:" and a traceback)."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    name = type(error).__name__
    if not lines:
        return name
    text = lines[-1] if lines[0] == "in user code:" else lines[0]
    if text.startswith(name + ": "):
        text = text[len(name) + 2 :]
    return "%s: %s" % (name, text)


# ------------------------------------------------------------------------------------------- the runner


class Emitter:
    def __init__(self, sinks):
        self.sinks = sinks
        self.records = []
        self.procedure_started = time.monotonic()

    def __call__(self, record):
        record.setdefault("timeMs", (time.monotonic() - self.procedure_started) * 1000.0)
        self.records.append(record)
        for sink in self.sinks:
            try:
                sink.write(record)
                flush = getattr(sink, "flush", None)
                if flush is not None:
                    flush()
            except Exception as error:  # noqa: BLE001 - a sink failing loses records, never the training
                warn("the preflight could not write a record: %s" % describe(error))


def skipped_all(emit, reason, procedures=None):
    for procedure in procedures or PROCEDURES:
        emit({"type": "preflight", "v": 1, "procedure": procedure, "skipped": reason})


def model_record(framework, backend, summary, task, budget):
    given = {"kind": task} if isinstance(task, str) else (dict(task) if task else None)
    if given:
        resolved = {"kind": given["kind"]}
        classes = given.get("classes")
        if classes is None and given["kind"] == "classification":
            classes = classes_from_output(summary.get("layers", []))
        if classes is not None:
            resolved["classes"] = int(classes)
        summary = dict(summary, task=resolved)
    return {
        "type": "preflight",
        "v": 1,
        "procedure": "model",
        "framework": framework,
        "backend": backend,
        "time": now_iso(),
        "model": summary,
        "budget": {k: (1 if v is True else 0 if v is False else v) for k, v in budget.items()},
        "producer": {"name": "nncheck-python", "version": PROBE_VERSION},
    }


def classes_from_output(layers):
    width = layers[-1].get("outputShape", [None])[-1] if layers and layers[-1].get("outputShape") else None
    if not isinstance(width, int):
        return None
    return 2 if width == 1 else width


def output_threshold(summary):
    """A one-unit output scores class 1 above 0.5 when it is a probability, above 0 when it is a logit."""
    expects = summary.get("lossExpects")
    if expects == "logits":
        return 0.0
    if expects == "probabilities":
        return 0.5
    layers = summary.get("layers", [])
    activation = layers[-1].get("activation") if layers else None
    return 0.5 if activation in ("sigmoid", "softmax") else 0.0


def run_procedures(adapter, xs, y, budget, emit, task=None):
    """The procedures on `adapter` (a framework part) with the sample's inputs `xs` (NumPy arrays) and
    targets `y` (NumPy, or None when unknown). Returns nothing: records go to `emit`."""
    import numpy as np

    started = time.monotonic()
    record = model_record(adapter.framework, adapter.backend, adapter.summary, task, budget)
    emit(record)
    summary = record["model"]
    total = min([len(x) for x in xs] + ([len(y)] if y is not None else []))
    n = min(total, int(budget["sampleSize"]))
    picked = np.array(spread(total, n), dtype=np.int64)
    batch_statistics = any(layer.get("kind") == "batchNormalization" for layer in summary.get("layers", []))
    c = Context(adapter, budget, emit, started, [x[picked] for x in xs], y[picked] if y is not None else None, n, summary.get("task"), output_threshold(summary), batch_statistics)
    procedures = [
        ("data", data_statistics),
        ("init", init_statistics),
        ("initial-loss", initial_loss),
        ("loss-scaling", loss_scaling),
        ("overfit-batch", overfit_batch),
        ("data-dependency", data_dependency),
        ("sample-dependency", sample_dependency),
    ]
    if budget.get("gradientCheck"):
        procedures.append(("gradient-check", gradient_check))
    if n == 0:
        skipped_all(emit, "the data sample is empty", [p for p, _ in procedures])
        return
    for procedure, body in procedures:
        t0 = time.monotonic()
        emit.procedure_started = t0
        # A procedure cannot be cut once started: those that would start past the time cap are skipped (as
        # the TF.js preflight does), so the preflight overruns by one procedure at most.
        if procedure != "data" and t0 > started + budget["maxTimeMs"] / 1000.0:
            emit({"type": "preflight", "v": 1, "procedure": procedure, "skipped": "the preflight's time cap (maxTimeMs %d) was spent before it" % budget["maxTimeMs"], "timeMs": 0.0})
            continue
        try:
            body(c)
        except Exception as error:  # noqa: BLE001 - one procedure failing leaves the others to run
            emit({"type": "preflight", "v": 1, "procedure": procedure, "skipped": "failed: %s" % describe(error), "timeMs": (time.monotonic() - t0) * 1000.0})
        finally:
            adapter.reset()


class Context:
    def __init__(self, adapter, budget, emit, started, xs, y, n, task, threshold, batch_statistics=False):
        import numpy as np

        self.adapter = adapter
        self.budget = budget
        self.emit = emit
        self.started = started
        self.xs = xs
        self.y = y
        self.n = n
        self.task = task
        self.threshold = threshold
        # A layer normalises with its batch's statistics in training (batch normalisation).
        self.batch_statistics = batch_statistics
        # The targets the procedures that train fit: a regression's standardised with the sample's mean and
        # std per column (the output layer would otherwise spend the budget reaching their scale; D104 says it).
        self.train_y = y
        if y is not None and task and task.get("kind") == "regression":
            values = y.astype(np.float64)
            self.train_y = ((values - values.mean(axis=0)) / np.maximum(values.std(axis=0), 1e-12)).astype(y.dtype if y.dtype.kind == "f" else np.float32)

    def deadline(self, share):
        return self.started + self.budget["maxTimeMs"] / 1000.0 * share

    def skip(self, procedure, reason):
        self.emit({"type": "preflight", "v": 1, "procedure": procedure, "skipped": reason})


# ------------------------------------------------------------------------------------------ data, init


def column_stats(values, name, channels_first=False):
    """FeatureStats of one input: per index of the last axis (channels-last; `channels_first` inputs are
    moved so), or one global entry for a 1-D input. Means and stds from _stats' per-unit reduction."""
    import numpy as np

    array = np.asarray(values)
    if channels_first and array.ndim >= 3:
        array = np.moveaxis(array, 1, -1)
    shape = [int(d) for d in array.shape[1:]]
    units = int(array.shape[-1]) if array.ndim >= 2 else 1
    flat = array.astype(np.float64).reshape(-1, units)
    ops = _stats.ops_for("numpy")
    means, stds, _ = ops.per_unit(flat.reshape(-1), units)
    mins = flat.min(axis=0) if flat.size else np.zeros(units)
    maxs = flat.max(axis=0) if flat.size else np.zeros(units)
    columns = [{"min": float(mins[i]), "max": float(maxs[i]), "mean": float(means[i]), "std": float(stds[i])} for i in range(units)]
    return {"name": name, "shape": shape, "scope": "column" if array.ndim >= 2 else "global", "columns": columns}


def target_classes(y, classes):
    """Each target row's class: one-hot rows by argmax, one column by value (above 0.5 is class 1)."""
    import numpy as np

    y = np.asarray(y)
    if y.ndim >= 2 and y.shape[-1] > 1:
        return y.argmax(axis=-1).reshape(-1).astype(np.int64)
    flat = y.reshape(-1).astype(np.float64)
    return (flat > 0.5).astype(np.int64) if classes == 2 else np.rint(flat).astype(np.int64)


def predicted_classes(output, threshold):
    import numpy as np

    output = np.asarray(output)
    if output.ndim >= 2 and output.shape[-1] > 1:
        return output.argmax(axis=-1).reshape(-1)
    return (output.reshape(-1) > threshold).astype(np.int64)


def data_statistics(c):
    names = c.adapter.input_names(len(c.xs))
    inputs = [column_stats(x, names[i], c.adapter.channels_first(x)) for i, x in enumerate(c.xs)]
    # The layers reading each input, where the adapter knows them: an embedding's ids are not features (D102).
    for stats, kinds in zip(inputs, c.adapter.input_feeds(len(c.xs))):
        if kinds:
            stats["feeds"] = kinds
    record = {"type": "preflight", "v": 1, "procedure": "data", "samples": c.n, "inputs": inputs}
    task = c.task or {}
    classes = task.get("classes") if task.get("kind") == "classification" else None
    if c.y is not None and classes is not None and classes >= 2:
        counts = [0] * classes
        for k in target_classes(c.y, classes):
            if 0 <= k < classes:
                counts[int(k)] += 1
        record["targets"] = {"classCounts": counts}
    elif c.y is not None and task.get("kind") == "regression":
        record["targets"] = {"values": column_stats(c.y.reshape(c.n, -1), "target")}
    c.emit(record)


def kernel_stats(name, shape, fan_in, fan_out, values):
    """A kernel's entry of the init record: the mean and the unbiased variance of its entries."""
    ops = _stats.ops_for("numpy")
    count, stats = ops.scalar_stats(ops.host64(ops.flat(values)))
    mean = stats["sum"] / count if count else 0.0
    variance = max(0.0, (stats["sumSq"] - count * mean * mean) / (count - 1)) if count > 1 else 0.0
    return {"name": name, "shape": [int(d) for d in shape], "fanIn": int(fan_in), "fanOut": int(fan_out), "count": int(count), "mean": float(mean), "variance": float(variance)}


def bias_stats(name, values):
    import numpy as np

    flat = np.asarray(values, dtype=np.float64).reshape(-1)
    count = int(flat.size)
    entry = {"name": name, "count": count, "mean": float(flat.mean()) if count else 0.0, "meanAbs": float(np.abs(flat).mean()) if count else 0.0}
    if count <= 1024:
        entry["values"] = [float(v) for v in flat]
    return entry


def init_statistics(c):
    c.emit({"type": "preflight", "v": 1, "procedure": "init", "layers": c.adapter.init_layers()})


# ---------------------------------------------------------------------------------------------- losses


def initial_loss(c):
    if not c.adapter.has_loss:
        return c.skip("initial-loss", c.adapter.no_loss_reason)
    # The loss the first training step sees: with batch normalisation, the training-mode loss (moving
    # statistics at their initial 0 and 1 leave a deep model un-normalised; the copy is reset after).
    loss = c.adapter.loss(c.adapter.batch(c.xs, c.y), training=c.batch_statistics and c.n >= 2)
    c.emit({"type": "preflight", "v": 1, "procedure": "initial-loss", "samples": c.n, "loss": loss})


def loss_scaling(c):
    import numpy as np

    if not c.adapter.has_loss:
        return c.skip("loss-scaling", c.adapter.no_loss_reason)
    m = min(c.n, int(c.budget["lossScalingSamples"]))
    losses = []
    for repeat in (1, 2, 4, 8):
        tile = lambda a: np.concatenate([a[:m]] * repeat, axis=0)  # noqa: E731
        losses.append({"repeat": repeat, "loss": c.adapter.loss(c.adapter.batch([tile(x) for x in c.xs], tile(c.y)), training=False)})
    c.emit({"type": "preflight", "v": 1, "procedure": "loss-scaling", "samples": m, "losses": losses})


# ------------------------------------------------------------------------------------ training on copies


def stratified_batch(c, size):
    """Indices of a batch with the classes taken in turn (stratified), or the first samples."""
    task = c.task or {}
    classes = task.get("classes") if task.get("kind") == "classification" else None
    limit = min(size, c.n)
    if classes is None or classes < 2:
        return list(range(limit))
    by_class = {}
    for i, k in enumerate(target_classes(c.y, classes)):
        by_class.setdefault(int(k), []).append(i)
    queues = list(by_class.values())
    batch = []
    round_ = 0
    while len(batch) < limit:
        for queue in queues:
            if round_ < len(queue) and len(batch) < size:
                batch.append(queue[round_])
        round_ += 1
    return sorted(batch)


def strided(values, limit):
    if len(values) <= limit:
        return values
    step = len(values) / limit
    return [values[int(i * step)] for i in range(limit)]


def _finite(x):
    return isinstance(x, float) and math.isfinite(x)


def overfit_batch(c):
    import numpy as np

    if not c.adapter.has_loss:
        return c.skip("overfit-batch", c.adapter.no_loss_reason)
    if not c.task:
        return c.skip("overfit-batch", "the task is unknown (give task='classification' or 'regression')")
    indices = np.array(stratified_batch(c, int(c.budget["overfitBatch"])), dtype=np.int64)
    xs = [x[indices] for x in c.xs]
    y = c.train_y[indices]
    batch = c.adapter.batch(xs, y)
    step = c.adapter.trainer(c.budget["learningRate"])
    until = c.deadline(0.5)
    losses = []
    stopped_by = "iterations"
    for _ in range(int(c.budget["overfitIterations"])):
        loss = step(batch)
        losses.append(loss)
        if not _finite(loss):
            stopped_by = "non-finite"
            break
        if time.monotonic() > until:
            stopped_by = "time"
            break
    output = c.adapter.predict(batch)
    if c.task["kind"] == "classification":
        classes = c.task.get("classes") or 2
        truth = target_classes(y, classes)
        predicted = predicted_classes(output, c.threshold)
        error = float(np.mean(truth != predicted)) if len(truth) else 0.0
        kind = "classification"
    else:
        # The fraction of the targets' variance left unexplained (1 − R²).
        target = y.reshape(output.shape).astype(np.float64)
        residual = float(np.mean((output - target) ** 2))
        variance = float(np.mean((target - target.mean(axis=0)) ** 2))
        error = residual / variance if variance > 0 else residual
        kind = "regression"
    c.emit({"type": "preflight", "v": 1, "procedure": "overfit-batch", "samples": int(len(indices)), "iterations": len(losses), "planned": int(c.budget["overfitIterations"]), "stoppedBy": stopped_by, "losses": strided(losses, 1000), "error": error, "errorKind": kind})


def data_dependency(c):
    """Two trainings from the same weights on the same batches, with the real inputs and with zeros. Each
    iteration records the loss on held-out samples (never trained on): a training loss can be driven down
    by memorising labels that do not follow from the inputs, a held-out loss cannot."""
    import numpy as np

    if not c.adapter.has_loss:
        return c.skip("data-dependency", c.adapter.no_loss_reason)
    size_budget = int(c.budget["dependencyBatch"])
    held_out = max(1, min(size_budget, c.n // 4))
    train_count = c.n - held_out
    if train_count < 1:
        return c.skip("data-dependency", "the sample is too small to hold samples out")
    size = min(size_budget, train_count)
    batches = max(1, train_count // size)
    until = c.deadline(0.9)
    state = {"stoppedBy": "iterations"}

    def run(xs):
        c.adapter.reset()
        step = c.adapter.trainer(c.budget["learningRate"])
        held = c.adapter.batch([x[train_count : train_count + held_out] for x in xs], c.train_y[train_count : train_count + held_out])
        parts = [c.adapter.batch([x[k * size : (k + 1) * size] for x in xs], c.train_y[k * size : (k + 1) * size]) for k in range(batches)]
        losses = []
        for i in range(int(c.budget["dependencyIterations"])):
            train_loss = step(parts[i % batches])
            loss = c.adapter.loss(held, training=False)
            losses.append(loss)
            if not _finite(train_loss) or not _finite(loss):
                state["stoppedBy"] = "non-finite"
                break
            if time.monotonic() > until:
                state["stoppedBy"] = "time"
                break
        return losses

    real = run(c.xs)
    zeroed = run([np.zeros_like(x) for x in c.xs]) if state["stoppedBy"] == "iterations" else []
    c.emit({"type": "preflight", "v": 1, "procedure": "data-dependency", "iterations": len(real), "stoppedBy": state["stoppedBy"], "heldOut": held_out, "real": real[-100:], "zeroed": zeroed[-100:]})


# ------------------------------------------------------------------------------------ sample dependency


def sample_dependency(c):
    import numpy as np

    m = min(c.n, int(c.budget["sampleDependencyBatch"]))
    if m < 2:
        return c.skip("sample-dependency", "the sample has fewer than 2 samples")
    xs = [x[:m] for x in c.xs]
    record = {"type": "preflight", "v": 1, "procedure": "sample-dependency", "samples": m}
    # Gradients need float inputs: token ids (an embedding's input) cannot be differentiated.
    if all(x.dtype.kind == "f" for x in xs):
        grads = c.adapter.output_input_gradients(xs)
        if grads is not None:
            self_, others = 0.0, 0.0
            for g in grads:
                a = np.abs(np.asarray(g, dtype=np.float64))
                self_ = max(self_, float(a[:1].max()) if a[:1].size else 0.0)
                others = max(others, float(a[1:m].max()) if a[1:m].size else 0.0)
            record["output"] = {"self": self_, "others": others}
    if c.adapter.has_loss and c.y is not None:
        # Sample 0 kept; every other sample's output moved halfway to the next one's (a mix of valid outputs
        # stays valid; a permutation would not do: a sum over the batch does not see it).
        order = [0] + [((i + 1) % (m - 1)) + 1 for i in range(m - 1)]
        before, after = c.adapter.loss_output_gradients(xs, c.y[:m], order)
        before = np.asarray(before, dtype=np.float64)[:1]
        after = np.asarray(after, dtype=np.float64)[:1]
        record["loss"] = {"self": float(np.abs(before).max()), "change": float(np.abs(before - after).max())}
    c.emit(record)


# ---------------------------------------------------------------------------------------- gradient check


def gradient_check(c):
    if not c.adapter.has_loss:
        return c.skip("gradient-check", c.adapter.no_loss_reason)
    samples = min(c.n, int(c.budget["gradientCheckSamples"]))
    delta = float(c.budget["gradientCheckDelta"])
    parameters = []
    with c.adapter.precise():
        _check_gradients(c, c.adapter.batch([x[:samples] for x in c.xs], c.y[:samples]), delta, parameters)
    c.emit({"type": "preflight", "v": 1, "procedure": "gradient-check", "samples": samples, "delta": delta, "parameters": parameters})


def _check_gradients(c, batch, delta, parameters):
    for layer, name, analytic, entry in c.adapter.parameter_gradients(batch):
        size = len(analytic)
        dims = min(int(c.budget["gradientCheckMaxDims"]), max(1, int(math.ceil(size * c.budget["gradientCheckFraction"]))))
        stride = size / dims
        diff = norm_a = norm_n = 0.0
        for k in range(dims):
            i = int(k * stride)
            original = entry.get(i)
            entry.set(i, original + delta)
            up = c.adapter.loss(batch, training=False)
            entry.set(i, original - delta)
            down = c.adapter.loss(batch, training=False)
            entry.set(i, original)
            numeric = (up - down) / (2 * delta)
            diff += (float(analytic[i]) - numeric) ** 2
            norm_a += float(analytic[i]) ** 2
            norm_n += numeric**2
        denominator = math.sqrt(norm_a) + math.sqrt(norm_n)
        parameters.append({"layer": layer, "name": name, "dims": dims, "relativeError": math.sqrt(diff) / denominator if denominator > 0 else 0.0})


# ------------------------------------------------------------------------------------------- entry points


def run_guarded(framework, build, budget, sinks, task=None, owned=False):
    """Builds the framework part (`build()` → (adapter, xs, y) or a reason string), runs the procedures with
    the probe's hooks passing through, and never raises: a failure is written as skipped records."""
    emit = Emitter(sinks)
    states = _random_states()
    try:
        with detached_sinks():
            try:
                built = build()
            except Exception as error:  # noqa: BLE001
                built = "the preflight could not start: %s" % describe(error)
            if isinstance(built, str):
                warn("preflight skipped: %s" % built)
                skipped_all(emit, built)
            else:
                adapter, xs, y = built
                try:
                    run_procedures(adapter, xs, y, budget, emit, task)
                finally:
                    adapter.close()
    except Exception as error:  # noqa: BLE001 - the preflight never breaks the training
        warn("the %s preflight failed and was left unfinished; training goes on: %s" % (framework, describe(error)))
    finally:
        _restore_random_states(states)
        if owned:
            for sink in sinks:
                try:
                    sink.close()
                except Exception:  # noqa: BLE001
                    pass
    return emit.records


def _random_states():
    """Python's, NumPy's and PyTorch's (CPU) global random states: cloning a Keras model draws seeds from
    Python's, dropout and a dataset's random transforms from PyTorch's and NumPy's."""
    import random

    numpy = sys.modules.get("numpy")
    torch = sys.modules.get("torch")
    return (
        random.getstate(),
        numpy.random.get_state() if numpy is not None else None,
        torch.get_rng_state() if torch is not None and hasattr(torch, "get_rng_state") else None,
    )


def _restore_random_states(states):
    import random

    random.setstate(states[0])
    if states[1] is not None:
        sys.modules["numpy"].random.set_state(states[1])
    if states[2] is not None:
        sys.modules["torch"].set_rng_state(states[2])


def spread(total, n):
    """n indices spread evenly over range(total): the first samples of a time series (or of data sorted by
    class) are not representative of it."""
    return [(i * total) // max(n, 1) for i in range(n)]


def preflight(model, x, y, loss=None, task=None, budget=None, sink=None):
    """TheDeepChecker's pre-training procedures on a Keras or PyTorch model and a data sample.

    Writes one `preflight` record per procedure to `sink` (a trace path, truncated; a sink object; by
    default the `nncheck watch` connection when there is one) and returns the records; nncheck decides
    (`nncheck check-trace trace.jsonl`, or live under `nncheck watch`). The model is copied: its weights,
    its optimizer and the random state are left as they were.

    loss: Keras — the compiled loss when absent; PyTorch — required (a callable `loss(output, target)` or
    an nn.*Loss module). task: "classification" · "regression" · {"kind", "classes"}; default: what the
    loss says. budget: overrides of DEFAULT_BUDGET (iterations, sample sizes, maxTimeMs).
    """
    sinks, owned = sinks_for(sink)
    if sink is None and not sinks:
        sinks = [ListSink()]
    resolved = budget_of(budget)
    if _is_torch_module(model):
        from . import _preflight_torch

        return run_guarded("PyTorch", lambda: _preflight_torch.from_arguments(model, x, y, loss, resolved), resolved, sinks, task, owned)
    from . import _preflight_keras

    return run_guarded("Keras", lambda: _preflight_keras.from_arguments(model, x, y, loss, resolved), resolved, sinks, task, owned)


def _is_torch_module(model):
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(model, torch.nn.Module)
