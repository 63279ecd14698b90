"""Stand-in for matplotlib.pyplot: plotting does nothing."""
from . import NOTHING


def subplots(*args, **kwargs):
    return NOTHING, NOTHING


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return NOTHING
