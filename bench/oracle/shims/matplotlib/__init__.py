"""Stand-in for matplotlib: plotting does nothing."""


class _Nothing:
    """Any attribute, call, index or unpacking of a plotting object gives another one."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Nothing()

    def __call__(self, *args, **kwargs):
        return _Nothing()

    def __getitem__(self, key):
        return _Nothing()

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        # `fig, ax = plt.subplots()`, `for ax in axes.flat:`
        return iter((_Nothing(), _Nothing()))

    def __len__(self):
        return 2

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


NOTHING = _Nothing()


def use(*args, **kwargs):
    pass


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return NOTHING
