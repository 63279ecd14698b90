"""The squared norms behind a step's gradientNorms (D304), as the Python probe computes them, on each path
(numpy arrays, torch tensors through the numpy back end, the torch back end, and where JAX is installed a
gradient reduced inside a jitted function as Keras's JAX backend's sampled step reduces it), beside exact sums.
Prints {case: {path: value, "exact": value}} as JSON (non-finite values spelled as in telemetry).
Usage: python square_sums.py
"""
import json
import math

import numpy as np
import torch

from nncheck_probe import _stats
from nncheck_probe._records import encode_value

rng = np.random.default_rng(7)
gradient = rng.standard_normal(784 * 512).astype(np.float32)
weights = rng.standard_normal(784 * 512).astype(np.float32)
PENALTY = (0.0, 0.01, True)  # an L2 coefficient whose gradient is part of the gradient (Keras)
with_penalty = (gradient + np.float32(0.01) * weights).astype(np.float32)
numpy_ops, torch_ops = _stats.ops_for("numpy"), _stats.ops_for("torch")
try:
    import jax
    import jax.numpy as jnp

    reduce_in_jit = jax.jit(lambda g: _stats.reduce_gradient_traced(jnp, g))
except ImportError:
    reduce_in_jit = None


def exact_square_sum(values):
    return math.fsum(float(v) * float(v) for v in np.asarray(values, dtype=np.float64))


def sums(values):
    return {
        "exact": exact_square_sum(values),
        "numpy": numpy_ops.sum_squares(values),
        "numpy-torch": numpy_ops.sum_squares(torch.from_numpy(values)),
        "torch": torch_ops.sum_squares(torch.from_numpy(values)),
        **({"jax": _stats.read_traced_gradient(reduce_in_jit(values)).square_sum} if reduce_in_jit else {}),
    }


def split():
    regularization = np.float64(0.01) * weights.astype(np.float64)
    data = with_penalty.astype(np.float64) - regularization
    g, w = torch.from_numpy(with_penalty), torch.from_numpy(weights)
    return {
        "exact": [exact_square_sum(data), exact_square_sum(regularization)],
        "numpy": list(numpy_ops.split_squares(with_penalty, weights, PENALTY)),
        "numpy-torch": list(numpy_ops.split_squares(g, w, PENALTY)),
        "torch": list(torch_ops.split_squares(g, w, PENALTY)),
    }


print(
    json.dumps(
        encode_value(
            {
                "gradient": sums(gradient),
                # Squares past float32's range: summed again in float64.
                "huge": sums(np.full(10, 1e20, dtype=np.float32)),
                "nan": sums(np.array([1.0, math.nan], dtype=np.float32)),
                "split": split(),
            }
        )
    )
)
