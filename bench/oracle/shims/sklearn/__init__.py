"""Stand-in for scikit-learn: the data-preparation pieces programs use around a Keras model."""
from ._base import not_modelled

__version__ = "0.0-oracle"


def __getattr__(name):
    return not_modelled("sklearn", name)
