"""PyTorch: an unmodified training loop, recorded.

- The loss: `Tensor.backward` is wrapped; the scalar it is called on is the step's loss (summed over the
  backward calls between two optimizer steps, as gradient accumulation sums them).
- The model: during the first step, global module hooks see which modules run, in what order, which are
  roots (called from no other module) and which losses (`nn.*Loss`) are called; at the first optimizer
  step the roots holding the optimizer's parameters are the model, and the global hooks are removed.
- Functional activations and losses (`F.relu`, `F.cross_entropy`) are read from the autograd graph at the
  first backward: the node consuming a module's output (`ReluBackward0`) is the activation applied to it.
- Gradients and updates: around `optimizer.step` (global step hooks; a class-level wrapper on PyTorch
  versions without them).
- A loop that updates its parameters itself (`p.data.add_(p.grad, alpha=-lr)`, as pytorch/examples'
  language model and regression do) is followed once the parameters are seen to change between a
  backward and the next forward with no optimizer step between them: its step then ends at the next
  forward of the model (the update is done by then), and its gradients are read right after the backward.
  A backward whose parameters never change (input gradients, saliency) starts nothing.
- Activations: forward hooks on the model's leaf modules, installed for sampled steps only and removed in
  between, in training mode with gradients enabled only (evaluation passes are not training).
- Epochs: the `DataLoader` whose batch came last before a step is the training loader; each new pass over
  it is a new epoch.

PyTorch lays image-like tensors out channels-first (N, C, ...): activations are moved channels-last before
their statistics, so a unit is the last axis as the telemetry schema defines it (shapes are reported so).
"""

import importlib
import math
import os
import sys
import types
import warnings
import weakref

from . import _preflight, _preflight_torch, _source, _stats, _vocabulary
from ._probe import Param, Run, parameter_role, tag_pass
from ._runtime import RUNTIME, TrainingStopped, warn_once

_CHANNELS_FIRST_3D = {"conv1d", "maxPooling1d", "averagePooling1d", "zeroPadding1d", "spatialDropout"}
_SHAPE_FOLLOWERS = {"activation", "relu", "leakyRelu", "prelu", "elu", "softmax", "dropout", "spatialDropout", "gaussianNoise", "batchNormalization"}
_DECOUPLED_DECAY = {"AdamW"}
# Steps another optimizer takes alone before the probe follows it instead (a new training, not a GAN's other half).
SWITCH_AFTER = 20
# Losses kept from backward calls before a run is followed (a loop of input gradients never consumes them).
_UNOWNED_LOSSES = 64


def _never_compiling():
    return False


# torch.compiler.is_compiling once the framework is imported: true while Dynamo traces a compiled model's
# forward, where the probe's global hooks must do nothing (Dynamo would trace the probe's own code into the
# model's graph, breaking it at every hook and recompiling it).
_is_compiling = _never_compiling


def _qualified(root, name, roots):
    """A module's or a parameter's name under its model: prefixed with the model's class when several models
    train together, or when the model is itself one layer (`nn.Linear(4, 1)`: its layer would have no name)."""
    if len(roots) > 1 or not _has_children(root):
        return "%s.%s" % (type(root).__name__, name) if name else type(root).__name__
    return name


class _Discovery:
    """What the global module hooks see during a run's first step."""

    def __init__(self):
        self.depth = 0
        self.roots = []
        self.root_ids = set()
        self.leaf_order = []
        self.leaf_info = {}
        self.losses = []
        self.loss_modules = []
        # The latest call's arguments of each top-level module (the preflight's sample at the first step).
        self.inputs = {}

    def pre(self, module, _inputs):
        if self.depth == 0:
            self.inputs[id(module)] = _inputs
        if self.depth == 0 and id(module) not in self.root_ids:
            self.root_ids.add(id(module))
            self.roots.append(weakref.ref(module))
        self.depth += 1

    def post(self, module, _inputs, output):
        self.depth = max(0, self.depth - 1)
        name = type(module).__name__
        if self.depth == 0 and _vocabulary.torch_loss_module(name):
            self.losses.append(name)
            if all(ref() is not module for ref in self.loss_modules):
                self.loss_modules.append(weakref.ref(module))
        if _has_children(module):
            return
        tensor = _first_tensor(output)
        known = self.leaf_info.get(id(module))
        if known is not None:
            # An evaluation pass (no graph) before the first training step: the training pass wins.
            if known["grad_fn"] is not None or tensor is None or tensor.grad_fn is None:
                return
        else:
            self.leaf_order.append(weakref.ref(module))
        self.leaf_info[id(module)] = {
            "shape": list(tensor.shape) if tensor is not None else None,
            "grad_fn": tensor.grad_fn if tensor is not None else None,
            "dtype": _dtype_name(tensor) if tensor is not None else None,
        }


# What the discovery knows of a leaf module it did not see run.
_UNSEEN = {"shape": None, "grad_fn": None, "dtype": None}


class _Layer:
    """A leaf module of the followed model."""

    __slots__ = ("module", "name", "kind", "activation", "functional", "channels_first", "summary")

    def __init__(self, module, name, kind, activation, functional, channels_first, summary):
        self.module = module
        self.name = name
        self.kind = kind
        self.activation = activation
        self.functional = functional
        self.channels_first = channels_first
        self.summary = summary


class _FollowedRun:
    """The run of the optimizer the probe follows."""

    def __init__(self, integration, optimizer, run, layers, loss_modules):
        self.integration = integration
        self.optimizer = weakref.ref(optimizer)
        self.run = run
        self.layers = layers
        self.loss_modules = loss_modules
        self.handles = []
        self.epoch_loader = None
        self.epoch = 0
        self.batch = 0
        self.epoch_losses = []
        self.parameters = {}
        # Steps of other optimizers since the followed one last stepped (a GAN's alternate; a new training),
        # and whether one of them stepped on a loss of its own.
        self.others = {}
        self.rival_losses = False
        # Losses computed with gradients off (an evaluation pass) since the last step: (mean, samples) each.
        self.eval_losses = []
        # A loop's own updates (_ManualUpdates, held here: `optimizer` is a weak reference), the forward
        # pre-hooks on the model that end its steps, and whether the open step has run its backward.
        self.manual = None
        self.manual_handles = []
        self.backward_seen = False
        # The model runs compiled (torch.compile): the step hook stays in place for the whole run (adding
        # and removing a global hook makes Dynamo recompile) and sees no layer inside the compiled forward.
        self.compiled = False
        # Copies of the model no optimizer trains, seen run in its first step, with their first values
        # (_model_copies): one that changes makes the run's targets moving.
        self.copies = []


class _ManualUpdates:
    """Stands for the optimizer of a loop that updates its parameters itself: the parameters it updates."""

    def __init__(self, params, names=None):
        self.param_groups = [{"params": params}]
        # Tensors trained with no nn.Module (a loop over bare leaf tensors): their names in the program, by id;
        # such a loop's steps end at its next backward (no module runs a forward to end them).
        self.names = names
        self.bare = names is not None


class TorchIntegration:
    def __init__(self, torch):
        self.torch = torch
        self.nn = torch.nn
        self.discovery = None
        self.discovery_handles = []
        self.followed = None
        self.pending_losses = []
        self.graph_facts = None
        self.spans = weakref.WeakKeyDictionary()
        self.loader_passes = weakref.WeakKeyDictionary()
        self.last_loader = None
        # The loader's latest batch, kept until the preflight (watch --preflight) has run at the first step.
        self.last_batch = None
        self.keep_batch = _preflight.PREFLIGHT_ENV in os.environ
        self.installed = False
        self.sampling_interval = None
        # With no optimizer followed: the model's parameters' first values after the latest backward, to see
        # whether the loop updates them itself before its next forward.
        self.manual_fingerprints = None
        # Before a run is followed: each loss that went backward, with the ids of the parameters of the
        # models run since discovery started (at most _UNOWNED_LOSSES, as the pending losses then).
        self.unowned_losses = []
        # Losses multiplied by a GradScaler (mixed precision) before their backward: by the scaled tensor's id,
        # (a weak reference to it, the loss itself). The loss the program computed is recorded, not its scaled copy.
        self.scaled_losses = {}
        # Optimizer steps taken, to see that a GradScaler skipped one (its gradients held Inf or NaN).
        self.steps_taken = 0
        # The program's optimizers (made after the probe was set up): a parameter another one trains is not
        # frozen, whatever its requires_grad when the run starts (Lightning's toggle_optimizer in a GAN).
        self.optimizers = weakref.WeakSet()
        # Before a run is followed, when no module ran: the leaf tensors the latest loss was computed from.
        self.bare_leaves = None
        # The latest loss sent backward, unscaled (its graph gives those leaves).
        self._unscaled_seen = None

    # --------------------------------------------------------------------------------------- set-up

    def install(self):
        if self.installed:
            return
        self.installed = True
        torch = self.torch
        integration = self
        global _is_compiling
        compiler = getattr(torch, "compiler", None)
        _is_compiling = getattr(compiler, "is_compiling", None) or getattr(getattr(torch, "_dynamo", None), "is_compiling", None) or _never_compiling
        # PyTorch warns, at each call of a compiled module, that global hooks fire for its wrapper too: the
        # probe's hooks take the wrapper for what it is (_follow), and the warning is not the user's concern.
        warnings.filterwarnings("ignore", message=r"Using `torch.compile\(module\)` when there are global hooks on modules")

        original_backward = torch.Tensor.backward

        def backward(tensor, *args, **kwargs):
            if not RUNTIME.failed and RUNTIME.connected:
                integration._guard("backward", lambda: integration._on_backward(tensor))
            result = original_backward(tensor, *args, **kwargs)
            followed = integration.followed
            # Only before a run is followed, or in a loop that updates by hand: nothing to do under an optimizer,
            # nor in a Keras fit on the torch backend (the Keras probe's run: its updates would otherwise look
            # like a loop's own at the next model's first forward).
            if (followed is None or followed.manual is not None) and not RUNTIME.failed and RUNTIME.connected and not RUNTIME.keras_fits:
                integration._guard("backward", lambda: integration._after_backward(tensor))
            return result

        backward.__wrapped__ = original_backward
        torch.Tensor.backward = backward

        optimizer_module = importlib.import_module("torch.optim.optimizer")
        if hasattr(optimizer_module, "register_optimizer_step_pre_hook"):
            optimizer_module.register_optimizer_step_pre_hook(integration._pre_step)
            optimizer_module.register_optimizer_step_post_hook(lambda opt, args, kwargs: integration._after_step_checked(opt))
        else:
            self._wrap_optimizer_classes()
        self._watch_new_optimizers()

        original_init = self.nn.Module.__init__

        def module_init(module, *args, **kwargs):
            original_init(module, *args, **kwargs)
            if RUNTIME.connected and not RUNTIME.failed:
                try:
                    span = _source.construction_span(2)
                    if span is not None and module not in integration.spans:
                        integration.spans[module] = span
                except Exception:  # noqa: BLE001 - a span is a nicety
                    pass

        module_init.__wrapped__ = original_init
        self.nn.Module.__init__ = module_init
        self._wrap_data_loader()
        self._wrap_grad_scalers()
        self._wrap_functional_losses()
        self._start_discovery()

    def _watch_new_optimizers(self):
        """An optimizer made while a run is followed may start the next training (a loop over folds, learning
        rates or models, as pytorch/tutorials' nn_tutorial trains one model after another): discovery starts, so
        its model is described when it takes over. Taking over is at its first step when the followed
        optimizer is gone (the program rebound its name), after SWITCH_AFTER steps alone otherwise."""
        integration = self
        base = self.torch.optim.Optimizer
        original_init = base.__init__

        def init(optimizer, *args, **kwargs):
            original_init(optimizer, *args, **kwargs)
            try:
                integration.optimizers.add(optimizer)
            except TypeError:  # not weakly referenceable
                pass
            if integration.followed is not None and integration.discovery is None and RUNTIME.connected and not RUNTIME.failed:
                integration._guard("discovery", integration._start_discovery)

        init.__wrapped__ = original_init
        base.__init__ = init

    def _wrap_optimizer_classes(self):
        """PyTorch without global step hooks (< 2.0): each optimizer class's step, wrapped once."""
        integration = self
        base = self.torch.optim.Optimizer
        original_init = base.__init__

        def init(optimizer, *args, **kwargs):
            original_init(optimizer, *args, **kwargs)
            cls = type(optimizer)
            step = cls.__dict__.get("step") or getattr(cls, "step")
            if getattr(step, "_nncheck_wrapped", False):
                return

            def wrapped(opt, *a, **k):
                changed = integration._pre_step(opt, a, k)
                if changed is not None:
                    a, k = changed
                result = step(opt, *a, **k)
                integration._after_step_checked(opt)
                return result

            wrapped._nncheck_wrapped = True
            wrapped.__wrapped__ = step
            cls.step = wrapped

        base.__init__ = init

    def _wrap_grad_scalers(self):
        """Mixed precision's GradScaler: `scaler.scale(loss).backward()` sends the loss times the scale (65,536
        at first, doubled and halved as training goes) backward, and `scaler.step(optimizer)` skips the
        optimizer's step when the scaled gradients overflowed. The probe records the loss before scaling, and
        a skipped step's loss is not added to the next step's."""
        integration = self
        classes = []
        for name in ("torch.amp.grad_scaler", "torch.cuda.amp.grad_scaler"):
            try:
                module = importlib.import_module(name)
            except Exception:  # noqa: BLE001 - not in this PyTorch
                continue
            cls = getattr(module, "GradScaler", None)
            if cls is not None and cls not in classes:
                classes.append(cls)
        for cls in classes:
            # A subclass that inherits them (torch.cuda.amp's, since 2.3) is served by its base's wrappers.
            original_scale = cls.__dict__.get("scale")
            original_step = cls.__dict__.get("step")
            if original_scale is not None and not hasattr(original_scale, "__wrapped__"):

                def scale(scaler, outputs, _original=original_scale):
                    scaled = _original(scaler, outputs)
                    if RUNTIME.connected and not RUNTIME.failed:
                        integration._guard("scale", lambda: integration._note_scaled(scaled, outputs))
                    return scaled

                scale.__wrapped__ = original_scale
                cls.scale = scale
            if original_step is not None and not hasattr(original_step, "__wrapped__"):

                def step(scaler, optimizer, *args, _original=original_step, **kwargs):
                    taken = integration.steps_taken
                    result = _original(scaler, optimizer, *args, **kwargs)
                    if integration.steps_taken == taken and RUNTIME.connected and not RUNTIME.failed:
                        # Skipped (Inf or NaN in the scaled gradients): this iteration's losses belong to no step.
                        integration.pending_losses = []
                    return result

                step.__wrapped__ = original_step
                cls.step = step

    def _wrap_functional_losses(self):
        """The losses of torch.nn.functional (the nn.*Loss modules call them too): one computed with gradients
        off while a run is followed is an evaluation's (a validation loop under torch.no_grad), and each
        epoch's mean of them is its validation loss (D506). A loss summed over the batch (reduction="sum", as
        pytorch/examples' MNIST test loop adds them up) is counted per sample."""
        functional = self.torch.nn.functional
        for name, per in _FUNCTIONAL_LOSSES.items():
            original = getattr(functional, name, None)
            if original is None or hasattr(original, "__wrapped__") or not isinstance(original, types.FunctionType):
                continue
            setattr(functional, name, _evaluation_hook(self, original, per))

    def _note_evaluation(self, value, args, kwargs, per):
        followed = self.followed
        if followed is None or followed.manual is not None or not isinstance(value, self.torch.Tensor):
            return
        reduction = kwargs.get("reduction", "mean")
        inputs = args[0] if args else kwargs.get("input")
        target = args[1] if len(args) > 1 else kwargs.get("target")
        basis = target if per == "target" else inputs
        count = int(basis.numel()) if isinstance(basis, self.torch.Tensor) else 0
        if per == "target" and count and basis.is_floating_point() and isinstance(inputs, self.torch.Tensor) and basis.dim() == inputs.dim() and inputs.dim() >= 2:
            count //= max(1, int(inputs.shape[1]))  # class probabilities as targets: one row of C per sample
        if count <= 0:
            return
        # Kept a tensor, read with the epoch's losses (read_losses): no wait for the device per batch.
        if reduction == "mean" and value.numel() == 1:
            mean = value.detach()
        elif reduction == "sum" and value.numel() == 1:
            mean = value.detach() / count
        elif reduction == "none" and value.numel() > 0:
            mean = value.detach().float().mean()
        else:
            return
        if len(followed.eval_losses) < 100_000:
            followed.eval_losses.append((mean, count))

    def _note_scaled(self, scaled, loss):
        torch = self.torch
        if not isinstance(scaled, torch.Tensor) or not isinstance(loss, torch.Tensor) or scaled is loss:
            return
        if len(self.scaled_losses) >= 16:
            self.scaled_losses.clear()  # scaled and never sent backward
        self.scaled_losses[id(scaled)] = (weakref.ref(scaled), loss)

    def _unscaled(self, tensor):
        """The loss a GradScaler scaled into `tensor`, else `tensor`."""
        entry = self.scaled_losses.pop(id(tensor), None) if self.scaled_losses else None
        if entry is not None and entry[0]() is tensor:
            return entry[1]
        return tensor

    def _wrap_data_loader(self):
        data = importlib.import_module("torch.utils.data")
        dataloader = importlib.import_module("torch.utils.data.dataloader")
        integration = self
        loader_class = data.DataLoader
        original_iter = loader_class.__iter__

        def iterate(loader):
            iterator = original_iter(loader)
            try:
                tag_pass(integration.loader_passes, loader, iterator)
            except Exception:  # noqa: BLE001
                pass
            return iterator

        loader_class.__iter__ = iterate
        base_iter = getattr(dataloader, "_BaseDataLoaderIter", None)
        if base_iter is None:
            return
        original_next = base_iter.__next__

        def next_batch(iterator):
            batch = original_next(iterator)
            integration.last_loader = getattr(iterator, "_nncheck_source", None)
            if integration.keep_batch:
                integration.last_batch = batch
            return batch

        base_iter.__next__ = next_batch

    def _start_discovery(self):
        hooks = importlib.import_module("torch.nn.modules.module")
        if self.discovery is not None or not hasattr(hooks, "register_module_forward_pre_hook"):
            return
        self.graph_facts = None
        self.discovery = _Discovery()
        self.discovery_handles = [
            # Keras's fit on its torch backend calls torch modules: none of them is a loop of this probe's.
            hooks.register_module_forward_pre_hook(lambda m, i: None if _is_compiling() or RUNTIME.keras_fits else self._guard("discovery", lambda: self._discovery_pre(m, i)) if self.discovery else None),
            hooks.register_module_forward_hook(lambda m, i, o: None if _is_compiling() or RUNTIME.keras_fits else self._guard("discovery", lambda: self.discovery.post(m, i, o)) if self.discovery else None),
        ]

    def _discovery_pre(self, module, inputs):
        discovery = self.discovery
        if discovery.depth == 0 and self.manual_fingerprints is not None and self.followed is None:
            changed = self._parameters_changed()
            self.manual_fingerprints = None
            if changed:
                self._follow_manual(module)
                return
            # Nothing updated since that backward (input gradients, or gradients accumulated for an optimizer
            # step to come): discovery starts over, so a model trained next is not described by this one.
            discovery = self.discovery = _Discovery()
            self.graph_facts = None
        discovery.pre(module, inputs)

    def _model_parameters(self):
        """(modules, parameters): the modules the discovery saw called from no other module that hold
        trainable parameters, and those parameters."""
        modules, params, seen = [], [], set()
        for module in self._discovered_roots():
            own = [p for p in module.parameters() if p.requires_grad and id(p) not in seen]
            if own:
                modules.append(module)
                params.extend(own)
                seen.update(id(p) for p in own)
        return modules, params

    def _parameters_changed(self):
        with self.torch.no_grad():
            return any(not self.torch.equal(param.detach().reshape(-1)[:8], first) for param, first in self.manual_fingerprints)

    def _follow_manual(self, called):
        """The loop updated its parameters itself since the latest backward: follow it, from this forward (of
        module `called`) on."""
        modules, params = self._model_parameters()
        if not params:
            if self.bare_leaves:
                # A module whose trainable tensors are plain attributes, not nn.Parameters (Dive into Deep
                # Learning's regressions from scratch): its tensors are followed as bare ones, named by it.
                self._follow_bare(self.bare_leaves, _attribute_names(self.bare_leaves, [called, *self._discovered_roots()]))
            return
        manual = _ManualUpdates(params)
        followed = self._follow(manual)
        if followed is None:
            return
        followed.manual = manual
        roots = {id(module): module for module in modules}
        hooks = importlib.import_module("torch.nn.modules.module")

        def root_called(module, _inputs):
            # A global hook, not one stored on the model: that would be pickled with it by torch.save(model).
            if not _is_compiling() and roots.get(id(module)) is module:
                self._guard("step", lambda: self._manual_forward(manual))

        followed.manual_handles.append(hooks.register_module_forward_pre_hook(root_called))
        self.pending_losses = []
        if followed.run.begin_step(followed.epoch, followed.batch):
            self._install_step_hooks(followed)

    def _discovered_roots(self):
        """The modules the discovery saw called from no other module (alive)."""
        return [module for module in (ref() for ref in (self.discovery.roots if self.discovery else [])) if module is not None]

    def _follow_bare(self, leaves, names=None):
        """A loop that updates bare leaf tensors itself, with no nn.Module: followed from this backward on,
        its steps ended by the next backward; the tensors named as the program names them (`names`: by id,
        before the caller's)."""
        manual = _ManualUpdates(leaves, {**_names_in_caller(leaves), **(names or {})})
        followed = self._follow(manual)
        if followed is None:
            return
        followed.manual = manual
        self.pending_losses = []
        self.bare_leaves = None
        if followed.run.begin_step(followed.epoch, followed.batch):
            self._install_step_hooks(followed)

    def _manual_forward(self, manual):
        """A forward of the model after a backward: the loop's update is done, its step ends here."""
        followed = self.followed
        if followed is None or followed.manual is not manual or not followed.backward_seen:
            return
        followed.backward_seen = False
        self._after_step(manual)

    def _after_backward(self, tensor):
        if tensor.numel() != 1 or not tensor.requires_grad:
            return
        followed = self.followed
        if followed is None:
            # Before a run is followed: which model this loss trains (the first step keeps only the losses of
            # the model its optimizer trains: a GAN's discriminator losses around the generator's forward are
            # kept, those of a model only probed for input gradients are not), and its parameters' first
            # values, to see whether the loop updates them itself before its next forward.
            modules, params = self._model_parameters()
            # No module ran: the tensors the loss was computed from (a loop over bare leaf tensors).
            loss = self._unscaled_seen if self._unscaled_seen is not None else tensor
            self._unscaled_seen = None
            self.bare_leaves = None if modules else _graph_leaves(loss)
            if self.bare_leaves:
                params = self.bare_leaves
            if self.pending_losses:
                self.unowned_losses.append((self.pending_losses[-1], {id(p) for p in params}))
                del self.unowned_losses[:-_UNOWNED_LOSSES]
            with self.torch.no_grad():
                self.manual_fingerprints = [(p, p.detach().reshape(-1)[:8].clone()) for p in params] if params else None
            return
        if followed.manual is not None and not followed.backward_seen:
            # Read now: the loop zeroes the gradients before its next forward, often right before it.
            followed.backward_seen = True
            self._before_step(followed.manual)

    def _stop_discovery(self):
        for handle in self.discovery_handles:
            handle.remove()
        self.discovery_handles = []

    # -------------------------------------------------------------------------------------- backward

    def _on_backward(self, tensor):
        if tensor.numel() != 1 or not tensor.requires_grad or RUNTIME.keras_fits:
            return
        tensor = self._unscaled(tensor)
        followed = self.followed
        if followed is not None and followed.manual is not None and followed.manual.bare and not _computed_from(tensor, followed.manual.param_groups[0]["params"]):
            # A loss the followed tensors play no part in: the program trains other tensors now (Dive into Deep
            # Learning's weight decay chapter trains three models one after another). The run ends; the new
            # training is found as the first was.
            self._end_followed("completed")
            followed = None
        # Read by _after_backward before a run is followed (the graph's leaves); not kept otherwise.
        self._unscaled_seen = tensor if followed is None else None
        if followed is None and self.bare_leaves and self.manual_fingerprints is not None:
            # No module runs a forward to end the step: the next backward does (_discovery_pre's check).
            changed = self._parameters_changed()
            self.manual_fingerprints = None
            if changed:
                self._follow_bare(self.bare_leaves)
        elif followed is not None and followed.manual is not None and followed.manual.bare and followed.backward_seen:
            followed.backward_seen = False
            self._after_step(followed.manual)
        self.pending_losses.append(tensor.detach())
        if self.followed is None:
            del self.pending_losses[:-_UNOWNED_LOSSES]
        if self.graph_facts is None and self.discovery is not None:
            self.graph_facts = self._read_graph(tensor)
        if self.discovery is not None:
            self.discovery.depth = 0

    def _read_graph(self, loss):
        """Functional activations applied to leaf-module outputs, and the loss's kind, from the autograd
        graph (walked once, at the first backward of a run)."""
        consumers = {}
        loss_nodes = []
        seen = set()
        frontier = [loss.grad_fn] if loss.grad_fn is not None else []
        while frontier and len(seen) < 200_000:
            node = frontier.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            base = _vocabulary.node_base(node)
            loss_kind = _vocabulary.torch_loss_node(base)
            if loss_kind is not None:
                loss_nodes.append(loss_kind)
            for child, _ in getattr(node, "next_functions", ()):
                if child is None:
                    continue
                consumers.setdefault(id(child), []).append(node)
                frontier.append(child)
        # LogSoftmax feeding NllLoss is cross-entropy's own, unless the program calls NLLLoss on log-probabilities.
        nll_is_loss = "NLLLoss" not in (self.discovery.losses if self.discovery else [])
        functional = {}
        for module_id, info in (self.discovery.leaf_info.items() if self.discovery else ()):
            grad_fn = info["grad_fn"]
            if grad_fn is None:
                continue
            users = consumers.get(id(grad_fn), [])
            kinds = {_vocabulary.torch_activation_node(_vocabulary.node_base(u)) for u in users}
            if kinds == {"log_softmax"} and nll_is_loss and all(_feeds_nll(consumers, u) for u in users):
                continue  # cross-entropy's own log-softmax: the model's output is logits
            if len(kinds) == 1 and None not in kinds:
                functional[module_id] = (kinds.pop(), _saved_dim(users[0]))
        return {"functional": functional, "loss": loss_nodes[0] if loss_nodes else None}

    # ------------------------------------------------------------------------------------------ steps

    def _pre_step(self, optimizer, args, kwargs):
        """Before an optimizer's step. A step given a closure (`step(closure)`: LBFGS, PyTorch Lightning's
        automatic optimization) runs the forward and backward passes inside it: the step is opened when the
        closure's first call returns, so its gradients are this step's and, at the first step, the model and
        loss that ran are known. Returns the arguments with the closure wrapped, else None."""
        # The global hook's arguments are step's own, the optimizer first.
        at = 1 if args and args[0] is optimizer else 0
        closure = kwargs.get("closure") if "closure" in kwargs else args[at] if len(args) > at else None
        if not callable(closure) or getattr(closure, "_nncheck_closure", False):
            self._guard("step", lambda: self._before_step(optimizer))
            return None
        calls = [0, 0]

        def observed(*a, **k):
            result = closure(*a, **k)
            calls[0] += 1
            if calls[0] == 1:
                self._guard("step", lambda: self._before_step(optimizer))
                calls[1] = len(self.pending_losses)
            else:
                # Later evaluations (LBFGS's line search) are not the step's loss: the first one is, as step returns.
                del self.pending_losses[calls[1]:]
            return result

        observed._nncheck_closure = True
        if "closure" in kwargs:
            return args, dict(kwargs, closure=observed)
        return tuple(args[:at]) + (observed,) + tuple(args[at + 1 :]), kwargs

    def _before_step(self, optimizer):
        if not isinstance(optimizer, _ManualUpdates):
            self.manual_fingerprints = None
        followed = self.followed
        if followed is not None and followed.optimizer() is not optimizer:
            if followed.optimizer() is not None and followed.run.active:
                # Another optimizer: a GAN's other half alternates with the followed one; a new training
                # steps on alone. Follow it after SWITCH_AFTER steps without the followed one.
                count = followed.others.get(id(optimizer), 0) + 1
                followed.others[id(optimizer)] = count
                if count < SWITCH_AFTER:
                    if count == SWITCH_AFTER - 1 and self.discovery is None:
                        self._start_discovery()
                    # The losses that went backward since the followed optimizer's step are this one's (a
                    # GAN's generator loss): summed into the followed step's loss, they would corrupt it.
                    if self.pending_losses:
                        followed.rival_losses = True
                    self.pending_losses = []
                    return
            # This step's losses open the next run: ending the followed one must not drop them.
            losses = self.pending_losses
            self._end_followed("completed")
            self.pending_losses = losses
            followed = None
        if followed is None:
            followed = self._follow(optimizer)
            if followed is None:
                return
        if followed.rival_losses:
            # Another optimizer stepped on a loss of its own between two of this one's steps: a game (a GAN).
            followed.run.mark_adversarial()
        followed.rival_losses = False
        followed.others.clear()
        run = followed.run
        if not run.step_open:
            run.begin_step(followed.epoch, followed.batch)
        if not run.sampling:
            return
        with self.torch.no_grad():
            gradients = []
            for name, param in followed.parameters.items():
                if param.grad is not None and not param.grad.is_sparse:
                    gradients.append((name, param.grad.detach()))
            before = run.observe_parameters_before()
            run.observe_gradients(gradients, before)

    def _after_step_checked(self, optimizer):
        self.steps_taken += 1
        self._guard("step", lambda: self._after_step(optimizer))
        reason = RUNTIME.stop_reason
        followed = self.followed
        if reason is not None and followed is not None and followed.optimizer() is optimizer:
            self._end_followed("stopped", reason)
            raise TrainingStopped("nncheck: training stopped: %s" % reason)

    def _after_step(self, optimizer):
        followed = self.followed
        if followed is None or followed.optimizer() is not optimizer or not followed.run.active:
            return
        run = followed.run
        self._remove_step_hooks(followed)
        if run.sampling:
            # Entered only when sampled: a no_grad context costs microseconds a step.
            with self.torch.no_grad():
                run.observe_parameters_updated()
                if followed.copies:
                    self._check_copies(followed)
        losses = self.pending_losses
        self.pending_losses = []
        # Kept a tensor on an accelerator: the run reads losses in batches, so the step does not wait for the
        # device. A CPU tensor is read now (nothing to wait for): held until its batch's read, each step's
        # loss made glibc's allocator return and fault in memory again (10 page faults a step, +19 % on a
        # 0.8 ms step, with its default settings); its record is still written with its batch.
        loss = _step_loss(self.torch, losses)
        if isinstance(loss, self.torch.Tensor) and loss.device.type == "cpu":
            loss = loss.item()
        self._track_epoch(followed)
        run.step_epoch = followed.epoch
        run.step_batch = followed.batch
        followed.epoch_losses.append(loss)
        groups = optimizer.param_groups
        learning_rate = groups[0].get("lr") if groups else None
        run.end_step(loss, {}, float(learning_rate) if isinstance(learning_rate, (int, float)) else None)
        followed.batch += 1
        # The next step opens now, so its time covers its forward and backward passes.
        if run.begin_step(followed.epoch, followed.batch):
            self._install_step_hooks(followed)

    def _check_copies(self, followed):
        """A copy of the model that moved since the run started (a soft update, a sync): the loss's targets
        move with the model from this step on."""
        for ref, first in followed.copies:
            module = ref()
            if module is not None and not self.torch.equal(_fingerprint(self.torch, list(module.parameters())), first):
                followed.run.mark_moving_target()
                followed.copies = []
                return

    def _track_epoch(self, followed):
        """A new pass over the training loader is a new epoch (the last epoch's record is written then)."""
        source = self.last_loader
        if source is None:
            return
        loader, passes = source
        if followed.epoch_loader is None:
            followed.epoch_loader = (loader, passes)
            return
        if followed.epoch_loader[0]() is loader() and followed.epoch_loader[1] != passes:
            self._emit_epoch(followed)
            followed.epoch += 1
            followed.batch = 0
            followed.epoch_loader = (loader, passes)

    def _emit_epoch(self, followed):
        values = read_losses(self.torch, followed.epoch_losses)
        losses = [x for x in values if not math.isnan(x)]
        # The losses computed with gradients off since the epoch's training ended: its evaluation.
        evaluated = followed.eval_losses
        followed.eval_losses = []
        val_loss = None
        if evaluated:
            means = read_losses(self.torch, [mean for mean, _ in evaluated])
            total = sum(mean * count for mean, (_, count) in zip(means, evaluated))
            count = sum(count for _, count in evaluated)
            val_loss = total / count if count > 0 else None
        if followed.epoch_losses:
            mean = sum(losses) / len(losses) if len(losses) == len(followed.epoch_losses) else math.nan
            followed.run.end_epoch(followed.epoch, mean, {}, val_loss, {} if val_loss is not None else None)
        followed.epoch_losses = []

    def _end_followed(self, status, reason=None):
        followed = self.followed
        if followed is None:
            return
        if followed.manual is not None:
            if followed.backward_seen and followed.run.active:
                # The loop's last update is done when the program ends: its step is whole.
                followed.backward_seen = False
                self._guard("step", lambda: self._after_step(followed.manual))
            for handle in followed.manual_handles:
                handle.remove()
            followed.manual_handles = []
        self.followed = None
        self._remove_step_hooks(followed, ending=True)
        if followed.run.active and followed.epoch_loader is not None:
            self._guard("end", lambda: self._emit_epoch(followed))
        followed.run.end(status, reason)
        self.pending_losses = []
        self._start_discovery()

    def end_run(self, status="completed", reason=None):
        """Ends the followed run (sessions, and the probe's own tests)."""
        self._end_followed(status, reason)

    # ------------------------------------------------------------------------------------- the model

    def _follow(self, optimizer):
        if RUNTIME.keras_fits:
            # Keras 3 on its torch backend: fit's steps are the Keras probe's run (two runs at once would
            # interleave their records).
            return None
        discovery = self.discovery
        self.discovery = None
        self._stop_discovery()
        param_ids = {id(p) for group in optimizer.param_groups for p in group["params"]}
        foreign = {id(loss) for loss, owners in self.unowned_losses if not owners & param_ids}
        self.pending_losses = [loss for loss in self.pending_losses if id(loss) not in foreign]
        self.unowned_losses = []
        roots = []
        compiled = False
        for ref in discovery.roots if discovery else []:
            module = ref()
            if module is not None and any(id(p) in param_ids for p in module.parameters()):
                # torch.compile's wrapper: the model is the module it wraps (its names, its layers).
                if type(module).__name__ == "OptimizedModule" and isinstance(getattr(module, "_orig_mod", None), self.nn.Module):
                    module = module._orig_mod
                    compiled = True
                # DistributedDataParallel's (and DataParallel's) wrapper: the model is the module it wraps, its
                # layers named as the program names them (`hidden`, not `module.hidden`).
                if type(module).__name__ in ("DistributedDataParallel", "DataParallel") and isinstance(getattr(module, "module", None), self.nn.Module):
                    module = module.module
                roots.append(module)
        if not roots:
            # Nothing seen run (a model called before the probe was set up): the optimizer's tensors only.
            roots = []
        untracked = self._untracked_tensors(roots, optimizer)
        names = self._parameter_names(roots, optimizer, untracked)
        run = Run("pytorch", _device_of(optimizer), sampling_interval=self.sampling_interval)
        run.read_losses = lambda losses: read_losses(self.torch, losses)
        layers, model = self.model_summary(roots, discovery, names)
        _state_untracked(model["layers"], [names[id(t)] for t, _ in untracked])
        model["optimizer"] = _vocabulary.torch_optimizer(type(optimizer).__name__)
        if _preflight.requested_once():
            _preflight_torch.at_first_step(self, roots, discovery, model)
        parameters = self._parameters(roots, optimizer, names, untracked)
        followed = _FollowedRun(self, optimizer, run, layers, list(discovery.loss_modules) if discovery else [])
        followed.compiled = compiled
        if compiled:
            warn_once("torch-compile", "the layers' outputs of a model compiled with torch.compile are not recorded (hooks inside its compiled forward would recompile it); its gradients, weights, updates and loss are")
        followed.parameters = {p.name: tensor for p, tensor in parameters}
        followed.copies = _model_copies(self.torch, roots, discovery.roots if discovery else [], param_ids)
        run.start(model, [p for p, _ in parameters], framework_version=getattr(self.torch, "__version__", None))
        self.followed = followed
        return followed

    def model_summary(self, roots, discovery, names):
        """The followed layers and the run-start model summary: layers, loss and what it expects, task."""
        layers, summary = self._summarize(roots, discovery, names)
        loss = self._loss_kind(discovery)
        model = {"layers": summary}
        if layers:
            model["outputs"] = _output_names(layers)
        if loss is not None:
            model["loss"] = loss["loss"]
            model["lossExpects"] = loss["expects"]
            task = _vocabulary.task_of(loss["loss"], summary)
            if task:
                model["task"] = task
        return layers, model

    def _untracked_tensors(self, roots, optimizer):
        """(tensor, name) of the tensors requiring gradients that the model's modules hold where
        module.parameters() does not look, given to no optimizer: plain attributes (not nn.Parameters), and the
        parameters of modules held in a plain list, tuple or dict (not an nn.ModuleList or nn.ModuleDict). An
        optimizer built from model.parameters() never updates them. Followed, to see whether anything does (a
        step by hand may)."""
        nn = self.nn
        given = {id(p) for other in list(self.optimizers) + [optimizer] for group in other.param_groups for p in group["params"]}
        registered = {id(module) for root in roots for module in root.modules()}
        found = []

        def untracked(tensor):
            return isinstance(tensor, self.torch.Tensor) and tensor.requires_grad and tensor.is_leaf and id(tensor) not in given

        for root in roots:
            for module_name, module in root.named_modules():
                # Named as the module's parameters are ("encoder.scale", "blocks.0.weight"), "Model.w" on a root.
                qualified = _qualified(root, module_name, roots)
                owner = qualified or type(module).__name__
                # A module in a list is named as in an nn.ModuleList ("blocks.0.weight").
                prefix = qualified + "." if qualified else ""
                for attribute, value in vars(module).items():
                    if attribute.startswith("_"):
                        continue
                    if not isinstance(value, nn.Parameter) and untracked(value):
                        given.add(id(value))
                        found.append((value, "%s.%s" % (owner, attribute)))
                        continue
                    held = list(value.items()) if isinstance(value, dict) else list(enumerate(value)) if isinstance(value, (list, tuple)) else []
                    for key, item in held:
                        if not isinstance(item, nn.Module) or id(item) in registered:
                            continue
                        registered.update(id(m) for m in item.modules())
                        for name, param in item.named_parameters():
                            if untracked(param):
                                given.add(id(param))
                                found.append((param, "%s%s.%s.%s" % (prefix, attribute, key, name)))
        return found

    def _parameter_names(self, roots, optimizer, untracked=()):
        names = {}
        for module in roots:
            for name, param in module.named_parameters():
                names.setdefault(id(param), _qualified(module, name, roots))
        for tensor, name in untracked:
            names.setdefault(id(tensor), name)
        index = 0
        known = getattr(optimizer, "names", None) or {}
        # Trainable tensors a module holds as plain attributes (not nn.Parameters): named by it.
        known = {**_attribute_names([p for group in optimizer.param_groups for p in group["params"] if id(p) not in names], roots), **known}
        for group in optimizer.param_groups:
            for param in group["params"]:
                if id(param) not in names:
                    names[id(param)] = known.get(id(param)) or "param_%d" % index
                index += 1
        return names

    def _parameters(self, roots, optimizer, names, untracked=()):
        """(Param, tensor) for the optimizer's parameters, the model's frozen ones and its untracked tensors."""
        penalties = {}
        coupled = type(optimizer).__name__ not in _DECOUPLED_DECAY
        for group in optimizer.param_groups:
            decay = group.get("weight_decay", 0) or 0
            if decay and coupled and not group.get("decoupled_weight_decay", False):
                for param in group["params"]:
                    penalties[id(param)] = (0.0, float(decay), False)
        tensors = [p for group in optimizer.param_groups for p in group["params"]]
        seen = {id(p) for p in tensors}
        # PyTorch stores kernels output-channels first (Linear, Conv, RNN input/hidden weights); a
        # transposed convolution's second. Other modules' weights get no per-unit statistics.
        unit_axes = {}
        for module in roots:
            for sub in module.modules():
                weight = getattr(sub, "weight", None)
                if isinstance(weight, self.torch.Tensor) and weight.dim() >= 2:
                    name = type(sub).__name__
                    if name.startswith("ConvTranspose"):
                        unit_axes[id(weight)] = 1
                    elif name == "Conv1D" and type(sub).__module__.startswith("transformers"):
                        unit_axes[id(weight)] = weight.dim() - 1  # GPT-2's Conv1D: a dense layer whose weight is [in, out]
                    elif name == "Linear" or name.startswith("Conv") or name == "Bilinear":
                        unit_axes[id(weight)] = 0
        trained_elsewhere = {id(p) for other in list(self.optimizers) if other is not optimizer for group in other.param_groups for p in group["params"]}
        for module in roots:
            for param in module.parameters():
                if id(param) not in seen and not param.requires_grad and id(param) not in trained_elsewhere:
                    tensors.append(param)
                    seen.add(id(param))
        tensors += [t for t, _ in untracked if id(t) not in seen]
        out = []
        for tensor in tensors:
            name = names.get(id(tensor), "param")
            layer, _, leaf = name.rpartition(".")
            out.append(
                (
                    Param(
                        name,
                        layer,
                        parameter_role(leaf, tensor.shape),
                        (lambda t=tensor: t.detach()),
                        list(tensor.shape),
                        trainable=tensor.requires_grad,
                        penalty=penalties.get(id(tensor)),
                        dtype=_dtype_name(tensor),
                        unit_axis=unit_axes.get(id(tensor), None),
                    ),
                    tensor,
                )
            )
        return out

    def _summarize(self, roots, discovery, names):
        module_names = {}
        for root in roots:
            for name, module in root.named_modules():
                qualified = _qualified(root, name, roots)
                if qualified:
                    module_names.setdefault(id(module), qualified)
        functional = (self.graph_facts or {}).get("functional", {})
        layers = []
        summary = []
        previous_channels_first = None
        ordered = [module for module in (ref() for ref in discovery.leaf_order) if module is not None and id(module) in module_names] if discovery else []
        if not ordered:
            # A compiled forward runs no hook: its leaf modules in the order the model registers them, their
            # output shapes unknown.
            ordered = [module for root in roots for module in root.modules() if not _has_children(module) and id(module) in module_names]
        for module in ordered:
            info = discovery.leaf_info.get(id(module), _UNSEEN) if discovery else _UNSEEN
            class_name = type(module).__name__
            kind = _vocabulary.torch_layer_kind(class_name)
            own = _vocabulary.torch_activation_module(class_name) or _vocabulary.activation_of_kind(kind)
            applied = functional.get(id(module))
            activation = own or (applied[0] if applied else "linear")
            shape = info["shape"]
            rank = len(shape) if shape else 0
            if rank >= 4:
                channels_first = True
            elif rank == 3:
                channels_first = kind in _CHANNELS_FIRST_3D or (kind in _SHAPE_FOLLOWERS and previous_channels_first is True)
            else:
                channels_first = False
            previous_channels_first = channels_first
            output_shape = [None] + [int(d) for d in shape[1:]] if shape else []
            if channels_first and len(output_shape) >= 3:
                output_shape = [output_shape[0]] + output_shape[2:] + [output_shape[1]]
            # nn.Module's own method: a model may override parameters() without its arguments (Dive into Deep
            # Learning's softmax regression from scratch returns [self.W, self.b]).
            params = list(self.torch.nn.Module.parameters(module, recurse=False))
            entry = {
                "name": module_names[id(module)],
                "kind": kind,
                "index": len(summary),
                "outputShape": output_shape,
                "params": sum(p.numel() for p in params if p.requires_grad),
                "activation": activation,
                "className": class_name,
            }
            if params and not any(p.requires_grad for p in params):
                entry["trainable"] = False
            span = self.spans.get(module)
            if span is not None:
                entry["span"] = span
            summary.append(entry)
            layers.append(_Layer(module, entry["name"], kind, activation, applied if not own else None, channels_first, entry))
        # Parameters held by a module that is not a leaf (or never ran): a layer of their own, so their records have one.
        known = {layer["name"] for layer in summary}
        for param_name in names.values():
            layer_name = param_name.rpartition(".")[0]
            if layer_name and layer_name not in known:
                known.add(layer_name)
                summary.append({"name": layer_name, "kind": "unknown", "index": len(summary), "outputShape": [], "params": 0, "activation": "linear"})
        return layers, summary

    def _loss_kind(self, discovery):
        for name in discovery.losses if discovery else []:
            loss = _vocabulary.torch_loss_module(name)
            if loss:
                return loss
        return (self.graph_facts or {}).get("loss")

    # --------------------------------------------------------------------------------- sampled steps

    def _install_step_hooks(self, followed):
        """Forward hooks on the model's leaf modules (and its loss modules, for the targets), for the
        coming sampled step only: removed after it. One global hook (PyTorch 1.9+), filtered by module: a hook
        stored on a module is pickled with it, and a program that saves its whole model (`torch.save(model)`, as
        pytorch/examples' language model does after its evaluation) while the hooks are in place would fail."""
        if followed.compiled and followed.handles:
            return
        torch = self.torch
        run = followed.run
        layers = {id(layer.module): layer for layer in followed.layers}
        loss_modules = {id(m): ref for ref, m in ((ref, ref()) for ref in followed.loss_modules) if m is not None}

        # The last output recorded with its consumer's activation applied: (that output, weakly; the activation;
        # the layer's name; its channels_first). The activation module that consumes it next has that output.
        applied = [None]

        def activation(module, layer, inputs, output):
            if module.training and torch.is_grad_enabled() and run.sampling:
                self._guard("activation", lambda: self._observe(run, layer, inputs, output, applied))

        def target(inputs):
            if torch.is_grad_enabled() and run.sampling and len(inputs) >= 2 and isinstance(inputs[1], torch.Tensor):
                values = inputs[1].detach()
                self._guard("target", lambda: run.observe_target(0, values, list(values.shape), _dtype_name(values)))

        def hook(module, inputs, output):
            if _is_compiling():
                return
            layer = layers.get(id(module))
            if layer is not None and layer.module is module:
                activation(module, layer, inputs, output)
            elif id(module) in loss_modules and loss_modules[id(module)]() is module:
                target(inputs)

        followed.handles.append(importlib.import_module("torch.nn.modules.module").register_module_forward_hook(hook))

    def _observe(self, run, layer, inputs, output, applied):
        tensor = _first_tensor(output)
        if tensor is None or not tensor.is_floating_point() or run.activation_recorded(layer.name) or not run.records_output(layer.name):
            return
        last = applied[0]
        if last is not None and layer.functional is None and inputs and last[1] == layer.activation and last[3] == layer.channels_first and inputs[0] is last[0]():
            # nn.Sequential(nn.Linear(...), nn.ReLU()): the ReLU module's output is the Linear's with the ReLU
            # applied, which was just recorded: the same values, not read again (on the largest outputs).
            if run.repeat_activation(last[2], layer.name):
                return
        torch = self.torch
        moved = layer.channels_first and tensor.dim() >= 3
        functional = layer.functional
        with torch.no_grad():
            values = tensor.detach()
            if functional is not None:
                applied[0] = (weakref.ref(tensor), functional[0], layer.name, layer.channels_first)
            if functional is None or _vocabulary.elementwise_activation(functional[0]):
                # The statistics' subsample taken from the output as it lies, and an elementwise activation
                # applied to the few thousand values kept, not to a copy of the whole output (a conv output of
                # 64x32x26x26: 0.14 ms, and page faults for 5.5 MB where the allocator returns freed memory).
                # The activations a functional call can be (torchNodes) map finite inputs to finite outputs.
                whole = values.movedim(1, -1) if moved else values
                shape = list(whole.shape)
                kept = _stats.subsample_if_finite(run.ops, whole, shape, run.max_values)
                if kept is not None:
                    if functional is not None:
                        kept = _apply_activation(torch, functional, kept)
                    run.observe_activation(layer.name, kept, shape, layer.activation, _dtype_name(tensor), non_finite=0)
                    return
            if functional is not None:
                values = _apply_activation(torch, functional, values)
            if moved:
                values = values.movedim(1, -1)
            run.observe_activation(layer.name, values, list(values.shape), layer.activation, _dtype_name(tensor))

    def _remove_step_hooks(self, followed, ending=False):
        if followed.compiled and not ending:
            return
        for handle in followed.handles:
            handle.remove()
        followed.handles = []

    # ----------------------------------------------------------------------------------------- guard

    def _guard(self, where, body):
        if RUNTIME.failed or not RUNTIME.connected:
            return None
        followed = self.followed
        try:
            return followed.run.timed(body) if followed is not None else body()
        except TrainingStopped:
            raise
        except Exception as error:  # noqa: BLE001 - the probe must never break the user's training
            followed = self.followed
            step = followed.run.next_step if followed is not None else 0
            RUNTIME.fail(error, where, step, "pytorch")
            self._stop_discovery()
            if followed is not None:
                self._remove_step_hooks(followed, ending=True)
            return None


def _model_copies(torch, trained, discovered, param_ids):
    """[(module reference, first values)] of the modules seen run in the first step beside the trained ones
    that copy one of them (its class, its parameters' shapes) and whose parameters the optimizer does not get:
    a DQN's target network, a mean teacher. Their outputs are the loss's targets; when they change with the
    model (a soft update, a sync), the loss need not fall."""
    layouts = {(type(module), tuple(tuple(p.shape) for p in module.parameters())) for module in trained}
    copies = []
    for ref in discovered:
        module = ref()
        if module is None or any(module is t for t in trained):
            continue
        params = list(module.parameters())
        if not params or any(id(p) in param_ids for p in params):
            continue
        if (type(module), tuple(tuple(p.shape) for p in params)) in layouts:
            copies.append((weakref.ref(module), _fingerprint(torch, params)))
    return copies


def _fingerprint(torch, params):
    """The first values of each parameter: enough to see a copy updated (a soft update moves them all)."""
    with torch.no_grad():
        return torch.cat([p.detach().reshape(-1)[:8] for p in params]).clone()


def _step_loss(torch, losses):
    """The step's loss: the one backward's tensor, or the sum of several (accumulated gradients); NaN
    when no scalar loss went backward."""
    if not losses:
        return math.nan
    if len(losses) == 1:
        return losses[0]
    try:
        return torch.stack([t.reshape(()).float() for t in losses]).sum()
    except RuntimeError:  # on several devices
        return sum(float(t) for t in losses)


def read_losses(torch, losses):
    """Losses (tensors or numbers) as floats, the tensors read in one transfer."""
    tensors = [(i, t) for i, t in enumerate(losses) if isinstance(t, torch.Tensor)]
    values = [float(x) if not isinstance(x, torch.Tensor) else math.nan for x in losses]
    if not tensors:
        return values
    try:
        if all(t.device.type == "cpu" for _, t in tensors):
            # Nothing to wait for: a read each costs less than building one tensor of them (3 against 0.2 µs).
            read = [t.item() for _, t in tensors]
        else:
            read = torch.stack([t.detach().reshape(()).float() for _, t in tensors]).cpu().tolist()
    except RuntimeError:  # on several devices
        read = [float(t) for _, t in tensors]
    for (i, _), value in zip(tensors, read):
        values[i] = value
    return values


def _output_names(layers):
    """The model's output layers, from its leaf modules in the order they ran: the last, and the one before it
    when the last is an activation module whose function the probe also applies to that layer's output
    (nn.Sequential(..., nn.Conv2d(...), nn.Sigmoid()): both hold the model's output). Stated, so that the
    checks do not take a layer of parameters held outside any leaf module, listed after them, for the output."""
    last = layers[-1]
    if len(layers) >= 2 and last.summary.get("params", 0) == 0:
        before = layers[-2]
        if before.functional is not None and before.functional[0] == last.activation:
            return [before.name, last.name]
    return [last.name]


def _saved_dim(node):
    """The dimension a softmax-like node saved, as the call gave it: autograd returns a negative one as its
    unsigned 64-bit pattern (dim=-1 reads 18446744073709551615), which no tensor call accepts."""
    dim = getattr(node, "_saved_dim", None)
    if not isinstance(dim, int):
        return None
    return dim - (1 << 64) if dim >= (1 << 63) else dim


def _apply_activation(torch, functional, values):
    kind, dim = functional
    if kind == "relu":
        return torch.relu(values)
    if kind == "sigmoid":
        return torch.sigmoid(values)
    if kind == "tanh":
        return torch.tanh(values)
    if kind == "swish":
        return values * torch.sigmoid(values)
    if kind == "softmax":
        return torch.softmax(values, dim=dim if dim is not None else -1)
    if kind == "log_softmax":
        return torch.log_softmax(values, dim=dim if dim is not None else -1)
    if kind == "gelu":
        return torch.nn.functional.gelu(values)
    if kind == "softplus":
        return torch.nn.functional.softplus(values)
    if kind == "elu":
        return torch.nn.functional.elu(values)
    if kind == "mish":
        return values * torch.tanh(torch.nn.functional.softplus(values))
    if kind == "leaky_relu":
        return torch.nn.functional.leaky_relu(values)
    return values


def _feeds_nll(consumers, node):
    return any(_vocabulary.node_base(user).startswith("NllLoss") for user in consumers.get(id(node), []))


def _has_children(module):
    for _ in module.children():
        return True
    return False


def _first_tensor(output):
    import torch

    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, (tuple, list)):
        for item in output:
            if isinstance(item, torch.Tensor):
                return item
    return None


def _dtype_name(tensor):
    return str(tensor.dtype).replace("torch.", "")


# torch.nn.functional's losses, each with what its mean divides by: the targets (one per sample and position)
# or the input's elements.
_FUNCTIONAL_LOSSES = {
    "cross_entropy": "target",
    "nll_loss": "target",
    "binary_cross_entropy": "input",
    "binary_cross_entropy_with_logits": "input",
    "mse_loss": "input",
    "l1_loss": "input",
    "smooth_l1_loss": "input",
    "huber_loss": "input",
}


def _evaluation_hook(integration, original, per):
    """`original` (a torch.nn.functional loss), noting the values it computes with gradients off. TorchScript
    compiles a wrapped function from its __wrapped__'s source, resolving names in the wrapper's globals: the
    wrapper runs with the original's globals, and reaches what it needs through its closure alone."""
    torch = integration.torch
    compiling = _is_compiling

    def loss(*args, **kwargs):
        value = original(*args, **kwargs)
        if integration.followed is not None and not torch.is_grad_enabled() and not compiling():
            integration._guard("evaluation", lambda: integration._note_evaluation(value, args, kwargs, per))
        return value

    hooked = types.FunctionType(loss.__code__, original.__globals__, original.__name__, loss.__defaults__, loss.__closure__)
    hooked.__wrapped__ = original
    hooked.__doc__ = original.__doc__
    hooked.__qualname__ = original.__qualname__
    hooked.__module__ = original.__module__
    return hooked


# Nodes of a loss's graph walked at most (a graph larger than this is not known whole).
_GRAPH_LIMIT = 100_000


def _walk_leaves(loss, limit=_GRAPH_LIMIT):
    """The leaf tensors requiring gradients that `loss` was computed from (its graph's AccumulateGrad nodes), as
    the walk meets them; None last when the walk stopped at `limit` nodes."""
    seen = set()
    frontier = [loss.grad_fn] if getattr(loss, "grad_fn", None) is not None else []
    while frontier:
        if len(seen) >= limit:
            yield None
            return
        node = frontier.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if variable is not None and getattr(variable, "requires_grad", False):
            yield variable
        frontier.extend(child for child, _ in getattr(node, "next_functions", ()) if child is not None)


def _graph_leaves(loss, limit=_GRAPH_LIMIT):
    return [leaf for leaf in _walk_leaves(loss, limit) if leaf is not None]


def _computed_from(loss, tensors):
    """Whether any of `tensors` is a leaf of `loss`'s graph: the walk stops at the first found. Past the walk's
    limit, not known: taken as yes."""
    wanted = {id(t) for t in tensors}
    return any(leaf is None or id(leaf) in wanted for leaf in _walk_leaves(loss))


def _state_untracked(summary, untracked_names):
    """Marks the layers holding untracked tensors (by the layer part of each tensor's name)."""
    for name in untracked_names:
        layer_name = name.rpartition(".")[0]
        for entry in summary:
            if entry["name"] == layer_name:
                entry.setdefault("untracked", []).append(name)
                break


def _attribute_names(tensors, modules):
    """Names of `tensors` held as plain attributes (not nn.Parameters) by `modules`, by id:
    "LinearRegressionScratch.w"."""
    wanted = {id(t) for t in tensors}
    names = {}
    for module in modules if wanted else ():
        for attribute, value in vars(module).items():
            if id(value) in wanted and id(value) not in names and not attribute.startswith("_"):
                names[id(value)] = "%s.%s" % (type(module).__name__, attribute)
    return names


def _names_in_caller(tensors):
    """The names the program's innermost frame (outside PyTorch and the probe) gives these tensors, by id."""
    wanted = {id(t) for t in tensors}
    frame = sys._getframe(1)
    while frame is not None and any(part in frame.f_code.co_filename.replace("\\", "/") for part in ("/torch/", "/nncheck_probe/")):
        frame = frame.f_back
    names = {}
    if frame is None:
        return names
    for scope in (frame.f_locals, frame.f_globals):
        for name, value in list(scope.items()):
            if id(value) in wanted and id(value) not in names and not name.startswith("_"):
                names[id(value)] = name
    return names


def _device_of(optimizer):
    for group in optimizer.param_groups:
        for param in group["params"]:
            return param.device.type
    return "cpu"
