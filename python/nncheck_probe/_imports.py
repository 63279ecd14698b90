"""Lazy instrumentation: a finder at the head of sys.meta_path notices when the program imports a
framework (keras, tensorflow, torch) and instruments it once the module has finished loading. A program
that never imports one pays nothing but this finder's name check."""

import importlib.abc
import sys
import threading

_lock = threading.RLock()


class _PostImportFinder(importlib.abc.MetaPathFinder):
    def __init__(self, hooks):
        self.hooks = hooks
        self._busy = set()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.hooks or fullname in self._busy:
            return None
        self._busy.add(fullname)
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
            else:
                return None
        finally:
            self._busy.discard(fullname)
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        hook = self.hooks[fullname]
        original = loader.exec_module

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                original(module)
                _run(hook, module)

            def __getattr__(self, name):
                return getattr(loader, name)

        spec.loader = _Loader()
        return spec


def _run(hook, module):
    with _lock:
        try:
            hook(module)
        except Exception as error:  # noqa: BLE001 - instrumentation must not break the import
            from ._runtime import RUNTIME

            framework = {"torch": "pytorch", "tf_keras": "keras"}.get(module.__name__, module.__name__)
            RUNTIME.fail(error, "the import of %s" % module.__name__, 0, framework)


def on_import(hooks):
    """hooks: {module name: function(module)}. Runs each now if the module is already imported."""
    pending = {}
    for name, hook in hooks.items():
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__spec__", None) is not None and not _initializing(module):
            _run(hook, module)
        else:
            pending[name] = hook
    if pending:
        sys.meta_path.insert(0, _PostImportFinder(pending))


def _initializing(module):
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))
