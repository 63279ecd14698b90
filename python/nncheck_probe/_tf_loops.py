"""TensorFlow custom training loops: `tf.GradientTape` and a Keras optimizer's `apply_gradients`/`apply`.

Each optimizer step outside `fit` is a step of a custom loop. The loss is the tape's target: the scalar
the last `tape.gradient(loss, ...)` was called on. Eager loops are recorded in Python directly. A loop
compiled with `tf.function` runs Python only while it is traced, so the probe adds `tf.numpy_function`
calls to the step (its own start and end, and at sampled steps only, the gradients and parameters).

Activations are not recorded in custom loops (no batch is known to the probe); gradients, parameters,
updates and the loss are. Epochs are passes over a `tf.data` dataset: a step whose batch came from a new
pass over the same dataset as the last step's opens the next epoch. The epoch's validation loss is the
mean of the Keras loss objects' results computed eagerly, outside any GradientTape, after its last step
(the loop's own evaluation; in an evaluation step compiled with `tf.function`, traced while the loop is
followed, a `tf.numpy_function` hands each result over as the step runs; not under XLA, which cannot
compile one). A stop asked by `nncheck watch --fail-on` raises TrainingStopped out of the
step (in a compiled loop TensorFlow wraps it in its own error).
"""

import math
import sys
import weakref

from ._probe import Param, Run, parameter_role, tag_pass
from ._runtime import RUNTIME, TrainingStopped, warn_once

# Steps another optimizer takes alone before the probe follows it instead of the first one.
SWITCH_AFTER = 20


class TensorFlowIntegration:
    """Remembers the target of the last `GradientTape.gradient` call: a custom loop's loss."""

    current = None

    def __init__(self, tf):
        self.tf = tf
        self.last_target = None
        # (weakref to the dataset, its pass) that gave the latest batch; passes over each dataset.
        self.last_dataset = None
        self.dataset_passes = weakref.WeakKeyDictionary()
        # GradientTapes open now, and the (loss, batch size) computed by loss objects outside them since the
        # followed loop's last step: its evaluation, when an epoch ends there.
        self.open_tapes = 0
        self.eval_losses = []
        TensorFlowIntegration.current = self

    def install(self):
        tf = self.tf
        integration = self
        self._wrap_datasets()
        self._count_tapes()
        tape_class = tf.GradientTape
        original = tape_class.gradient

        def gradient(tape, target, *args, **kwargs):
            watched = False
            if RUNTIME.connected and not RUNTIME.failed:
                try:
                    if _is_scalar(target):
                        integration.last_target = target
                        watched = True
                except Exception:  # noqa: BLE001
                    pass
            grads = original(tape, target, *args, **kwargs)
            if watched:
                try:
                    _manual_gradient(integration, target, args[0] if args else kwargs.get("sources"), grads)
                except Exception as error:  # noqa: BLE001
                    RUNTIME.fail(error, "gradient", 0, "tensorflow")
            return grads

        gradient.__wrapped__ = original
        tape_class.gradient = gradient

    def end_run(self, status, reason):
        end_loop(status, reason)
        unchanged = _STATE.get("unchanged")
        if unchanged is not None and not _STATE.get("followed"):
            # Say why nothing was checked: the loop took gradients and applied none (a learning rate of 0 by
            # hand, or updates written to copies of the variables).
            warn_once("gradients-unapplied", "the program took gradients of the same %d trainable variables %d times and never changed them (no optimizer step, no update by hand): nothing trained" % unchanged)
        # What a session saw of gradients taken by hand does not carry into the next (nncheck_probe.record).
        for key in ("unchanged", "followed", "manual", "stand_in", "pending"):
            _STATE.pop(key, None)

    def _wrap_datasets(self):
        """Tags each iterator over a `tf.data` dataset with its dataset and pass, and notes at each batch which
        one it came from (the PyTorch probe does so for DataLoaders)."""
        dataset_class = getattr(getattr(self.tf, "data", None), "Dataset", None)
        if dataset_class is None or not hasattr(dataset_class, "__iter__"):
            return
        integration = self
        original_iter = dataset_class.__iter__
        wrapped = set()

        def iterate(dataset):
            iterator = original_iter(dataset)
            try:
                tag_pass(integration.dataset_passes, dataset, iterator)
                kind = type(iterator)
                if kind not in wrapped:
                    wrapped.add(kind)
                    integration._wrap_next(kind)
            except Exception:  # noqa: BLE001
                pass
            return iterator

        iterate.__wrapped__ = original_iter
        dataset_class.__iter__ = iterate

    def _wrap_next(self, iterator_class):
        integration = self
        original_next = iterator_class.__next__

        def next_batch(iterator):
            batch = original_next(iterator)
            integration.last_dataset = getattr(iterator, "_nncheck_source", None)
            return batch

        next_batch.__wrapped__ = original_next
        iterator_class.__next__ = next_batch

    def _count_tapes(self):
        tape_class = self.tf.GradientTape
        integration = self
        original_enter, original_exit = tape_class.__enter__, tape_class.__exit__

        def enter(tape):
            result = original_enter(tape)
            integration.open_tapes += 1
            return result

        def exit_(tape, *args):
            integration.open_tapes = max(0, integration.open_tapes - 1)
            return original_exit(tape, *args)

        enter.__wrapped__, exit_.__wrapped__ = original_enter, original_exit
        tape_class.__enter__, tape_class.__exit__ = enter, exit_

    def note_loss(self, result, args):
        """A Keras loss object's result: kept as an evaluation loss when computed outside any tape while a
        custom loop is followed (bounded: a loop evaluates a few hundred batches an epoch) — eagerly, or as
        the compiled function traced then runs."""
        if self.open_tapes or _STATE["loop"] is None or not _is_scalar(result):
            return
        if not self.tf.executing_eagerly():
            self._note_compiled(result, args)
            return
        count = _batch_size(args[0]) if args else None
        if len(self.eval_losses) < 100_000:
            self.eval_losses.append((result, count or 1))

    def _note_compiled(self, result, args):
        """At trace time: the result handed to eval_losses each time the graph runs (its batch size read
        there), through a `tf.numpy_function`; not under XLA, which cannot compile one."""
        if _compiled_with_xla():
            return
        tf = self.tf
        target = args[0] if args else None
        shape = getattr(target, "shape", None)
        count = tf.shape(target, out_type=tf.int64)[0] if shape is not None and shape.rank else tf.constant(1, tf.int64)
        integration = self

        def kept(value, size):
            if _STATE["loop"] is not None and len(integration.eval_losses) < 100_000:
                integration.eval_losses.append((float(value), int(size) or 1))
            return True

        tf.numpy_function(kept, [tf.cast(tf.reshape(result, []), tf.float64), count], tf.bool, stateful=True)


class _ManualUpdates:
    """Stands for the optimizer of a loop that updates its variables itself (`v.assign_sub(lr * g)`)."""


class _Loop:
    def __init__(self, optimizer, run, variables):
        self.optimizer = weakref.ref(optimizer)
        self.run = run
        self.names = {id(v): _name(v) for v in variables}
        # A loop updating by hand: its stand-in optimizer (kept alive here), and the open step's loss.
        self.manual = None
        self.manual_loss = None
        # True while a compiled step's values are read (loop.values holds them).
        self.in_graph = False
        # Steps recorded; the last loss tensor it read (eager); for each other optimizer stepping while this
        # one is followed, this one's steps at its last step.
        self.steps_done = 0
        self.last_loss = None
        self.rival_steps = {}
        # A compiled loop traced while another is followed: not started until it steps alone (see
        # _activate_if_alone); its steps alone, and the followed loop's steps it last saw.
        self.pending = False
        self.alone = 0
        self.followed_seen = None
        self.start_with = None
        self.batch = 0
        self.epoch = 0
        # (weakref to the dataset, pass) of the epoch's batches, and its steps' losses.
        self.epoch_source = None
        self.epoch_losses = []
        self.others = {}
        self.values = {}
        # [(weakref to the model, its first variable, that variable's first values)]: copies of the trained
        # model that no optimizer here trains, called before the first step (_model_copies); one that moves
        # makes the loss's targets moving.
        self.copies = []
        # Read eagerly when the loop is followed (a compiled step cannot read it while it runs).
        self.learning_rate = learning_rate_of(optimizer)


_STATE = {"loop": None}


def _tf():
    import tensorflow as tf

    return tf


def _is_scalar(target):
    shape = getattr(target, "shape", None)
    if shape is None:
        return False
    try:
        return shape.num_elements() == 1
    except (AttributeError, TypeError):
        return False


def _name(variable):
    path = getattr(variable, "path", None)
    if isinstance(path, str) and path:
        return path
    name = getattr(variable, "name", "variable")
    return name[:-2] if name.endswith(":0") else name


def _dense(tf, gradient):
    return tf.convert_to_tensor(gradient) if isinstance(gradient, tf.IndexedSlices) else gradient


def end_loop(status, reason=None):
    """Ends the followed custom loop's run, if any (at the program's end, a switch of training, or a fit
    starting a run of its own)."""
    loop = _STATE["loop"]
    _STATE["loop"] = None
    if loop is not None:
        if loop.manual is not None and loop.run.active and loop.run.step_open:
            # The loop's last update is done when the program ends: its step is whole.
            loop.run.guard("end", lambda: _end_manual_step(loop, stop=False))
        if loop.run.active and loop.epoch_source is not None:
            loop.run.guard("end", lambda: _emit_epoch(loop))
        loop.run.end(status, reason)


def _scalar(tensor):
    """The value of a tensor holding one element, whatever its shape (a loss of shape [1] or [1, 1]: numpy 2
    converts only 0-d arrays to float)."""
    return float(tensor.numpy().reshape(-1)[0])


def _batch_size(value):
    shape = getattr(value, "shape", None)
    try:
        return int(shape[0]) if shape is not None and len(shape) > 0 and shape[0] is not None else None
    except (TypeError, ValueError):
        return None


def _track_epoch(loop):
    """A step whose batch came from a new pass over the epoch's dataset opens the next epoch."""
    integration = TensorFlowIntegration.current
    source = integration.last_dataset if integration is not None else None
    if source is None:
        return
    if loop.epoch_source is None:
        loop.epoch_source = source
        return
    if loop.epoch_source[0]() is source[0]() and loop.epoch_source[1] != source[1]:
        _emit_epoch(loop)
        loop.epoch += 1
        loop.batch = 0
        loop.epoch_source = source


def _emit_epoch(loop):
    """The epoch's record: the mean of its steps' losses and, when the loop evaluated after its last step,
    the batch-weighted mean of those losses."""
    integration = TensorFlowIntegration.current
    evaluated = integration.eval_losses if integration is not None else []
    if integration is not None:
        integration.eval_losses = []
    target = integration.last_target if integration is not None else None
    # A compiled evaluation's results arrive as floats.
    pairs = [(loss if isinstance(loss, float) else _scalar(loss), count) for loss, count in evaluated if loss is not target]
    total = sum(count for value, count in pairs if math.isfinite(value))
    val_loss = sum(value * count for value, count in pairs if math.isfinite(value)) / total if total else None
    losses = loop.epoch_losses
    loop.epoch_losses = []
    if losses:
        mean = sum(losses) / len(losses)
        loop.run.end_epoch(loop.epoch, mean, {}, val_loss, {} if val_loss is not None else None)


def _step_done(loop, loss):
    """After a step: its loss counts to its epoch; the losses computed before it were not an evaluation."""
    if loss is not None:
        loop.epoch_losses.append(loss)
    loop.steps_done += 1
    integration = TensorFlowIntegration.current
    if integration is not None:
        integration.eval_losses = []


def _follow(keras_integration, optimizer, variables, graph, names=None):
    """The loop of this optimizer: a run-start from the model the variables belong to (when seen built).
    `names`: the variables' names by id (a loop updating by hand: as the program names them)."""
    loop = _STATE["loop"]
    if loop is not None and loop.optimizer() is not optimizer and loop.run.active:
        # Another optimizer while the followed one lives: a GAN's other half alternates with it, a new training
        # steps on alone (followed after SWITCH_AFTER steps). The followed one gone: its training is over
        # (Dive into Deep Learning trains its models one after another, each with an optimizer of its own).
        if loop.optimizer() is not None:
            if graph:
                # A compiled step runs Python only while traced: whether it steps alone is counted as it runs.
                return _pending_loop(keras_integration, optimizer, variables, names)
            _note_rival(loop, optimizer)
            count = loop.others.get(id(optimizer), 0) + 1
            loop.others[id(optimizer)] = count
            if count < SWITCH_AFTER:
                return None
        end_loop("completed")
        loop = None
    if loop is not None and loop.run.active:
        loop.others.clear()
        return loop
    loop = _new_loop(keras_integration, optimizer, variables, graph, names)
    _start(loop)
    return loop


def _note_rival(loop, optimizer):
    """Another optimizer stepping, eagerly, while the followed one lives: once the followed one has stepped
    since this one's last step, on a loss of its own (another tape target), they alternate as a GAN's two
    halves do: the followed loss is one side of a game."""
    integration = TensorFlowIntegration.current
    seen = loop.rival_steps.get(id(optimizer))
    loop.rival_steps[id(optimizer)] = loop.steps_done
    target = integration.last_target if integration is not None else None
    if seen is not None and seen != loop.steps_done and target is not None and target is not loop.last_loss:
        loop.run.mark_adversarial()


def _pending_loop(keras_integration, optimizer, variables, names):
    """The loop of another optimizer traced in a compiled step while the followed one lives, not started:
    its steps are counted as they run, and it is followed once it has stepped SWITCH_AFTER times alone."""
    pending = _STATE.setdefault("pending", {})
    held = pending.get(id(optimizer))
    if held is not None and held.optimizer() is optimizer:
        return held
    loop = _new_loop(keras_integration, optimizer, variables, True, names)
    loop.pending = True
    pending[id(optimizer)] = loop
    return loop


def _activate_if_alone(loop):
    """At a pending loop's step: whether it is followed now (it stepped SWITCH_AFTER times with the followed
    loop idle, or the followed loop is over). A pending loop alternating with the followed one marks it
    adversarial (a GAN compiled in one tf.function: the discriminator's and the generator's steps)."""
    followed = _STATE["loop"]
    if followed is not None and followed.run.active and followed.optimizer() is not None:
        if followed.steps_done != loop.followed_seen:
            if loop.alone > 0:
                followed.run.mark_adversarial()
            loop.followed_seen = followed.steps_done
            loop.alone = 0
        loop.alone += 1
        if loop.alone < SWITCH_AFTER:
            return False
    end_loop("completed")
    _STATE.get("pending", {}).pop(id(loop.optimizer()), None)
    loop.pending = False
    _start(loop)
    return True


def _new_loop(keras_integration, optimizer, variables, graph, names=None):
    """A loop of this optimizer over these variables, its run not started (see _start)."""
    model = keras_integration.model_of_variables(variables) if keras_integration is not None else None
    tf = _tf()
    run = Run("tensorflow", "tensorflow")
    if model is not None and not graph and names is None:
        summary, parameters = keras_integration.summarize(model)
        params = [p for p, _ in parameters]
    else:
        summary = model_summary_of(model, keras_integration) if model is not None else {"layers": []}
        params = []
        layer_of = _layer_names(model)
        if names is None:
            names = _variable_names([v for v in variables if id(v) not in layer_of])
        for variable in variables:
            name = names.get(id(variable), _name(variable)) if names is not None else _name(variable)
            # Keras paths name a layer's variables "layer/kernel"; those named by their holder, "Model.W1".
            separator = "/" if "/" in name else "."
            layer = layer_of.get(id(variable), name.rsplit(separator, 1)[0] if separator in name else "")
            short = name.rsplit(separator, 1)[-1]
            params.append(Param(name, layer, parameter_role(short, variable.shape), (lambda v=variable: v.numpy()), [int(d) for d in variable.shape]))
    if not isinstance(optimizer, _ManualUpdates):
        summary["optimizer"] = _optimizer_kind(optimizer)
    loss_object = keras_integration.last_loss_object if keras_integration is not None else None
    if loss_object is not None and "loss" not in summary:
        from . import _keras

        holder = type("Holder", (), {"loss": loss_object})()
        kind, expects = _keras._loss_of(holder)
        if kind:
            summary["loss"] = kind
            if expects:
                summary["lossExpects"] = expects
            from . import _vocabulary

            task = _vocabulary.task_of(kind, summary.get("layers") or [])
            if task:
                summary["task"] = task
    loop = _Loop(optimizer, run, variables)
    if model is not None:
        loop.copies = run.guard("copies", lambda: _model_copies(tf, keras_integration, loop, model, variables)) or []
    loop.start_with = (summary, params, getattr(tf, "__version__", None))
    if names is not None:
        loop.names = dict(names)
    # In a compiled step the parameters are read from the values the graph passes, never eagerly; the same
    # loop may step eagerly and compiled in turn (the Keras guide trains a model eagerly, then by tf.function).
    for param in params:
        param.read = (lambda name=param.name, eager=param.read: loop.values[name] if loop.in_graph else eager())
    return loop


def _model_copies(tf, keras_integration, loop, model, variables):
    """Copies of the trained model (its class, its trainable weights' shapes) that no variable of this loop's
    belongs to and that were called before its first step (models are noted as they are called): a DQN's target network, whose outputs are the
    loss's targets. Each copy's set_weights is wrapped (a hard update, every few hundred steps, marks the run
    at once); a soft update, assigned variable by variable, is seen at the next sampled step (_check_copies)."""
    trained = {id(v) for v in variables}
    layout = _layout(model)
    called = list(keras_integration.called_models)
    # The trained model may be known by several objects (a Keras 3 Sequential and the Functional model it
    # builds inside): a copy is of the class of any of them.
    owners = [m for m in called + [model] if trained <= {id(w) for w in m.trainable_weights}]
    classes = {type(m) for m in owners}
    copies = []
    for other in called:
        if any(other is m for m in owners) or type(other) not in classes:
            continue
        weights = list(other.trainable_weights)
        if not weights or any(id(w) in trained for w in weights) or _layout(other) != layout:
            continue
        first = weights[0]
        with tf.init_scope():  # read eagerly, also while a compiled step is traced
            values = _first_values(tf, first).numpy().tolist()
        copies.append((weakref.ref(other), first, values))
        set_weights = other.set_weights

        def set_and_mark(*args, set_weights=set_weights, **kwargs):
            result = set_weights(*args, **kwargs)
            if loop.run.active:
                loop.run.guard("copies", loop.run.mark_moving_target)
            return result

        # object.__setattr__: Keras's attribute tracking has nothing to track in a function.
        object.__setattr__(other, "set_weights", set_and_mark)
    return copies


def _layout(model):
    return tuple(tuple(int(d) for d in w.shape) for w in model.trainable_weights)


def _first_values(tf, variable):
    """A variable's first values, read where it lives: a soft update moves them all."""
    return tf.reshape(variable, [-1])[:8]


def _check_copies(loop, values=None):
    """At a sampled step: a copy of the model that moved since the loop started makes the loss's targets
    moving. `values`: the copies' first values as a compiled step passed them (else read now)."""
    for index, (ref, variable, first) in enumerate(loop.copies):
        now = values[index] if values is not None else _first_values(_tf(), variable).numpy()
        if ref() is not None and now.tolist() != first:
            loop.run.mark_moving_target()
            loop.copies = []
            return


def _start(loop):
    """Starts the loop's run (its run-start record) and follows it. A fit's run still open (Keras keeps it
    for the next fit of the same model) ends first: two runs open at once would interleave their records."""
    keras_integration = _keras_integration()
    open_fit = getattr(keras_integration, "open_fit", None) if keras_integration is not None else None
    if open_fit is not None:
        keras_integration.open_fit = None
        if open_fit[1].active:
            open_fit[1].end("completed")
    summary, params, version = loop.start_with
    loop.run.start(summary, params, framework_version=version)
    _STATE["followed"] = True
    _STATE["loop"] = loop


def model_summary_of(model, keras_integration):
    summary, _ = keras_integration.summarize(model)
    return summary


def _layer_names(model):
    out = {}
    if model is None:
        return out
    for layer in getattr(model, "layers", []):
        for weight in layer.weights:
            out[id(weight)] = layer.name
    return out


def _optimizer_kind(optimizer):
    from . import _vocabulary

    return _vocabulary.keras_optimizer(type(optimizer).__name__)


def learning_rate_of(optimizer):
    """An optimizer's current learning rate, or None (no optimizer, or a rate it cannot state)."""
    try:
        return float(optimizer.learning_rate)
    except Exception:  # noqa: BLE001
        return None


def _current_loss():
    integration = TensorFlowIntegration.current
    if integration is None:
        return None
    target = integration.last_target
    integration.last_target = None
    return target


def _keras_integration():
    from . import _INTEGRATIONS

    for key, integration in _INTEGRATIONS.items():
        if key.startswith("keras:"):
            return integration
    return None


def _manual_gradient(integration, target, sources, grads):
    """An eager `tape.gradient(loss, variables)` outside any optimizer step. Two such calls on the same
    variables with their values changed in between and no optimizer step: the loop updates them itself
    (`v.assign_sub(lr * g)`, the TensorFlow guide's basic training loop, Dive into Deep Learning's `SGD`).
    Followed from then on: each such call ends the previous step (its update done) and opens the next."""
    tf = integration.tf
    loop = _STATE["loop"]
    if loop is not None and loop.run.active and loop.manual is None and loop.optimizer() is not None:
        return  # an optimizer's loop is followed and alive: its gradients, not a loop of their own
    if not tf.executing_eagerly():
        return
    variables = list(sources) if isinstance(sources, (list, tuple)) else None
    if not variables or not all(isinstance(v, tf.Variable) and v.trainable for v in variables):
        return
    key = tuple(id(v) for v in variables)
    if loop is not None and loop.manual is not None and loop.run.active and loop.manual[1] == key:
        _manual_step(tf, loop, target, variables, grads)
        return
    candidate = _STATE.get("manual")
    fingerprint = _fingerprint(variables)
    _STATE["manual"] = (key, fingerprint, _STATE.get("optimizer_steps", 0))
    if candidate is None or candidate[0] != key or candidate[2] != _STATE.get("optimizer_steps", 0):
        return
    if candidate[1] == fingerprint:
        previous = _STATE.get("unchanged")
        _STATE["unchanged"] = (len(variables), (previous[1] if previous and previous[0] == len(variables) else 1) + 1)
        return
    # One stand-in per set of variables while it waits: a new training by hand is followed after
    # SWITCH_AFTER steps alone, as a new optimizer's is (a fresh stand-in each time would never get there).
    waiting = _STATE.get("stand_in")
    if waiting is None or waiting[0] != key:
        waiting = _STATE["stand_in"] = (key, _ManualUpdates())
    stand_in = waiting[1]
    followed = _follow(_keras_integration(), stand_in, variables, False, _variable_names(variables))
    if followed is None:
        return
    _STATE.pop("stand_in", None)
    followed.manual = (stand_in, key)
    _manual_step(tf, followed, target, variables, grads)


def _fingerprint(variables):
    """A few values of the first and last variables: they change when the loop updates them (read where
    they live, not copied whole)."""
    tf = _tf()
    return tuple(tuple(tf.reshape(v, [-1])[:4].numpy().tolist()) for v in {id(v): v for v in (variables[0], variables[-1])}.values())


def _manual_step(tf, loop, target, variables, grads):
    run = loop.run
    if run.step_open:
        _end_manual_step(loop)
    run.guard("epoch", lambda: _track_epoch(loop))
    if run.begin_step(loop.epoch, loop.batch):
        def before():
            values = run.observe_parameters_before()
            pairs = [(loop.names.get(id(v), _name(v)), _dense(tf, g)) for g, v in zip(grads, variables) if g is not None]
            run.observe_gradients([(name, g.numpy()) for name, g in pairs], values)

        run.guard("gradients", before)
    loop.manual_loss = target if hasattr(target, "numpy") else None


def _end_manual_step(loop, stop=True):
    """The open step of a loop updating by hand: its update is done (the next gradient, or the end)."""
    run = loop.run
    if run.sampling:
        run.guard("parameters", run.observe_parameters_updated)
    loss = run.guard("loss", lambda: _scalar(loop.manual_loss)) if loop.manual_loss is not None else None
    loop.manual_loss = None
    if loss is None:
        run.end_step_without_loss()
    else:
        run.end_step(loss, {}, None)
    _step_done(loop, loss)
    loop.batch += 1
    if stop:
        _stop_if_asked(loop)


def _variable_names(variables):
    """The variables' names as the program holds them (`self.W1` of a model, `w` of the loop), else their
    own names, made unique (tf.Variable's default name is "Variable" for all)."""
    found = {}
    wanted = {id(v) for v in variables}
    frame = sys._getframe(1)
    seen = 0
    # The program's frames, not the probe's nor the frameworks' own (an optimizer's apply_gradients).
    while frame is not None and seen < 4:
        module = frame.f_globals.get("__name__", "")
        if not module.split(".", 1)[0] in ("nncheck_probe", "keras", "tensorflow", "tf_keras"):
            seen += 1
            for local, value in list(frame.f_locals.items()):
                _names_in(value, local, wanted, found, 2)
        frame = frame.f_back
    names, used = {}, set()
    for variable in variables:
        name = found.get(id(variable), _name(variable))
        unique, index = name, 1
        while unique in used:
            unique, index = "%s_%d" % (name, index), index + 1
        used.add(unique)
        names[id(variable)] = unique
    return names


def _names_in(value, name, wanted, found, depth):
    if id(value) in wanted:
        found.setdefault(id(value), name)
        return
    if depth == 0 or isinstance(value, (str, bytes, int, float)):
        return
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        owner = type(value).__name__
        for attribute, held in list(attributes.items()):
            if id(held) in wanted:
                found.setdefault(id(held), "%s.%s" % (owner, attribute))
            elif depth > 1 and hasattr(held, "__dict__") and not isinstance(held, type):
                _names_in(held, attribute, wanted, found, depth - 1)


def custom_loop_step(keras_integration, optimizer, grads, variables, args, kwargs, original):
    """One optimizer step of a custom loop, recorded; `original(args, kwargs)` applies it. Whatever the
    probe fails at, the step is applied (once) and the probe disables itself."""
    tf = _tf()
    _STATE["optimizer_steps"] = _STATE.get("optimizer_steps", 0) + 1
    try:
        graph = not tf.executing_eagerly()
        # XLA cannot compile the probe's numpy_function calls: such a step runs unobserved rather than fail.
        xla = graph and _compiled_with_xla()
        if xla:
            warn_once("xla-loop", "a training step compiled with XLA (tf.function(jit_compile=True)) cannot be observed by the probe; that loop is not checked")
        loop = None if xla else _follow(keras_integration, optimizer, variables, graph)
    except Exception as error:  # noqa: BLE001
        RUNTIME.fail(error, "optimizer step", 0, "tensorflow")
        loop = None
    if loop is None:
        return original(args, kwargs)
    if graph:
        return _graph_step(tf, loop, grads, variables, args, kwargs, original)
    return _eager_step(tf, loop, optimizer, grads, variables, args, kwargs, original)


def _compiled_with_xla():
    """True while tracing inside a `tf.function(jit_compile=True)`: one of the calling frames is that
    function (the traced graph itself does not say so)."""
    frame = sys._getframe(1)
    while frame is not None:
        owner = frame.f_locals.get("self")
        if owner is not None and getattr(owner, "_jit_compile", None) is True:
            return True
        frame = frame.f_back
    return False


def _eager_step(tf, loop, optimizer, grads, variables, args, kwargs, original):
    run = loop.run
    loss_tensor = _current_loss()
    loop.last_loss = loss_tensor
    if loss_tensor is not None and not hasattr(loss_tensor, "numpy"):
        # The tape ran in a traced function whose gradients are applied here, eagerly: its target is a graph
        # tensor this step cannot read.
        loss_tensor = None
    run.guard("epoch", lambda: _track_epoch(loop))
    sampled = run.begin_step(loop.epoch, loop.batch)
    if sampled:
        def before():
            values = run.observe_parameters_before()
            pairs = [(loop.names.get(id(v), _name(v)), _dense(tf, g)) for g, v in zip(grads, variables) if g is not None]
            run.observe_gradients([(name, g.numpy() if hasattr(g, "numpy") else g) for name, g in pairs], values)

        run.guard("gradients", before)
    result = original(args, kwargs)
    if sampled:
        run.guard("parameters", run.observe_parameters_updated)
        if loop.copies:
            run.guard("copies", lambda: _check_copies(loop))
    loss = run.guard("loss", lambda: _scalar(loss_tensor)) if loss_tensor is not None else None
    if loss is None:
        run.end_step_without_loss()
    else:
        run.end_step(loss, {}, learning_rate_of(optimizer))
    _step_done(loop, loss)
    loop.batch += 1
    _stop_if_asked(loop)
    return result


def _graph_step(tf, loop, grads, variables, args, kwargs, original):
    """Adds the probe's numpy_function calls around the step being traced. Should building them fail,
    the step is traced without them (the ops already added do nothing once the probe is disabled)."""
    run = loop.run
    before_ops = run.guard("trace", lambda: _trace_before(tf, loop, grads, variables))
    if before_ops is None:
        return original(args, kwargs)
    # Explicit order: the step's start and gradients, the update, the parameters, the step's end.
    with tf.control_dependencies([before_ops[3]]):
        result = original(args, kwargs)
    run.guard("trace", lambda: _trace_after(tf, loop, variables, before_ops))
    return result


def _trace_before(tf, loop, grads, variables):
    run = loop.run
    names = [loop.names.get(id(v), _name(v)) for v in variables]
    kept = [(name, _dense(tf, g)) for name, g in zip(names, grads) if g is not None]
    loss_tensor = _current_loss()
    graph = tf.compat.v1.get_default_graph()
    if loss_tensor is None or getattr(loss_tensor, "graph", None) is not graph:
        loss_tensor = None  # no tape of this graph: the step's loss is not known here
    else:
        loss_tensor = tf.cast(tf.reshape(loss_tensor, []), tf.float64)

    def begin():
        if loop.pending and not run.guard("follow", lambda: _activate_if_alone(loop)):
            return False
        run.guard("epoch", lambda: _track_epoch(loop))
        return run.guard("begin_step", lambda: run.begin_step(loop.epoch, loop.batch)) is True

    def observe_before(*arrays):
        def body():
            count = len(kept)
            loop.values = dict(zip(names, arrays[count:]))
            loop.in_graph = True
            try:
                values = run.observe_parameters_before()
                run.observe_gradients(list(zip([n for n, _ in kept], arrays[:count])), values)
            finally:
                loop.in_graph = False

        run.guard("gradients", body)
        return True

    sampled = tf.numpy_function(begin, [], tf.bool, stateful=True)
    sampled.set_shape([])
    observed = tf.cond(
        sampled,
        lambda: tf.numpy_function(observe_before, [g for _, g in kept] + [tf.convert_to_tensor(v) for v in variables], tf.bool, stateful=True),
        lambda: tf.constant(False),
    )
    return sampled, names, loss_tensor, observed


def _trace_after(tf, loop, variables, before_ops):
    run = loop.run
    sampled, names, loss_tensor, _ = before_ops

    copies = list(loop.copies)

    def observe_after(*arrays):
        def body():
            loop.values = dict(zip(names, arrays))
            loop.in_graph = True
            try:
                run.observe_parameters_updated()
            finally:
                loop.in_graph = False

        run.guard("parameters", body)
        if loop.copies and len(loop.copies) == len(copies):
            run.guard("copies", lambda: _check_copies(loop, arrays[len(names):]))
        return True

    def end(*loss):
        if loop.pending:
            return True
        if loss:
            run.end_step(float(loss[0]), {}, loop.learning_rate)
        else:
            run.end_step_without_loss()
        _step_done(loop, float(loss[0]) if loss else None)
        loop.batch += 1
        _stop_if_asked(loop)
        return True

    observed = tf.cond(
        sampled,
        lambda: tf.numpy_function(observe_after, [tf.convert_to_tensor(v) for v in variables] + [_first_values(tf, v) for _, v, _ in copies], tf.bool, stateful=True),
        lambda: tf.constant(False),
    )
    with tf.control_dependencies([observed]):
        tf.numpy_function(end, [] if loss_tensor is None else [loss_tensor], tf.bool, stateful=True)


def _stop_if_asked(loop):
    reason = RUNTIME.stop_reason
    if reason is not None:
        loop.run.end("stopped", reason)
        _STATE["loop"] = None
        raise TrainingStopped("nncheck: training stopped: %s" % reason)
