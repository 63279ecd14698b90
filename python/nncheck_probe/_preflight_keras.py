"""The preflight's Keras part (Keras 3 and tf.keras): a copy of the model, its compiled loss, fresh Adam
optimizers, and the sample taken from `fit`'s arguments (arrays, tensors, a tf.data.Dataset)."""

from contextlib import contextmanager

from . import _preflight, _vocabulary
from . import _keras


def _tf():
    import tensorflow as tf

    return tf


def _keras_of(model):
    """The Keras package the model belongs to (Keras 3 or tf_keras)."""
    import sys

    root = type(model).__module__.split(".")[0]
    if root == "tf_keras" and "tf_keras" in sys.modules:
        return sys.modules["tf_keras"]
    import keras

    return keras


class KerasAdapter:
    framework = "keras"
    backend = "tensorflow"

    def __init__(self, keras, model, summary, loss):
        import numpy as np

        tf = _tf()
        self.tf = tf
        self.keras = keras
        self.original = model
        self.summary = summary
        self.copy, self.copied = _copy(keras, model)
        self.initial = [np.array(w) for w in self.copy.get_weights()]
        self.loss_fn = loss
        outputs = getattr(model, "outputs", None)
        single = outputs is None or len(outputs) <= 1
        self.has_loss = loss is not None and single
        self.no_loss_reason = "the model has no single compiled loss (compile it with one loss for one output)"
        self.float_dtype = getattr(getattr(model, "dtype_policy", None), "compute_dtype", None) or "float32"
        self._inference_loss = None

    # --------------------------------------------------------------------------------------- plumbing

    def reset(self):
        self.copy.set_weights(self.initial)

    def close(self):
        if not self.copied:
            self.reset()

    def input_names(self, count):
        try:
            names = [getattr(t, "name", None) for t in self.original.inputs]
        except Exception:  # noqa: BLE001 - a subclassed model has no symbolic inputs
            names = []
        return [(names[i] if i < len(names) and names[i] else "input_%d" % i) for i in range(count)]

    def channels_first(self, _x):
        return False

    def input_feeds(self, count):
        """Per input, the canonical kinds of the layers that read it directly (None where not known)."""
        try:
            inputs = list(self.original.inputs)
        except Exception:  # noqa: BLE001 - a subclassed model has no symbolic inputs
            return [None] * count
        feeds = [[] for _ in inputs]
        for layer in getattr(self.original, "layers", []):
            try:
                read = self.tf.nest.flatten(layer.input)
            except Exception:  # noqa: BLE001 - a layer called on several inputs, or never called
                continue
            for index, tensor in enumerate(inputs):
                if any(t is tensor for t in read):
                    feeds[index].append(_vocabulary.keras_layer_kind(type(layer).__name__))
        return [sorted(set(kinds)) if kinds else None for kinds in feeds[:count]] + [None] * max(0, count - len(feeds))

    def _tensor(self, array):
        tf = self.tf
        if array.dtype.kind == "f":
            return tf.convert_to_tensor(array, dtype=self.float_dtype)
        return tf.convert_to_tensor(array)

    def batch(self, xs, y):
        x = [self._tensor(a) for a in xs]
        return (x[0] if len(x) == 1 else x, self._tensor(y) if y is not None else None)

    def _mean_loss(self, y, output):
        tf = self.tf
        return tf.reduce_mean(tf.cast(self.loss_fn(y, output), tf.float32))

    def loss(self, batch, training):
        x, y = batch
        if training:
            return float(self._mean_loss(y, self.copy(x, training=True)))
        if self._inference_loss is None:
            # Traced: the held-out loss is evaluated at every data-dependency iteration, and an eager
            # pass through a recurrent layer costs many times the traced one.
            self._inference_loss = self.tf.function(lambda x, y: self._mean_loss(y, self.copy(x, training=False)), reduce_retracing=True)
        return float(self._inference_loss(x, y))

    def predict(self, batch):
        import numpy as np

        return np.asarray(self.copy(batch[0], training=False), dtype=np.float64)

    def trainer(self, learning_rate):
        """One step of a fresh Adam on the copy (traced once per trainer), returning the loss before it."""
        tf = self.tf
        optimizer = self.keras.optimizers.Adam(learning_rate=learning_rate)
        variables = self.copy.trainable_variables
        optimizer.build(variables)

        @tf.function(reduce_retracing=True)
        def step(x, y):
            with tf.GradientTape() as tape:
                loss = self._mean_loss(y, self.copy(x, training=True))
            grads = tape.gradient(loss, variables)
            optimizer.apply_gradients([(g, v) for g, v in zip(grads, variables) if g is not None])
            return loss

        return lambda batch: float(step(batch[0], batch[1]))

    # ----------------------------------------------------------------------------------------- init

    def init_layers(self):
        layers = []
        for layer in self.original.layers:
            weights = list(layer.trainable_weights)
            if not weights:
                continue
            names = [_keras._variable_name(w) for w in weights]
            kernel = next((w for w, n in zip(weights, names) if "kernel" in n.rsplit("/", 1)[-1].lower() and len(w.shape) >= 2), None)
            kernel = kernel if kernel is not None else next((w for w in weights if len(w.shape) >= 2), None)
            bias = next((w for w, n in zip(weights, names) if "bias" in n.rsplit("/", 1)[-1].lower() and len(w.shape) == 1), None)
            entry = {"layer": layer.name, "hasBias": bias is not None}
            if kernel is not None:
                shape = [int(d) for d in kernel.shape]
                receptive = 1
                for d in shape[:-2]:
                    receptive *= d
                entry["kernel"] = _preflight.kernel_stats(_keras._variable_name(kernel), shape, receptive * shape[-2], receptive * shape[-1], kernel.numpy())
            if bias is not None:
                entry["bias"] = _preflight.bias_stats(_keras._variable_name(bias), bias.numpy())
            layers.append(entry)
        return layers

    # ---------------------------------------------------------------------------------- gradients

    def output_input_gradients(self, xs):
        import numpy as np

        tf = self.tf
        inputs = [self._tensor(a) for a in xs]
        with tf.GradientTape() as tape:
            for t in inputs:
                tape.watch(t)
            output = self.copy(inputs[0] if len(inputs) == 1 else inputs, training=False)
            if isinstance(output, (list, tuple)):
                output = output[0]
            row = tf.reshape(tf.cast(output[:1], tf.float32), [-1])
            # A weighted sum: a plain sum of a softmax row is constant, its gradient zero.
            weighted = tf.reduce_sum(row * tf.linspace(1.0, 2.0, tf.size(row)))
        grads = tape.gradient(weighted, inputs)
        return [np.zeros(a.shape) if g is None else g.numpy() for g, a in zip(grads, xs)]

    def loss_output_gradients(self, xs, y, order):
        tf = self.tf
        x, target = self.batch(xs, y)
        # A new tensor: Keras's softmax output carries its logits, which the loss would differentiate instead.
        output = tf.identity(tf.cast(self.copy(x, training=False), tf.float32))
        m = int(output.shape[0])
        keep = tf.reshape(tf.one_hot([0], m), [m] + [1] * (len(output.shape) - 1))
        moved = (output + tf.gather(output, order)) / 2.0
        changed = keep * output + (1.0 - keep) * moved

        def grad_at(p):
            with tf.GradientTape() as tape:
                tape.watch(p)
                value = self._mean_loss(target, p)
            return tape.gradient(value, p).numpy()

        return grad_at(output), grad_at(changed)

    @contextmanager
    def precise(self):
        """The gradient check in the model's own precision (a Keras model's dtype is fixed when built)."""
        yield

    def parameter_gradients(self, batch):
        tf = self.tf
        x, y = batch
        variables = self.copy.trainable_variables
        with tf.GradientTape() as tape:
            loss = self._mean_loss(y, self.copy(x, training=False))
        grads = tape.gradient(loss, variables)
        layer_of = {}
        for layer in self.copy.layers:
            for w in layer.trainable_weights:
                layer_of[id(w)] = layer.name
        for variable, grad in zip(variables, grads):
            if grad is None:
                continue
            yield layer_of.get(id(variable), ""), _keras._variable_name(variable), grad.numpy().reshape(-1), _Entry(variable)


class _Entry:
    """One variable's entries, read and written by flat index (the gradient check's perturbations)."""

    def __init__(self, variable):
        import numpy as np

        self.variable = variable
        self.values = np.array(variable.numpy())
        self.flat = self.values.reshape(-1)

    def get(self, i):
        return float(self.flat[i])

    def set(self, i, value):
        self.flat[i] = value
        self.variable.assign(self.values)


def _copy(keras, model):
    """(copy, copied): clone_model with the weights set; a model that cannot be cloned (subclassed without a
    config) is used itself, its weights saved and written back after every procedure."""
    try:
        clone = keras.models.clone_model(model)
        clone.set_weights(model.get_weights())
        return clone, True
    except Exception:  # noqa: BLE001
        return model, False




def compiled_loss(keras, model, given=None):
    """The loss as a function (y_true, y_pred) → per-sample values or a reduced value; None when the model
    has several losses or none."""
    loss = given if given is not None else getattr(model, "loss", None)
    if isinstance(loss, (list, tuple)):
        loss = loss[0] if len(loss) == 1 else None
    if isinstance(loss, dict):
        loss = next(iter(loss.values())) if len(loss) == 1 else None
    if loss is None:
        return None
    if isinstance(loss, str):
        return keras.losses.get(loss)
    return loss if callable(loss) else None


# ------------------------------------------------------------------------------------------- the data


def _numpy(value, limit=None):
    """A NumPy array of fit's data; a tensor is first cut to `limit` samples spread over it (a large dataset
    is not copied whole)."""
    import numpy as np

    if hasattr(value, "numpy"):
        shape = getattr(value, "shape", ())
        if limit is not None and len(shape) > 0 and shape[0] is not None and int(shape[0]) > limit:
            value = _tf().gather(value, _preflight.spread(int(shape[0]), limit))
        return np.asarray(value.numpy())
    return np.asarray(value)


def _flat_inputs(x, limit=None):
    if isinstance(x, dict):
        return None
    if isinstance(x, (list, tuple)):
        return [_numpy(v, limit) for v in x]
    return [_numpy(x, limit)]


def sample_of_fit(x, y, sample_size):
    """(inputs, targets) as NumPy arrays from fit's x and y, or a reason string."""
    tf = _tf()
    import numpy as np

    if isinstance(x, tf.data.Dataset):
        xs_parts, y_parts, count = [], [], 0
        for element in x:
            if not isinstance(element, (list, tuple)) or len(element) < 2:
                return "the dataset's elements are not (inputs, targets) pairs"
            inputs = _flat_inputs(element[0])
            if inputs is None:
                return "inputs given as a dict are not supported by the preflight"
            xs_parts.append(inputs)
            y_parts.append(_numpy(element[1]))
            count += len(y_parts[-1])
            if count >= sample_size:
                break
        if not y_parts:
            return "the dataset is empty"
        xs = [np.concatenate([part[i] for part in xs_parts], axis=0) for i in range(len(xs_parts[0]))]
        return xs, np.concatenate(y_parts, axis=0)
    if y is None:
        return "fit was given no targets as an array (a generator or a Python dataset: the preflight does not consume it)"
    inputs = _flat_inputs(x, sample_size)
    if inputs is None:
        return "inputs given as a dict are not supported by the preflight"
    target = _numpy(y, sample_size)
    if any(a.ndim == 0 for a in inputs) or target.ndim == 0:
        return "the inputs or targets are not arrays of samples"
    return inputs, target


def _summary(keras, model, integration=None):
    from ._keras import KerasIntegration

    summary, _ = (integration or KerasIntegration(keras)).summarize(model)
    return summary


def from_arguments(model, x, y, loss, budget, integration=None):
    """(adapter, inputs, targets) for the procedures, or the reason they cannot run. `integration`: the
    installed Keras integration under watch (its layers' source spans go into the model record)."""
    keras = _keras_of(model)
    if not getattr(model, "built", True):
        return "the model is not built yet"
    found = sample_of_fit(x, y, int(budget["sampleSize"]))
    if isinstance(found, str):
        return found
    xs, target = found
    adapter = KerasAdapter(keras, model, _summary(keras, model, integration), compiled_loss(keras, model, loss))
    return adapter, xs, target


def before_fit(integration, model, fit, args, kwargs):
    """Under `nncheck watch --preflight`: the preflight on the first fit's model and data, before it trains."""
    import inspect

    try:
        bound = inspect.signature(fit).bind_partial(model, *args, **kwargs).arguments
    except TypeError:
        bound = {}
    x, y = bound.get("x"), bound.get("y")
    budget = _preflight.watch_budget()
    sinks, _ = _preflight.sinks_for(None)

    def build():
        if integration is not None and not integration.tensorflow_backend():
            return "Keras runs on its %s backend: the preflight's procedures are written for its TensorFlow backend" % integration.backend_name()
        if x is None:
            return "fit was given no inputs"
        if not getattr(model, "built", False):
            # A model built by its first call: build it on one sample, as fit would.
            found = sample_of_fit(x, y, 1)
            if isinstance(found, str):
                return found
            inputs = found[0]
            model(inputs[0][:1] if len(inputs) == 1 else [a[:1] for a in inputs])
        return from_arguments(model, x, y, None, budget, integration)

    _preflight.run_guarded("Keras", build, budget, sinks)
