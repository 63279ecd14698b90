#!/usr/bin/env python3
"""Random numpy expressions with numpy's own answers, for the Python front end's property test.

Builds small programs (seeded, so the same cases come out every time): arrays of random shapes, some of
whose sizes come from values the front end cannot know (`n0`, `n1`), and one expression over them
(broadcasting, matmul/dot, reshape, joins, indexing, reductions, expand_dims/squeeze/transpose, lists and
comprehensions turned into arrays...). Runs each with numpy and records the result's shape, dtype and value
range, or the exception numpy raises. The test (numpy-cases.test.ts) checks that the front end says either
numpy's shape or unknown, never another shape, and never a shape where numpy raises.

Usage: python3 scripts/numpy-cases.py [--seed N] [--count N] [--out FILE]   (or `npm run numpy-cases`)
Needs numpy; writes test/fixtures/frontend/numpy-cases.json by default.
"""
import argparse
import json
import math
import os
import random
import sys
import warnings

import numpy as np

DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "frontend", "numpy-cases.json")


class Case:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.unknowns = {}
        self.names = 0
        # Whether numpy's answer depends on element values the front end does not follow (a mask's count).
        self.value_dependent = False

    def unknown(self, value):
        """A size the front end cannot know (it reads it from the environment)."""
        name = f"n{len(self.unknowns)}"
        self.unknowns[name] = value
        return name

    def dim_text(self, size, hide):
        return self.unknown(size) if hide else str(size)

    def array(self, shape, kind=None, hidden=0.0):
        """Declares an array of `shape`; each size is hidden with probability `hidden`."""
        name = "abcdefgh"[self.names]
        self.names += 1
        dims = [self.dim_text(d, self.rng.random() < hidden) for d in shape]
        kind = kind or self.rng.choice(["rand", "rand", "zeros", "arange", "randint", "float32", "uint8", "bool"])
        if kind == "rand":
            # np.random.rand() alone is a Python float; rand(1)[0] is a numpy scalar, like a 0-d array.
            text = f"np.random.rand({', '.join(dims)}) - 0.5" if dims else "np.random.rand(1)[0] - 0.5"
        elif kind == "zeros":
            text = f"np.zeros(({', '.join(dims)}{',' if len(dims) == 1 else ''}))"
        elif kind in ("float32", "uint8", "bool") and dims:
            size = f"({', '.join(dims)}{',' if len(dims) == 1 else ''})"
            text = {"float32": f"np.random.rand(*{size}).astype('float32') * 4", "uint8": f"np.random.randint(0, 256, size={size}).astype(np.uint8)", "bool": f"np.random.rand(*{size}) > 0.5"}[kind]
        elif kind == "randint" or kind in ("float32", "uint8", "bool"):
            text = f"np.random.randint(0, 5, size=({', '.join(dims)}{',' if len(dims) == 1 else ''}))"
        else:
            total = " * ".join(dims) if dims else "1"
            text = f"np.arange({total}).reshape(({', '.join(dims)}{',' if len(dims) == 1 else ''}))"
        self.lines.append(f"{name} = {text}")
        return name


def rand_shape(rng, rank=None, lo=1, hi=4):
    rank = rng.randint(0, 3) if rank is None else rank
    return [rng.randint(lo, hi) for _ in range(rank)]


def broadcastable(rng, shape):
    """A shape that broadcasts with `shape` (or, rarely, one that does not)."""
    if rng.random() < 0.1:
        return rand_shape(rng)
    out = list(shape[rng.randint(0, len(shape)):]) if shape else []
    out = [1 if rng.random() < 0.3 else d for d in out]
    if rng.random() < 0.2:
        out = [rng.randint(1, 3)] + out
    return out


def index_component(rng, size, name):
    r = rng.random()
    if r < 0.25:
        return str(rng.randint(-size - 1, size))
    if r < 0.55:
        parts = [rng.choice(["", str(rng.randint(-size - 1, size + 1))]) for _ in range(2)]
        step = rng.choice(["", "", "2", "-1", "-2", "3"])
        return f"{parts[0]}:{parts[1]}" + (f":{step}" if step else "")
    if r < 0.65:
        return "None"
    if r < 0.8:
        return "[" + ", ".join(str(rng.randint(-size, size - 1)) for _ in range(rng.randint(1, 3))) + "]"
    if r < 0.9:
        return "[" + ", ".join(rng.choice(["True", "False"]) for _ in range(size)) + "]"
    return "..."


def axis_arg(rng, rank):
    r = rng.random()
    if r < 0.25 or rank == 0:
        return None
    if r < 0.85:
        return str(rng.randint(-rank, rank - 1) if rng.random() < 0.9 else rank)
    axes = rng.sample(range(rank), rng.randint(1, rank))
    return "(" + ", ".join(str(a) for a in axes) + ("," if len(axes) == 1 else "") + ")"


def gen_broadcast(c):
    rng = c.rng
    s = rand_shape(rng, rng.randint(0, 3))
    a = c.array(s, hidden=0.2)
    b = c.array(broadcastable(rng, s), hidden=0.2) if rng.random() < 0.8 else rng.choice(["2", "0.5", "[1.0, 2.0, 3.0]", "True"])
    op = rng.choice(["+", "-", "*", "/", ">", "==", "//", "**"])
    if op == "**":
        b = "2"
    return f"{a} {op} {b}" if rng.random() < 0.8 else f"{b} {op} {a}"


def gen_product(c):
    rng = c.rng
    ra, rb = rng.randint(1, 3), rng.randint(1, 3)
    k = rng.randint(1, 4)
    sa = rand_shape(rng, ra - 1) + [k] if ra > 0 else []
    if rb == 1:
        sb = [k if rng.random() < 0.9 else k + 1]
    else:
        sb = rand_shape(rng, rb - 2) + [k if rng.random() < 0.9 else k + 1, rng.randint(1, 4)]
    if ra == 3 and rb == 3 and rng.random() < 0.5:
        sb[0] = sa[0]
    a = c.array(sa, hidden=0.15)
    b = c.array(sb, hidden=0.15)
    form = rng.choice(["{a} @ {b}", "np.matmul({a}, {b})", "np.dot({a}, {b})", "{a}.dot({b})"])
    return form.format(a=a, b=b)


def gen_reshape(c):
    rng = c.rng
    s = rand_shape(rng, rng.randint(1, 3), 1, 4)
    a = c.array(s, hidden=0.15)
    total = int(np.prod(s))
    divisors = [d for d in range(1, total + 1) if total % d == 0]
    target = []
    left = total
    for _ in range(rng.randint(1, 3)):
        d = rng.choice([d for d in divisors if left % d == 0])
        target.append(d)
        left //= d
    target.append(left)
    if rng.random() < 0.5:
        target[rng.randrange(len(target))] = -1
    if rng.random() < 0.1:
        target[0] = target[0] + 1 if target[0] != -1 else 7
    t = ", ".join(str(d) for d in target)
    form = rng.choice(["{a}.reshape({t})", "{a}.reshape(({t},))", "np.reshape({a}, ({t},))", "{a}.reshape([{t}])", "{a}.reshape(({t},), order='F')", "{a}.ravel()", "{a}.flatten()"])
    return form.format(a=a, t=t)


def gen_join(c):
    rng = c.rng
    s = rand_shape(rng, rng.randint(1, 3))
    parts = []
    for _ in range(rng.randint(2, 3)):
        p = list(s)
        if p and rng.random() < 0.6:
            ax = rng.randrange(len(p))
            p[ax] = rng.randint(1, 4)
        if rng.random() < 0.1:
            p = rand_shape(rng)
        parts.append(c.array(p, hidden=0.15))
    seq = "[" + ", ".join(parts) + "]" if rng.random() < 0.7 else "(" + ", ".join(parts) + ")"
    fn = rng.choice(["concatenate", "concatenate", "stack", "vstack", "hstack", "column_stack", "dstack"])
    if fn in ("concatenate", "stack"):
        ax = rng.randint(-len(s) - 1, len(s))
        return f"np.{fn}({seq}, axis={ax})" if rng.random() < 0.8 else f"np.{fn}({seq})"
    return f"np.{fn}({seq})"


def gen_axes(c):
    rng = c.rng
    s = [1 if rng.random() < 0.3 else d for d in rand_shape(rng, rng.randint(0, 3))]
    a = c.array(s, hidden=0.15)
    r = len(s)
    choice = rng.random()
    if choice < 0.25:
        ax = rng.randint(-r - 2, r + 1)
        if rng.random() < 0.2 and r >= 1:
            return f"np.expand_dims({a}, ({rng.randint(0, r)}, {rng.randint(0, r + 1)}))"
        return f"np.expand_dims({a}, {ax})"
    if choice < 0.5:
        if rng.random() < 0.4 or r == 0:
            return rng.choice([f"np.squeeze({a})", f"{a}.squeeze()"])
        return rng.choice([f"np.squeeze({a}, axis={rng.randint(-r, r - 1)})", f"{a}.squeeze({rng.randint(-r, r - 1)})"])
    if choice < 0.85:
        if rng.random() < 0.3 or r == 0:
            return rng.choice([f"{a}.T", f"{a}.transpose()", f"np.transpose({a})"])
        perm = list(range(r))
        rng.shuffle(perm)
        if rng.random() < 0.1:
            perm = perm[:-1] if len(perm) > 1 else [0, 0]
        p = ", ".join(str(x) for x in perm)
        return rng.choice([f"{a}.transpose({p})", f"{a}.transpose(({p},))", f"np.transpose({a}, ({p},))", f"np.transpose({a}, axes=[{p}])"])
    if r >= 2:
        return rng.choice([f"np.swapaxes({a}, 0, -1)", f"{a}.swapaxes(1, 0)", f"np.moveaxis({a}, 0, -1)"])
    return f"np.atleast_2d({a})"


def gen_index(c):
    rng = c.rng
    s = rand_shape(rng, rng.randint(1, 3), 1, 5)
    a = c.array(s, hidden=0.15)
    if rng.random() < 0.15:
        c.value_dependent = True
        return f"{a}[{a} > 0]" if rng.random() < 0.5 else f"{a}[{a}.sum(axis=-1) > 0]" if len(s) > 1 else f"{a}[{a} > 0.1]"
    comps = []
    axis = 0
    for _ in range(rng.randint(1, len(s) + 1)):
        size = s[axis] if axis < len(s) else 2
        comp = index_component(rng, size, a)
        comps.append(comp)
        if comp not in ("None", "..."):
            axis += 1
    return f"{a}[{', '.join(comps)}]"


def gen_reduce(c):
    rng = c.rng
    s = rand_shape(rng, rng.randint(0, 3))
    a = c.array(s, hidden=0.15)
    fn = rng.choice(["sum", "mean", "max", "min", "std", "prod", "argmax", "argmin", "any", "all"])
    ax = axis_arg(rng, len(s))
    args = []
    if ax is not None:
        args.append(f"axis={ax}")
    if rng.random() < 0.3:
        args.append("keepdims=True")
    if rng.random() < 0.5:
        return f"np.{fn}({', '.join([a] + args)})"
    return f"{a}.{fn}({', '.join(args)})"


def gen_misc(c):
    rng = c.rng
    kind = rng.randint(0, 9)
    if kind == 0:
        s = rand_shape(rng)
        a = c.array(s, hidden=0.15)
        return f"{a}.astype({rng.choice(['float32', 'int', 'bool', 'np.uint8'])!r})".replace("'int'", "int").replace("'bool'", "bool").replace("'np.uint8'", "np.uint8")
    if kind == 1:
        s = rand_shape(rng)
        a = c.array(s, hidden=0.15)
        b = c.array(broadcastable(rng, s), hidden=0.15)
        return rng.choice([f"np.where({a} > 0, {a}, {b})", f"np.where({a} > 0, {a}, 0.5)", f"np.where({a} > 0, 1, 0)", f"np.clip({a}, 0, 1.5)", f"np.clip({a}, -1, None)", f"np.round({a} > 0)", f"np.maximum({a}, 0.5)"])
    if kind == 2:
        k = rng.randint(2, 5)
        # Class ids below k: an index out of range is a fault of the values, not of the shapes.
        size = ", ".join(c.dim_text(d, rng.random() < 0.15) for d in rand_shape(rng, rng.randint(1, 2)))
        c.lines.append(f"y = np.random.randint(0, {k}, size=({size},))")
        return f"np.eye({k})[y]" if rng.random() < 0.7 else f"np.eye({k}, {k + 1})[y]"
    if kind == 3:
        size = ", ".join(c.dim_text(d, rng.random() < 0.2) for d in rand_shape(rng, rng.randint(1, 3)))
        return rng.choice([f"np.random.rand({size})", f"np.random.normal(0, 1, size=({size},))", f"np.random.randint(0, 3, size=({size},))", f"np.random.uniform(-1, 1, ({size},))", f"np.random.random(({size},))", f"np.random.choice(5, ({size},))", f"np.zeros(({size},))", f"np.full(({size},), 7)"])
    if kind == 4:
        n = rng.randint(1, 6)
        return rng.choice([f"np.arange({n})", f"np.arange(1, {n + 2}, 2)", f"np.arange({n}, dtype='float32')", f"np.linspace(0, 1, {n})", f"np.arange(0, 1, 0.25)"])
    if kind == 5:
        return rng.choice([
            "np.array([[1, 2], [3, 4], [5, 6]])",
            "np.array([[1, 2], [3]], dtype=object)",
            "np.array([1.5, 2, True])",
            "np.array([[0.0] * 3] * 4)",
            "np.array([0.0] * 4 + [1.0, 2.0])",
            "np.array([[i, i * 2] for i in range(5)])",
            "np.array([i for i in range(7) if i % 2])",
            "np.array(list(range(4)) * 2)",
            "np.array([[1, 2], [3, 4]]).T",
            "np.array([(1, 2), (3, 4)])",
            "np.array([[[1], [2]], [[3], [4]]])",
            "np.array([])",
        ])
    if kind == 6:
        s = rand_shape(rng, rng.randint(1, 3))
        a = c.array(s, hidden=0.15)
        return rng.choice([f"np.array([{a}, {a}])", f"np.array([{a}, {a}, {a}])", f"np.stack([{a}] * 3)", f"np.asarray({a})", f"np.array({a}, dtype='float32')", f"np.array([{a}, 1])"])
    if kind == 7:
        k = rng.randint(1, 5)
        c.lines.append("rows = []")
        c.lines.append(f"for i in range({c.dim_text(k, rng.random() < 0.3)}):")
        c.lines.append(rng.choice(["    rows.append([i, 0.5])", "    rows.append([0.0] * 3)", "    rows.append(np.zeros((2, 2)) + i)", "    rows.extend([i, i])", "    rows += [[i]]"]))
        return rng.choice(["np.array(rows)", "np.vstack(rows)", "np.concatenate(rows)", "np.stack(rows, axis=-1)"])
    if kind == 8:
        s = rand_shape(rng, rng.randint(1, 3))
        a = c.array(s, hidden=0.15)
        return rng.choice([f"np.clip({a}, 0, 1)", f"np.abs({a})", f"np.exp({a})", f"-{a}", f"np.maximum({a}, 0)", f"np.tile({a}, 2)", f"np.repeat({a}, 2)", f"np.repeat({a}, 2, axis=0)", f"np.sort({a})", f"np.cumsum({a})", f"np.zeros_like({a})", f"np.full_like({a}, 3)"])
    s = rand_shape(rng, 2)
    a = c.array(s, hidden=0.15)
    return rng.choice([f"np.argmax({a}, axis=1)", f"np.argmax({a})", f"{a}.argmax(axis=-1)", f"np.outer({a}, {a})", f"{a}.shape[0] * {a}", f"np.ones(({a}.shape[1], 2))"])


def gen_lists(c):
    """Python lists grown in loops (of known, unknown or long counts), under conditions, and turned into arrays."""
    rng = c.rng
    k = rng.randint(1, 5)
    count = rng.choice([c.dim_text(k, rng.random() < 0.4), "100", str(k)])
    row = rng.choice(["[i, 0.5]", "[0.0] * 3", "[float(i)] * 2", "np.ones(3) * i", "np.zeros((2, 2))", "i", "[i, i * 2, 1]"])
    pattern = rng.randint(0, 9)
    if pattern == 9:
        # Values written into an array, in a loop or under a condition.
        c.lines += [f"arr = np.zeros(({count}, 2))", f"for i in range({count}):", rng.choice(["    arr[i, 0] = i * 2.5", "    arr[i] = -i", "    if i % 3 == 0:\n        arr[i, 1] = 7"]), rng.choice(["arr[0] = 1", "arr[:, 1] += 3", "pass"])]
        return rng.choice(["arr", "arr * 2", "arr[:, 0]", "arr.sum(axis=0)"])
    c.lines.append("rows = []")
    if pattern == 0:
        c.lines += [f"for i in range({count}):", f"    rows.append({row})"]
    elif pattern == 1:
        c.lines += [f"for i in range({count}):", f"    if i % 2 == 0:", f"        rows.append({row})"]
    elif pattern == 2:
        cond = f"{c.unknown(rng.randint(0, 3))} > 1"
        c.lines += rng.choice([
            [f"if {cond}:", "    rows.append([1.0, 2.0])", "rows.append([3.0, 4.0])"],
            ["rows = [[1.0, 2.0]]", f"if {cond}:", "    rows = rows + [[3.0, 4.0]]"],
            [f"rows = [[1.0, 2.0]] if {cond} else [[1.0, 2.0], [5.0, 6.0]]"],
            ["rows = [[1.0, 2.0], [0.0, 1.0]]", f"if {cond}:", "    rows.pop()"],
        ])
    elif pattern == 3:
        c.lines += [f"rows = [{row} for i in range({count})]"]
    elif pattern == 4:
        # At least two rows: the front end takes a list of unknown length for a non-empty one
        # (np.array([]) is 1-D whatever the rows would have been).
        count = count if count == "100" else c.dim_text(max(k, 2), rng.random() < 0.4)
        c.lines += [f"for i in range({count}):", f"    rows.append({row})", "rows.pop()" if rng.random() < 0.5 else "del rows[0]"]
    elif pattern == 5:
        c.lines += ["i = 0", f"while len(rows) < {count}:", f"    rows.append({row})", "    i += 1"]
    elif pattern == 6:
        c.lines += [f"rows = [[i, v] for i, v in enumerate([3, 4, 5][:{k}])]" if rng.random() < 0.5 else f"rows = list(zip(range({count}), range(1, {k + 1})))"]
    else:
        c.lines += ["total = 0", f"for i in range({count}):", "    total += 1", f"    rows.append([total, {row if row == 'i' else 0}])"]
    return rng.choice(["np.array(rows)", "np.array(rows, dtype='float32')", "np.vstack(rows)", "np.concatenate(rows)", "np.stack(rows)", "np.zeros((len(rows), 2))", "np.array(rows).sum(axis=0)", "np.asarray(rows)[:, 0]"])


GENERATORS = [gen_broadcast, gen_product, gen_reshape, gen_join, gen_axes, gen_index, gen_reduce, gen_misc, gen_lists]
WEIGHTS = [4, 4, 3, 3, 3, 4, 3, 5, 4]


def compose(c, expr):
    """Sometimes applies a second operation to the first one's result."""
    rng = c.rng
    if rng.random() > 0.25:
        return expr
    return rng.choice([
        f"({expr}).reshape(-1)",
        f"({expr}).sum(axis=0)",
        f"({expr})[..., None]",
        f"({expr}).T",
        f"np.expand_dims({expr}, 0)",
        f"({expr}) * 2",
        f"({expr})[0]",
    ])


def run(case):
    """numpy's answer with the random draws of seed 0; `varies` when other draws change whether numpy raises
    or what shape it gives (a mask's count, an index in range): the front end cannot know those values."""
    answers = [run_with_seed(case, seed) for seed in range(4)]
    first = answers[0]
    outcome = lambda a: (a.get("error"), tuple(a.get("shape", ())), "other" in a)
    if any(outcome(a) != outcome(first) for a in answers[1:]):
        first = dict(first, varies=True)
    return first


def run_with_seed(case, seed):
    env = {"np": np}
    env.update(case.unknowns)
    source = "\n".join(case.lines + [f"result = {case.expr}"])
    np.random.seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(source, env)  # noqa: S102 - the programs are generated here
        except Exception as error:  # numpy's refusal is the answer
            return {"error": type(error).__name__}
    value = env["result"]
    if not isinstance(value, (np.ndarray, np.generic, int, float, bool)):
        return {"other": type(value).__name__}
    arr = np.asarray(value)
    out = {"shape": list(arr.shape), "dtype": str(arr.dtype)}
    if arr.size and arr.dtype.kind in "biuf":
        lo, hi = float(arr.min()), float(arr.max())
        if math.isfinite(lo) and math.isfinite(hi):
            out["range"] = [lo, hi]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = []
    seen = set()
    while len(cases) < args.count:
        c = Case(rng)
        generator = rng.choices(GENERATORS, WEIGHTS)[0]
        c.expr = compose(c, generator(c))
        key = ("\n".join(c.lines), c.expr, tuple(sorted(c.unknowns.items())))
        if key in seen:
            continue
        seen.add(key)
        answer = run(c)
        if "other" in answer:
            continue
        if c.value_dependent:
            answer["varies"] = True
        entry = {"id": len(cases), "kind": generator.__name__[4:], "setup": c.lines, "expr": c.expr, "numpy": answer}
        if c.unknowns:
            entry["unknowns"] = c.unknowns
        cases.append(entry)
    document = {
        "about": "Random numpy expressions with numpy's answers; regenerate with `npm run numpy-cases` (scripts/numpy-cases.py).",
        "numpy": np.__version__,
        "seed": args.seed,
        "cases": cases,
    }
    with open(args.out, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    errors = sum(1 for c in cases if "error" in c["numpy"])
    print(f"{len(cases)} cases ({errors} where numpy raises) written to {os.path.relpath(args.out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
