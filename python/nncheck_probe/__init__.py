"""nncheck's probe for Python training: Keras 3 / tf.keras `fit`, TensorFlow custom loops and PyTorch.

It records what a training does as telemetry (nncheck's schema v1: docs/telemetry.md) and decides
nothing: the checks run in nncheck itself, which reads the records live (`nncheck watch -- python
train.py`, the probe preloaded through a sitecustomize) or from a trace (`nncheck check-trace run.jsonl`).
It needs nothing but the framework the program already uses.

    from nncheck_probe import keras_callback
    model.fit(x, y, callbacks=[keras_callback(trace="run.jsonl")])

    import nncheck_probe
    with nncheck_probe.record("run.jsonl"):   # any framework, the training code unchanged
        train()

    from nncheck_probe import preflight       # the pre-training checks (D101-D113) on a model and a sample
    preflight(model, x, y, sink="preflight.jsonl")  # then: nncheck check-trace preflight.jsonl
"""

from ._imports import on_import
from ._records import FileSink, ListSink
from ._runtime import RUNTIME, TrainingStopped

__all__ = ["keras_callback", "record", "instrument", "preflight", "TrainingStopped"]

_INTEGRATIONS = {}


def _instrument_torch(torch):
    if "torch" in _INTEGRATIONS:
        return
    from ._torch import TorchIntegration

    integration = TorchIntegration(torch)
    integration.install()
    _INTEGRATIONS["torch"] = integration


def _instrument_keras(keras):
    if "keras:" + keras.__name__ in _INTEGRATIONS:
        return
    from ._keras import KerasIntegration

    integration = KerasIntegration(keras)
    integration.install()
    _INTEGRATIONS["keras:" + keras.__name__] = integration


def _instrument_tensorflow(tf):
    if "tensorflow" in _INTEGRATIONS:
        return
    from ._tf_loops import TensorFlowIntegration

    integration = TensorFlowIntegration(tf)
    integration.install()
    _INTEGRATIONS["tensorflow"] = integration


def instrument():
    """Instruments the frameworks the program imports, now or later (only once each)."""
    on_import({"torch": _instrument_torch, "keras": _instrument_keras, "tf_keras": _instrument_keras, "tensorflow": _instrument_tensorflow})


def start_from_environment():
    """The preload's entry (sitecustomize): connects to `nncheck watch` and instruments lazily."""
    if RUNTIME.configure_from_env():
        RUNTIME.end_hooks.append(_end_integrations)
        instrument()


def _end_integrations(status, reason):
    for integration in list(_INTEGRATIONS.values()):
        end = getattr(integration, "end_run", None)
        if end is not None:
            end(status, reason)


class record:
    """Records every training in the block (or until `close()`) to a trace file: `with record("run.jsonl"):`.

    sampling_interval: tensor statistics every N optimizer steps (the loss every step). Default: every 10
    steps for the first 4 samples, then as often as a 2 % share of the training's time allows.
    """

    def __init__(self, trace, sampling_interval=None):
        self._sink = FileSink(trace) if isinstance(trace, str) else trace
        self._previous_sampling = RUNTIME.sampling_interval
        if sampling_interval is not None:
            RUNTIME.sampling_interval = int(sampling_interval)
        RUNTIME.reset()
        RUNTIME.add_sink(self._sink)
        if _end_integrations not in RUNTIME.end_hooks:
            RUNTIME.end_hooks.append(_end_integrations)
        instrument()

    def __enter__(self):
        return self

    def __exit__(self, kind, error, _tb):
        if isinstance(error, KeyboardInterrupt):
            self.close("stopped", "interrupted (SIGINT)")
        elif isinstance(error, TrainingStopped):
            self.close("stopped", str(error))
        elif error is not None:
            self.close("crashed", "%s: %s" % (kind.__name__, error))
        else:
            self.close()
        return False

    def close(self, status="completed", reason=None):
        """Ends the open runs and closes the trace."""
        RUNTIME.end_open_runs(status, reason)
        RUNTIME.remove_sink(self._sink)
        RUNTIME.sampling_interval = self._previous_sampling

    @property
    def records(self):
        """The records, when recording to a ListSink."""
        return getattr(self._sink, "records", None)


def memory_sink():
    """A sink that keeps the records in memory (`record(memory_sink())`)."""
    return ListSink()


def preflight(model, x, y, loss=None, task=None, budget=None, sink=None):
    """TheDeepChecker's pre-training checks (D101-D113) on a Keras or PyTorch model and a data sample: one
    `preflight` record per procedure to `sink` (a trace path; by default the `nncheck watch` connection),
    the records returned; nncheck decides. The model is copied: its weights, optimizer and the random state
    are left as they were. PyTorch needs `loss` (an nn.*Loss module or a callable); Keras uses the compiled
    loss. See _preflight.preflight."""
    from ._preflight import preflight as run

    return run(model, x, y, loss=loss, task=task, budget=budget, sink=sink)


def keras_callback(trace=None, sampling_interval=None):
    """A Keras callback recording `fit` to `trace` (a file, truncated) or, under `nncheck watch`, to it."""
    import sys

    keras = sys.modules.get("keras") or sys.modules.get("tf_keras")
    if keras is None:
        import keras  # noqa: F811 - the program's own Keras
    from ._keras import KerasIntegration

    integration = _INTEGRATIONS.get("keras:" + keras.__name__)
    if integration is None:
        integration = KerasIntegration(keras)
        integration.install(patch_fit=False)
        _INTEGRATIONS["keras:" + keras.__name__] = integration
    sink = FileSink(trace) if isinstance(trace, str) else trace
    return integration.callback(sink=sink, sampling_interval=sampling_interval, explicit=True)
