"""Seeded, learnable synthetic data for the Keras and preflight scenario drivers (numpy; the PyTorch driver
draws its own with torch generators). Each driver fixes its sizes with functools.partial."""


def classes(rng, n, features, count):
    """Classes a linear map of the inputs decides (argmax)."""
    x = rng.standard_normal((n, features)).astype("float32")
    w = rng.standard_normal((features, count)).astype("float32")
    return x, (x @ w).argmax(axis=1).astype("int64")


def regression(rng, n, features, normalised_weights=False, scale=1.0, offset=0.0):
    """A linear function of the inputs plus noise, standardised, then put on `scale` and `offset`."""
    x = rng.standard_normal((n, features)).astype("float32")
    w = rng.standard_normal((features, 1))
    if normalised_weights:
        w = w / features**0.5
    y = x @ w + 0.1 * rng.standard_normal((n, 1))
    return x, (((y - y.mean()) / y.std()) * scale + offset).astype("float32")


def quadrant_images(rng, n, side, count):
    """side×side single-channel images (NHWC): the class is which quadrant is brighter."""
    half = side // 2
    x = (0.3 * rng.standard_normal((n, side, side, 1))).astype("float32")
    y = rng.integers(0, count, n)
    for c in range(count):
        r, q = divmod(c, 2)
        x[y == c, r * half : r * half + half, q * half : q * half + half, :] += 1.0
    return x, y.astype("int64")


def sequences(rng, n, steps, features):
    """Sequences whose class is the sign of their first feature's sum."""
    x = rng.standard_normal((n, steps, features)).astype("float32")
    return x, (x[:, :, 0].sum(axis=1) > 0).astype("int64")
