"""Tensor statistics, the same reductions as the TF.js probe (src/probes/tfjs/stats.ts) and the telemetry
schema's TensorStats: large tensors are reduced on a strided subsample of whole rows (a row = one index
of every axis but the last), so per-unit statistics keep their units. The shared fixtures in
test/fixtures/telemetry/stats-cases.json hold both probes to the same numbers.

Two array back ends compute them: numpy (always present with TensorFlow, usually with PyTorch) and
torch itself (a PyTorch install without numpy). Both see float64 values on the host, but for the squared
norms of whole gradients, summed where the tensors live, in their own precision (_torch_square_sum,
_float32_square_sum).
"""

import base64
import math

DEFAULT_MAX_SAMPLED_VALUES = 4096
# Significant digits of the per-unit arrays the probe writes when it cannot pack them (float32 tensors carry about 7).
WRITTEN_DIGITS = 7
SATURATION_BINS = 50
TINY = 1e-5
_QUANTILES = (0.05, 0.5, 0.95)


def odd_stride(stride):
    """A stride that does not alias with a power-of-two layout (stats.ts oddStride: an even stride over a
    flattened feature map's rows keeps the same few channels at every position)."""
    return stride + 1 if stride > 1 and stride % 2 == 0 else stride


def subsample_plan(shape, total, max_values):
    """How a tensor is subsampled: (units, kind, stride) with kind "all", "rows" or "values"."""
    units = max(1, int(shape[-1])) if len(shape) >= 2 else 1
    if total <= max_values:
        return units, "all", 1
    if 1 < units <= max_values:
        rows = total // units
        keep_rows = max(1, max_values // units)
        return units, "rows", odd_stride(-(-rows // keep_rows))
    return 1, "values", odd_stride(-(-total // max_values))


def _square_sum(np, v):
    """The sum of squares of a 1-D float64 array. Not np.dot: that calls BLAS, whose worker threads spin
    for milliseconds on a busy machine, where this loop takes microseconds."""
    return float(np.einsum("i,i->", v, v))


class _NumpyOps:
    """Array primitives on numpy float64 arrays. Tensors of a framework (torch) are flattened and
    subsampled where they live, and only the subsample is copied to the host."""

    def __init__(self, np):
        self.np = np

    def flat(self, values):
        if _is_torch_tensor(values):
            return _torch_flat(values)
        a = self.np.asarray(values)
        if a.dtype.kind != "f" or a.dtype.itemsize < 4:
            a = a.astype(self.np.float32)
        return a.reshape(-1)

    def size(self, flat):
        if _is_torch_tensor(flat):
            return int(flat.numel())
        return int(flat.shape[0])

    def unit_zero_fraction(self, values, shape, unit_axis):
        """Per unit (index along `unit_axis`), the fraction of its entries that are exactly zero, over the
        whole tensor."""
        np = self.np
        if _is_torch_tensor(values):
            host = _host_array(values)
            if host is None:
                return _TorchOps(__import__("torch")).unit_zero_fraction(values, shape, unit_axis)
            # numpy compares and counts a CPU tensor in place 9x faster than torch's eq and sum on one thread
            # (0.28 against 2.5 ms for a 128x9216 kernel's gradient).
            values = host
        a = np.asarray(values).reshape(shape)
        axis = unit_axis % a.ndim
        units = int(shape[axis])
        # Each unit's entries contiguous where they can be (a PyTorch kernel [out, in]: rows), else units last.
        rows, along = (a.reshape(units, -1), 1) if axis == 0 else (np.moveaxis(a, axis, -1).reshape(-1, units), 0)
        per_unit = rows.shape[along]
        if per_unit == 0:
            return [math.nan] * units
        # Counted, not averaged over a boolean copy: the same float64 quotient. Summed as bytes into int32
        # (exact below 2^31 entries a unit): int64 sums took 2.4x as long, counting non-zeros twice as long.
        zeros = np.add.reduce((rows == 0).view(np.uint8), axis=along, dtype=np.int32 if per_unit < 2**31 else np.int64)
        return zeros / float(per_unit)

    def count_non_finite(self, flat):
        if _is_torch_tensor(flat):
            return _torch_count_non_finite(flat)
        np = self.np
        return int(flat.size - np.count_nonzero(np.isfinite(flat)))

    def subsample(self, flat, units, kind, stride):
        if _is_torch_tensor(flat):
            return _torch_subsample(flat, units, kind, stride)
        if kind == "rows":
            return flat.reshape(-1, units)[::stride].reshape(-1)
        if kind == "values":
            return flat[::stride]
        return flat

    def host64(self, v):
        """A float64 copy on the host (never a view: parameters change in place after it is taken)."""
        if _is_torch_tensor(v):
            v = v.cpu().numpy()
        return self.np.array(v, dtype=self.np.float64, copy=True)

    def sum_squares(self, values):
        flat = self.flat(values).reshape(-1)
        if _is_torch_tensor(flat):
            return _torch_square_sum(flat)
        fast = _float32_square_sum(self.np, flat)
        return fast if fast is not None else _square_sum(self.np, self.host64(flat))

    def split_squares(self, gradient, weights, penalty):
        """Squared norms of the data and regularisation parts of a gradient (see Param.penalty)."""
        np = self.np
        g = self.flat(gradient).reshape(-1)
        w = self.flat(weights).reshape(-1)
        if _is_torch_tensor(g) and _is_torch_tensor(w):
            return _TorchOps(__import__("torch")).split_squares(g, w, penalty)
        g, w = self.host64(g), self.host64(w)
        l1, coefficient, included = penalty
        regularization = coefficient * w
        if l1:
            regularization = regularization + l1 * np.sign(w)
        data = g - regularization if included else g
        return _square_sum(np, data), _square_sum(np, regularization)

    def scalar_stats(self, v):
        np = self.np
        s = float(v.sum())
        # A finite sum means every value is finite: no masked copy.
        finite = v if math.isfinite(s) else v[np.isfinite(v)]
        n = int(finite.size)
        if n == 0:
            return 0, None
        if finite is not v:
            s = float(finite.sum())
        ordered = np.sort(finite)
        # Counted on the sorted values by bisection, not by a pass and a temporary array each: 12 % of a
        # 4,096-value sample's statistics.
        negative, below = (int(i) for i in np.searchsorted(ordered, (0.0, TINY), side="left"))
        not_positive, above = (int(i) for i in np.searchsorted(ordered, (0.0, -TINY), side="right"))
        return n, {
            "sum": s,
            # Σ|v| = Σv − 2 Σ(negative v): the negative ones are the sorted values' first.
            "sumAbs": s - 2.0 * float(ordered[:negative].sum()),
            "sumSq": _square_sum(np, ordered),
            "min": float(ordered[0]),
            "max": float(ordered[-1]),
            "zeros": not_positive - negative,
            "tiny": below - above,
            "negative": negative,
            "quantiles": [_interpolate(ordered, n, q) for q in _QUANTILES],
        }

    def per_unit(self, v, units):
        np = self.np
        rows = v.size // units
        m = v[: rows * units].reshape(rows, units)
        if rows > 0 and math.isfinite(float(m.sum())):
            return self._per_unit_finite(m, rows)
        finite = np.isfinite(m)
        counts = finite.sum(axis=0)
        zeroed = np.where(finite, m, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = zeroed.sum(axis=0) / counts
            var = np.maximum(0.0, (zeroed * zeroed).sum(axis=0) / counts - mean * mean)
        ordered = np.sort(np.where(finite, np.abs(m), np.inf), axis=0)
        # _interpolate's 0.95-quantile of each column's finite values, for every column at once.
        if rows == 0:
            return mean, np.sqrt(var), np.full(units, np.nan)
        n = counts.astype(np.int64)
        pos = (np.maximum(n, 1) - 1) * 0.95
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(np.maximum(n, 1) - 1, lo + 1)
        columns = np.arange(units)
        low = ordered[lo, columns]
        with np.errstate(invalid="ignore"):  # columns without a finite value: replaced by NaN below
            p95 = low + (ordered[hi, columns] - low) * (pos - lo)
        p95 = np.where(n == 0, np.nan, p95)
        return mean, np.sqrt(var), p95

    def _per_unit_finite(self, m, rows):
        """per_unit of a [rows, units] matrix of finite values: every column counts `rows` values, so the
        masks go and the 0.95-quantile is the same two ranks of every column (a third of the time)."""
        np = self.np
        mean = m.sum(axis=0) / rows
        var = np.maximum(0.0, (m * m).sum(axis=0) / rows - mean * mean)
        # Each unit's values contiguous before sorting them: a sort along the strided axis took twice as long.
        ordered = np.sort(np.abs(m).T, axis=1)
        pos = (rows - 1) * 0.95
        lo = int(math.floor(pos))
        hi = min(rows - 1, lo + 1)
        low = ordered[:, lo]
        return mean, np.sqrt(var), low + (ordered[:, hi] - low) * (pos - lo)

    def saturation(self, v, units, lo, hi):
        np = self.np
        rows = v.size // units
        m = v[: rows * units].reshape(rows, units)
        finite = np.isfinite(m)
        with np.errstate(invalid="ignore"):
            bins = np.clip(np.floor((np.where(finite, m, lo) - lo) / (hi - lo) * SATURATION_BINS), 0, SATURATION_BINS - 1)
        closeness = np.where(finite, np.abs(2 * (bins + 0.5) / SATURATION_BINS - 1), 0.0)
        counts = finite.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return closeness.sum(axis=0) / counts

    def row_sums(self, v, units):
        np = self.np
        rows = v.size // units
        sums = v[: rows * units].reshape(rows, units).sum(axis=1)
        return _extremes(sums.tolist())


class _TorchOps:
    """The same primitives on torch float64 tensors (CPU), for a PyTorch install without numpy."""

    def __init__(self, torch):
        self.torch = torch

    def flat(self, values):
        torch = self.torch
        if isinstance(values, torch.Tensor):
            return _torch_flat(values)
        return torch.tensor(values, dtype=torch.float64).reshape(-1)

    def size(self, flat):
        return int(flat.numel())

    def count_non_finite(self, flat):
        return _torch_count_non_finite(flat)

    def subsample(self, flat, units, kind, stride):
        return _torch_subsample(flat, units, kind, stride)

    def unit_zero_fraction(self, values, shape, unit_axis):
        """Per unit (index along `unit_axis`), the fraction of its entries that are exactly zero: the whole
        tensor is read (one zero entry left out would hide a dead unit)."""
        torch = self.torch
        t = values.detach() if isinstance(values, torch.Tensor) else torch.as_tensor(values)
        t = t.reshape(shape)
        axis = unit_axis % len(shape)
        others = [d for d in range(len(shape)) if d != axis]
        per_unit = t.numel() // int(shape[axis]) if int(shape[axis]) else 0
        if per_unit == 0:
            return [math.nan] * int(shape[axis])
        # Counted in place, not on a moved copy of the tensor; the same float64 quotient as a mean of 0/1.
        # Zeros summed in int32 (exact below 2^31 entries a unit): as fast as count_nonzero on a 128×9216
        # kernel, 19-33 % faster on 512×784 and smaller ones (alternating runs, one process).
        zeros = torch.eq(t, 0).sum(dim=others, dtype=torch.int32 if per_unit < 2**31 else torch.int64)
        return [v / per_unit for v in zeros.cpu().tolist()]

    def host64(self, v):
        """A float64 copy on the host (never a view: parameters change in place after it is taken)."""
        return v.to(device="cpu", dtype=self.torch.float64, copy=True)

    def sum_squares(self, values):
        return _torch_square_sum(self.flat(values).reshape(-1))

    def split_squares(self, gradient, weights, penalty):
        """Where the tensors live, in their precision (see _torch_square_sum)."""
        torch = self.torch
        g = self.flat(gradient).reshape(-1)
        w = self.flat(weights).reshape(-1)
        l1, coefficient, included = penalty
        regularization = coefficient * w
        if l1:
            regularization = regularization + l1 * torch.sign(w)
        data = g - regularization if included else g
        return _torch_square_sum(data), _torch_square_sum(regularization)

    def scalar_stats(self, v):
        torch = self.torch
        finite = v[torch.isfinite(v)]
        n = int(finite.numel())
        if n == 0:
            return 0, None
        absolute = finite.abs()
        ordered = torch.sort(finite).values
        values = ordered.tolist()
        return n, {
            "sum": float(finite.sum()),
            "sumAbs": float(absolute.sum()),
            "sumSq": float(torch.dot(finite, finite)),
            "min": values[0],
            "max": values[-1],
            "zeros": int((finite == 0).sum()),
            "tiny": int((absolute < TINY).sum()),
            "negative": int((finite < 0).sum()),
            "quantiles": [_interpolate(values, n, q) for q in _QUANTILES],
        }

    def per_unit(self, v, units):
        torch = self.torch
        rows = v.numel() // units
        m = v[: rows * units].reshape(rows, units)
        finite = torch.isfinite(m)
        counts = finite.sum(dim=0).to(torch.float64)
        zeroed = torch.where(finite, m, torch.zeros_like(m))
        mean = zeroed.sum(dim=0) / counts
        var = torch.clamp(((zeroed * zeroed).sum(dim=0) / counts) - mean * mean, min=0.0)
        ordered = torch.sort(torch.where(finite, m.abs(), torch.full_like(m, math.inf)), dim=0).values
        columns = ordered.t().tolist()
        p95 = [_interpolate(columns[u], int(counts[u]), 0.95) for u in range(units)]
        return mean.tolist(), torch.sqrt(var).tolist(), p95

    def saturation(self, v, units, lo, hi):
        torch = self.torch
        rows = v.numel() // units
        m = v[: rows * units].reshape(rows, units)
        finite = torch.isfinite(m)
        safe = torch.where(finite, m, torch.full_like(m, lo))
        bins = torch.clamp(torch.floor((safe - lo) / (hi - lo) * SATURATION_BINS), 0, SATURATION_BINS - 1)
        closeness = torch.where(finite, (2 * (bins + 0.5) / SATURATION_BINS - 1).abs(), torch.zeros_like(m))
        counts = finite.sum(dim=0).to(torch.float64)
        return (closeness.sum(dim=0) / counts).tolist()

    def row_sums(self, v, units):
        rows = v.numel() // units
        return _extremes(v[: rows * units].reshape(rows, units).sum(dim=1).tolist())


def _torch_square_sum(t):
    """Σ t², reduced where the tensor lives and in its precision: a float64 copy of every gradient took
    2.7 ms of a sampled step on a 670,000-parameter MLP (page faults included). The relative error, about
    1e-6 in float32, is far below what the checks compare (D304: the ratio of two norms). Redone in float64
    when float32 overflows."""
    torch = __import__("torch")
    total = float(torch.linalg.vector_norm(t)) ** 2
    if math.isinf(total) and bool(torch.isfinite(t).all()):
        total = float(torch.linalg.vector_norm(t.double())) ** 2
    return total


def _float32_square_sum(np, a):
    """Σ a² of a float32 array, summed pairwise in float32 (relative error about 1e-7): no float64 copy.
    None for other dtypes, or when float32 overflows while the values are finite."""
    if a.dtype != np.float32:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.square(a).sum())
    if math.isinf(total) and bool(np.isfinite(a).all()):
        return None
    return total


def _is_torch_tensor(x):
    return type(x).__module__.startswith("torch") and hasattr(x, "detach")


def _torch_flat(t):
    """The tensor's values in row-major order: flattened when that is free, else left N-d (a moved or
    transposed view, such as a convolution's output with its channels moved last, would be copied whole
    by a reshape; _torch_subsample gathers the rows it keeps instead)."""
    t = t.detach()
    if not t.is_floating_point() or t.element_size() < 4:
        t = t.float()
    return t.reshape(-1) if t.is_contiguous() else t


def _torch_subsample(t, units, kind, stride):
    """subsample_plan's rows or values of a tensor from _torch_flat, as a 1-D tensor: the same entries as
    slicing its row-major flattening, gathered without flattening the whole of an N-d view."""
    if t.dim() == 1:
        if kind == "rows":
            return t.reshape(-1, units)[::stride].reshape(-1)
        return t[::stride] if kind == "values" else t
    if kind == "all":
        return t.reshape(-1)
    import torch

    if kind == "rows":
        if t.dim() == 2:
            # A transposed kernel (units moved last): its rows sliced as they lie, 2.6x faster than gathered.
            return t[::stride].reshape(-1)
        index = torch.arange(0, t.numel() // units, stride, device=t.device)
        return t[_unravel(index, t.shape[:-1])].reshape(-1)
    index = torch.arange(0, t.numel(), stride, device=t.device)
    return t[_unravel(index, t.shape)]


def _unravel(index, shape):
    """Row-major flat indices as a tuple of per-axis index tensors."""
    coordinates = []
    for size in reversed(shape):
        coordinates.append(index % int(size))
        index = index // int(size)
    return tuple(reversed(coordinates))


def _host_array(t):
    """A CPU tensor's values as a numpy array sharing its memory, or None (another device, or a dtype numpy
    lacks, such as bfloat16)."""
    torch = __import__("torch")
    if t.device.type != "cpu" or t.dtype not in (torch.float32, torch.float64, torch.float16):
        return None
    return t.detach().numpy()


def _torch_count_non_finite(flat):
    import torch

    # A finite sum means every value is finite (one reduction); else count them.
    if math.isfinite(float(flat.sum())):
        return 0
    return int(flat.numel() - int(torch.isfinite(flat).sum()))


def _interpolate(ordered, n, q):
    """The q-quantile of the first n ascending values, by linear interpolation (as the TF.js probe)."""
    if n == 0:
        return math.nan
    pos = (n - 1) * q
    lo = int(math.floor(pos))
    hi = min(n - 1, lo + 1)
    low = float(ordered[lo])
    return low + (float(ordered[hi]) - low) * (pos - lo)


def listed(values, digits):
    """Per-unit values (a numpy array, a torch tensor or a list) as a list of floats, rounded to `digits`
    significant digits when given: the tensors are float32 (about 7 significant digits), and a float's
    shortest repr of 17 digits took most of a sample's encoding time on a model of a few thousand units."""
    if _is_torch_tensor(values):
        values = values.tolist()
    if digits is None:
        return values.tolist() if hasattr(values, "tolist") else [float(x) for x in values]
    try:
        return round_significant(values, digits).tolist()
    except ImportError:  # PyTorch without numpy
        return [float("%.*g" % (digits, x)) if math.isfinite(x) else float(x) for x in values]


def packed_float32(values):
    """Per-unit values packed as the telemetry's schema 1.3 writes them, `{"f32": base64 of little-endian
    float32}`, or None when numpy is missing or a finite value lies beyond float32's range. Rounding and
    formatting 512 values as JSON numbers took 150 µs here, packing them 14 µs (encoding included), in 44 %
    fewer bytes; the tensors are float32, so the values lose nothing they had."""
    try:
        import numpy as np
    except ImportError:
        return None
    if _is_torch_tensor(values):
        try:
            values = values.detach().cpu().numpy()
        except RuntimeError:  # a torch built without numpy support
            return None
    a = np.asarray(values, dtype=np.float64)
    with np.errstate(over="ignore"):
        f = a.astype("<f4")
    infinite = np.isinf(f)
    # No infinity in float32: none overflowed (nor was one before).
    if infinite.any() and np.any(infinite != np.isinf(a)):
        return None
    return {"f32": base64.b64encode(f.tobytes()).decode("ascii")}


def written_units(values, units_as):
    """Per-unit values as the probe writes them: `units_as` "packed" (packed_float32, else rounded where it
    cannot pack), "rounded" (to WRITTEN_DIGITS) or None (exact floats)."""
    if units_as == "packed":
        packed = packed_float32(values)
        if packed is not None:
            return packed
    return listed(values, WRITTEN_DIGITS if units_as else None)


def round_significant(values, digits):
    """A float64 numpy array rounded to `digits` significant digits, each the double nearest its decimal
    (an integer scaled by an exact power of ten), so that its repr is short. Zero, non-finite values and
    magnitudes beyond 1e±22 (whose power of ten is not exact) are kept as they are."""
    import numpy as np

    a = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        places = digits - 1 - np.floor(np.log10(np.abs(a)))
    exact = np.isfinite(places) & (np.abs(places) <= 22)
    places = np.where(exact, places, 0.0)
    scale = 10.0 ** np.abs(places)
    with np.errstate(invalid="ignore", over="ignore"):
        rounded = np.where(places >= 0, np.round(a * scale) / scale, np.round(a / scale) * scale)
    return np.where(exact, rounded, a)


def _extremes(sums):
    """Min and max of row sums, skipping NaN rows (a NaN row compares false, as in the TF.js probe)."""
    lo, hi = math.inf, -math.inf
    for s in sums:
        if s < lo:
            lo = s
        if s > hi:
            hi = s
    return {"min": lo, "max": hi} if sums else {"min": math.nan, "max": math.nan}


_OPS = {}


def ops_for(kind):
    """The array back end: "numpy" or "torch"."""
    if kind not in _OPS:
        if kind == "numpy":
            import numpy

            _OPS[kind] = _NumpyOps(numpy)
        else:
            import torch

            _OPS[kind] = _TorchOps(torch)
    return _OPS[kind]


def default_ops():
    try:
        return ops_for("numpy")
    except ImportError:
        return ops_for("torch")


def subsample_in_graph(tf, tensor, max_values=DEFAULT_MAX_SAMPLED_VALUES, finite_hint=None):
    """subsample_plan's subsample of a TensorFlow tensor, taken inside a traced function, and [count of
    non-finite values, *shape] of the whole: the host then copies a few thousand values instead of the whole
    tensor. The plan is made from the shape the tensor has when the function runs (a retrace for a partial
    last batch may know neither the batch size nor the rank). None for a tensor that holds no floats (the
    host takes the whole tensor then). `finite_hint`: a sum over the tensor already taken, finite only when
    every value is (its squares' sum, say)."""
    if not tensor.dtype.is_floating:
        return None
    if tensor.shape.is_fully_defined():
        # A shape known when traced (weights, gradients, a fixed batch's outputs): the host's plan, made once
        # here; the plan in the graph below costs some twenty ops a tensor at every sampled step.
        static = [int(d) for d in tensor.shape]
        total = math.prod(static)
        units, kind, stride = subsample_plan(static, total, max_values)
        flat = tf.reshape(tensor, [-1])
        kept = tf.reshape(tf.reshape(flat, [-1, units])[::stride], [-1]) if kind == "rows" else flat[::stride]
        return kept, _facts_in_graph(tf, tensor, tf.constant(static, tf.int64), tf.constant(total, tf.int64), finite_hint)
    shape = tf.shape(tensor, out_type=tf.int64)
    total = tf.reduce_prod(shape)
    one = tf.constant(1, tf.int64)
    # subsample_plan: units = the last axis for a tensor of rank 2 or more (at least 1), else 1.
    last = tf.concat([[one], shape], 0)[-1]
    units = tf.where(tf.size(shape) >= 2, tf.maximum(one, last), one)
    flat = tf.reshape(tensor, [-1])

    def odd(stride):
        return stride + tf.cast(tf.logical_and(stride > 1, tf.equal(stride % 2, 0)), tf.int64)

    def rows():
        keep_rows = tf.maximum(one, max_values // units)
        stride = odd(tf.maximum(one, (total // units + keep_rows - 1) // keep_rows))
        return tf.reshape(tf.reshape(flat, tf.stack([-1, units]))[::stride], [-1])

    def values():
        return flat[:: odd(tf.maximum(one, (total + max_values - 1) // max_values))]

    # Whole rows while a row fits the budget (a tensor within the budget is kept whole either way).
    kept = tf.cond(tf.logical_and(units > 1, units <= max_values), rows, values)
    return kept, _facts_in_graph(tf, tensor, shape, total, finite_hint)


def subsample_traced(xp, array, max_values=DEFAULT_MAX_SAMPLED_VALUES):
    """subsample_plan's subsample of an array traced with a known shape (JAX traces every shape), taken where it
    is traced with its array library `xp` (jax.numpy), and [count of non-finite values, *shape] of the whole.
    None for an array that holds no floats."""
    if not xp.issubdtype(array.dtype, xp.floating):
        return None
    shape = [int(d) for d in array.shape]
    total = math.prod(shape)
    units, kind, stride = subsample_plan(shape, total, max_values)
    flat = array.reshape(-1)
    kept = flat.reshape(-1, units)[::stride].reshape(-1) if kind == "rows" else flat[::stride]
    non_finite = total - xp.count_nonzero(xp.isfinite(array))
    return kept, xp.concatenate([xp.reshape(non_finite, [1]), xp.asarray(shape, dtype=non_finite.dtype)])


def reduce_gradient_traced(xp, gradient, unit_axis=None, max_values=DEFAULT_MAX_SAMPLED_VALUES):
    """reduce_gradient_in_graph for an array traced with a known shape, with its array library `xp`
    (jax.numpy): (subsample, facts, squared sum, per-unit zero counts along `unit_axis` or no fourth). The
    squared sum is taken of the gradient scaled by its largest |value| and returned as (scale, sum): float32
    cannot overflow then, and JAX computes no float64 unless told to. None for a gradient of no floats."""
    planned = subsample_traced(xp, gradient, max_values)
    if planned is None:
        return None
    wide = gradient if gradient.dtype.itemsize >= 4 else gradient.astype(xp.float32)
    scale = xp.max(xp.abs(wide)) if wide.size else xp.zeros([], wide.dtype)
    scaled = xp.sum(xp.square(wide / xp.where(scale > 0, scale, 1)))
    reduced = planned + (xp.stack([scale, scaled]),)
    if unit_axis is not None:
        axis = unit_axis % gradient.ndim
        others = tuple(d for d in range(gradient.ndim) if d != axis)
        reduced += (xp.sum(gradient == 0, axis=others, dtype=xp.int32),)
    return reduced


def read_traced_gradient(arrays):
    """reduce_gradient_traced's arrays as the host reads them (Reduced), its (scale, scaled sum) made the squared
    sum in float64."""
    import numpy

    arrays = [numpy.asarray(a) for a in arrays]
    scale, scaled = (float(v) for v in arrays[2])
    return Reduced(arrays[:2] + [scale * scale * scaled] + arrays[3:])


def _facts_in_graph(tf, tensor, shape, total, finite_hint):
    """[count of non-finite values, *shape] of a tensor, inside a traced function (int64)."""
    # A finite sum means every value is finite: one reduction (counting them took 5 times as long here).
    hint = tf.reduce_sum(tensor) if finite_hint is None else finite_hint
    non_finite = tf.cond(
        tf.math.is_finite(hint),
        lambda: tf.zeros([], tf.int64),
        lambda: total - tf.math.count_nonzero(tf.math.is_finite(tensor), dtype=tf.int64),
    )
    return tf.concat([tf.reshape(non_finite, [1]), shape], 0)


def reduce_gradient_in_graph(tf, gradient, unit_axis=None, max_values=DEFAULT_MAX_SAMPLED_VALUES):
    """subsample_in_graph's (subsample, facts) of a gradient, taken inside a traced function, with what the
    probe reads of the whole gradient beside them: its squared sum (float64; summed in float32 where that does
    not overflow, as _float32_square_sum) and, given the kernel's `unit_axis`, each unit's count of exact
    zeros. The host then copies a few thousand values instead of the gradient. None for a gradient that holds
    no floats, or whose rank is not known where the unit axis is needed.
    Measured with one thread on a 784×512 gradient: 0.36 ms, read included, where copying it out and
    reducing it on the host took 0.45 ms."""
    rank = gradient.shape.rank
    if not gradient.dtype.is_floating or (unit_axis is not None and rank is None):
        return None
    wide = gradient if gradient.dtype in (tf.float32, tf.float64) else tf.cast(gradient, tf.float32)
    fast = tf.reduce_sum(tf.square(wide))
    planned = subsample_in_graph(tf, gradient, max_values, finite_hint=fast)
    square_sum = tf.cond(
        tf.math.is_inf(fast),
        lambda: tf.reduce_sum(tf.square(tf.cast(gradient, tf.float64))),
        lambda: tf.cast(fast, tf.float64),
    )
    reduced = planned + (square_sum,)
    if unit_axis is not None:
        axis = unit_axis % rank
        others = [d for d in range(rank) if d != axis]
        # Summed as int32 (counting into int64 took 9 times as long here): exact below 2^31 entries a unit.
        reduced += (tf.reduce_sum(tf.cast(tf.equal(gradient, tf.zeros([], gradient.dtype)), tf.int32), axis=others),)
    return reduced


class Reduced:
    """A tensor reduced where it lives (subsample_in_graph, reduce_gradient_in_graph; read_traced_gradient), as
    the host reads it: the statistics' subsample, the whole tensor's shape and count of non-finite values, and
    for a gradient its squared sum and per-unit zero fractions (None when not taken)."""

    __slots__ = ("kept", "non_finite", "shape", "square_sum", "unit_zeros")

    def __init__(self, arrays):
        kept, facts = arrays[0], arrays[1]
        self.kept = kept
        self.non_finite = int(facts[0])
        self.shape = [int(d) for d in facts[1:]]
        self.square_sum = float(arrays[2]) if len(arrays) > 2 else None
        self.unit_zeros = None
        if len(arrays) > 3:
            counts = arrays[3]
            units = max(1, int(counts.shape[0]))
            per_unit = math.prod(self.shape) // units
            # The same float64 quotients as unit_zero_fraction on the host.
            self.unit_zeros = counts.astype("float64") / float(per_unit) if per_unit else [math.nan] * units


def subsample_if_finite(ops, values, shape, max_values=DEFAULT_MAX_SAMPLED_VALUES):
    """subsample_plan's subsample of `values` (of `shape`), taken where they live, when every value is finite;
    None otherwise (the caller reads the whole tensor then)."""
    flat = ops.flat(values)
    if ops.count_non_finite(flat) != 0:
        return None
    return _planned_subsample(ops, flat, shape, max_values)[0]


def _planned_subsample(ops, flat, shape, max_values):
    """(subsample, units, kind): subsample_plan's subsample of `flat` (ops.flat of a tensor of `shape`), taken
    where it lives."""
    units, kind, stride = subsample_plan(shape, ops.size(flat), max_values)
    return ops.subsample(flat, units, kind, stride), units, kind


class Subsample:
    """A tensor's values as kept between steps: the strided subsample its statistics use."""

    __slots__ = ("values", "total", "shape")

    def __init__(self, values, total, shape):
        self.values = values
        self.total = total
        self.shape = shape


def host_subsample(ops, values, shape, max_values=DEFAULT_MAX_SAMPLED_VALUES):
    """The float64 subsample `compute_stats` reduces, kept to compute ΔW at a later step."""
    flat = ops.flat(values)
    return Subsample(ops.host64(_planned_subsample(ops, flat, shape, max_values)[0]), ops.size(flat), tuple(shape))


def compute_stats(
    values,
    shape,
    ops=None,
    max_values=DEFAULT_MAX_SAMPLED_VALUES,
    per_unit=False,
    saturation_range=None,
    row_sums=False,
    total_values=None,
    non_finite=None,
    finite=False,
    units_as=None,
):
    """TensorStats (as a dict) of row-major `values` of `shape`.

    `total_values`: the size of the whole tensor when `values` already is a subsample of it (ΔW computed
    on kept subsamples): the statistics are then marked sampled and the L2 norm scaled to the whole.
    `non_finite`: given when `values` already is subsample_plan's subsample of a tensor of `shape` (taken
    where the tensor lives, see subsample_in_graph), with the whole tensor's count of non-finite values.
    `finite`: the caller knows every value of the whole tensor is finite (its squared sum was): not counted.
    `units_as`: how the per-unit arrays are written (written_units): "packed" as the probe writes them,
    "rounded", or None (exact floats).
    """
    ops = ops or default_ops()
    flat = ops.flat(values)
    if non_finite is None:
        total_here = ops.size(flat)
        taken, units, kind = _planned_subsample(ops, flat, shape, max_values)
        v = ops.host64(taken)
    else:
        total_here = math.prod(int(d) for d in shape)
        units, kind, _ = subsample_plan(shape, total_here, max_values)
        v = ops.host64(flat.reshape(-1))
    count_examined = int(v.shape[0])
    if non_finite is None:
        non_finite = 0 if finite else ops.count_non_finite(flat)
    n, s = ops.scalar_stats(v)
    total = max(total_here, total_values or 0)
    sampled = kind != "all" or total > total_here
    nan = math.nan
    if n == 0:
        stats = {
            "count": count_examined,
            "mean": nan,
            "std": nan,
            "meanAbs": nan,
            "l2": nan,
            "min": nan,
            "max": nan,
            "zeroFraction": 0.0,
            "nonFinite": int(non_finite),
            "tinyFraction": nan,
            "negativeFraction": nan,
            "sampled": sampled,
        }
    else:
        mean = s["sum"] / n
        variance = max(0.0, s["sumSq"] / n - mean * mean)
        scale = math.sqrt(total / n) if sampled else 1.0
        p5, p50, p95 = s["quantiles"]
        stats = {
            "count": count_examined,
            "mean": mean,
            "std": math.sqrt(variance),
            "meanAbs": s["sumAbs"] / n,
            "l2": math.sqrt(s["sumSq"]) * scale,
            "min": s["min"],
            "max": s["max"],
            "zeroFraction": s["zeros"] / count_examined,
            "nonFinite": int(non_finite),
            "tinyFraction": s["tiny"] / n,
            "negativeFraction": s["negative"] / n,
            "sampled": sampled,
            "percentiles": {"p5": p5, "p50": p50, "p95": p95},
        }
    if per_unit and units > 1:
        mean_u, std_u, p95_u = ops.per_unit(v, units)
        stats["perUnit"] = {"p95Abs": written_units(p95_u, units_as), "mean": written_units(mean_u, units_as), "std": written_units(std_u, units_as)}
    if saturation_range is not None:
        lo, hi = saturation_range
        stats["saturation"] = written_units(ops.saturation(v, units, float(lo), float(hi)), units_as)
    if row_sums and units > 1:
        stats["rowSums"] = ops.row_sums(v, units)
    return stats
