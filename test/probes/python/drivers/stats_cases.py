"""Computes the shared stats fixtures (test/fixtures/telemetry/stats-cases.json) with the Python probe's
statistics, on each array back end given (numpy, torch), and prints {backend: [stats per case]} as JSON.
A back end spelled "numpy:moved-view" or "torch:moved-view" is given each case as a non-contiguous torch view
of the same values (its last axis stored first, as a convolution's output with its channels moved last);
one spelled "numpy:written" or "torch:written" computes them as the probe writes them (per-unit arrays
packed as float32), and "numpy:rounded" or "torch:rounded" as it writes them where it cannot pack (rounded
to _stats.WRITTEN_DIGITS significant digits).
Usage: python stats_cases.py FIXTURE BACKEND...
"""
import json
import math
import struct
import sys

from nncheck_probe import _stats
from nncheck_probe._records import encode_value


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def values_of(case):
    if "values" in case:
        return [float(v) if not isinstance(v, str) else {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[v] for v in case["values"]]
    spec = case["generate"]
    x, out = spec["seed"], []
    for _ in range(spec["count"]):
        x = (1664525 * x + 1013904223) % 4294967296
        out.append(f32(spec["low"] + (spec["high"] - spec["low"]) * x / 4294967296))
    for index, spelling in case.get("nonFinite", {}).items():
        out[int(index)] = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[spelling]
    return out


def moved_view(values, shape):
    """The values as a torch tensor of `shape` whose memory holds the last axis first: a view, not contiguous
    when the shape has two axes or more."""
    import torch

    t = torch.tensor(values, dtype=torch.float32).reshape(shape)
    if len(shape) < 2:
        return t
    view = t.movedim(-1, 0).contiguous().movedim(0, -1)
    assert not view.is_contiguous() or min(shape) <= 1
    return view


def main():
    fixture = json.load(open(sys.argv[1]))
    results = {}
    for backend in sys.argv[2:]:
        kind, _, form = backend.partition(":")
        ops = _stats.ops_for(kind)
        out = []
        for case in fixture["cases"]:
            options = case["options"]
            values = values_of(case)
            if form == "moved-view":
                values = moved_view(values, case["shape"])
            out.append(
                encode_value(
                    _stats.compute_stats(
                        values,
                        case["shape"],
                        ops=ops,
                        max_values=options.get("maxValues", fixture["maxValues"]),
                        per_unit=options.get("perUnit", False),
                        saturation_range=options.get("saturationRange"),
                        row_sums=options.get("rowSums", False),
                        total_values=options.get("totalValues"),
                        units_as={"written": "packed", "rounded": "rounded"}.get(form),
                    )
                )
            )
        results[backend] = out
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
