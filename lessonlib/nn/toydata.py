"""Small seeded 2-D data sets for looking at what a network learns, made with numpy only.

Every function takes a seed and returns (X (n, 2) float64, y (n,) int64 in {0, 1}).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import positive_int


def _check(n, noise):
    n = positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 (one point per class), got {n}")
    if not noise >= 0:
        raise ValueError(f"noise must be non-negative, got {noise}")
    return n


def two_moons(n: int = 200, noise: float = 0.2, seed: int = 0):
    """Two interleaved half circles: class 0 the upper moon, class 1 the lower, shifted one.

    Not linearly separable; a straight line gets about 85 % right.
    """
    n = _check(n, noise)
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t = rng.uniform(0, np.pi, n)
    upper = np.column_stack([np.cos(t[:n0]), np.sin(t[:n0])])
    lower = np.column_stack([1 - np.cos(t[n0:]), 0.5 - np.sin(t[n0:])])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n - n0])
    return X, y


def circles(n: int = 200, noise: float = 0.1, factor: float = 0.5, seed: int = 0):
    """A disc of class 1 inside a ring of class 0 (inner radius = factor × outer radius 1)."""
    n = _check(n, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor}")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t = rng.uniform(0, 2 * np.pi, n)
    r = np.where(np.arange(n) < n0, 1.0, factor)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)]) + noise * rng.standard_normal((n, 2))
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n - n0])
    return X, y


class PlaneGrid(NamedTuple):
    """A regular grid over a rectangle: points (ny*nx, 2) row by row, for imshow(extent=extent)."""

    points: np.ndarray
    shape: tuple          # (ny, nx)
    extent: tuple         # (x_min, x_max, y_min, y_max)


def plane_grid(X, n: int = 80, margin: float = 0.5) -> PlaneGrid:
    """An n×n grid covering the points X (m, 2) plus a margin, to evaluate a 2-D model everywhere."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (m, 2), got {X.shape}")
    n = positive_int(n, "n")
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    xx, yy = np.meshgrid(xs, ys)
    return PlaneGrid(np.column_stack([xx.ravel(), yy.ravel()]), (n, n), (x0, x1, y0, y1))
