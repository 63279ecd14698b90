"""nncheck's preload: `nncheck watch` puts this folder first on the program's PYTHONPATH, so Python runs
this module at start-up. It connects the probe to watch and instruments Keras, TensorFlow and PyTorch when
(and only if) the program imports them. Any sitecustomize this one shadows (a distribution's, a virtual
environment's) is run afterwards, as if this one were not there.
"""


def _chain_to_shadowed():
    import importlib.machinery
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    path = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


def _start():
    try:
        import nncheck_probe

        nncheck_probe.start_from_environment()
    except Exception as error:  # noqa: BLE001 - the program runs unchecked rather than not at all
        import sys

        sys.stderr.write("nncheck: the Python probe could not start (%s: %s); training runs unchecked\n" % (type(error).__name__, error))


_start()
_chain_to_shadowed()
