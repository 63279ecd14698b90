"""Stand-ins for the datasets programs load by name, with the facts of the project's dataset table.

Two sizes: "small" (a few hundred samples, every class present) is tried first; "full" (the real sample
counts) is the fallback for a program that fails on small arrays (`x_train.reshape(60000, 784)`). Shapes
after the sample axis, dtypes, value ranges and class counts are the real ones in both.
"""
import numpy as np

#: Small sample counts: unusual numbers (a model whose shapes contain one was built from a sample count,
#: `input_shape=x_train.shape`, and is rebuilt with the real sizes), above every class count.
SMALL = {"train": 211, "test": 103}

#: name -> (train count, test count, per-sample shape, classes)
IMAGE_SETS = {
    "mnist": (60000, 10000, (28, 28), 10),
    "fashion_mnist": (60000, 10000, (28, 28), 10),
    "cifar10": (50000, 10000, (32, 32, 3), 10),
    "cifar100": (50000, 10000, (32, 32, 3), 100),
}

#: name -> (train count, test count, default vocabulary size, classes)
TEXT_SETS = {
    "imdb": (25000, 25000, 88587, 2),
    "reuters": (8982, 2246, 30980, 46),
}

#: name -> (train count, test count, features, target range)
REGRESSION_SETS = {
    "boston_housing": (404, 102, 13, (5.0, 50.0)),
    "california_housing": (16512, 4128, 8, (0.15, 5.0)),
}


class DatasetFakes:
    """The fake loaders of one program run; `used` says whether any was called."""

    def __init__(self, mode):
        self.mode = mode
        self.used = []
        self.rng = np.random.default_rng(0)

    def _count(self, split, real):
        return real if self.mode == "full" else min(real, SMALL[split])

    def image_loader(self, name):
        n_train, n_test, sample, classes = IMAGE_SETS[name]

        def load_data(*_args, label_mode="fine", **_kwargs):
            self.used.append(name)
            k = classes if name != "cifar100" or label_mode == "fine" else 20
            label_shape = (1,) if name.startswith("cifar") else ()

            def split(which, real):
                n = self._count(which, real)
                # Real-size arrays are zeros (fast); small ones look like images.
                x = np.zeros((n, *sample), dtype=np.uint8) if self.mode == "full" else self.rng.integers(0, 256, size=(n, *sample), dtype=np.uint8)
                y = (np.arange(n) % k).astype(np.uint8 if name != "cifar100" else np.int64).reshape((n, *label_shape))
                return x, y

            return split("train", n_train), split("test", n_test)

        return load_data

    def text_loader(self, name):
        n_train, n_test, vocabulary, classes = TEXT_SETS[name]

        def load_data(path=None, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3, **_kwargs):
            self.used.append(name)
            top = num_words if num_words is not None else vocabulary + index_from
            low = max(index_from, skip_top + index_from, start_char + 1)

            def split(which, real):
                n = self._count(which, real)
                lengths = self.rng.integers(10, 300, size=n)
                if maxlen is not None:
                    lengths = np.minimum(lengths, maxlen - 1)
                seqs = np.empty(n, dtype=object)
                for i, length in enumerate(lengths):
                    body = self.rng.integers(low, max(top, low + 1), size=int(length)).tolist()
                    seqs[i] = [start_char] + body if start_char is not None else body
                y = (np.arange(n) % classes).astype(np.int64)
                return seqs, y

            return split("train", n_train), split("test", n_test)

        return load_data

    def word_index(self, name):
        _n_train, _n_test, vocabulary, _classes = TEXT_SETS[name]

        def get_word_index(*_args, **_kwargs):
            return {f"word{i}": i for i in range(1, vocabulary - 2)}

        return get_word_index

    def regression_loader(self, name):
        n_train, n_test, features, (low, high) = REGRESSION_SETS[name]

        def load_data(*_args, **_kwargs):
            self.used.append(name)

            def split(which, real):
                n = self._count(which, real)
                x = self.rng.uniform(0.0, 700.0, size=(n, features))
                y = self.rng.uniform(low, high, size=n)
                return x, y

            return split("train", n_train), split("test", n_test)

        return load_data

    def loaders(self):
        """Module name (as in keras.datasets.<name>) -> {function name: fake}."""
        table = {name: {"load_data": self.image_loader(name)} for name in IMAGE_SETS}
        for name in TEXT_SETS:
            table[name] = {"load_data": self.text_loader(name), "get_word_index": self.word_index(name)}
        for name in REGRESSION_SETS:
            table[name] = {"load_data": self.regression_loader(name)}
        return table
