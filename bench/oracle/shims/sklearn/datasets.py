"""The toy datasets bundled with scikit-learn, with their real shapes, value ranges and class counts."""
import numpy as np

from ._base import Bunch, not_modelled
from oracle_unknown import Unknown

_rng = np.random.default_rng(0)


def _classification(n, features, classes, high, integer=False):
    data = _rng.integers(0, high + 1, size=(n, features)).astype(np.float64) if integer else _rng.uniform(0, high, size=(n, features))
    target = np.arange(n) % classes
    return data, target


def _result(data, target, return_X_y, as_frame, **extra):
    if as_frame:
        frame = Unknown("a pandas DataFrame (as_frame=True)")
        return (frame, frame) if return_X_y else Bunch(data=frame, target=frame, frame=frame, **extra)
    if return_X_y:
        return data, target
    return Bunch(data=data, target=target, frame=None, DESCR="", **extra)


def load_iris(*, return_X_y=False, as_frame=False):
    data, target = _classification(150, 4, 3, 8.0)
    return _result(data, target, return_X_y, as_frame, target_names=np.array(["setosa", "versicolor", "virginica"]),
                   feature_names=["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"])


def load_digits(*, n_class=10, return_X_y=False, as_frame=False):
    data, target = _classification(1797, 64, n_class, 16, integer=True)
    return _result(data, target, return_X_y, as_frame, images=data.reshape(-1, 8, 8), target_names=np.arange(n_class),
                   feature_names=[f"pixel_{i}_{j}" for i in range(8) for j in range(8)])


def load_breast_cancer(*, return_X_y=False, as_frame=False):
    data, target = _classification(569, 30, 2, 100.0)
    return _result(data, target, return_X_y, as_frame, target_names=np.array(["malignant", "benign"]),
                   feature_names=[f"feature {i}" for i in range(30)])


def load_wine(*, return_X_y=False, as_frame=False):
    data, target = _classification(178, 13, 3, 100.0)
    return _result(data, target, return_X_y, as_frame, target_names=np.array(["class_0", "class_1", "class_2"]),
                   feature_names=[f"feature {i}" for i in range(13)])


def load_diabetes(*, return_X_y=False, as_frame=False, scaled=True):
    data = _rng.uniform(-0.2, 0.2, size=(442, 10))
    target = _rng.uniform(25.0, 346.0, size=442)
    return _result(data, target, return_X_y, as_frame, feature_names=[f"s{i}" for i in range(10)])


def fetch_california_housing(*, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False, **_kwargs):
    data = _rng.uniform(0.0, 40.0, size=(20640, 8))
    target = _rng.uniform(0.15, 5.0, size=20640)
    return _result(data, target, return_X_y, as_frame, feature_names=["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"])


def make_classification(n_samples=100, n_features=20, *, n_classes=2, random_state=None, **_kwargs):
    return _classification(n_samples, n_features, n_classes, 1.0)


def make_blobs(n_samples=100, n_features=2, *, centers=None, random_state=None, **_kwargs):
    classes = centers if isinstance(centers, int) else (len(centers) if centers is not None else 3)
    return _classification(n_samples, n_features, classes, 1.0)


def make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None):
    return _classification(n_samples, 2, 2, 1.0)


def make_circles(n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8):
    return _classification(n_samples, 2, 2, 1.0)


def make_regression(n_samples=100, n_features=100, *, n_targets=1, random_state=None, **_kwargs):
    data = _rng.normal(size=(n_samples, n_features))
    target = _rng.normal(size=(n_samples,) if n_targets == 1 else (n_samples, n_targets))
    return data, target


def __getattr__(name):
    return not_modelled("sklearn.datasets", name)
