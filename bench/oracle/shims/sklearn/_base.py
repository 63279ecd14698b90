"""Helpers shared by the scikit-learn stand-in."""

import numpy as np

from oracle_unknown import NotBuildable, Unknown, contains_unknown  # the oracle's own module


def not_modelled(module, name):
    """What a stand-in module answers for a name it does not define."""
    if name.startswith("__"):
        raise AttributeError(name)
    raise NotBuildable("not-modelled", f"{module}.{name} is not modelled by the oracle's scikit-learn stand-in")


def unknown_if_any(*values):
    """An Unknown when any value is, else None."""
    for value in values:
        if contains_unknown(value):
            return Unknown(value._origin if isinstance(value, Unknown) else "a file")
    return None


def either(first, second):
    """`first or second` for values that may be Unknown (whose truth value cannot be asked)."""
    return first if first is not None else second


def as_array(value):
    return value if isinstance(value, np.ndarray) else np.asarray(value)


class Bunch(dict):
    """sklearn.utils.Bunch: a dict whose keys are also attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error
