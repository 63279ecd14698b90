"""How the oracle changes Keras, TensorFlow, numpy and the standard library so programs build without training.

Installed once per worker process; every replacement reads the current program run (`RUN`) when called:

- Layers and models are recorded at construction and call (oracle_record.py).
- `fit`, `fit_generator`, `train_on_batch`, `evaluate`, `predict`... record the model and return at once (an
  unbuilt model is first built on two samples of its data, as the first training step would build it).
- Dataset loaders give stand-in arrays (oracle_datasets.py); files, saved models, the network, standard input and
  TF1 graph mode stop the program (`NotBuildable`); data read from files is an `Unknown`.
- `keras.applications` builders get `weights=None` (the architecture without a download).
- Keras 2 spellings that do not change the model are accepted: `fit_generator` and friends, an optimizer's
  `lr=` / `decay=`, a layer's `batch_input_shape=`.
- Variables of more than a million values start at zero instead of random (same shapes, much faster).
"""
import builtins
import inspect
import os
import socket
import subprocess
import sys
import time

import numpy as np
import tensorflow as tf
import keras
from keras.src.layers.layer import Layer
from keras.src.models.model import Model

from oracle_unknown import NotBuildable, Unknown, contains_unknown, passthrough_unknown


class Run:
    """The state of the program being run: its files, recorder, dataset stand-ins and notes."""

    def __init__(self, files, recorder, fakes):
        self.files = files
        self.recorder = recorder
        self.fakes = fakes
        self.loaders = fakes.loaders()
        self.notes = []
        self.compile_metrics = {}

    def note(self, message):
        if message not in self.notes:
            self.notes.append(message)


RUN = None


def set_run(run):
    global RUN
    RUN = run


def _from_program(depth=2):
    """Whether the function calling the patched one was called from the program's own code."""
    if RUN is None:
        return False
    frame = sys._getframe(depth)
    return frame is not None and RUN.files.owns(frame.f_code.co_filename)


def _replace_everywhere(replacements):
    """Rebinds every module attribute (keras, tensorflow public API modules) that is one of the originals."""
    by_id = {id(original): replacement for original, replacement in replacements}
    for name, module in list(sys.modules.items()):
        if module is None or not (name.startswith("keras") or name.startswith("tensorflow")):
            continue
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for attr, value in list(namespace.items()):
            replacement = by_id.get(id(value))
            if replacement is not None and replacement is not value:
                try:
                    setattr(module, attr, replacement)
                except Exception:
                    pass


# ----------------------------------------------------------------------------------------- recording


def _hook_layers():
    real_init = Layer.__init__
    real_call = Layer.__call__

    def __init__(self, *args, **kwargs):
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        real_init(self, *args, **kwargs)
        if batch_input_shape is not None:
            # Keras 2's fixed-batch input shape: Keras 3 spells it `InputLayer(batch_shape=...)` (see add below).
            object.__setattr__(self, "_oracle_batch_shape", tuple(batch_input_shape))
            if RUN is not None:
                RUN.note("Keras 2 batch_input_shape= read as an input layer's batch_shape=")
        if RUN is not None:
            RUN.recorder.layer_constructed(self, sys._getframe(1), isinstance(self, Model), kwargs.get("name") is not None)

    def __call__(self, *args, **kwargs):
        outputs = real_call(self, *args, **kwargs)
        if RUN is not None:
            RUN.recorder.layer_called(self, outputs)
        return outputs

    Layer.__init__ = __init__
    Layer.__call__ = __call__

    # Operations that are not layers (a TensorFlow or keras.ops function applied to a symbolic tensor) are
    # nodes of a functional graph too.
    from keras.src.ops.operation import Operation

    real_operation_init = Operation.__init__

    def operation_init(self, *args, **kwargs):
        real_operation_init(self, *args, **kwargs)
        if RUN is not None and not isinstance(self, Layer):
            RUN.recorder.layer_constructed(self, sys._getframe(1), False, False)

    Operation.__init__ = operation_init

    from keras.src.layers.core.input_layer import InputLayer
    from keras.src.models.sequential import Sequential

    real_add = Sequential.add

    def add(self, layer, rebuild=True):
        batch_shape = getattr(layer, "_oracle_batch_shape", None)
        if batch_shape is not None and not self._layers:
            real_add(self, InputLayer(batch_shape=batch_shape), rebuild=False)
        return real_add(self, layer, rebuild=rebuild)

    Sequential.add = add


def _zero_large_variables():
    """Initial values do not change shapes or weight counts; drawing hundreds of millions of random numbers
    for a huge Dense kernel takes a minute, so large variables start at zero."""
    from keras.src.backend.tensorflow.core import Variable

    real = Variable._initialize_with_initializer

    def _initialize_with_initializer(self, initializer):
        size = 1
        for dim in self._shape:
            size *= int(dim)
        if size > 1_000_000:
            self._initialize(lambda: tf.zeros(self._shape, dtype=self._dtype))
        else:
            real(self, initializer)

    Variable._initialize_with_initializer = _initialize_with_initializer


# ------------------------------------------------------------------------------------------ training


class _HistoryValues(dict):
    def __missing__(self, key):
        return [0.0]


class FakeHistory:
    """What `fit` returns: a History whose every metric is a list of zeros."""

    def __init__(self, model, epochs):
        self.model = model
        self.epoch = list(range(epochs if isinstance(epochs, int) else 1))
        self.history = _HistoryValues()
        self.params = {"epochs": len(self.epoch)}


def _first_batch(x):
    """Two samples of a model's input data, as its first training step would see them, or None."""
    if x is None or contains_unknown(x):
        return None
    if isinstance(x, (np.ndarray, tf.Tensor)):
        return x[:2]
    if isinstance(x, dict):
        return {k: _first_batch(v) for k, v in x.items()}
    if isinstance(x, list) and x and all(isinstance(v, (np.ndarray, tf.Tensor)) for v in x):
        return [v[:2] for v in x]
    batch = None
    if isinstance(x, tf.data.Dataset):
        batch = next(iter(x.take(1)))
    elif hasattr(x, "__getitem__") and hasattr(x, "__len__") and not isinstance(x, (list, tuple, str)):
        batch = x[0]
    elif hasattr(x, "__next__"):
        batch = next(x)
    if batch is None:
        return None
    features = batch[0] if isinstance(batch, tuple) else batch
    return _first_batch(features)


def _ensure_built(model, x):
    if model.built and getattr(model, "outputs", None) is not None:
        return
    if model.built and type(model).__name__ not in ("Sequential",):
        return
    try:
        sample = _first_batch(x)
        if sample is not None:
            model(sample, training=False)
    except NotBuildable:
        raise
    except Exception as error:  # the real first step would fail too; the shapes stay unknown
        RUN.note(f"building {model.name} on its data failed: {type(error).__name__}: {error}")


def _data_argument(args, kwargs, names):
    if args:
        return args[0]
    for name in names:
        if name in kwargs:
            return kwargs[name]
    return None


def _zero_scores(model, return_dict=False):
    count = RUN.compile_metrics.get(id(model), 0) if RUN else 0
    if return_dict:
        return {"loss": 0.0, **{f"metric_{i}": 0.0 for i in range(count)}}
    return 0.0 if count == 0 else [0.0] * (1 + count)


def _predictions(model, x):
    if contains_unknown(x):
        return Unknown("predictions on data read from a file")
    sample = _first_batch(x)
    if sample is None:
        return np.zeros((1, 1), dtype=np.float32)
    outputs = model(sample, training=False)
    try:
        count = len(x) if not isinstance(x, (dict, list)) else len(next(iter(x.values())) if isinstance(x, dict) else x[0])
    except Exception:
        count = 1
    if isinstance(outputs, (list, tuple)):
        return [np.zeros((count, *o.shape[1:]), dtype=np.float32) for o in outputs]
    return np.zeros((count, *outputs.shape[1:]), dtype=np.float32)


def _patch_training():
    real_compile = Model.compile
    compile_signature = inspect.signature(real_compile)
    signatures = {name: inspect.signature(getattr(Model, name)) for name in ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch")}

    def compile(self, *args, **kwargs):
        bound = compile_signature.bind(self, *args, **kwargs)
        result = real_compile(self, *args, **kwargs)
        if RUN is not None:
            metrics = bound.arguments.get("metrics") or []
            count = len(metrics) if isinstance(metrics, (list, tuple)) else 1
            RUN.compile_metrics[id(self)] = count
            RUN.recorder.compiled(self, bound.arguments.get("loss"), sys._getframe(1))
        return result

    def require_compiled(model, method):
        if not getattr(model, "compiled", True):
            raise RuntimeError(f"You must call `compile()` before `{method}()`.")

    def fit(self, *args, **kwargs):
        signatures["fit"].bind(self, *args, **kwargs)
        require_compiled(self, "fit")
        _ensure_built(self, _data_argument(args, kwargs, ("x",)))
        RUN.recorder.trained(self, "fit", sys._getframe(1))
        self.history = FakeHistory(self, kwargs.get("epochs", args[3] if len(args) > 3 else 1))
        return self.history

    def fit_generator(self, generator=None, steps_per_epoch=None, epochs=1, *args, **kwargs):
        require_compiled(self, "fit_generator")
        _ensure_built(self, generator)
        RUN.recorder.trained(self, "fit_generator", sys._getframe(1))
        RUN.note("Keras 2 fit_generator read as fit")
        self.history = FakeHistory(self, epochs)
        return self.history

    def train_on_batch(self, *args, **kwargs):
        signatures["train_on_batch"].bind(self, *args, **kwargs)
        require_compiled(self, "train_on_batch")
        _ensure_built(self, _data_argument(args, kwargs, ("x",)))
        RUN.recorder.trained(self, "train_on_batch", sys._getframe(1))
        return _zero_scores(self, kwargs.get("return_dict", False))

    def evaluate(self, *args, **kwargs):
        signatures["evaluate"].bind(self, *args, **kwargs)
        require_compiled(self, "evaluate")
        _ensure_built(self, _data_argument(args, kwargs, ("x",)))
        RUN.recorder.trained(self, "evaluate", sys._getframe(1))
        return _zero_scores(self, kwargs.get("return_dict", False))

    def test_on_batch(self, *args, **kwargs):
        signatures["test_on_batch"].bind(self, *args, **kwargs)
        _ensure_built(self, _data_argument(args, kwargs, ("x",)))
        RUN.recorder.trained(self, "test_on_batch", sys._getframe(1))
        return _zero_scores(self, kwargs.get("return_dict", False))

    def evaluate_generator(self, generator=None, *args, **kwargs):
        _ensure_built(self, generator)
        RUN.recorder.trained(self, "evaluate_generator", sys._getframe(1))
        return _zero_scores(self)

    def predict(self, *args, **kwargs):
        signatures["predict"].bind(self, *args, **kwargs)
        x = _data_argument(args, kwargs, ("x",))
        _ensure_built(self, x)
        RUN.recorder.trained(self, "predict", sys._getframe(1))
        return _predictions(self, x)

    def predict_on_batch(self, *args, **kwargs):
        signatures["predict_on_batch"].bind(self, *args, **kwargs)
        x = _data_argument(args, kwargs, ("x",))
        _ensure_built(self, x)
        RUN.recorder.trained(self, "predict_on_batch", sys._getframe(1))
        return _predictions(self, x)

    def predict_generator(self, generator=None, *args, **kwargs):
        _ensure_built(self, generator)
        RUN.recorder.trained(self, "predict_generator", sys._getframe(1))
        return _predictions(self, generator)

    def save(self, *args, **kwargs):
        return None

    def load_weights(self, *args, **kwargs):
        if RUN is not None:
            RUN.note("load_weights ignored (weights do not change the architecture)")
        return None

    for name, fn in {
        "compile": compile, "fit": fit, "fit_generator": fit_generator, "train_on_batch": train_on_batch,
        "evaluate": evaluate, "test_on_batch": test_on_batch, "evaluate_generator": evaluate_generator,
        "predict": predict, "predict_on_batch": predict_on_batch, "predict_generator": predict_generator,
        "save": save, "save_weights": save, "load_weights": load_weights,
    }.items():
        setattr(Model, name, fn)


# ------------------------------------------------------------------------------------------ datasets


def _patch_datasets():
    replacements = []
    for name in ("mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing", "california_housing"):
        module = sys.modules.get(f"keras.src.datasets.{name}")
        if module is None:
            continue
        for fn_name in ("load_data", "get_word_index"):
            original = getattr(module, fn_name, None)
            if original is None:
                continue

            def fake(*args, _name=name, _fn=fn_name, **kwargs):
                return RUN.loaders[_name][_fn](*args, **kwargs)

            replacements.append((original, fake))
            setattr(module, fn_name, fake)
    _replace_everywhere(replacements)


# ------------------------------------------------------------------- files, network, shell, stdin


def _stop(category, reason):
    raise NotBuildable(category, reason)


def _patch_environment():
    real_open = builtins.open

    def open_(file, mode="r", *args, **kwargs):
        if (
            RUN is not None
            and isinstance(file, (str, os.PathLike))
            and not any(flag in mode for flag in "wax+")
            and _from_program()
            and not os.path.exists(file)
        ):
            _stop("file", f"reads the file {os.fspath(file)!r}")
        return real_open(file, mode, *args, **kwargs)

    builtins.open = open_

    def input_(*_args, **_kwargs):
        _stop("stdin", "reads standard input")

    builtins.input = input_

    def no_network(*_args, **_kwargs):
        _stop("network", "opens a network connection")

    socket.socket.connect = no_network
    socket.create_connection = no_network
    socket.getaddrinfo = no_network

    def no_shell(*_args, **_kwargs):
        _stop("shell", "runs a shell command")

    os.system = no_shell
    for name in ("run", "call", "check_call", "check_output", "Popen"):
        real = getattr(subprocess, name)

        def guarded(*args, _real=real, **kwargs):
            if _from_program():
                no_shell()
            return _real(*args, **kwargs)

        setattr(subprocess, name, guarded)

    time.sleep = lambda *_args, **_kwargs: None

    for name in ("load", "loadtxt", "genfromtxt", "fromfile"):
        real = getattr(np, name)

        def read(file=None, *args, _real=real, _name=name, **kwargs):
            if _from_program():
                return Unknown(f"np.{_name}({os.fspath(file) if isinstance(file, (str, os.PathLike)) else '...'!r})")
            return _real(file, *args, **kwargs)

        setattr(np, name, read)


# --------------------------------------------------------------------------------- keras utilities


def _patch_keras_utilities():
    replacements = []

    def unknown_result(label, argument_names):
        def fake(*args, **kwargs):
            source = args[0] if args else next((kwargs[n] for n in argument_names if n in kwargs), "...")
            return Unknown(f"{label}({source!r})")

        return fake

    from keras.src.utils import file_utils, image_dataset_utils, text_dataset_utils

    replacements.append((file_utils.get_file, unknown_result("keras.utils.get_file", ("fname", "origin"))))
    replacements.append((image_dataset_utils.image_dataset_from_directory, unknown_result("image_dataset_from_directory", ("directory",))))
    replacements.append((text_dataset_utils.text_dataset_from_directory, unknown_result("text_dataset_from_directory", ("directory",))))
    try:
        from keras.src.utils import audio_dataset_utils

        replacements.append((audio_dataset_utils.audio_dataset_from_directory, unknown_result("audio_dataset_from_directory", ("directory",))))
    except Exception:
        pass

    from keras.src.utils import model_visualization

    replacements.append((model_visualization.plot_model, lambda *args, **kwargs: None))

    from keras.src.saving import saving_api

    def load_model(filepath=None, *args, **kwargs):
        _stop("saved-model", f"loads a saved model from {os.fspath(filepath) if isinstance(filepath, (str, os.PathLike)) else filepath!r}")

    replacements.append((saving_api.load_model, load_model))

    from keras.src.utils import numerical_utils, sequence_utils

    for fn in (numerical_utils.to_categorical, numerical_utils.normalize, sequence_utils.pad_sequences):
        replacements.append((fn, passthrough_unknown(fn)))
    try:
        from keras.src.legacy.preprocessing import sequence as legacy_sequence

        if hasattr(legacy_sequence, "pad_sequences"):
            replacements.append((legacy_sequence.pad_sequences, passthrough_unknown(legacy_sequence.pad_sequences)))
    except Exception:
        pass
    _replace_everywhere(replacements)

    try:
        from keras.src.legacy.preprocessing.image import ImageDataGenerator

        ImageDataGenerator.flow_from_directory = lambda self, directory=None, *a, **k: Unknown(f"flow_from_directory({directory!r})")
        ImageDataGenerator.flow_from_dataframe = lambda self, dataframe=None, *a, **k: Unknown("flow_from_dataframe(...)")
        real_flow = ImageDataGenerator.flow
        ImageDataGenerator.flow = passthrough_unknown(real_flow)
        real_fit = ImageDataGenerator.fit
        ImageDataGenerator.fit = passthrough_unknown(real_fit)
    except Exception:
        pass

    for owner, name in ((tf.data.Dataset, "from_tensor_slices"), (tf.data.Dataset, "from_tensors")):
        setattr(owner, name, staticmethod(passthrough_unknown(getattr(owner, name))))
    for name in ("convert_to_tensor", "constant", "cast", "one_hot", "reshape", "expand_dims", "squeeze", "stack", "concat"):
        setattr(tf, name, passthrough_unknown(getattr(tf, name)))

    from keras.src.layers.preprocessing.normalization import Normalization

    real_adapt = Normalization.adapt

    def adapt(self, data, *args, **kwargs):
        if contains_unknown(data):
            # The statistics do not change the layer's shapes or weight count; only its values.
            RUN.note("Normalization.adapt on data read from a file skipped")
            return None
        return real_adapt(self, data, *args, **kwargs)

    Normalization.adapt = adapt


# ------------------------------------------------------------------------------------- applications


def _patch_applications():
    replacements = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("keras.src.applications.") or module is None:
            continue
        for attr, fn in list(vars(module).items()):
            if not inspect.isfunction(fn) or attr.startswith("_") or fn.__module__ != name:
                continue
            try:
                signature = inspect.signature(fn)
            except (TypeError, ValueError):
                continue
            if "weights" not in signature.parameters or "include_top" not in signature.parameters:
                continue

            def builder(*args, _fn=fn, _signature=signature, **kwargs):
                bound = _signature.bind(*args, **kwargs)
                weights = bound.arguments.get("weights", _signature.parameters["weights"].default)
                if weights is not None and RUN is not None:
                    RUN.note(f"{_fn.__name__}(weights={weights!r}) built with weights=None")
                bound.arguments["weights"] = None
                model = _fn(*bound.args, **bound.kwargs)
                if RUN is not None and isinstance(model, Model):
                    RUN.recorder.adopt(model, sys._getframe(1))
                return model

            builder.__name__ = fn.__name__
            replacements.append((fn, builder))
    _replace_everywhere(replacements)


# ------------------------------------------------------------------------------------- TF1, Keras 2


def _patch_tf1_and_keras2():
    def graph_mode(*_args, **_kwargs):
        _stop("tf1-graph", "switches to TF1 graph mode")

    def session(*_args, **_kwargs):
        _stop("tf1-graph", "creates a TF1 session")

    v1 = tf.compat.v1
    replacements = [(getattr(v1, name), graph_mode) for name in ("disable_eager_execution", "disable_v2_behavior", "disable_v2_tensorshape", "disable_control_flow_v2", "disable_resource_variables", "disable_tensor_equality")]
    replacements += [(v1.Session, session), (v1.InteractiveSession, session)]
    _replace_everywhere(replacements)

    from keras.src.optimizers.base_optimizer import BaseOptimizer

    real_init = BaseOptimizer.__init__

    def __init__(self, learning_rate, *args, **kwargs):
        if "lr" in kwargs:
            learning_rate = kwargs.pop("lr")
            if RUN is not None:
                RUN.note("Keras 2 optimizer argument lr= read as learning_rate=")
        if "decay" in kwargs:
            kwargs.pop("decay")
            if RUN is not None:
                RUN.note("Keras 2 optimizer argument decay= ignored")
        real_init(self, learning_rate, *args, **kwargs)

    BaseOptimizer.__init__ = __init__


def install():
    """Loads the modules programs reach through `tf.keras`, then installs every replacement."""
    import keras._tf_keras.keras  # noqa: F401  (tf.keras: its public modules re-export the same functions)
    import keras.src.applications  # noqa: F401
    import pkgutil
    import importlib

    for info in pkgutil.iter_modules(keras.src.applications.__path__):
        try:
            importlib.import_module(f"keras.src.applications.{info.name}")
        except Exception:
            pass
    for api_root in ("keras.applications", "keras._tf_keras.keras.applications", "keras.datasets", "keras._tf_keras.keras.datasets"):
        try:
            package = importlib.import_module(api_root)
            for info in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{api_root}.{info.name}")
        except Exception:
            pass
    _hook_layers()
    _zero_large_variables()
    _patch_training()
    _patch_datasets()
    _patch_environment()
    _patch_keras_utilities()
    _patch_applications()
    _patch_tf1_and_keras2()
