"""Bag-of-words vectorisers with scikit-learn's tokenisation and vocabulary size."""
import re

import numpy as np

from .._base import either, not_modelled, unknown_if_any

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


class CountVectorizer:
    def __init__(self, *, max_features=None, lowercase=True, **_kwargs):
        self.max_features, self.lowercase = max_features, lowercase

    def _tokens(self, text):
        return _TOKEN.findall(text.lower() if self.lowercase else text)

    def fit(self, texts, y=None):
        unknown = unknown_if_any(texts)
        if unknown is not None:
            self._unknown = unknown
            return self
        counts = {}
        for text in texts:
            for token in self._tokens(text):
                counts[token] = counts.get(token, 0) + 1
        words = sorted(counts, key=lambda w: (-counts[w], w))[: self.max_features] if self.max_features else list(counts)
        self.vocabulary_ = {w: i for i, w in enumerate(sorted(words))}
        return self

    def transform(self, texts):
        unknown = either(unknown_if_any(texts), getattr(self, "_unknown", None))
        if unknown is not None:
            return unknown
        out = np.zeros((len(texts), len(self.vocabulary_)))
        for r, text in enumerate(texts):
            for token in self._tokens(text):
                if token in self.vocabulary_:
                    out[r, self.vocabulary_[token]] += 1
        return out

    def fit_transform(self, texts, y=None):
        return self.fit(texts).transform(texts)

    def get_feature_names_out(self):
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.get))


class TfidfVectorizer(CountVectorizer):
    pass


def __getattr__(name):
    return not_modelled("sklearn.feature_extraction.text", name)
