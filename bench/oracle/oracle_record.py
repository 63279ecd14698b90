"""What the oracle records of the Keras models a program builds: layers, shapes, parameters, activations, loss.

Every Keras layer (models are layers) is seen at construction through a hook on `Layer.__init__`, which
notes where in the program it was made; the first output shape of each layer call is noted by a hook on
`Layer.__call__`. A model is "the program's" when the program constructed it itself (not Keras inside
`Sequential.add`). Its snapshot is taken when it first trains (`fit`), else at the end of the program.
"""
import sys

import numpy as np
from keras.src.layers.layer import Layer
from keras.src.models.model import Model


class ProgramFiles:
    """Which source files belong to the program under test (its temporary copy)."""

    def __init__(self, root):
        self.root = root.rstrip("/") + "/"

    def owns(self, filename):
        return filename.startswith(self.root)

    def relative(self, filename):
        return filename[len(self.root):]


_positions_cache = {}


def _position(frame):
    """1-based (line, column) of the expression the frame is executing (the start of a multi-line call)."""
    code = frame.f_code
    positions = _positions_cache.get(code)
    if positions is None:
        positions = list(code.co_positions())
        _positions_cache[code] = positions
    index = frame.f_lasti // 2
    if 0 <= index < len(positions):
        line, _end_line, column, _end_column = positions[index]
        if line is not None:
            return line, (column or 0) + 1
    return frame.f_lineno, 0


class Site:
    """Where the program made an object: its file (relative to the program's folder), line and column."""

    __slots__ = ("file", "line", "column")

    def __init__(self, file, line, column):
        self.file, self.line, self.column = file, line, column

    def to_json(self):
        return {"file": self.file, "line": self.line, "column": self.column}


class Recorder:
    """The objects one program run made, in construction order."""

    def __init__(self, files):
        self.files = files
        self.sequence = 0
        self.sites = {}  # id(layer) -> (sequence, Site or None, direct)
        self.explicit_names = set()  # id(layer) of layers given a `name=`
        self.adopted = set()  # id(model) of models a library builder made for the program (keras.applications)
        self.keep = []  # strong references, so ids stay unique during the run
        self.models = []  # models the program constructed, in order
        self.call_shapes = {}  # id(layer) -> output shapes of its first call
        self.call_counts = {}  # id(layer) -> number of calls (a shared layer is called more than once)
        self.snapshots = {}  # id(model) -> snapshot
        self.losses = {}  # id(model) -> loss description of the last compile
        self.variables = {}  # id(model) -> variable names seen at fit/compile

    # ------------------------------------------------------------------------------------------ sites

    def site_of(self, obj, frame):
        """The first program frame outside `obj`'s own constructors, and whether the program called the
        constructor itself (no library frame in between: `Sequential.add` building a model inside Keras
        is not the program making one)."""
        direct = True
        while frame is not None:
            code = frame.f_code
            if code.co_name in ("__init__", "__new__") and frame.f_locals.get("self") is obj:
                frame = frame.f_back
                continue
            if self.files.owns(code.co_filename):
                line, column = _position(frame)
                return Site(self.files.relative(code.co_filename), line, column), direct
            direct = False
            frame = frame.f_back
        return None, False

    def layer_constructed(self, layer, frame, is_model, explicit_name):
        if id(layer) in self.sites:
            return
        site, direct = self.site_of(layer, frame)
        self.sequence += 1
        self.sites[id(layer)] = (self.sequence, site, direct)
        if explicit_name and direct:  # a name the program wrote, not one a library builder chose
            self.explicit_names.add(id(layer))
        self.keep.append(layer)
        if is_model and site is not None and direct:
            self.models.append(layer)

    def adopt(self, model, frame):
        """A model a library builder (keras.applications) made at the program's request: the program's model,
        made where the builder was called, and one opaque unit wherever it is nested."""
        site, _direct = self.site_of(model, frame)
        if site is None:
            return
        sequence = self.sites.get(id(model), (self.sequence + 1,))[0]
        self.sites[id(model)] = (sequence, site, True)
        self.adopted.add(id(model))
        if not any(m is model for m in self.models):
            self.models.append(model)

    def layer_called(self, layer, outputs):
        key = id(layer)
        self.call_counts[key] = self.call_counts.get(key, 0) + 1
        if key not in self.call_shapes:
            self.call_shapes[key] = tensor_shapes(outputs)

    # ---------------------------------------------------------------------------------------- learner

    def compiled(self, model, loss, frame):
        self.losses[id(model)] = describe_loss(loss, self.files)
        self._note_variable(model, frame)

    def trained(self, model, method, frame):
        self._note_variable(model, frame)
        if id(model) not in self.snapshots and self._is_program_model(model):
            self.snapshots[id(model)] = self.snapshot(model, when=method)

    def _is_program_model(self, model):
        return any(m is model for m in self.models)

    def _note_variable(self, model, frame):
        names = self.variables.setdefault(id(model), [])
        if frame is None:
            return
        for scope in (frame.f_locals, frame.f_globals):
            for name, value in list(scope.items()):
                if value is model and name not in names and not name.startswith("_"):
                    names.append(name)

    # --------------------------------------------------------------------------------------- snapshot

    def layers_of(self, model):
        """A model's layers, with the models nested in it replaced by their own layers (as nncheck inlines
        them), except the opaque ones a library builder made; a nested model's input layers are dropped.
        A functional model's operations that are not layers come last."""
        layers = []
        for layer in model_layers(model):
            if isinstance(layer, Model) and id(layer) not in self.adopted and layer is not model:
                layers.extend(inner for inner in self.layers_of(layer) if type(inner).__name__ != "InputLayer")
            else:
                layers.append(layer)
        layers += [op for op in getattr(model, "operations", []) if not isinstance(op, Layer)] if model_style(model) == "functional" else []
        return layers

    def output_layers(self, model):
        """The layers that produce a model's outputs (inside a nested model, its own output layers), or None."""
        if model_style(model) == "sequential":
            layers = [layer for layer in self.layers_of(model) if isinstance(layer, Layer) and type(layer).__name__ != "InputLayer"]
            return layers[-1:] if layers else None
        if model_style(model) != "functional":
            return None
        found = []
        for tensor in model.outputs:
            history = getattr(tensor, "_keras_history", None)
            producer = history.operation if history is not None else None
            if producer is None:
                return None
            if isinstance(producer, Model) and id(producer) not in self.adopted and producer is not model:
                inner = self.output_layers(producer)
                if inner is None:
                    return None
                found.extend(inner)
            else:
                found.append(producer)
        return found

    def snapshot(self, model, when):
        if id(model) in self.adopted:
            units = [layer for layer in model_layers(model) if type(layer).__name__ == "InputLayer"] + [model]
        else:
            units = self.layers_of(model)
        layers = [self.describe_layer(layer) for layer in units]
        outputs = self.output_layers(model) if id(model) not in self.adopted else [model]
        sequence, site, _direct = self.sites.get(id(model), (None, None, False))
        snap = {
            "class": type(model).__name__,
            "name": model.name,
            "style": model_style(model),
            "site": site.to_json() if site else None,
            "sequence": sequence,
            "when": when,
            "built": bool(model.built),
            "inputs": input_shapes(model),
            "layers": layers,
            "outputs": [layer.name for layer in outputs] if outputs is not None else None,
            "loss": self.losses.get(id(model)),
            "params": safe_count(model),
        }
        return snap

    def describe_layer(self, layer):
        sequence, site, _direct = self.sites.get(id(layer), (None, None, False))
        described = {
            "name": layer.name,
            "explicitName": id(layer) in self.explicit_names,
            "class": type(layer).__name__,
            "site": site.to_json() if site else None,
            "sequence": sequence,
            "input": type(layer).__name__ == "InputLayer",
            "operation": not isinstance(layer, Layer),
            "outputShapes": self.output_shapes(layer),
            "params": safe_count(layer) if isinstance(layer, Layer) else None,
            "activation": activation_name(getattr(layer, "activation", None)),
            "calls": self.call_counts.get(id(layer), 0),
        }
        wrapped = getattr(layer, "forward_layer", None) or getattr(layer, "layer", None)
        if wrapped is not None and hasattr(wrapped, "name") and type(layer).__name__ in ("Bidirectional", "TimeDistributed"):
            described["wrapped"] = {"class": type(wrapped).__name__, "activation": activation_name(getattr(wrapped, "activation", None))}
        if type(layer).__name__ == "InputLayer":
            described["outputShapes"] = [list(layer.batch_shape)[1:]] if getattr(layer, "batch_shape", None) is not None else described["outputShapes"]
        return described

    def output_shapes(self, layer):
        if isinstance(layer, Model) and getattr(layer, "outputs", None):
            return tensor_shapes(layer.outputs)
        try:
            nodes = getattr(layer, "_inbound_nodes", [])
            if nodes:
                return tensor_shapes(nodes[0].output_tensors)
        except Exception:
            pass
        return self.call_shapes.get(id(layer))

    # ------------------------------------------------------------------------------------------ result

    def results(self, finished, namespace):
        """Snapshots of the program's models: all of them when the program finished; when it stopped early,
        those that trained before it stopped, and those complete by construction (functional models)."""
        out = []
        for model in self.models:
            snap = self.snapshots.get(id(model))
            if snap is None and (finished or model_style(model) == "functional"):
                snap = self.snapshot(model, when="end" if finished else "stopped")
            if snap is None:
                continue
            names = list(self.variables.get(id(model), []))
            for name, value in list(namespace.items()):
                if value is model and name not in names and not name.startswith("_"):
                    names.append(name)
            snap["variables"] = names
            out.append(snap)
        return out


# ------------------------------------------------------------------------------------------- helpers


def model_style(model):
    name = type(model).__name__
    if name == "Sequential":
        return "sequential"
    if name == "Functional":
        return "functional"
    return "subclassed"


def model_layers(model):
    """The model's layers, with the input layers Keras hides from `Sequential.layers`."""
    if type(model).__name__ == "Sequential":
        return list(getattr(model, "_layers", model.layers))
    return list(model.layers)


def input_shapes(model):
    try:
        inputs = model.inputs
    except Exception:
        return None
    if not inputs:
        return None
    return [shape_without_batch(t.shape) for t in inputs]


def shape_without_batch(shape):
    dims = list(shape)
    return [None if d is None else int(d) for d in dims[1:]]


def tensor_shapes(value):
    """Output shapes (without the batch axis) of a tensor, or of each tensor of a nested output."""
    flat = []

    def walk(v):
        if isinstance(v, (list, tuple)):
            for item in v:
                walk(item)
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif hasattr(v, "shape"):
            try:
                flat.append(shape_without_batch(v.shape))
            except Exception:
                flat.append(None)

    walk(value)
    return flat or None


def safe_count(layer):
    try:
        if not layer.built:
            return None
        return int(layer.count_params())
    except Exception:
        return None


def activation_name(activation):
    if activation is None:
        return None
    if isinstance(activation, str):
        return activation
    name = getattr(activation, "__name__", None)
    if name is None:
        name = type(activation).__name__
    # TensorFlow's own functions carry a version suffix (`tf.nn.softmax` is `softmax_v2`).
    return name[:-3] if name.endswith("_v2") else name


def describe_loss(loss, files):
    if loss is None:
        return None
    if isinstance(loss, str):
        return {"name": loss, "fromLogits": False}
    if isinstance(loss, dict):
        return {"perOutput": {str(k): describe_loss(v, files) for k, v in loss.items()}}
    if isinstance(loss, (list, tuple)):
        return {"perOutput": [describe_loss(v, files) for v in loss]}
    config = None
    try:
        config = loss.get_config()
    except Exception:
        pass
    if config is not None and hasattr(loss, "call"):
        class_name = type(loss).__name__
        custom = files.owns(getattr(sys.modules.get(type(loss).__module__), "__file__", "") or "")
        name = config.get("name") if class_name == "LossFunctionWrapper" else class_name
        return {"name": name, "fromLogits": config.get("from_logits", None if custom else False), "custom": custom}
    code = getattr(loss, "__code__", None)
    custom = code is not None and files.owns(code.co_filename)
    name = getattr(loss, "__name__", type(loss).__name__)
    return {"name": name, "fromLogits": None if custom else False, "custom": custom}


def jsonable(value):
    """Converts numpy scalars in a snapshot to plain Python values."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
