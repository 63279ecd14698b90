"""Seeded synthetic data in the layouts of the datasets the public examples download (no network): the
trainings in this folder re-create those examples' models and loops on data with the same shapes, dtypes
and value ranges. Only NumPy; each function returns NumPy arrays."""

import numpy as np


def _stroke(canvas, rng, side, width=1.5):
    """Draws one anti-aliased line segment (about `width` pixels wide) into canvas, in place."""
    (r0, c0), (r1, c1) = rng.uniform(4, side - 4, size=(2, 2))
    rows, cols = np.mgrid[0:side, 0:side].astype(np.float32)
    dr, dc = r1 - r0, c1 - c0
    length2 = max(dr * dr + dc * dc, 1e-6)
    t = np.clip(((rows - r0) * dr + (cols - c0) * dc) / length2, 0, 1)
    distance = np.hypot(rows - (r0 + t * dr), cols - (c0 + t * dc))
    np.maximum(canvas, np.clip(width - distance, 0, 1), out=canvas)


def glyphs(n, seed, classes=10, side=28, template_seed=0, strokes=3, width=1.5):
    """MNIST-like images: uint8 [n, side, side] in 0..255 and int64 labels [n]. Each class is a glyph of
    `strokes` strokes `width` pixels wide (the same for every split made with the same template_seed; Fashion-
    MNIST-like images: more and wider strokes, a larger share of bright pixels); a sample is its class's glyph shifted
    by up to 3 pixels, at 60-100 % intensity, with one stray stroke in a fifth of the samples, and pixel noise."""
    templates = np.zeros((classes, side, side), np.float32)
    template_rng = np.random.default_rng(1000 + template_seed)
    for c in range(classes):
        for _ in range(strokes):
            _stroke(templates[c], template_rng, side, width)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, size=n)
    images = np.empty((n, side, side), np.float32)
    for i in range(n):
        image = np.roll(templates[labels[i]], tuple(rng.integers(-3, 4, size=2)), axis=(0, 1)) * rng.uniform(0.6, 1.0)
        if rng.random() < 0.2:
            _stroke(image, rng, side)
        images[i] = image
    images += rng.normal(0, 0.08, size=images.shape).astype(np.float32)
    return (np.clip(images, 0, 1) * 255).round().astype(np.uint8), labels.astype(np.int64)


def housing(n, seed):
    """Boston-housing-like rows: float32 [n, 13] features on the dataset's own scales (crime rate, zoning share,
    industry share, a 0/1 river flag, NOx, rooms, age, distance, highway index, tax, pupil-teacher ratio, B,
    lower-status share) and float32 prices [n] in thousands of dollars, 5 to 50, that depend on them
    non-linearly, plus noise."""
    rng = np.random.default_rng(seed)
    wealth = rng.normal(0, 1, size=n)
    urban = rng.normal(0, 1, size=n)
    crime = np.exp(rng.normal(-0.5 + 1.2 * urban - 0.6 * wealth, 1.0))
    zoning = np.where(rng.random(n) < 0.3, rng.uniform(0, 100, n), 0.0)
    industry = np.clip(11 + 6 * urban + rng.normal(0, 3, n), 0.5, 28)
    river = (rng.random(n) < 0.07).astype(np.float64)
    nox = np.clip(0.55 + 0.08 * urban + rng.normal(0, 0.05, n), 0.38, 0.87)
    rooms = np.clip(6.3 + 0.55 * wealth + rng.normal(0, 0.3, n), 3.5, 8.8)
    age = np.clip(68 + 20 * urban + rng.normal(0, 15, n), 3, 100)
    distance = np.clip(np.exp(1.2 - 0.4 * urban + rng.normal(0, 0.3, n)), 1.1, 12)
    highway = np.where(urban > 1.0, 24.0, rng.integers(1, 9, n).astype(np.float64))
    tax = np.clip(400 + 120 * urban + rng.normal(0, 60, n), 187, 711)
    ratio = np.clip(18.5 + 1.5 * urban - 0.8 * wealth + rng.normal(0, 1, n), 12.6, 22)
    b = np.clip(390 - np.abs(rng.normal(0, 40, n)), 0.3, 397)
    lower = np.clip(np.exp(2.4 - 0.45 * wealth + 0.1 * urban + rng.normal(0, 0.2, n)), 1.7, 38)
    price = 22 + 5.5 * (rooms - 6.3) + 0.8 * (rooms - 6.3) ** 3 - 9 * np.log(lower / 11) - 0.15 * crime - 0.8 * (ratio - 18.5) + 3 * river - 0.3 * distance
    price = np.clip(price + rng.normal(0, 2.5, n), 5, 50)
    x = np.stack([crime, zoning, industry, river, nox, rooms, age, distance, highway, tax, ratio, b, lower], axis=1)
    return x.astype(np.float32), price.astype(np.float32)
