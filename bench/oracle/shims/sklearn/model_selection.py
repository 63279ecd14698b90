"""train_test_split with scikit-learn's sizes; data of unknown content stays unknown."""
import math

import numpy as np

from ._base import as_array, not_modelled, unknown_if_any


def train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True, stratify=None):
    unknown = unknown_if_any(*arrays)
    if unknown is not None:
        return [unknown for _ in range(2 * len(arrays))]
    n = len(arrays[0])
    if test_size is None and train_size is None:
        test_size = 0.25
    if test_size is None:
        n_train = math.floor(train_size * n) if isinstance(train_size, float) else int(train_size)
        n_test = n - n_train
    else:
        n_test = math.ceil(test_size * n) if isinstance(test_size, float) else int(test_size)
        n_train = math.floor(train_size * n) if isinstance(train_size, float) else (int(train_size) if train_size is not None else n - n_test)
    seed = random_state if isinstance(random_state, int) else 0
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    train, test = order[:n_train], order[n_train:n_train + n_test]
    result = []
    for array in arrays:
        if isinstance(array, list):
            result += [[array[i] for i in train], [array[i] for i in test]]
        else:
            values = as_array(array)
            result += [values[train], values[test]]
    return result


def __getattr__(name):
    return not_modelled("sklearn.model_selection", name)
