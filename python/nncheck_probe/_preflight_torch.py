"""The preflight's PyTorch part: a deep copy of the model, the loss (an nn.*Loss module or a callable),
fresh Adam optimizers, and — under `nncheck watch --preflight` — the sample of the first optimizer step:
the batch the model's forward saw and the targets its loss module was called with.

PyTorch lays image-like inputs out channels-first (N, C, ...): their feature statistics are taken per
channel, as the telemetry's channels-last columns."""

import copy as _copy_module
from contextlib import contextmanager

from . import _preflight

_CHANNELS_FIRST_3D = {"conv1d", "maxPooling1d", "averagePooling1d", "zeroPadding1d"}


class _Groups:
    """What _torch's naming reads from an optimizer: its parameter groups."""

    def __init__(self, params):
        self.param_groups = [{"params": list(params)}]


class TorchAdapter:
    framework = "pytorch"

    def __init__(self, torch, model, loss, no_loss_reason=None):
        self.torch = torch
        self.original = model
        try:
            self.copy = _copy_module.deepcopy(model)
            self.copied = True
        except Exception:  # noqa: BLE001 - a module holding graph tensors: used itself, its state restored
            self.copy = model
            self.copied = False
        self.was_training = model.training
        # The user's gradients (at the watched step, about to be applied), kept when the model is used itself.
        self.grads = [] if self.copied else [(p, p.grad) for p in model.parameters()]
        for p in self.copy.parameters():
            p.grad = None
        self.initial = {k: v.detach().clone() for k, v in self.copy.state_dict().items()}
        params = list(self.copy.parameters())
        self.device = params[0].device if params else torch.device("cpu")
        self.backend = self.device.type
        floating = [p.dtype for p in params if p.is_floating_point()]
        self.float_dtype = floating[0] if floating else torch.float32
        self.loss_fn = loss
        self.has_loss = loss is not None
        self.no_loss_reason = no_loss_reason or "no loss was given (preflight(model, x, y, loss=nn.CrossEntropyLoss()))"
        self.summary = {"layers": []}
        self.first_kind = None
        # The per-sample shape of the loss's input at the watched step, when the loop reshaped the output.
        self.loss_input_shape = None

    # --------------------------------------------------------------------------------------- plumbing

    def reset(self):
        with self.torch.no_grad():
            self.copy.load_state_dict(self.initial)
        for p in self.copy.parameters():
            p.grad = None

    def close(self):
        if not self.copied:
            self.reset()
            self.original.train(self.was_training)
            for p, grad in self.grads:
                p.grad = grad

    def input_names(self, count):
        return ["input_%d" % i if count > 1 else "input" for i in range(count)]

    def input_feeds(self, count):
        """Which modules read each input is not known before the forward pass: None for every input."""
        return [None] * count

    def channels_first(self, x):
        return x.ndim >= 4 or (x.ndim == 3 and self.first_kind in _CHANNELS_FIRST_3D)

    def _tensor(self, array):
        torch = self.torch
        tensor = torch.as_tensor(array)
        if tensor.is_floating_point():
            return tensor.to(self.device, self.float_dtype)
        return tensor.to(self.device)

    def batch(self, xs, y):
        return [self._tensor(a) for a in xs], (self._tensor(y) if y is not None else None)

    def _forward(self, xs, training):
        self.copy.train(training)
        output = self.copy(*xs)
        if isinstance(output, (tuple, list)):
            output = next(t for t in output if isinstance(t, self.torch.Tensor))
        return output

    def _mean_loss(self, output, y):
        shape = self.loss_input_shape
        if shape is not None and tuple(output.shape[1:]) != shape and output[:1].numel() == _count(shape):
            # The loop reshaped the output for its loss (`loss(out.squeeze(), y)`): the same here.
            output = output.reshape(-1, *shape)
        value = self.loss_fn(output, y)
        return (value if value.is_floating_point() else value.float()).mean()

    def loss(self, batch, training):
        with self.torch.no_grad():
            return float(self._mean_loss(self._forward(batch[0], training), batch[1]))

    def predict(self, batch):
        import numpy

        with self.torch.no_grad():
            return self._forward(batch[0], False).detach().cpu().double().numpy().astype(numpy.float64)

    def trainer(self, learning_rate):
        torch = self.torch
        optimizer = torch.optim.Adam([p for p in self.copy.parameters() if p.requires_grad], lr=learning_rate)

        def step(batch):
            optimizer.zero_grad(set_to_none=True)
            with torch.enable_grad():
                loss = self._mean_loss(self._forward(batch[0], True), batch[1])
                loss.backward()
            optimizer.step()
            return float(loss.detach())

        return step

    # ----------------------------------------------------------------------------------------- init

    def init_layers(self):
        torch = self.torch
        fans = torch.nn.init._calculate_fan_in_and_fan_out
        layers = []
        for name, module in self.original.named_modules():
            params = [(n, p) for n, p in module.named_parameters(recurse=False) if p.requires_grad]
            if not name or not params:
                continue
            kernel = next(((n, p) for n, p in params if n == "weight" and p.dim() >= 2), None) or next(((n, p) for n, p in params if p.dim() >= 2), None)
            bias = next(((n, p) for n, p in params if n.startswith("bias") and p.dim() == 1), None)
            entry = {"layer": name, "hasBias": bias is not None}
            with torch.no_grad():
                if kernel is not None:
                    fan_in, fan_out = fans(kernel[1])
                    entry["kernel"] = _preflight.kernel_stats("%s.%s" % (name, kernel[0]), list(kernel[1].shape), fan_in, fan_out, kernel[1].detach().cpu().double().numpy())
                if bias is not None:
                    entry["bias"] = _preflight.bias_stats("%s.%s" % (name, bias[0]), bias[1].detach().cpu().double().numpy())
            layers.append(entry)
        return layers

    # ---------------------------------------------------------------------------------- gradients

    def output_input_gradients(self, xs):
        torch = self.torch
        inputs = [self._tensor(a).requires_grad_(True) for a in xs]
        with torch.enable_grad():
            output = self._forward(inputs, False)
            row = output[:1].reshape(-1).float()
            # A weighted sum: a plain sum of a softmax row is constant, its gradient zero.
            weighted = (row * torch.linspace(1.0, 2.0, row.numel(), device=row.device)).sum()
            grads = torch.autograd.grad(weighted, inputs, allow_unused=True)
        return [torch.zeros(a.shape).numpy() if g is None else g.detach().cpu().double().numpy() for g, a in zip(grads, xs)]

    def loss_output_gradients(self, xs, y, order):
        torch = self.torch
        x, target = self.batch(xs, y)
        with torch.no_grad():
            output = self._forward(x, False).detach()
            m = output.shape[0]
            keep = torch.zeros(m, *([1] * (output.dim() - 1)), dtype=output.dtype, device=output.device)
            keep[0] = 1
            moved = (output + output[torch.as_tensor(order, device=output.device)]) / 2
            changed = keep * output + (1 - keep) * moved

        def grad_at(p):
            p = p.clone().requires_grad_(True)
            with torch.enable_grad():
                (g,) = torch.autograd.grad(self._mean_loss(p, target), [p])
            return g.detach().cpu().double().numpy()

        return grad_at(output), grad_at(changed)

    @contextmanager
    def precise(self):
        """The gradient check in float64: float32's rounding of the loss would otherwise dominate the central
        differences of small gradients. The copy goes back to its own precision after."""
        dtype = self.float_dtype
        self.copy.double()
        self.float_dtype = self.torch.float64
        try:
            yield
        finally:
            self.float_dtype = dtype
            self.copy.to(dtype)

    def parameter_gradients(self, batch):
        torch = self.torch
        module_of = {}
        for name, module in self.copy.named_modules():
            for pname, p in module.named_parameters(recurse=False):
                module_of[id(p)] = (name, "%s.%s" % (name, pname) if name else pname)
        params = [p for p in self.copy.parameters() if p.requires_grad]
        with torch.enable_grad():
            loss = self._mean_loss(self._forward(batch[0], False), batch[1])
            grads = torch.autograd.grad(loss, params, allow_unused=True)
        for p, g in zip(params, grads):
            if g is None:
                continue
            layer, name = module_of.get(id(p), ("", "param"))
            yield layer, name, g.detach().cpu().double().numpy().reshape(-1), _Entry(torch, p)


def _count(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


class _Entry:
    def __init__(self, torch, param):
        self.torch = torch
        self.flat = param.data.view(-1)

    def get(self, i):
        return float(self.flat[i])

    def set(self, i, value):
        with self.torch.no_grad():
            self.flat[i] = value


# ------------------------------------------------------------------------------------------- summaries


def _model_summary(integration, roots, discovery, optimizer):
    """The run-start model summary, as the probe's _follow builds it."""
    return integration.model_summary(roots, discovery, integration._parameter_names(roots, optimizer))[1]


def _discover(torch, adapter, xs, y):
    """One training-mode forward of the copy (and its loss) under module hooks: the probe's own discovery,
    which names the layers, their kinds and activations, and the loss, as a watched run would."""
    from ._torch import TorchIntegration, _Discovery

    integration = TorchIntegration(torch)
    discovery = _Discovery()
    integration.discovery = discovery
    modules = list(adapter.copy.modules())
    if isinstance(adapter.loss_fn, torch.nn.Module):
        modules.append(adapter.loss_fn)
    handles = []
    for module in modules:
        handles.append(module.register_forward_pre_hook(discovery.pre))
        handles.append(module.register_forward_hook(discovery.post))
    try:
        x, target = adapter.batch([a[:2] for a in xs], y[:2] if y is not None else None)
        with torch.enable_grad():
            output = adapter._forward(x, True)
            loss = adapter._mean_loss(output, target) if adapter.has_loss else output.float().sum()
        integration.graph_facts = integration._read_graph(loss)
    finally:
        for handle in handles:
            handle.remove()
        adapter.reset()
    return _model_summary(integration, [adapter.copy], discovery, _Groups(adapter.copy.parameters()))


def _array(torch, value, limit=None):
    """A NumPy copy of a tensor (at most `limit` samples, spread over it, copied off its device)."""
    import numpy

    if isinstance(value, torch.Tensor):
        if limit is not None and value.dim() > 0 and len(value) > limit:
            value = value[torch.as_tensor(_preflight.spread(len(value), limit), device=value.device)]
        value = value.detach().cpu()
        if value.dtype in (torch.bfloat16, torch.float16):
            value = value.float()
        return value.numpy()
    return numpy.asarray(value)


def from_arguments(model, x, y, loss, budget):
    import torch

    if loss is None:
        return "no loss was given: preflight(model, x, y, loss=...) needs the loss for a PyTorch model"
    limit = int(budget["sampleSize"])
    xs = [_array(torch, v, limit) for v in (x if isinstance(x, (list, tuple)) else [x])]
    target = _array(torch, y, limit) if y is not None else None
    adapter = TorchAdapter(torch, model, loss)
    try:
        adapter.summary = _discover(torch, adapter, xs, target)
    except Exception:
        adapter.close()
        raise
    layers = adapter.summary.get("layers", [])
    adapter.first_kind = layers[0]["kind"] if layers else None
    return adapter, xs, target


def _source_of(torch, tensor, batch):
    """The index of the loader batch's tensor that `tensor` is, unchanged or converted only in device, dtype
    or per-sample shape (`y.float()`, `y.view(-1, 1)`); None when it is none of them (a loop that transforms
    its batches)."""
    items = batch if isinstance(batch, (list, tuple)) else [batch]
    for index, item in enumerate(items):
        if not isinstance(item, torch.Tensor) or len(item.shape) == 0 or len(tensor.shape) == 0:
            continue
        if item.shape[0] != tensor.shape[0] or item.numel() != tensor.numel():
            continue
        if item is tensor or torch.equal(_like(item, tensor), tensor):
            return index
    return None


def _like(item, reference):
    """`item` converted as the loop converted it into `reference`: device, dtype, per-sample shape."""
    return item.to(reference.device, reference.dtype).reshape(-1, *reference.shape[1:])


def _dataset_sample(torch, loader_source, batch, inputs, target, size, until):
    """Up to `size` samples spread evenly over the training loader's dataset, collated as the loader does and
    converted as the loop converted its batch, when the model (and the loss, when known) received the
    loader's inputs (and targets) otherwise unchanged; else None (a loop that transforms its batches: the
    step's batch is the sample then). Stops collecting at `until`."""
    import time

    if batch is None or len(inputs) != 1:
        return None
    x_index = _source_of(torch, inputs[0], batch)
    y_index = _source_of(torch, target, batch) if target is not None else None
    if x_index is None or (target is not None and y_index is None):
        return None
    loader = loader_source[0]() if loader_source else None
    dataset = getattr(loader, "dataset", None)
    if dataset is None or not hasattr(dataset, "__getitem__"):
        return None
    try:
        total = len(dataset)
    except TypeError:
        return None
    n = min(total, size)
    if n <= len(inputs[0]):
        return None
    items = []
    for i in _preflight.spread(total, n):
        items.append(dataset[i])
        if time.monotonic() > until:
            break
    collated = (getattr(loader, "collate_fn", None) or torch.utils.data.default_collate)(items)
    collated = collated if isinstance(collated, (list, tuple)) else [collated]
    batch_items = batch if isinstance(batch, (list, tuple)) else [batch]
    if len(collated) != len(batch_items) or not all(isinstance(t, torch.Tensor) for t in collated):
        return None
    x = collated[x_index]
    if x.shape[1:] != batch_items[x_index].shape[1:] or x.dtype != batch_items[x_index].dtype:
        return None
    y = _like(collated[y_index], target) if target is not None else None
    return [_like(x, inputs[0])], y


def _sliced_from(tensor):
    """The tensor a batch was sliced from along the samples (`x[i : i + 32]` in a loop without a
    DataLoader), or None."""
    base = getattr(tensor, "_base", None)
    if base is None or base.dim() != tensor.dim() or base.shape[1:] != tensor.shape[1:] or len(base) <= len(tensor):
        return None
    return base if base.stride() == tensor.stride() else None


def _base_sample(torch, inputs, target, size):
    """Up to `size` samples spread over the tensors the step's batch (inputs and targets alike) was sliced
    from, or None."""
    if len(inputs) != 1:
        return None
    base = _sliced_from(inputs[0])
    target_base = _sliced_from(target) if target is not None else None
    if base is None or (target is not None and (target_base is None or len(target_base) != len(base))):
        return None
    picked = torch.as_tensor(_preflight.spread(len(base), min(size, len(base))), device=base.device)
    return [base[picked]], (target_base[picked.to(target_base.device)] if target is not None else None)


def at_first_step(integration, roots, discovery, model_summary):
    """Under `nncheck watch --preflight`, at the followed optimizer's first step: the preflight on the model
    and a sample of the training loader's dataset, or of the tensors a loop without a loader slices its
    batches from (else the batch of that step). A loss computed by a
    function (not an nn.*Loss module) cannot be re-run faithfully: the procedures that need it are written
    skipped."""
    import time

    torch = integration.torch
    budget = _preflight.watch_budget()
    batch, integration.last_batch, integration.keep_batch = integration.last_batch, None, False
    sinks, _ = _preflight.sinks_for(None)

    def build():
        if len(roots) != 1:
            return "the optimizer's parameters are held by %d top-level modules, not one model" % len(roots)
        root = roots[0]
        inputs = getattr(discovery, "inputs", {}).get(id(root))
        if not inputs or not all(isinstance(t, torch.Tensor) for t in inputs):
            return "the model's forward was not called with tensors only"
        loss_module = next((ref() for ref in discovery.loss_modules if ref() is not None), None)
        target = None
        reason = None
        loss_input = None
        if loss_module is not None:
            called = discovery.inputs.get(id(loss_module))
            if called and len(called) >= 2 and isinstance(called[1], torch.Tensor):
                target = called[1]
                loss_input = called[0] if isinstance(called[0], torch.Tensor) else None
        if loss_module is None or target is None:
            loss_module = None
            reason = "the loss is computed by a function, not an nn.*Loss module called with (output, target): the preflight cannot re-run it (call nncheck_probe.preflight(model, x, y, loss=...))"
        until = time.monotonic() + budget["maxTimeMs"] / 1000.0 * 0.1
        try:
            found = _dataset_sample(torch, integration.last_loader, batch, inputs, target, int(budget["sampleSize"]), until)
        except Exception:  # noqa: BLE001 - a dataset that cannot be read so: the step's batch is the sample
            found = None
        if found is None and integration.last_loader is None:
            found = _base_sample(torch, inputs, target, int(budget["sampleSize"]))
        if found is not None:
            inputs, target = found
        xs = [_array(torch, t) for t in inputs]
        adapter = TorchAdapter(torch, root, loss_module, reason)
        if loss_input is not None:
            adapter.loss_input_shape = tuple(loss_input.shape[1:])
        adapter.summary = model_summary
        layers = model_summary.get("layers", [])
        adapter.first_kind = layers[0]["kind"] if layers else None
        return adapter, xs, _array(torch, target) if target is not None else None

    _preflight.run_guarded("PyTorch", build, budget, sinks)
