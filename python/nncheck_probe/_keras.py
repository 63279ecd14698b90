"""Keras 3 and tf.keras `Model.fit`, recorded without touching the compiled training step's work.

`fit` runs a traced `tf.function`: Python code in it runs once, when it is traced, not at every step. So
the probe traces the model's training step twice, into two functions, and calls one of them at each
step in place of fit's own (`model.train_function`):
- the plain function, at unsampled steps: fit's step, returning the loss of the batch beside the logs
  (which only hold the epoch's running mean), taken off them before fit sees them; when one call runs
  several steps (`steps_per_execution`), the batches' losses are written into a ring of variables instead.
  The losses are read once every few steps, and the steps' records written then, so an unsampled step
  costs no host read;
- the sampled function, every `sampling_interval` steps: the same, plus the batch (inputs and targets) and
  what the probe reads of every layer's output, of the gradients the optimizer applies and of the followed
  weights after the update, reduced there (_stats.subsample_in_graph, reduce_gradient_in_graph): the host
  copies a few thousand values of each, not the tensors. A penalised parameter's gradient is kept whole: the
  host splits its regularisation part off with the weights. One step a call, all of it is returned beside
  the logs (taken off them too); several, it is written into variables (holders) that the host reads after
  the call;
- activations: in the sampled function, each layer's output caught in the step's own forward pass (its
  `call` wrapped while the function is traced): training-mode outputs of the weights the gradients were
  computed with, as the TF.js and PyTorch probes record them, at no extra pass; only their statistics'
  subsample leaves the graph. A model built by its first step (no Input), or a batch with non-finite inputs
  (the compiled pass may fuse a ReLU into the matmul, mapping NaN to 0), gets a feature-extraction view of
  every layer's output as a separate eager pass after the step instead;
- updates (ΔW) are differences of the weights' subsamples between sampled steps; weights are read whole
  before a step only where ΔW starts or a penalty's split needs them.

On Keras's JAX backend the step is a compiled function of the training's state: unsampled steps run fit's
own; sampled ones a second one, made as fit makes its own, that returns the gradients, the targets and the
layers' outputs' subsamples beside the logs (_jax_sampled_function), the weights read from the state passed
in and returned. On its torch backend the steps run eagerly and are recorded as they pass.

The probe adds no per-batch callback: Keras then dispatches its own callbacks as it would without it.
Both functions stay with the model (a later watched `fit` reuses them without retracing); after a watched
`fit`, the model has fit's own function back.
"""

import inspect
import math
import sys
import time
import weakref

from . import _preflight, _preflight_keras, _source, _stats, _tf_loops, _vocabulary
from ._probe import Param, Run, parameter_role, passed_through
from ._runtime import RUNTIME, warn_once


def _tf():
    import tensorflow as tf

    return tf


# Steps whose loss the ring holds; the host reads it after at most _FLUSH_STEPS steps.
_LOSS_RING = 256
_FLUSH_STEPS = 64
# The key of the batch's loss in the plain function's logs (taken off before fit sees them).
_LOSS_KEY = "_nncheck_batch_loss"
# The key of what the sampled function returns beside its logs (see _Capture.put), taken off the same way.
_CAPTURE_KEY = "_nncheck_capture"


class _Capture:
    """The graph-side capture of one model: variables written by its traced training steps.

    `tracing` says which of the two functions is being traced ("plain", "sampled"; None outside them): the
    wrappers of the optimizer and of the loss read it at trace time."""

    def __init__(self, tf):
        # None: Keras runs on another backend (torch), whose steps run eagerly: nothing is traced, the step's
        # loss and gradients are kept as they pass (eager_loss, eager_gradients) and TensorFlow, which such a
        # program may not have, is never imported.
        self.tf = tf
        self.loss = self.ring = self.count = None
        if tf is not None:
            with tf.init_scope():
                self.loss = tf.Variable(math.nan, dtype=tf.float32, trainable=False, name="nncheck_loss")
                self.ring = tf.Variable(tf.fill([_LOSS_RING], math.nan), trainable=False, name="nncheck_losses")
                self.count = tf.Variable(0, dtype=tf.int64, trainable=False, name="nncheck_steps")
        self.eager_loss = None
        self.eager_gradients = None
        self.loss_traced = False
        # At trace time: whether the plain function returns its batch's loss (one step a call) instead of
        # writing it into the ring, and the loss traced for it.
        self.loss_returned = False
        self.traced_loss = None
        # id(variable) -> (holders, variable): what the sampled function keeps of each gradient, and of each
        # followed parameter after the update.
        self.gradients = {}
        self.weights = {}
        # id(variable) -> _ParameterPlan of the followed parameters, when the functions were traced.
        self.plans = {}
        self.inputs = None
        self.targets = None
        self.input_structure = None
        self.kinds = None
        self.active = False
        self.tracing = None
        self.original_step = None
        self.optimizer = None
        # (ids of the viewed layers, (view, layers, compiled forward) or False): the activation view.
        self.view = None
        # The outputs caught in the sampled function: (the layers, their outputs' holders), or None (the
        # model was not built when the functions were traced, or no layer output was caught there).
        self.graph_view = None
        self.graph_layers = None
        # (plain, sampled, the function fit had when they were built): reused by a later fit.
        self.functions = None
        # (ids of the variables read after a sampled call, the compiled read of them), and what it read.
        self.reader = None
        self.fetched = {}
        # At trace time (sampled function, one step a call): holder key -> (holder, value) of what the step
        # returns beside its logs instead of writing it into its holder, and the graph of the step.
        self.collecting = None
        self.step_graph = None
        # Holder key -> holder of every value a sampled function may return.
        self.returnable = {}
        # JAX: the layers whose outputs the sampled function returns, in their order (_jax_sampled_function).
        self.jax_layers = []

    def _variable_like(self, tensor):
        tf = self.tf
        with tf.init_scope():
            rank = tensor.shape.rank  # None in a retrace that knows no rank
            return tf.Variable(tf.zeros([0] * (rank if rank is not None else 1), tensor.dtype), shape=tf.TensorShape(None), trainable=False)

    def stash_batch(self, x, y, output_names=None):
        """At trace time (sampled function): copy the batch into variables, the targets in the model's output
        order (a dict of targets flattens in key order, which need not be the outputs')."""
        tf = self.tf
        flat_x = [t for t in tf.nest.flatten(x) if t is not None]
        if y is not None and hasattr(y, "keys") and output_names and all(name in y for name in output_names):
            y = [y[name] for name in output_names]
        flat_y = [t for t in tf.nest.flatten(y) if t is not None] if y is not None else []
        # Fit called again on other data (another structure, dtypes, ranks) retraces: new holders then.
        kinds = ([(t.dtype, t.shape.rank) for t in flat_x], [(t.dtype, t.shape.rank) for t in flat_y])
        if self.inputs is None or kinds != self.kinds:
            self.inputs = [self._variable_like(t) for t in flat_x]
            self.targets = [self._variable_like(t) for t in flat_y]
            self.input_structure = x
            self.kinds = kinds
        for variable, value in zip(self.inputs + self.targets, flat_x + flat_y):
            self.put(variable, value)

    def watch_calls(self, layers):
        """At trace time (sampled function): catches each layer's output in the training step's own forward
        pass (training mode, before the update, as the TF.js and PyTorch probes see them; no extra pass).
        Returns what `stash_outputs` and `unwatch_calls` take."""
        captured = {}
        patched = []

        def watching(layer, original):
            def call(*args, **kwargs):
                outputs = original(*args, **kwargs)
                captured.setdefault(id(layer), outputs)  # a shared layer keeps its first output
                return outputs

            return call

        for layer in layers:
            own = layer.__dict__.get("call")
            # object.__setattr__: Keras's attribute tracking has nothing to track in a function.
            object.__setattr__(layer, "call", watching(layer, layer.call))
            patched.append((layer, own))
        return captured, patched

    @staticmethod
    def unwatch_calls(patched):
        for layer, own in patched:
            if own is not None:
                object.__setattr__(layer, "call", own)
            else:
                object.__delattr__(layer, "call")

    def stash_outputs(self, layers, captured):
        """At trace time (sampled function): the caught outputs into variables: the statistics' subsample of
        each output and its facts (non-finite count, shape), taken here, or the whole output where its
        subsample cannot be planned in the graph."""
        tf = self.tf
        stashed = []
        for layer in layers:
            output = _first_output(captured.get(id(layer)))
            if output is None or not hasattr(output, "shape") or not hasattr(output, "dtype"):
                stashed.append(None)
                continue
            if getattr(layer, "data_format", None) == "channels_first":
                rank = output.shape.rank
                if rank is None:
                    stashed.append(None)  # its channels cannot be moved last without the rank
                    continue
                if rank >= 3:
                    output = tf.transpose(output, [0] + list(range(2, rank)) + [1])
            planned = _stats.subsample_in_graph(tf, output)
            stashed.append(planned if planned is not None else (output, None))
        if self.graph_view is None:
            holders = []
            for pair in stashed:
                holders.append(None if pair is None else tuple(self._variable_like(t) if t is not None else None for t in pair))
            self.graph_view = (layers, holders)
        for holder, pair in zip(self.graph_view[1], stashed):
            if holder is None or pair is None:
                continue
            for variable, value in zip(holder, pair):
                if variable is not None and value is not None:
                    self.put(variable, value)

    def _hold(self, store, key, variable, values):
        """Assigns `values` to the holders of `key` in `store` (made at the first trace, or anew when the
        values' form changed)."""
        held = store.get(key)
        if held is None or len(held[0]) != len(values):
            held = (tuple(self._variable_like(t) for t in values), variable)
            store[key] = held
        for holder, value in zip(held[0], values):
            self.put(holder, value)

    def put(self, holder, value):
        """At trace time (sampled function): what a holder keeps of this step. Returned beside the step's logs
        when one call runs one step: no variable write in the graph, no second call to read it. A value made
        in another graph than the step's (a gradient that a loss-scaling optimizer hands its inner optimizer
        in a branch of a `tf.cond`) cannot leave the step that way: written into its holder, and read from it
        (the outer value, collected before, gives way to it as the holder's last write would)."""
        key = "h%d" % id(holder)
        if self.collecting is not None and self.tf.compat.v1.get_default_graph() is self.step_graph:
            self.collecting[key] = value
            self.returnable[key] = holder
            return
        if self.collecting is not None:
            self.collecting.pop(key, None)
        holder.assign(value)

    def returned(self, result):
        """At trace time, the end of the sampled step: its result with the collected values beside its logs,
        or, when the result is no dict to add them to (a custom train_step), the values written into their
        holders."""
        collected = self.collecting or {}
        self.collecting = None
        if not collected:
            return result
        if isinstance(result, dict) and _CAPTURE_KEY not in result:
            return dict(result, **{_CAPTURE_KEY: dict(collected)})
        for key, value in collected.items():
            self.returnable[key].assign(value)
        return result

    def stash_gradients(self, gradients, variables):
        """At trace time (sampled function): the gradients the optimizer applies. A followed parameter without
        a penalty keeps what the probe reads of its gradient, taken here (_stats.reduce_gradient_in_graph);
        the others are copied whole (the host splits off a penalty's part with the weights)."""
        tf = self.tf
        if tf is None:
            # A step running eagerly (torch backend): the gradients as the optimizer gets them, copied (the next
            # step zeroes them in place); a train_step that steps two optimizers (a GAN's) gives both.
            kept = [(variable, _host_copy(gradient)) for gradient, variable in zip(gradients, variables) if gradient is not None]
            self.eager_gradients = (self.eager_gradients or []) + kept
            return
        for gradient, variable in zip(gradients, variables):
            if gradient is None:
                continue
            gradient = tf.convert_to_tensor(gradient)
            plan = self.plans.get(id(variable))
            reduced = None if plan is None or plan.whole else _stats.reduce_gradient_in_graph(tf, gradient, plan.unit_axis)
            self._hold(self.gradients, id(variable), variable, reduced if reduced is not None else (gradient,))

    def stash_weights(self):
        """At trace time (sampled function), after the update: each followed parameter's subsample and facts,
        taken here (the host read every weight whole before)."""
        tf = self.tf
        for key, plan in self.plans.items():
            planned = _stats.subsample_in_graph(tf, tf.convert_to_tensor(plan.variable))
            if planned is not None:
                self._hold(self.weights, key, plan.variable, planned)

    def fetch_sampled(self, returned=None):
        """After a sampled call: what it returned beside its logs (`returned`: holder key -> tensor), and every
        other holder it filled (gradients, weights, the batch, the layers' outputs) read in one call of a
        compiled function, for `value` to hand out. An eager read costs a dispatch each: the 50 reads of a
        sample took 2 ms, against 0.7 ms in one call; returned values cost no call at all."""
        tf = self.tf
        given = {}
        for key, tensor in (returned or {}).items():
            holder = self.returnable.get(key)
            if holder is not None:
                given[id(holder)] = tensor.numpy()
        holders = [h for held, _ in self.gradients.values() for h in held]
        holders += [h for held, _ in self.weights.values() for h in held]
        holders += list(self.inputs or []) + list(self.targets or [])
        if self.graph_view is not None:
            holders += [h for pair in self.graph_view[1] if pair is not None for h in pair if h is not None]
        holders = [h for h in holders if id(h) not in given]
        if not holders:
            self.fetched = given
            return
        key = tuple(id(h) for h in holders)
        if self.reader is None or self.reader[0] != key:
            self.reader = (key, tf.function(lambda held=tuple(holders): [tf.identity(h) for h in held]))
        self.fetched = dict(zip(key, (t.numpy() for t in self.reader[1]())))
        self.fetched.update(given)

    def value(self, holder):
        """A holder's value as fetch_sampled read it (read now when it did not)."""
        fetched = self.fetched.get(id(holder))
        return fetched if fetched is not None else holder.numpy()

    def read_sampled(self):
        """After a sampled call: [(name, gradient or _stats.Reduced)] and {name: _stats.Reduced} of the
        parameters after the update."""
        gradients = []
        for holders, variable in self.gradients.values():
            values = [self.value(holder) for holder in holders]
            gradients.append((_variable_name(variable), values[0] if len(values) == 1 else _stats.Reduced(values)))
        weights = {_variable_name(variable): _stats.Reduced([self.value(holder) for holder in holders]) for holders, variable in self.weights.values()}
        return gradients, weights

    def stash_loss(self, loss):
        """At trace time (both functions): the batch's loss, kept to be returned with the step's logs when one
        call runs one step (see _with_loss), else written into the ring at the step's slot."""
        tf = self.tf
        self.loss_traced = True
        if tf is None:
            # Kept on its device: read with the steps' records, so the step does not wait for it.
            self.eager_loss = loss.detach() if hasattr(loss, "detach") else loss
            return
        value = tf.cast(tf.reduce_sum(loss), tf.float32)
        if self.loss_returned:
            # An output of the step costs less than the ring's variable writes (2 % of a millisecond step).
            self.traced_loss = value
            return
        self.write_ring(value)
        if self.tracing == "sampled":
            self.loss.assign(value)

    def write_ring(self, value):
        tf = self.tf
        slot = tf.math.floormod(self.count.assign_add(1) - 1, _LOSS_RING)
        self.ring.scatter_nd_update(tf.reshape(slot, [1, 1]), tf.reshape(value, [1]))

    def losses_since(self, calls, steps_per_call):
        """The losses of the last `calls` calls of the training functions (each its last step's), oldest
        first: one read of the ring."""
        count = int(self.count.numpy())
        ring = self.ring.numpy()
        losses = []
        for back in range(calls - 1, -1, -1):
            index = count - 1 - back * steps_per_call
            losses.append(float(ring[index % _LOSS_RING]) if index >= 0 and back * steps_per_call < _LOSS_RING else math.nan)
        return losses


class KerasIntegration:
    def __init__(self, keras):
        self.keras = keras
        self.captures = weakref.WeakKeyDictionary()
        self.spans = weakref.WeakKeyDictionary()
        self.models = weakref.WeakSet()
        # Models called (Model.__call__; a predict traces one): a custom loop's copies of its model are those
        # called before its first step (_tf_loops._model_copies).
        self.called_models = weakref.WeakSet()
        self.fit_depth = 0
        self._backend = None
        self.last_loss_object = None
        # The run of the model fit last (watch's own callbacks): fit again, the same training goes on.
        self.open_fit = None

    # ---------------------------------------------------------------------------------------- set-up

    def install(self, patch_fit=True):
        keras = self.keras
        integration = self
        model_class = keras.Model
        if patch_fit:
            original_fit = model_class.fit

            def fit(model, *args, **kwargs):
                if integration.fit_depth > 0 or not RUNTIME.connected or RUNTIME.failed:
                    return original_fit(model, *args, **kwargs)
                if _preflight.requested_once():
                    _preflight_keras.before_fit(integration, model, original_fit, args, kwargs)
                callback = integration._guard("fit", lambda: integration.callback())
                if callback is not None:
                    args, kwargs = _with_callback(original_fit, args, kwargs, callback)
                    integration._guard("fit", lambda: integration.prepare(model))
                integration.fit_depth += 1
                RUNTIME.keras_fits += 1
                try:
                    return original_fit(model, *args, **kwargs)
                except BaseException as error:
                    if callback is not None:
                        callback._nncheck_abort(error)
                    raise
                finally:
                    integration.fit_depth -= 1
                    RUNTIME.keras_fits -= 1

            fit.__wrapped__ = original_fit
            model_class.fit = fit

        layer_class = keras.layers.Layer
        self._note_model_calls(model_class)

        def note_layer(layer):
            if RUNTIME.connected and not RUNTIME.failed:
                try:
                    if layer not in integration.spans:
                        span = _source.construction_span(3)
                        if span is not None:
                            integration.spans[layer] = span
                    if isinstance(layer, model_class):
                        integration.models.add(layer)
                except Exception:  # noqa: BLE001 - a span is a nicety
                    pass

        original_layer_new = layer_class.__dict__.get("__new__")
        if isinstance(original_layer_new, staticmethod):
            # Keras 3: layers are noted as they are made, in __new__, not in __init__: a warning that Layer.__init__
            # raises for its caller (stacklevel 2: "Do not pass an `input_shape`") would name a wrapper of
            # __init__, this file, as its source instead of the layer's own __init__.
            make = original_layer_new.__func__

            def layer_new(cls, *args, **kwargs):
                layer = make(cls, *args, **kwargs)
                note_layer(layer)
                return layer

            layer_new.__wrapped__ = make
            layer_class.__new__ = staticmethod(layer_new)
        else:
            original_layer_init = layer_class.__init__

            def layer_init(layer, *args, **kwargs):
                original_layer_init(layer, *args, **kwargs)
                note_layer(layer)

            layer_init.__wrapped__ = original_layer_init
            # Keras 3 reads the argspec of a layer class's __init__ to build its config (Operation.__new__): a
            # subclass without its own __init__ shows this wrapper's, which must then read as the original's.
            layer_init.__signature__ = inspect.signature(original_layer_init)
            layer_class.__init__ = layer_init

        loss_class = getattr(keras.losses, "Loss", None)
        if loss_class is not None:
            original_call = loss_class.__call__

            def loss_call(loss, *args, **kwargs):
                integration.last_loss_object = loss
                result = original_call(loss, *args, **kwargs)
                loops = _tf_loops.TensorFlowIntegration.current
                if loops is not None:
                    try:
                        loops.note_loss(result, args)
                    except Exception:  # noqa: BLE001
                        pass
                return result

            loss_call.__wrapped__ = original_call
            loss_class.__call__ = loss_call
        self._wrap_optimizer()

    def _note_model_calls(self, model_class):
        """Notes each model called: a set addition per call of a model (an eager call of a Keras model takes
        a hundred microseconds or more; a compiled one calls it only while traced)."""
        called = self.called_models
        original = model_class.__call__

        def model_call(model, *args, **kwargs):
            try:
                called.add(model)
            except TypeError:  # an unhashable model
                pass
            return original(model, *args, **kwargs)

        model_call.__wrapped__ = original
        model_class.__call__ = model_call

    def _wrap_optimizer(self):
        """Every Keras optimizer's apply step: inside fit it feeds the capture; elsewhere it is a custom
        training loop's step (see _tf_loops)."""
        found = _optimizer_base(self.keras)
        if found is None:
            return
        base, method = found
        integration = self
        original = getattr(base, method)

        def apply(optimizer, *args, **kwargs):
            if RUNTIME.failed or not RUNTIME.connected:
                return original(optimizer, *args, **kwargs)
            try:
                grads, variables, args, kwargs = _gradients_and_variables(method, optimizer, args, kwargs)
            except Exception as error:  # noqa: BLE001 - an unusual call: passed on untouched
                RUNTIME.fail(error, "optimizer step", 0, "keras")
                return original(optimizer, *args, **kwargs)
            capture = integration._active_capture()
            if capture is not None:
                if capture.tracing == "sampled":
                    integration._guard("optimizer", lambda: capture.stash_gradients(grads, variables))
                return original(optimizer, *args, **kwargs)
            if not integration.tensorflow_backend():
                # A custom loop on Keras's torch (or JAX) backend: no TensorFlow step to observe here; on torch,
                # the PyTorch probe follows it as a loop updating its tensors itself.
                return original(optimizer, *args, **kwargs)
            return _tf_loops.custom_loop_step(integration, optimizer, grads, variables, args, kwargs, lambda a, k: original(optimizer, *a, **k))

        apply.__wrapped__ = original
        setattr(base, method, apply)

    def backend_name(self):
        """The backend Keras runs on: "tensorflow" for tf.keras; Keras 3's as KERAS_BACKEND said when it was
        imported (fixed from then on: read once, not at every custom-loop step)."""
        if self._backend is None:
            backend = getattr(getattr(self.keras, "backend", None), "backend", None)
            try:
                self._backend = str(backend()) if backend is not None else "tensorflow"
            except Exception:  # noqa: BLE001
                self._backend = "tensorflow"
        return self._backend

    def tensorflow_backend(self):
        return self.backend_name() == "tensorflow"

    def _active_capture(self):
        """The capture of the model being fit, if a fit is running."""
        for capture in list(self.captures.values()):
            if capture.active:
                return capture
        return None

    def prepare(self, model):
        """Installs the capture on a model (once), keeping its own training step for `training_functions`."""
        if model in self.captures:
            return
        capture = _Capture(_tf() if self.tensorflow_backend() else None)
        self.captures[model] = capture
        capture.original_step = model.train_step

    def _wrap_loss(self, capture, optimizer):
        """The optimizer's loss scaling (Keras 3) or minimize (tf.keras): the loss the step computes."""
        capture.optimizer = optimizer
        if optimizer is not None and hasattr(optimizer, "scale_loss"):
            original_scale = optimizer.scale_loss

            def scale_loss(loss):
                if capture.tracing is not None:
                    self._guard("loss", lambda: capture.stash_loss(loss))
                return original_scale(loss)

            optimizer.scale_loss = scale_loss
        elif optimizer is not None and hasattr(optimizer, "minimize"):
            original_minimize = optimizer.minimize

            def minimize(loss, *args, **kwargs):
                if capture.tracing is not None and not callable(loss):
                    self._guard("loss", lambda: capture.stash_loss(loss))
                return original_minimize(loss, *args, **kwargs)

            optimizer.minimize = minimize

    def training_functions(self, model):
        """(plain, sampled): the model's training step traced without and with the capture (see the module's
        doc). Built once per compiled model: fit's own function changing (a new compile) builds them anew."""
        capture = self.captures[model]
        current = getattr(model, "train_function", None)
        if capture.functions is not None and any(current is f for f in capture.functions):
            return capture.functions[0], capture.functions[1]
        if capture.tf is None:
            # An eager backend: fit's own function for both; the callback sets `tracing` around its calls, and
            # the loss scaling and the optimizer's apply keep what passes through them.
            optimizer = getattr(model, "optimizer", None)
            if capture.optimizer is not optimizer:
                self._wrap_loss(capture, optimizer)
            sampled = current
            if self.backend_name() == "jax":
                # Compiled steps passing the training's state: the gradients leave the sampled one beside its logs.
                sampled = self._guard("train_step", lambda: _jax_sampled_function(model, capture, current, self._guard)) or current
            capture.functions = (current, sampled, current)
            return current, sampled
        # Several steps a call keep only the last step's outputs: their losses go through the ring.
        capture.loss_returned = _steps_per_execution(model) == 1
        optimizer = getattr(model, "optimizer", None)
        if capture.optimizer is not optimizer:
            self._wrap_loss(capture, optimizer)
        original_step = capture.original_step
        # The sampled function catches the layers' outputs in its forward pass when the model is built; a
        # model built by its first step gets them after the step, by a separate pass through a view.
        capture.graph_view = None
        built = all(getattr(layer, "built", True) for layer in _layers(model))
        capture.graph_layers = _view_layers(model) if built else None
        # A model built by its first step has no variables yet: its gradients and weights are read whole.
        capture.plans = _parameter_plans(model) if built else {}
        capture.gradients = {}
        capture.weights = {}

        def traced(mode):
            def train_step(data):
                capture.tracing = mode
                watched = None
                try:
                    if mode == "sampled":
                        if capture.loss_returned:
                            capture.collecting = {}
                            capture.step_graph = _tf().compat.v1.get_default_graph()
                        self._guard("train_step", lambda: capture.stash_batch(*_unpack(data), _output_names(model)))
                        if capture.graph_layers is not None:
                            watched = self._guard("train_step", lambda: capture.watch_calls(capture.graph_layers))
                    capture.traced_loss = None
                    try:
                        result = original_step(data)
                    finally:
                        if watched is not None:
                            capture.unwatch_calls(watched[1])
                    if capture.traced_loss is not None:
                        result = self._guard("loss", lambda: _with_loss(capture, result)) or result
                    if watched is not None and watched[0]:
                        self._guard("train_step", lambda: capture.stash_outputs(capture.graph_layers, watched[0]))
                    if mode == "sampled":
                        self._guard("train_step", capture.stash_weights)
                        result = self._guard("train_step", lambda: capture.returned(result)) or result
                    return result
                finally:
                    capture.tracing = None
                    capture.collecting = None

            model.train_step = train_step
            model.make_train_function(force=True)  # Keras 3 returns None, tf.keras the function
            return model.train_function

        try:
            plain, sampled = traced("plain"), traced("sampled")
        finally:
            model.train_step = original_step
            capture.traced_loss = None
        # Tracing left the sampled one installed: fit's own until the watched fit's callback installs itself.
        model.train_function = current
        capture.functions = (plain, sampled, current)
        return plain, sampled

    def callback(self, sink=None, sampling_interval=None, explicit=False):
        return _make_callback(self, sink, sampling_interval, explicit)

    # --------------------------------------------------------------------------------------- summary

    def summarize(self, model):
        """The run-start model summary and the followed parameters of a Keras model."""
        layers = []
        parameters = []
        placed = _placed_layers(model)
        for index, (layer_name, layer, part) in enumerate(placed):
            class_name = type(layer).__name__
            kind = _vocabulary.keras_layer_kind(class_name)
            entry = {
                "name": layer_name,
                "kind": kind,
                "index": index,
                "outputShape": _output_shape(layer),
                "params": sum(_size(w.shape) for w in layer.trainable_weights),
                "activation": _activation_of(layer, kind),
                "className": class_name,
            }
            if not layer.trainable and layer.weights:
                entry["trainable"] = False
            untracked = _untracked_variables(layer) if layer.trainable else []
            if untracked:
                entry["untracked"] = [name for _, name in untracked]
            if part is not None:
                entry["part"] = part
            span = self.spans.get(layer)
            if span is not None:
                entry["span"] = span
            layers.append(entry)
            for weight, name, parameter, penalty, unit_axis in _followed_weights(layer, untracked):
                parameters.append(
                    (
                        Param(
                            name,
                            layer_name,
                            parameter,
                            (lambda w=weight: w.numpy()),
                            [int(d) for d in weight.shape],
                            trainable=layer.trainable,
                            penalty=penalty,
                            dtype=_dtype_of(weight),
                            unit_axis=unit_axis,
                        ),
                        weight,
                    )
                )
        own, own_untracked = _model_own_weights(model, [layer for _, layer, _ in placed])
        holder = getattr(model, "path", None) or model.name
        if own_untracked:
            # Untracked variables the model itself holds: a layer of their own (as the PyTorch probe gives a
            # module's plain attributes), so the run can state them; its params, none the optimizer trains.
            # First, as the model holds its layers: last, it would be taken for the output layer of a model
            # that states none (a subclassed one).
            for entry in layers:
                entry["index"] += 1
            layers.insert(0, {"name": holder, "kind": "unknown", "index": 0, "outputShape": [], "params": 0, "activation": "linear", "className": type(model).__name__, "untracked": [name for _, name in own_untracked]})
        for weight, name, layer_name in own + [(w, n, holder) for w, n in own_untracked]:
            parameters.append((Param(name, layer_name, parameter_role(name.rsplit("/", 1)[-1], weight.shape), (lambda w=weight: w.numpy()), [int(d) for d in weight.shape], dtype=_dtype_of(weight)), weight))
        model_summary = {"layers": layers}
        try:
            # 0 says the training can change nothing (bare tf.Variables, which Keras 3 does not track).
            model_summary["trainableParameters"] = int(sum(_size(w.shape) for w in model.trainable_weights))
        except Exception:  # noqa: BLE001 - a model not built yet: not known
            pass
        outputs = _stated_outputs(model, [layer["name"] for layer in layers])
        if outputs:
            model_summary["outputs"] = outputs
        loss, expects = _loss_of(model)
        if loss:
            model_summary["loss"] = loss
            if expects:
                model_summary["lossExpects"] = expects
            task = _vocabulary.task_of(loss, layers)
            if task:
                model_summary["task"] = task
        optimizer = _training_optimizer(model)
        if optimizer is not None:
            model_summary["optimizer"] = _vocabulary.keras_optimizer(type(optimizer).__name__)
        return model_summary, parameters

    def model_of_variables(self, variables):
        """The model (seen being built) whose trainable variables cover these: a custom loop's model."""
        wanted = {id(v) for v in variables}
        best = None
        for model in list(self.models):
            try:
                held = {id(v) for v in model.trainable_weights}
            except Exception:  # noqa: BLE001 - a model not built yet
                continue
            if wanted and wanted <= held and (best is None or len(held) < len(best[1])):
                best = (model, held)
        return best[0] if best else None

    # ----------------------------------------------------------------------------------------- guard

    def _guard(self, where, body):
        if RUNTIME.failed:
            return None
        try:
            return body()
        except Exception as error:  # noqa: BLE001
            RUNTIME.fail(error, where, 0, "keras")
            for capture in list(self.captures.values()):
                capture.active = False
            return None


# ----------------------------------------------------------------------------------------- callback


def _make_callback(integration, sink, sampling_interval, explicit):
    keras = integration.keras
    # Keras on another backend (torch) may run without TensorFlow installed.
    tf = _tf() if integration.tensorflow_backend() else None

    class NncheckCallback(keras.callbacks.Callback):
        """Records fit: the probe's side of `nncheck watch` (added to fit by the preload) or of
        `keras_callback(trace=...)`."""

        def __init__(self):
            super().__init__()
            self.run = None
            self.capture = None
            self.epoch = 0
            self.view = None
            self.view_layers = []
            self.weights_before = None
            self.previous_logs = None
            self.batch_index = 0
            self.learning_rate = None
            # The optimizer that trains the model (_training_optimizer), found when the run starts.
            self.training_optimizer = None
            self.deferred = False
            self.epoch_offset = 0
            self.functions = None
            self.installed_function = None
            self.steps_per_call = 1
            self.pending = []
            self.early_stopping = None
            self.layer_names = {}
            self.batch = 0
            # Names of the model's metrics whose logs are no running mean (None: not looked up yet this fit).
            self.cumulative_metrics = None
            # JAX: the names of the variables in the training state's trainable and non-trainable lists.
            self.state_names = None

        # ------------------------------------------------------------------------------- lifecycle

        def on_train_begin(self, logs=None):
            if sink is not None:
                RUNTIME.add_sink(sink)
            if RUNTIME.failed:
                return
            self.run = integration._guard("on_train_begin", self._begin)

        def _begin(self):
            model = self.model
            integration.prepare(model)
            self.capture = integration.captures[model]
            if getattr(model, "jit_compile", False) is True and integration.tensorflow_backend():
                # XLA cannot compile the capture's variable writes: the watched fit trains without XLA.
                model.jit_compile = False
                warn_once("xla-fit", "XLA compilation (jit_compile) is turned off for the watched fit: XLA cannot compile the probe's capture")
                self.capture.functions = None
            self.functions = integration.training_functions(model)
            self.cumulative_metrics = None
            self.state_names = None
            self.steps_per_call = _steps_per_execution(model)
            self.capture.active = True
            # One bound method, kept: each attribute access makes a new one, and _finish compares identities.
            self.installed_function = self._train_function
            if integration.backend_name() not in ("tensorflow", "torch"):
                # JAX: fit's function takes and returns the training's state, the model's variables stale until
                # the epoch ends; the steps are recorded from the logs, the sampled ones from the state too.
                self.installed_function = self._stateful_train_function
                if self.steps_per_call != 1:
                    warn_once(
                        "keras-jax-steps-per-execution",
                        "Keras on the %s backend with steps_per_execution=%d: each call of fit's function, %d steps, is recorded as one step from its logs, and its weights, gradients and layers' outputs are not checked" % (integration.backend_name(), self.steps_per_call, self.steps_per_call),
                    )
            model.train_function = self.installed_function
            resumed = self._resume()
            if resumed is not None:
                return resumed
            if not all(getattr(layer, "built", True) for layer in _layers(model)):
                # A model without an Input is built when fit traces its first step (TensorFlow backend): its
                # layers, shapes and weights are known from the end of that step, and the run starts then.
                self.deferred = True
                return None
            return self._start_run()

        def _resume(self):
            """The open run of this model when fit is called on it again (one fit per epoch is one
            training: steps and epochs go on); an open run of another model ends here."""
            open_fit = integration.open_fit
            integration.open_fit = None
            if open_fit is None:
                return None
            model_ref, run, next_epoch = open_fit
            if model_ref() is self.model and run.active and not explicit:
                self.epoch_offset = next_epoch
                self.training_optimizer = _training_optimizer(self.model)
                self.learning_rate = _tf_loops.learning_rate_of(self.training_optimizer)
                self.view_layers = _view_layers(self.model)
                self.layer_names = _layer_names(self.model)
                return run
            run.end("completed")
            return None

        def _start_run(self, first_step_ran=False):
            """`first_step_ran`: the model's first step ran before the run started (it built the model)."""
            model = self.model
            # A custom loop followed before this fit is over: its run ends before this one starts (two runs
            # open at once would interleave their records).
            _tf_loops.end_loop("completed")
            summary, parameters = integration.summarize(model)
            first = _iterations(model) - (1 if first_step_ran else 0)
            run = Run("keras", integration.backend_name(), sampling_interval=sampling_interval, first_step=first)
            # Found once a run: the model's attributes are scanned for optimizers of its own.
            self.training_optimizer = _training_optimizer(model)
            self.learning_rate = _tf_loops.learning_rate_of(self.training_optimizer)
            run.start(summary, [p for p, _ in parameters], framework_version=getattr(keras, "__version__", None), early_stopping=self.early_stopping)
            self.view_layers = _view_layers(model)
            self.layer_names = _layer_names(model)
            return run

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch + self.epoch_offset
            self.previous_logs = None
            self.batch_index = 0
            self.batch = 0

        # ------------------------------------------------------------------------------------ steps

        def _train_function(self, iterator):
            """fit's training function during the watched fit: one of the two traced functions per call."""
            run = self.run
            plain, sampled = self.functions
            if run is None or not run.active or RUNTIME.failed:
                started = time.perf_counter()
                logs, loss = _split_loss(plain(iterator))
                if run is None and self.deferred and not RUNTIME.failed:
                    time_ms = (time.perf_counter() - started) * 1000.0
                    self.deferred = False
                    # The first call built the model and ran before the run could start: the run starts at its
                    # first step, recorded now (a subclassed model's training lost its step 0 before).
                    first = self.steps_per_call == 1
                    self.run = integration._guard("on_train_begin", lambda: self._start_run(first_step_ran=first))
                    if self.run is not None and first:
                        self.run.guard("logs", lambda: self.run.record_steps_run([(self.epoch, self.batch) + self._batch_values(logs, loss) + (self.learning_rate, time_ms)]))
                    else:
                        # Its logs are the base of the next step's running means.
                        self.previous_logs = _host_logs(logs)
                        self.batch_index += 1
                    self.batch += 1
                return logs
            if self.capture.tf is None:
                return self._eager_step(iterator, run.will_sample(run.next_step + len(self.pending)))
            if not run.will_sample(run.next_step + len(self.pending)):
                started = time.perf_counter()
                logs, loss = _split_loss(plain(iterator))
                self._pend(started, logs, loss)
            else:
                run.guard("logs", self._flush)
                run.begin_step(self.epoch, self.batch)
                self.weights_before = run.guard("parameters", run.observe_parameters_before)
                logs, returned = _split_capture(sampled(iterator))
                logs, step_loss = _split_loss(logs)
                run.guard("gradients", lambda: self._observe_sampled(returned))
                self.learning_rate = _tf_loops.learning_rate_of(self.training_optimizer)
                loss, metrics = run.guard("logs", lambda: self._batch_values(logs, step_loss if step_loss is not None else self.capture.loss)) or (math.nan, {})
                run.end_step(loss, metrics, self.learning_rate)
                self.batch += 1
            if RUNTIME.stop_reason is not None:
                self.model.stop_training = True
            return logs

        def _stateful_train_function(self, state, data):
            """fit's training function on a backend whose steps pass the training's state (JAX): each call's
            step recorded from its logs (the loss from the running means' differences); at a sampled step, the
            followed weights before and after it, read from the state passed in and returned (the model's
            variables are stale until the epoch ends), for their statistics and updates, and what the sampled
            function returns beside its logs (_jax_sampled_function): gradients, layers' outputs, targets."""
            function, sampled = self.functions
            run = self.run
            if run is None or not run.active or RUNTIME.failed:
                return function(state, data)
            if self.steps_per_call != 1 or not run.will_sample(run.next_step + len(self.pending)):
                started = time.perf_counter()
                logs, state = function(state, data)
                self._pend(started, logs, None)
            else:
                run.guard("logs", self._flush)
                run.begin_step(self.epoch, self.batch)
                # Copied before the call: the compiled step donates the state's buffers to its result.
                before = run.guard("parameters", lambda: self._state_weights(state)) or {}
                weights_before = run.guard("parameters", lambda: _reading(run, before, run.observe_parameters_before))
                logs, state = sampled(state, data)
                logs, returned = _split_capture(logs)
                run.guard("gradients", lambda: self._observe_returned(returned or {}, weights_before))
                after = run.guard("parameters", lambda: self._state_weights(state)) or {}
                run.guard("parameters", lambda: _reading(run, after, run.observe_parameters_updated))
                self.learning_rate = _tf_loops.learning_rate_of(self.training_optimizer)
                loss, metrics = run.guard("logs", lambda: self._batch_values(logs, None)) or (math.nan, {})
                run.end_step(loss, metrics, self.learning_rate)
                self.batch += 1
            if RUNTIME.stop_reason is not None:
                self.model.stop_training = True
            return logs, state

        def _state_weights(self, state):
            """The followed weights in a JAX training state (trainable, non-trainable, optimizer, metrics
            variables: the first two in the order of the model's lists), by name, as host copies."""
            import numpy

            if self.state_names is None:
                self.state_names = [[_variable_name(v) for v in self.model.trainable_variables], [_variable_name(v) for v in self.model.non_trainable_variables]]
            followed = self.run.params
            values = {}
            for names, arrays in zip(self.state_names, state[:2]):
                for name, array in zip(names, arrays):
                    if name in followed:
                        values[name] = numpy.array(array, copy=True)
            return values

        def _observe_returned(self, returned, weights_before):
            """What a sampled JAX step returned beside its logs (_jax_sampled_function): the gradients, in the
            order of the model's trainable variables, each layer's output subsample and facts, the targets."""
            import numpy

            run = self.run
            gradients = returned.get("gradients")
            if gradients is not None:
                read = [_stats.read_traced_gradient(g) if isinstance(g, tuple) else numpy.asarray(g) for g in gradients]
                run.observe_gradients(list(zip(self.state_names[0], read)), weights_before)
            else:
                warn_once("keras-jax-gradients", "Keras on the jax backend: this model's train_step does not apply one optimizer to every trainable variable; its gradients are not checked")
            outputs = returned.get("outputs") or []
            for layer, planned in zip(self.capture.jax_layers, outputs):
                if planned is not None:
                    self._observe_activation(layer, numpy.asarray(planned[0]), [int(v) for v in numpy.asarray(planned[1])])
            if self.view_layers and not any(planned is not None for planned in outputs):
                warn_once("keras-jax-outputs", "Keras on the jax backend: this model's train_step computes its gradients otherwise than by jax.value_and_grad; its layers' outputs are not checked")
            _observe_targets(run, [numpy.asarray(target) for target in returned.get("targets") or []])

        def _pend(self, started, logs, loss):
            """An unsampled step that ran from `started`: recorded with the next read of the losses."""
            self.pending.append((self.epoch, self.batch, (time.perf_counter() - started) * 1000.0, logs, loss))
            self.batch += 1
            if len(self.pending) * self.steps_per_call >= _FLUSH_STEPS:
                self.run.guard("logs", self._flush)

        def _eager_step(self, data, sampled):
            """A step of fit on an eager backend (torch): fit's own function, its loss kept as the loss scaling
            sees it; sampled, with the gradients the optimizer applies and each layer's output as its call
            returns it (training mode, before the update), read on the host."""
            run = self.run
            capture = self.capture
            function = self.functions[0]
            capture.eager_loss = None
            if not sampled:
                started = time.perf_counter()
                capture.tracing = "plain"
                try:
                    logs = function(data)
                finally:
                    capture.tracing = None
                self._pend(started, logs, capture.eager_loss)
                capture.eager_loss = None
            else:
                run.guard("logs", self._flush)
                run.begin_step(self.epoch, self.batch)
                self.weights_before = run.guard("parameters", run.observe_parameters_before)
                capture.eager_gradients = None
                # A step compiled by torch.compile (jit_compile=True) would recompile around wrapped calls: its
                # layers' outputs are not recorded, as in the PyTorch probe.
                compiled = getattr(self.model, "jit_compile", False) is True
                if compiled:
                    warn_once("keras-torch-compile", "the layers' outputs of a Keras model compiled with jit_compile=True on the torch backend are not recorded (wrapping them would recompile its step); its gradients, weights, updates and loss are")
                watched = None if compiled else integration._guard("train_step", lambda: capture.watch_calls(self.view_layers))
                capture.tracing = "sampled"
                try:
                    logs = function(data)
                finally:
                    capture.tracing = None
                    if watched is not None:
                        capture.unwatch_calls(watched[1])
                run.guard("gradients", lambda: self._observe_eager(data, watched[0] if watched is not None else {}))
                self.learning_rate = _tf_loops.learning_rate_of(self.training_optimizer)
                loss, metrics = run.guard("logs", lambda: self._batch_values(logs, capture.eager_loss)) or (math.nan, {})
                capture.eager_loss = None
                run.end_step(loss, metrics, self.learning_rate)
                self.batch += 1
            if RUNTIME.stop_reason is not None:
                self.model.stop_training = True
            return logs

        def _observe_eager(self, data, outputs):
            run = self.run
            capture = self.capture
            gradients = [(_variable_name(variable), values) for variable, values in (capture.eager_gradients or [])]
            capture.eager_gradients = None
            run.observe_gradients(gradients, self.weights_before)
            for layer in self.view_layers:
                output = _first_output(outputs.get(id(layer)))
                if output is not None and hasattr(output, "shape"):
                    self._observe_activation(layer, _host_copy(output))
            # fit's data on torch: a batch (x, y, sample_weight), the function's argument wrapped in a list.
            batch = data[0] if isinstance(data, (list, tuple)) and len(data) == 1 else data
            if isinstance(batch, (list, tuple)) and len(batch) >= 2 and batch[1] is not None:
                targets = batch[1] if isinstance(batch[1], (list, tuple)) else [batch[1]]
                _observe_targets(run, [_host_copy(t) for t in targets if hasattr(t, "shape")])
            run.observe_parameters_updated()

        def _flush(self):
            """The records of the steps run by the plain function since the last read of the loss ring."""
            pending = self.pending
            if not pending:
                return
            self.pending = []
            run = self.run
            self.learning_rate = _tf_loops.learning_rate_of(self.training_optimizer)  # once per read: a schedule moves it per step
            # The losses the plain function returned, else the last calls' in the ring.
            in_ring = sum(1 for entry in pending if entry[4] is None)
            ring = self.capture.losses_since(in_ring, self.steps_per_call) if self.capture.loss_traced and in_ring else []
            ring_index = 0
            steps = []
            for epoch, batch, time_ms, logs, returned in pending:
                if returned is None and ring:
                    returned = ring[ring_index]
                    ring_index += 1
                loss, metrics = self._batch_values(logs, returned)
                steps.append((epoch, batch, loss, metrics, self.learning_rate, time_ms))
            run.record_steps_run(steps)

        def _observe_sampled(self, returned):
            run = self.run
            capture = self.capture
            capture.fetch_sampled(returned)
            try:
                gradients, weights = capture.read_sampled()
                run.observe_gradients(gradients, self.weights_before)
                if capture.inputs:
                    inputs = [capture.value(v) for v in capture.inputs]
                    self._observe_activations(inputs)
                    _observe_targets(run, [capture.value(target) for target in capture.targets or []])
                run.observe_parameters_updated(weights)
            finally:
                capture.fetched = {}

        def _observe_activations(self, inputs):
            """Every layer's output for the sampled batch: as the sampled function computed them before the
            update, else by one extra forward pass after it through a view of every layer's output."""
            finite = all(_all_finite(v) for v in inputs)
            graph_view = self.capture.graph_view
            if graph_view is not None and finite:
                layers, holders = graph_view
                for layer, holder in zip(layers, holders):
                    if holder is None:
                        continue
                    values, facts = holder
                    capture = self.capture
                    self._observe_activation(layer, capture.value(values), None if facts is None else [int(v) for v in capture.value(facts)])
                return
            if self.view is None:
                # Kept with the model: a later fit (one per epoch, say) reuses the view and its trace.
                key = tuple(id(layer) for layer in self.view_layers)
                cached = self.capture.view
                if cached is not None and cached[0] == key:
                    self.view = cached[1]
                else:
                    found = _feature_view(keras, self.model, self.view_layers)
                    # Compiled: an eager pass through Keras layers costs several times the traced one.
                    self.view = (found[0], found[1], tf.function(lambda x, view=found[0]: view(x, training=False), reduce_retracing=True)) if found else False
                    self.capture.view = (key, self.view)
            if self.view is False:
                return
            view, layers, forward = self.view
            # The batch as fit received it (a dict of named inputs flattens in key order, not the model's).
            structure = self.capture.input_structure if self.capture.input_structure is not None else view.input
            x = tf.nest.pack_sequence_as(structure, inputs) if len(tf.nest.flatten(structure)) == len(inputs) else inputs[0]
            # Non-finite inputs go through the eager pass: the compiled one may fuse a ReLU into the matmul
            # that maps NaN to 0, hiding where the NaN goes.
            outputs = forward(x) if finite else view(x, training=False)
            if not isinstance(outputs, (list, tuple)):
                outputs = [outputs]
            for layer, output in zip(layers, outputs):
                output = _first_output(output)
                if output is None:
                    continue
                self._observe_activation(layer, output.numpy() if hasattr(output, "numpy") else output)

        def _observe_activation(self, layer, values, facts=None):
            """`facts`: [non-finite count, *shape] of the whole output when `values` is its subsample taken in
            the graph (channels already last)."""
            if facts is None and getattr(layer, "data_format", None) == "channels_first" and values.ndim >= 3:
                import numpy

                values = numpy.moveaxis(values, 1, -1)
            kind = _vocabulary.keras_layer_kind(type(layer).__name__)
            shape, non_finite = (list(values.shape), None) if facts is None else (facts[1:], facts[0])
            self.run.observe_activation(self.layer_names.get(id(layer), layer.name), values, shape, _activation_of(layer, kind), str(values.dtype), non_finite=non_finite)

        def _batch_values(self, logs, loss):
            """This batch's loss and metrics. Keras logs hold the epoch's running means: the loss comes from
            the capture (a variable, or a value read from the ring) when the step's loss was traced, the
            metrics from the running means' differences."""
            logs = _host_logs(logs)
            previous = self.previous_logs or {}
            self.batch_index += 1
            self.previous_logs = logs
            if self.capture.loss_traced and loss is not None:
                # A torch tensor (an eager backend's loss) converts wherever it lives; a TensorFlow one by numpy().
                loss = float(loss.numpy()) if hasattr(loss, "numpy") and self.capture.tf is not None else float(loss)
            elif "loss" in logs:
                loss = _batch_value(logs.get("loss"), previous.get("loss"), self.batch_index)
            else:
                # A custom train_step that reports no "loss" (a GAN's "d_loss" and "g_loss"): unknown, not NaN.
                loss = None
                names = ", ".join(sorted(str(key) for key in logs)[:4]) or "nothing"
                warn_once("keras-no-loss", "fit's logs hold no \"loss\" (its train_step reports %s): the loss checks have no loss to read" % names)
            if self.cumulative_metrics is None:
                # Looked up after a step: Keras builds the compiled metrics on the first.
                self.cumulative_metrics = _cumulative_metrics(keras, self.model)
            metrics = {}
            for key, value in logs.items():
                if key != "loss" and key not in self.cumulative_metrics:
                    metrics[key] = _batch_value(value, previous.get(key), self.batch_index)
            return loss, metrics

        def on_epoch_end(self, epoch, logs=None):
            run = self.run
            if run is None or not run.active:
                return
            run.guard("logs", self._flush)
            logs = logs or {}
            metrics = {k: float(v) for k, v in logs.items() if not k.startswith("val_") and k != "loss" and isinstance(v, (int, float))}
            val = {k[4:]: float(v) for k, v in logs.items() if k.startswith("val_") and k != "val_loss" and isinstance(v, (int, float))}
            run.end_epoch(epoch + self.epoch_offset, logs.get("loss"), metrics, logs.get("val_loss"), val if "val_loss" in logs else None)

        def on_train_end(self, logs=None):
            self._finish("stopped" if RUNTIME.stop_reason is not None else "completed", RUNTIME.stop_reason)

        def _nncheck_abort(self, error):
            if isinstance(error, KeyboardInterrupt):
                self._finish("stopped", "interrupted (SIGINT)")
            else:
                self._finish("crashed", "%s: %s" % (type(error).__name__, error))

        def _finish(self, status, reason):
            if self.capture is not None:
                self.capture.active = False
                if self.functions is not None and getattr(self.model, "train_function", None) is self.installed_function:
                    # fit's own function back (the two stay with the capture for the next watched fit).
                    self.model.train_function = self.capture.functions[2]
            if self.run is not None:
                if self.run.active:
                    self.run.guard("logs", self._flush)
                if status == "completed" and not explicit and self.run.active:
                    # Kept open: a next fit of this model continues it; another model's, or the exit, ends it.
                    integration.open_fit = (weakref.ref(self.model), self.run, self.epoch + 1)
                else:
                    self.run.end(status, reason)
                self.run = None
            if sink is not None:
                RUNTIME.remove_sink(sink)

    if integration.backend_name() == "jax" and isinstance(getattr(keras.callbacks.Callback, "model", None), property):
        # The model fit set, never synced. On JAX, Keras's `model` property first writes the training state it
        # last handed the callbacks into the model's variables; inside the training function, where the probe
        # reads its logs, that state has just been donated to the running step: the variables then held deleted
        # buffers, which the next step was given (a recorded fit crashed at its second fit's first sample).
        # tf.keras 2's callbacks hold the model as a plain attribute: left alone.
        NncheckCallback.model = property(lambda callback: callback._model)
    return NncheckCallback()


# ------------------------------------------------------------------------------------------ helpers


def _with_callback(fit, args, kwargs, callback):
    """fit's arguments with the callback added to its callbacks (passed by keyword or position)."""
    import inspect

    try:
        bound = inspect.signature(fit).bind_partial(None, *args, **kwargs)
    except TypeError:
        kwargs = dict(kwargs)
        callback.early_stopping = _early_stopping(kwargs.get("callbacks") or [])
        kwargs["callbacks"] = list(kwargs.get("callbacks") or []) + [callback]
        return args, kwargs
    existing = bound.arguments.get("callbacks")
    if existing is None:
        existing = []
    elif not isinstance(existing, (list, tuple)):
        existing = list(getattr(existing, "callbacks", [existing]))
    callback.early_stopping = _early_stopping(existing)
    bound.arguments["callbacks"] = list(existing) + [callback]
    new_args = bound.args[1:]
    return tuple(new_args), dict(bound.kwargs)


def _early_stopping(callbacks):
    """The run-start's `earlyStopping` (schema 1.5) from fit's callbacks: an EarlyStopping, or a subclass of
    it; None without one (or when its attributes are not what Keras's are: the user's fit goes on)."""
    try:
        return _early_stopping_of(callbacks)
    except Exception:  # noqa: BLE001 - a fact the checks can do without
        return None


def _early_stopping_of(callbacks):
    for callback in callbacks if isinstance(callbacks, (list, tuple)) else []:
        if not any(cls.__name__ == "EarlyStopping" for cls in type(callback).__mro__):
            continue
        monitor = getattr(callback, "monitor", None)
        if not isinstance(monitor, str):
            continue
        stated = {"monitor": monitor}
        patience = getattr(callback, "patience", None)
        if isinstance(patience, int) and not isinstance(patience, bool):
            stated["patience"] = patience
        restores = getattr(callback, "restore_best_weights", None)
        if isinstance(restores, bool):
            stated["restoresBest"] = restores
        return stated
    return None


def _with_loss(capture, result):
    """At trace time: the step's logs with its batch's loss, or the loss into the ring (and, sampled, into the
    capture's loss) when the step returns no dict to add it to (a custom train_step)."""
    loss = capture.traced_loss
    capture.traced_loss = None
    if isinstance(result, dict) and _LOSS_KEY not in result:
        return dict(result, **{_LOSS_KEY: loss})
    capture.write_ring(loss)
    if capture.tracing == "sampled":
        capture.loss.assign(loss)
    return result


def _split_loss(logs):
    """(fit's logs, the batch's loss or None) from what the plain function returned."""
    if isinstance(logs, dict) and _LOSS_KEY in logs:
        logs = dict(logs)
        return logs, logs.pop(_LOSS_KEY)
    return logs, None


def _jax_sampled_function(model, capture, current, guard):
    """Keras on JAX: fit's training function made a second time, for sampled steps, returning beside the
    step's logs (taken off them before fit sees them) the gradients the optimizer applies, the targets, and
    each layer's output as the step's forward pass computed it (training mode, before the update), the
    gradients and the outputs reduced there (_stats.reduce_gradient_traced, subsample_traced): the host
    copies a few thousand values of each, not the tensors. All is caught while jit traces the step (at its
    first call), so the compiled step computes nothing more than these reductions:
    - the gradients, by the optimizer's stateless_apply wrapped; a train_step that does not apply one
      optimizer to every trainable variable (a GAN's two) returns none: they could not be named;
    - the outputs, by the layers' calls wrapped, inside the function that jax.value_and_grad differentiates:
      they leave it in its auxiliary output (jax.value_and_grad is wrapped while the step is traced, and
      hands the step what it asked for); a train_step that differentiates otherwise (jax.grad) returns none.
    `guard(where, body)` runs the probe's own work: a failure there disables the probe, never the step."""
    import jax
    import jax.numpy as jnp

    layers = _view_layers(model)
    # Planned now: a variable's value cannot be read while the step is traced. A model built by its first step
    # has no variables yet: its gradients are returned whole.
    built = all(getattr(layer, "built", True) for layer in _layers(model))
    plans = _parameter_plans(model) if built else {}

    def train_step(state, data):
        optimizer = getattr(model, "optimizer", None)
        applied, caught = [], {}
        own = getattr(optimizer, "__dict__", {}).get("stateless_apply")
        apply = getattr(optimizer, "stateless_apply", None)

        def stateless_apply(optimizer_variables, grads, trainable_variables):
            applied.append(list(grads))
            return apply(optimizer_variables, grads, trainable_variables)

        value_and_grad = jax.value_and_grad

        def outputs_too(fun, *args, has_aux=False, **kwargs):
            # The first differentiation of the step (a GAN's second is the generator's); has_aux passed by
            # position is left alone.
            if len(args) > 1 or "outputs" in caught:
                return value_and_grad(fun, *args, has_aux=has_aux, **kwargs)
            caught["outputs"] = None

            def with_outputs(*a, **k):
                watched = guard("train_step", lambda: capture.watch_calls(layers))
                try:
                    result = fun(*a, **k)
                finally:
                    if watched is not None:
                        capture.unwatch_calls(watched[1])
                value, aux = result if has_aux else (result, None)
                outputs = guard("train_step", lambda: [_first_output(watched[0].get(id(layer))) for layer in layers]) if watched is not None else None
                return value, (aux, outputs)

            differentiated = value_and_grad(with_outputs, *args, has_aux=True, **kwargs)

            def unwrapped(*a, **k):
                (value, (aux, outputs)), grads = differentiated(*a, **k)
                caught["outputs"] = outputs
                return ((value, aux) if has_aux else value), grads

            return unwrapped

        # object.__setattr__: the optimizer's attribute tracking has nothing to track in a function.
        patched = apply is not None  # a model compiled without an optimizer (a GAN's two are its own) has none
        if patched:
            object.__setattr__(optimizer, "stateless_apply", stateless_apply)
        jax.value_and_grad = outputs_too
        try:
            logs, state = original_step(state, data)
        finally:
            jax.value_and_grad = value_and_grad
            if patched and own is not None:
                object.__setattr__(optimizer, "stateless_apply", own)
            elif patched:
                object.__delattr__(optimizer, "stateless_apply")
        if not isinstance(logs, dict) or _CAPTURE_KEY in logs:
            return logs, state
        returned = guard("train_step", lambda: _jax_returned(jax, jnp, model, layers, plans, data, applied, caught.get("outputs")))
        if returned is None:
            return logs, state
        # The layers, in the order of their outputs: the same at every trace of this model's step.
        capture.jax_layers = layers
        return dict(logs, **{_CAPTURE_KEY: returned}), state

    original_step = capture.original_step
    model.train_step = train_step
    try:
        model.make_train_function(force=True)
        return model.train_function
    finally:
        model.train_step = original_step
        model.train_function = current


def _jax_returned(jax, jnp, model, layers, plans, data, applied, outputs):
    """At trace time (_jax_sampled_function): what the sampled step returns beside its logs: each layer's
    output reduced (None where a layer's was not caught), the gradients (reduced where planned, a penalised
    parameter's whole: the host splits the penalty's part off with the weights), the targets."""
    returned = {"outputs": []}
    for layer, output in zip(layers, outputs or [None] * len(layers)):
        planned = None
        if output is not None and hasattr(output, "shape") and hasattr(output, "dtype"):
            if getattr(layer, "data_format", None) == "channels_first" and output.ndim >= 3:
                output = jnp.moveaxis(output, 1, -1)
            planned = _stats.subsample_traced(jnp, output)
        returned["outputs"].append(planned)
    variables = model.trainable_variables
    if len(applied) == 1 and len(applied[0]) == len(variables) and all(g is not None for g in applied[0]):
        gradients = []
        for variable, gradient in zip(variables, applied[0]):
            plan = plans.get(id(variable))
            reduced = None if plan is None or plan.whole else _stats.reduce_gradient_traced(jnp, gradient, plan.unit_axis)
            gradients.append(reduced if reduced is not None else gradient)
        returned["gradients"] = gradients
    _, targets = _unpack(data)
    returned["targets"] = [t for t in jax.tree_util.tree_leaves(targets) if hasattr(t, "shape")]
    return returned


def _observe_targets(run, targets):
    """The batch's targets (host arrays), in the model's output order."""
    for index, values in enumerate(targets):
        run.observe_target(index, values, list(values.shape), str(values.dtype))


def _first_output(output):
    """A layer's output, the first of several."""
    if isinstance(output, (list, tuple)):
        return output[0] if output else None
    return output


def _split_capture(logs):
    """(fit's logs, what the sampled function returned beside them or None)."""
    if isinstance(logs, dict) and _CAPTURE_KEY in logs:
        logs = dict(logs)
        return logs, logs.pop(_CAPTURE_KEY)
    return logs, None


def _host_logs(logs):
    """fit's logs as Python floats (the training functions return tensors); what is not a number is left out."""
    values = {}
    for key, value in (logs or {}).items():
        try:
            values[key] = float(value)
        except (TypeError, ValueError):
            continue
    return values


def _steps_per_execution(model):
    try:
        return max(1, int(getattr(model, "steps_per_execution", 1) or 1))
    except (TypeError, ValueError):
        return 1


def _unpack(data):
    if isinstance(data, (list, tuple)):
        if len(data) == 1:
            return data[0], None
        return data[0], data[1]
    return data, None


def _view_layers(model):
    """The layers whose outputs the activation view reads: every one but the inputs and those whose outputs
    are not recorded (passed_through: a Dropout, a Flatten)."""
    named = [(name, layer, _vocabulary.keras_layer_kind(type(layer).__name__)) for name, layer in _named_layers(model)]
    summary = {"layers": [{"name": name, "kind": kind, "activation": _activation_of(layer, kind)} for name, layer, kind in named]}
    outputs = _stated_outputs(model, [name for name, _, _ in named])
    if outputs:
        summary["outputs"] = outputs
    skipped = passed_through(summary)
    return [layer for name, layer, kind in named if kind != "input" and name not in skipped]


def _layers(model):
    return [layer for _, layer in _named_layers(model)]


def _has_graph(model):
    """A Sequential or Functional model: its layers run in the order they are listed."""
    return any(cls.__name__ in ("Sequential", "Functional") for cls in type(model).__mro__)


def _opens(layer):
    """Whether a layer is a model whose own layers are followed in its place: a Sequential or Functional
    model inside another (transfer learning's `Sequential([base_model, ..., Dense])`, a VAE's encoder and
    decoder, a GAN's generator and discriminator)."""
    return _has_graph(layer) and bool(getattr(layer, "layers", None))


def _named_layers(model):
    """(name, layer) of the model's layers, a nested model's own in its place, named under it
    ("base/conv1"); tensor records refer to layers by these names."""
    return [(name, layer) for name, layer, _ in _placed_layers(model)]


def _placed_layers(model, prefix="", part=None):
    """(name, layer, part) of the model's layers (_named_layers). `part` names the sub-model a layer belongs
    to when the model around it is subclassed: its attribute order (a GAN's discriminator, then its
    generator) is not the order the data runs through its sub-models, so only the layers of one part are
    in data order. None: the layer's place in the model's order is its own."""
    placed = []
    ordered = _has_graph(model)
    for layer in list(getattr(model, "layers", [])):
        name = prefix + layer.name
        if _opens(layer):
            placed.extend(_placed_layers(layer, name + "/", part if ordered else name))
        else:
            placed.append((name, layer, part))
    return placed


def _layer_names(model):
    return {id(layer): name for name, layer in _named_layers(model)}


def _host_copy(tensor):
    """A tensor of an eager backend (torch) as a numpy array of its own."""
    import numpy

    detach = getattr(tensor, "detach", None)
    if detach is not None:
        tensor = detach().cpu()
        # numpy has no bfloat16 (mixed precision on torch): widened, as the TensorFlow side reads it.
        tensor = (tensor.float() if str(tensor.dtype) == "torch.bfloat16" else tensor).numpy()
    return numpy.array(tensor, copy=True)


def _all_finite(values):
    """Whether an input array holds only finite numbers (arrays that are not floating point do)."""
    import numpy

    array = numpy.asarray(values)
    return array.dtype.kind != "f" or bool(numpy.isfinite(array).all())


def _feature_view(keras, model, layers):
    """A model from the inputs to every layer's output (Functional and Sequential models), or None."""
    try:
        inputs = model.input
    except Exception:  # noqa: BLE001 - a Sequential model built by add() has only `inputs`
        try:
            inputs = model.inputs
        except Exception:  # noqa: BLE001 - a subclassed model has no symbolic inputs
            return None
        if isinstance(inputs, (list, tuple)) and len(inputs) == 1:
            inputs = inputs[0]
    if inputs is None or (isinstance(inputs, (list, tuple)) and not inputs):
        return None
    own = {id(layer) for layer in getattr(model, "layers", [])}
    # The layers of a nested model belong to its own graph, which a view from the outer inputs may not reach:
    # then the view reads the outer model's layers alone.
    for candidates in (layers, [layer for layer in layers if id(layer) in own]):
        kept, outputs = [], []
        for layer in candidates:
            try:
                output = layer.output
            except Exception:  # noqa: BLE001 - a shared layer has several outputs
                continue
            kept.append(layer)
            outputs.append(output)
        if not outputs:
            continue
        try:
            return keras.Model(inputs, outputs), kept
        except Exception:  # noqa: BLE001
            continue
    return None


def _activation_of(layer, kind):
    fixed = _vocabulary.activation_of_kind(kind)
    if fixed:
        return fixed
    function = getattr(layer, "activation", None)
    if function is None:
        return "linear"
    name = function if isinstance(function, str) else getattr(function, "__name__", None)
    return (_vocabulary.keras_activation(name) if name else None) or "linear"


def _output_shape(layer):
    try:
        shape = layer.output.shape
    except Exception:  # noqa: BLE001
        try:
            shape = layer.output_shape
        except Exception:  # noqa: BLE001
            return []
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        shape = shape[0]
    try:
        dims = [int(d) if d is not None else None for d in shape]
    except TypeError:
        return []
    # The batch axis: a model built by its first traced step knows that batch's size, not the model's.
    return [None] + dims[1:] if dims else dims


def _size(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


def _variable_name(variable):
    path = getattr(variable, "path", None)
    if isinstance(path, str) and path:
        return path
    name = getattr(variable, "name", "variable")
    return name[:-2] if name.endswith(":0") else name


def _dtype_of(variable):
    dtype = getattr(variable, "dtype", None)
    name = getattr(dtype, "name", None) or str(dtype)
    return name


def _followed_weights(layer, untracked=None):
    """(weight, name, parameter, penalty, unit axis) of each weight of a layer the probe follows. A frozen
    layer has no trainable weights; its weights are followed still (they must not move)."""
    weights = layer.trainable_weights if layer.trainable else [w for w in layer.weights if "moving_" not in _variable_name(w)]
    named = [(weight, _variable_name(weight)) for weight in weights]
    if layer.trainable:
        # Followed too, so that a training that never moves them is seen (D205 names them as untracked).
        # `untracked`: _untracked_variables(layer), when the caller has it already.
        named += _untracked_variables(layer) if untracked is None else untracked
    # Keras kernels end with the output channels; a transposed convolution's kernel ends with its input channels.
    unit_axis = -2 if type(layer).__name__.endswith("Transpose") else -1
    for weight, name in named:
        short = name.rsplit("/", 1)[-1]
        parameter = parameter_role(short, weight.shape)
        regularizer = getattr(layer, "bias_regularizer" if parameter == "bias" else "kernel_regularizer", None) if short in ("kernel", "bias") else None
        yield weight, name, parameter, _penalty_of(regularizer), unit_axis


def _reading(run, values, body):
    """Runs `body` with the run's parameters read from `values` (by name) instead of their variables."""
    saved = {}
    for name, value in values.items():
        param = run.params.get(name)
        if param is not None:
            saved[name] = param.read
            param.read = lambda value=value: value
    try:
        return body()
    finally:
        for name, read in saved.items():
            run.params[name].read = read


def _model_own_weights(model, placed):
    """([(weight, name, "")], [(variable, name)]): the trainable weights a subclassed model makes itself
    (add_weight in the model, not in one of its layers: a learned temperature), followed with no layer as
    the PyTorch probe follows a root module's own parameters; and the tf.Variables it holds untracked."""
    if not getattr(model, "trainable", True):
        return [], []
    held = {id(w) for layer in placed for w in layer.weights}
    try:
        own = [(w, _variable_name(w), "") for w in model.trainable_weights if id(w) not in held]
    except Exception:  # noqa: BLE001 - a model not built yet
        own = []
    return own, _untracked_variables(model)


def _untracked_variables(layer):
    """[(variable, name)] of the trainable tf.Variables a Keras 3 layer holds as attributes (or in a list of
    them) without tracking them: Keras 3 trains the weights a layer makes with add_weight (or keras.Variable),
    so fit, and a loop over model.trainable_variables, never update these (keras-io's VQ-VAE holds its
    codebook so). tf.keras 2 tracks such attributes: they are among its weights, and none is listed."""
    tf = sys.modules.get("tensorflow")
    variable_type = getattr(tf, "Variable", None) if tf is not None else None
    if not isinstance(variable_type, type):
        return []
    tracked = set()
    for weight in layer.weights:
        tracked.add(id(weight))
        tracked.add(id(getattr(weight, "value", None)))
    base = getattr(layer, "path", None) or layer.name
    found = []
    for attribute, held in list(vars(layer).items()):
        if attribute.startswith("_"):
            continue
        items = [(attribute, held)]
        if isinstance(held, (list, tuple)):
            items = [("%s[%d]" % (attribute, i), item) for i, item in enumerate(held)]
        for name, item in items:
            if isinstance(item, variable_type) and getattr(item, "trainable", False) and id(item) not in tracked:
                tracked.add(id(item))
                found.append((item, "%s/%s" % (base, name)))
    return found


class _ParameterPlan:
    """What the sampled function keeps of a followed parameter's gradient: the gradient whole (`whole`: its
    penalty's part is split off on the host, with the weights) or reduced, with per-unit zero counts along
    `unit_axis` (a kernel: a weight of rank 2 or more) or none."""

    __slots__ = ("variable", "whole", "unit_axis")

    def __init__(self, variable, whole, unit_axis):
        self.variable = variable
        self.whole = whole
        self.unit_axis = unit_axis


def _parameter_plans(model):
    plans = {}
    layers = _layers(model)
    for layer in layers:
        for weight, _, parameter, penalty, unit_axis in _followed_weights(layer):
            kernel = parameter == "weights" and len(weight.shape) >= 2
            plans[id(weight)] = _ParameterPlan(weight, penalty is not None, unit_axis if kernel else None)
    for weight, name, _ in _model_own_weights(model, layers)[0]:
        kernel = parameter_role(name.rsplit("/", 1)[-1], weight.shape) == "weights" and len(weight.shape) >= 2
        plans[id(weight)] = _ParameterPlan(weight, False, -1 if kernel else None)
    return plans


def _penalty_of(regularizer):
    """A Keras L1/L2 regulariser as (l1, 2·l2, included): its gradient is l1·sign(w) + 2·l2·w."""
    if regularizer is None:
        return None
    l1 = float(getattr(regularizer, "l1", 0.0) or 0.0)
    l2 = float(getattr(regularizer, "l2", 0.0) or 0.0)
    if type(regularizer).__name__ not in ("L1", "L2", "L1L2") or (l1 <= 0 and l2 <= 0):
        return None
    return (l1, 2.0 * l2, True)


def _stated_outputs(model, layer_names):
    """_output_names when each is one of `layer_names` (the run-start summary's), else None."""
    outputs = _output_names(model)
    return outputs if outputs and all(name in layer_names for name in outputs) else None


def _output_names(model, prefix=""):
    """The names of the layers whose outputs are the model's, in its order (None when not known); a
    nested model's output layer in its place, as _named_layers names it."""
    names = _own_output_names(model)
    if names is None:
        return None
    by_name = {layer.name: layer for layer in getattr(model, "layers", [])}
    expanded = []
    for name in names:
        layer = by_name.get(name)
        if layer is not None and _opens(layer):
            inner = _output_names(layer, prefix + name + "/")
            if not inner:
                return None
            expanded.extend(inner)
        else:
            expanded.append(prefix + name)
    return expanded


def _own_output_names(model):
    try:
        names = getattr(model, "output_names", None)
        if names:
            return [str(name) for name in names]
        outputs = getattr(model, "outputs", None) or []
        found = []
        for tensor in outputs:
            history = getattr(tensor, "_keras_history", None)
            layer = getattr(history, "operation", None) or getattr(history, "layer", None)
            if layer is None:
                return None
            found.append(layer.name)
        return found or None
    except Exception:  # noqa: BLE001 - unbuilt or unusual models state no outputs
        return None


def _loss_of(model):
    loss = getattr(model, "loss", None)
    if isinstance(loss, (list, tuple)):
        loss = loss[0] if loss else None
    if isinstance(loss, dict):
        loss = next(iter(loss.values()), None)
    if loss is None:
        return None, None
    if isinstance(loss, str):
        name = loss
    elif hasattr(loss, "__name__"):
        name = loss.__name__
    else:
        name = type(loss).__name__
        if name == "LossFunctionWrapper":
            fn = getattr(loss, "fn", None)
            name = getattr(fn, "__name__", name)
    kind = _vocabulary.keras_loss(name)
    if kind is None:
        return "custom", None
    from_logits = getattr(loss, "from_logits", None)
    if from_logits is None:
        from_logits = (getattr(loss, "_fn_kwargs", None) or {}).get("from_logits")
    expects = "logits" if from_logits else _vocabulary.loss_expects(kind)
    return kind, expects


def _iterations(model):
    optimizer = getattr(model, "optimizer", None)
    try:
        return int(optimizer.iterations.numpy())
    except Exception:  # noqa: BLE001
        return 0


def _training_optimizer(model):
    """The optimizer that trains the model as fit runs it: its compiled one, unless the model holds optimizers
    of its own (a GAN's `d_optimizer` and `g_optimizer`, which its train_step steps; `compile()` without an
    optimizer still gives the model a default RMSprop, which never steps). None then: not known."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    # The class that defines the optimizer step (Keras 3's base optimizer, tf.keras's Optimizer): every
    # Keras optimizer of either is one.
    base = next((cls for cls in type(optimizer).__mro__ if "apply" in vars(cls) or "apply_gradients" in vars(cls)), None)
    if base is None:
        return optimizer
    try:
        attributes = list(vars(model).values())
    except TypeError:
        return optimizer
    return None if any(value is not optimizer and isinstance(value, base) for value in attributes) else optimizer


def _batch_value(running, previous_running, index):
    """The k-th batch's value from running means m_k = (k−1)/k·m_{k−1} + x_k/k (equal batch weights)."""
    if not isinstance(running, (int, float)):
        return math.nan
    if previous_running is None or index is None or index <= 1:
        return float(running)
    return index * float(running) - (index - 1) * float(previous_running)


def _cumulative_metrics(keras, model):
    """Names of the model's metrics whose logged value is no running mean of batch values: counts over the
    epoch (TruePositives), ratios of such counts (Precision, Recall), curves (AUC). No batch's value can be
    told from them, so the steps leave them out (each epoch's value is still recorded). A mean (accuracy, a
    loss tracker of a custom train_step) is left in; so is a name no metric object has (Keras 3's trainer
    logs what a custom train_step returns as it is)."""
    mean = getattr(getattr(keras, "metrics", None), "Mean", None)
    if mean is None:
        return frozenset()
    names = set()
    pending = list(getattr(model, "metrics", None) or [])
    seen = set()
    while pending:
        metric = pending.pop()
        if id(metric) in seen:
            continue
        seen.add(id(metric))
        inner = getattr(metric, "metrics", None) if type(metric).__name__ == "CompileMetrics" else None
        if isinstance(inner, (list, tuple)):
            # Keras 3 holds the compiled metrics in one container, logged under their own names.
            pending.extend(inner)
        elif not isinstance(metric, mean) and isinstance(getattr(metric, "name", None), str):
            names.add(metric.name)
    return frozenset(names)


def _optimizer_base(keras):
    """(class, method) of the optimizer step to wrap: Keras 3's `apply` (apply_gradients calls it), else
    `apply_gradients` (Keras 2)."""
    optimizers = getattr(keras, "optimizers", None)
    top = getattr(optimizers, "Optimizer", None)
    if top is None:
        return None
    for method in ("apply", "apply_gradients"):
        for cls in top.__mro__:
            if method in vars(cls):
                return cls, method
    return None


def _gradients_and_variables(method, optimizer, args, kwargs):
    """(gradients, variables, args, kwargs) of an optimizer step; a generator of pairs is materialised
    and handed on as a list, so the optimizer still receives every pair."""
    if method == "apply":
        grads = list(args[0] if args else kwargs.get("grads"))
        variables = args[1] if len(args) > 1 else kwargs.get("trainable_variables")
        if variables is None:
            variables = getattr(optimizer, "_trainable_variables", [])
        args = (grads,) + tuple(args[1:]) if args else args
        if not args:
            kwargs = dict(kwargs, grads=grads)
        return grads, list(variables), args, kwargs
    pairs = list(args[0] if args else kwargs.get("grads_and_vars"))
    if args:
        args = (pairs,) + tuple(args[1:])
    else:
        kwargs = dict(kwargs, grads_and_vars=pairs)
    return [g for g, _ in pairs], [v for _, v in pairs], args, kwargs
