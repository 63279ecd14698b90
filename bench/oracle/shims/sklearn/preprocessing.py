"""Scalers and label encoders with scikit-learn's output shapes; data of unknown content stays unknown."""
import numpy as np

from ._base import as_array, either, not_modelled, unknown_if_any


class _Transformer:
    def __getattr__(self, name):
        # Fitted attributes (`classes_`, `mean_`) of a transformer fitted on unknown data are unknown.
        unknown = self.__dict__.get("_unknown")
        if unknown is not None and name.endswith("_") and not name.startswith("_"):
            return unknown
        raise AttributeError(name)

    def fit(self, X, y=None):
        if unknown_if_any(X) is None:
            self._fit(as_array(X) if not isinstance(X, list) else X)
        else:
            self._unknown = unknown_if_any(X)
        return self

    def transform(self, X):
        unknown = either(unknown_if_any(X), getattr(self, "_unknown", None))
        if unknown is not None:
            return unknown
        return self._transform(as_array(X) if not isinstance(X, list) else X)

    def fit_transform(self, X, y=None, **_kwargs):
        return self.fit(X, y).transform(X)

    def inverse_transform(self, X):
        unknown = either(unknown_if_any(X), getattr(self, "_unknown", None))
        if unknown is not None:
            return unknown
        return self._inverse(as_array(X))

    def _fit(self, X):
        pass

    def _transform(self, X):
        return X

    def _inverse(self, X):
        return X


class StandardScaler(_Transformer):
    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.with_mean, self.with_std = with_mean, with_std

    def _fit(self, X):
        X = X.astype(np.float64)
        self.mean_ = X.mean(axis=0) if self.with_mean else 0.0
        std = X.std(axis=0) if self.with_std else 1.0
        self.scale_ = np.where(std == 0, 1.0, std)

    def _transform(self, X):
        return (X - self.mean_) / self.scale_

    def _inverse(self, X):
        return X * self.scale_ + self.mean_


class MinMaxScaler(_Transformer):
    def __init__(self, feature_range=(0, 1), *, copy=True, clip=False):
        self.feature_range = feature_range

    def _fit(self, X):
        X = X.astype(np.float64)
        self.data_min_, self.data_max_ = X.min(axis=0), X.max(axis=0)
        span = self.data_max_ - self.data_min_
        self.data_range_ = np.where(span == 0, 1.0, span)

    def _transform(self, X):
        low, high = self.feature_range
        return (X - self.data_min_) / self.data_range_ * (high - low) + low

    def _inverse(self, X):
        low, high = self.feature_range
        return (X - low) / (high - low) * self.data_range_ + self.data_min_


class RobustScaler(StandardScaler):
    pass


class Normalizer(_Transformer):
    def __init__(self, norm="l2", *, copy=True):
        pass

    def _transform(self, X):
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        return X / np.where(norms == 0, 1.0, norms)


class LabelEncoder(_Transformer):
    def _fit(self, y):
        self.classes_ = np.unique(as_array(y))

    def _transform(self, y):
        return np.searchsorted(self.classes_, as_array(y))

    def _inverse(self, y):
        return self.classes_[y]


class _DenseArray(np.ndarray):
    """A dense result that also answers `.toarray()` (scikit-learn returns sparse matrices by default)."""

    def toarray(self):
        return np.asarray(self)

    todense = toarray


class OneHotEncoder(_Transformer):
    def __init__(self, *, categories="auto", sparse_output=True, sparse=None, handle_unknown="error", **_kwargs):
        pass

    def _fit(self, X):
        X = as_array(X)
        X = X.reshape(-1, 1) if X.ndim == 1 else X
        self.categories_ = [np.unique(X[:, j]) for j in range(X.shape[1])]

    def _transform(self, X):
        X = as_array(X)
        X = X.reshape(-1, 1) if X.ndim == 1 else X
        columns = [(X[:, [j]] == cats[None, :]).astype(np.float64) for j, cats in enumerate(self.categories_)]
        return np.concatenate(columns, axis=1).view(_DenseArray)


class LabelBinarizer(_Transformer):
    def _fit(self, y):
        self.classes_ = np.unique(as_array(y))

    def _transform(self, y):
        y = as_array(y)
        if len(self.classes_) == 2:
            return (y == self.classes_[1]).astype(np.int64).reshape(-1, 1)
        return (y[:, None] == self.classes_[None, :]).astype(np.int64)


class MultiLabelBinarizer(_Transformer):
    def __init__(self, *, classes=None, sparse_output=False):
        self._given = classes

    def _fit(self, y):
        labels = sorted({label for row in y for label in row}) if self._given is None else list(self._given)
        self.classes_ = np.array(labels, dtype=object if any(isinstance(c, str) for c in labels) else None)

    def _transform(self, y):
        index = {c: i for i, c in enumerate(self.classes_.tolist())}
        out = np.zeros((len(y), len(index)), dtype=np.int64)
        for r, row in enumerate(y):
            for label in row:
                out[r, index[label]] = 1
        return out


def __getattr__(name):
    return not_modelled("sklearn.preprocessing", name)
