"""Fault injection for the re-created Python trainings (bench/python-fault-injection.js): runs an unmodified
training script with one fault a bug would cause, patched into Keras 3 or PyTorch when the script imports it.

    python inject.py FAULT script.py [args...]     (FAULT "none": the script as written)
    NNCHECK_INJECT=FAULT python inject.py script.py [args...]

Faults (the TF.js bench's, bench/trainings/inject.mjs):
  lr-x1000         every optimizer's learning rate ×1000 (Keras optimizers' and torch.optim's constructors)
  lr-zero          every optimizer's learning rate 0
  dead-relu        ReLU layers' biases initialised at −10: Keras Dense and Conv layers with a relu activation;
                   PyTorch Linear and Conv layers whose output feeds a ReLU (the trainings apply their ReLUs
                   functionally, so they are taken as every Linear/Conv given to the optimizer but the last one
                   built, the output layer), set when the optimizer is constructed
  nan-inputs       a tenth of the input rows (every tenth) NaN in their first feature: Keras fit's x (its
                   validation split included); PyTorch TensorDatasets' first tensor
  shuffled-labels  labels permuted (seeded) relative to their inputs: Keras fit's y; TensorDatasets' last tensor
  l2-10            an L2 penalty of 10: Keras Dense and Conv layers' kernel_regularizer l2(10); PyTorch
                   optimizers' weight_decay 10

It runs under `nncheck watch`, after the probe's sitecustomize: the framework is patched after the probe
instruments it (so the probe's own wrappers see the faulty data and settings), then the script runs as
__main__ with its own folder first on sys.path, as `python script.py` would. Each change made is said once on
stderr, on a line starting "nncheck-inject:".
"""

import importlib
import importlib.abc
import importlib.util
import inspect
import os
import runpy
import sys
import weakref

FAULTS = ("lr-x1000", "lr-zero", "dead-relu", "nan-inputs", "shuffled-labels", "l2-10")
_said = set()


def _say(message):
    if message not in _said:
        _said.add(message)
        sys.stderr.write("nncheck-inject: %s\n" % message)
        sys.stderr.flush()


def _new_rate(rate):
    return 0.0 if FAULT == "lr-zero" else rate * 1000


def _nan_rows(rows):
    """Every tenth row's first feature NaN, on a copy (rows: a float NumPy array or torch tensor, batch first)."""
    flat = rows.reshape(len(rows), -1)
    flat[::10, 0] = float("nan")
    return rows


def _permutation(n):
    import numpy as np

    return np.random.default_rng(7).permutation(n)


# --- Keras 3 -----------------------------------------------------------------------------------------------


def _patch_keras(keras):
    import numpy as np

    if FAULT in ("lr-x1000", "lr-zero"):
        base = importlib.import_module("keras.src.optimizers.base_optimizer").BaseOptimizer
        original_init = base.__init__
        signature = inspect.signature(original_init)

        def optimizer_init(optimizer, *args, **kwargs):
            bound = signature.bind(optimizer, *args, **kwargs)
            rate = bound.arguments.get("learning_rate")
            if isinstance(rate, (int, float)) and not isinstance(rate, bool):
                bound.arguments["learning_rate"] = _new_rate(rate)
                _say("%s learning rate %g -> %g" % (type(optimizer).__name__, rate, bound.arguments["learning_rate"]))
            else:
                _say("%s learning rate %r left as it is (not a number)" % (type(optimizer).__name__, rate))
            original_init(*bound.args, **bound.kwargs)

        optimizer_init.__signature__ = signature
        base.__init__ = optimizer_init

    if FAULT in ("dead-relu", "l2-10"):
        conv = importlib.import_module("keras.src.layers.convolutional.base_conv").BaseConv
        for layer_class in (keras.layers.Dense, conv):
            _patch_keras_layer(keras, layer_class)

    if FAULT in ("nan-inputs", "shuffled-labels"):
        original_fit = keras.Model.fit
        signature = inspect.signature(original_fit)

        def fit(model, *args, **kwargs):
            bound = signature.bind(model, *args, **kwargs)
            if FAULT == "nan-inputs":
                x = np.array(bound.arguments["x"], dtype="float32", copy=True)
                bound.arguments["x"] = _nan_rows(x)
                _say("fit x: %d of %d rows NaN in their first feature" % (len(range(0, len(x), 10)), len(x)))
            else:
                y = np.asarray(bound.arguments["y"])
                bound.arguments["y"] = y[_permutation(len(y))]
                _say("fit y: %d labels permuted" % len(y))
            return original_fit(*bound.args, **bound.kwargs)

        fit.__signature__ = signature
        keras.Model.fit = fit


def _patch_keras_layer(keras, layer_class):
    original_init = layer_class.__init__

    def layer_init(layer, *args, **kwargs):
        original_init(layer, *args, **kwargs)
        name = "%s %s" % (type(layer).__name__, layer.name)
        if FAULT == "dead-relu" and getattr(layer.activation, "__name__", None) == "relu" and layer.use_bias:
            layer.bias_initializer = keras.initializers.Constant(-10.0)
            _say("%s (relu): biases initialised at -10" % name)
        elif FAULT == "l2-10":
            layer.kernel_regularizer = keras.regularizers.L2(10.0)
            _say("%s: kernel_regularizer l2(10)" % name)

    # Keras 3 reads a layer class's __init__ argspec to build its config: the wrapper reads as the original.
    layer_init.__signature__ = inspect.signature(original_init)
    layer_init.__wrapped__ = original_init
    layer_class.__init__ = layer_init


# --- PyTorch -----------------------------------------------------------------------------------------------


def _patch_torch(torch):
    if FAULT in ("lr-x1000", "lr-zero", "l2-10", "dead-relu"):
        _patch_torch_optimizer(torch)
    if FAULT in ("nan-inputs", "shuffled-labels"):
        data = importlib.import_module("torch.utils.data")
        original_init = data.TensorDataset.__init__

        def dataset_init(dataset, *tensors):
            tensors = list(tensors)
            n = len(tensors[0])
            if FAULT == "nan-inputs":
                tensors[0] = _nan_rows(tensors[0].clone())
                _say("TensorDataset of %d: %d input rows NaN in their first feature" % (n, len(range(0, n, 10))))
            else:
                order = torch.as_tensor(_permutation(len(tensors[-1])))
                tensors[-1] = tensors[-1][order]
                _say("TensorDataset of %d: labels permuted" % n)
            original_init(dataset, *tensors)

        data.TensorDataset.__init__ = dataset_init


def _patch_torch_optimizer(torch):
    layers = []  # weak references to the Linear and Conv modules, in the order they were built
    if FAULT == "dead-relu":
        conv = importlib.import_module("torch.nn.modules.conv")._ConvNd
        for layer_class in (torch.nn.Linear, conv):
            original = layer_class.__init__

            def layer_init(module, *args, _original=original, **kwargs):
                _original(module, *args, **kwargs)
                layers.append(weakref.ref(module))

            layer_class.__init__ = layer_init

    optimizer_class = torch.optim.Optimizer
    original_init = optimizer_class.__init__

    def optimizer_init(optimizer, params, defaults):
        defaults = dict(defaults)
        name = type(optimizer).__name__
        if FAULT in ("lr-x1000", "lr-zero"):
            rate = defaults.get("lr")
            if isinstance(rate, (int, float)):
                defaults["lr"] = _new_rate(rate)
                _say("%s learning rate %g -> %g" % (name, rate, defaults["lr"]))
        if FAULT == "l2-10":
            defaults["weight_decay"] = 10.0
            _say("%s weight_decay 10" % name)
        original_init(optimizer, params, defaults)
        if FAULT == "dead-relu":
            trained = {id(p) for group in optimizer.param_groups for p in group["params"]}
            built = [m for m in (ref() for ref in layers) if m is not None and id(m.weight) in trained]
            with torch.no_grad():
                for module in built[:-1]:
                    if module.bias is not None:
                        module.bias.fill_(-10.0)
                        _say("%s %s: biases set to -10" % (type(module).__name__, tuple(module.weight.shape)))

    optimizer_class.__init__ = optimizer_init


# --- after-import hooks and the script -----------------------------------------------------------------------


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs hooks[name](module) once the program has imported the module `name` (after any other finder's
    hook for it, such as the probe's, which wraps the same loader first)."""

    def __init__(self, hooks):
        self.hooks = hooks
        self.busy = set()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.hooks or fullname in self.busy:
            return None
        self.busy.add(fullname)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self.busy.discard(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        hook = self.hooks.pop(fullname)
        loader = spec.loader

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                hook(module)

            def __getattr__(self, name):
                return getattr(loader, name)

        spec.loader = _Loader()
        return spec


def main(argv):
    global FAULT
    args = argv[1:]
    FAULT = os.environ.get("NNCHECK_INJECT", "none") or "none"
    if args and (args[0] in FAULTS or args[0] == "none"):
        FAULT = args.pop(0)
    if not args or FAULT not in FAULTS + ("none",):
        sys.stderr.write("usage: python inject.py [%s|none] script.py [args...]\n" % "|".join(FAULTS))
        return 2
    if FAULT != "none":
        hooks = {"keras": _patch_keras, "torch": _patch_torch}
        for name in list(hooks):
            module = sys.modules.get(name)
            if module is not None:
                hooks.pop(name)(module)
        sys.meta_path.insert(0, _AfterImport(hooks))
    script = args[0]
    sys.argv = args
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name="__main__")
    return 0


FAULT = "none"

if __name__ == "__main__":
    sys.exit(main(sys.argv))
