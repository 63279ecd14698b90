"""Evaluation metrics: programs compute them after training, on predictions that are zeros here."""


def _zero(*_args, **_kwargs):
    return 0.0


def classification_report(*_args, **_kwargs):
    return ""


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _zero
