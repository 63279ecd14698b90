"""Values the oracle cannot know, and the reasons a program cannot be built.

A program's data read from a file (np.load, pd.read_csv...) is replaced by an `Unknown`: every operation on it
gives another `Unknown`, and every use that would turn it into a concrete Python value (a length, a
decision, an int, a numpy conversion, an iteration) stops the program with `NotBuildable`. A model whose
construction depends on such data therefore never gets a made-up shape: the program is not buildable.
"""


class NotBuildable(BaseException):
    """The program needs something the oracle cannot provide (a file, the network, TF1 graph mode...).

    A BaseException, so a program's own `except Exception:` cannot swallow it.
    """

    def __init__(self, category, reason):
        super().__init__(reason)
        self.category = category
        self.reason = reason


class ProgramTimeout(BaseException):
    """The program ran past its time limit."""


class Unknown:
    """A value read from a file the oracle does not have (its origin says which)."""

    __slots__ = ("_origin",)

    def __init__(self, origin):
        object.__setattr__(self, "_origin", origin)
        UNKNOWN_ORIGINS.add(origin)

    def _derived(self, *_args, **_kwargs):
        return Unknown(self._origin)

    def _stop(self, what):
        raise NotBuildable("file-data", f"the program needs {what} data read from {self._origin}")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return Unknown(self._origin)

    def __setattr__(self, name, value):
        pass

    def __call__(self, *args, **kwargs):
        return Unknown(self._origin)

    def __getitem__(self, key):
        return Unknown(self._origin)

    def __setitem__(self, key, value):
        pass

    def __delitem__(self, key):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __bool__(self):
        self._stop("a decision on")

    def __len__(self):
        self._stop("the length of")

    def __iter__(self):
        self._stop("to iterate over")

    def __contains__(self, item):
        self._stop("a membership test on")

    def __reversed__(self):
        self._stop("to iterate over")

    def __int__(self):
        self._stop("an integer from")

    def __index__(self):
        self._stop("an integer from")

    def __float__(self):
        self._stop("a number from")

    def __complex__(self):
        self._stop("a number from")

    def __array__(self, *args, **kwargs):
        self._stop("an array of")

    def __array_function__(self, func, types, args, kwargs):
        return Unknown(self._origin)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return Unknown(self._origin)

    def __repr__(self):
        return f"<unknown: {self._origin}>"

    __str__ = __repr__

    def __format__(self, spec):
        return repr(self)

    def __hash__(self):
        return id(self)

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _derived
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _derived
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _derived
    __pow__ = __rpow__ = __matmul__ = __rmatmul__ = __divmod__ = __rdivmod__ = _derived
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _derived
    __lshift__ = __rlshift__ = __rshift__ = __rrshift__ = _derived
    __neg__ = __pos__ = __abs__ = __invert__ = __round__ = _derived
    __iadd__ = __isub__ = __imul__ = __itruediv__ = __ifloordiv__ = __imod__ = __ipow__ = _derived


#: Where the Unknown values of the current program came from (reset per program).
UNKNOWN_ORIGINS = set()


def contains_unknown(value, depth=0):
    """Whether a value (or a tuple/list/dict of values, a few levels deep) is Unknown."""
    if isinstance(value, Unknown):
        return True
    if depth > 3:
        return False
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(contains_unknown(v, depth + 1) for v in value.values())
    return False


def passthrough_unknown(fn, origin=None):
    """Wraps `fn` so that a call with an Unknown argument returns an Unknown instead of failing."""

    def wrapper(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if contains_unknown(value):
                return Unknown(origin or _first_origin(value))
        return fn(*args, **kwargs)

    wrapper.__name__ = getattr(fn, "__name__", "wrapper")
    wrapper.__doc__ = getattr(fn, "__doc__", None)
    wrapper.__wrapped__ = fn
    return wrapper


def _first_origin(value):
    if isinstance(value, Unknown):
        return value._origin
    if isinstance(value, (list, tuple)):
        for v in value:
            if contains_unknown(v):
                return _first_origin(v)
    if isinstance(value, dict):
        for v in value.values():
            if contains_unknown(v):
                return _first_origin(v)
    return "a file"
