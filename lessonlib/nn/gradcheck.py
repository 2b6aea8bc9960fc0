"""Central finite differences: the trusted reference every backward pass is compared with.

    df/dx_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / 2ε,   error O(ε²)

Use float64: in float32 the rounding error of f (about 1e-7 · |f|) divided by 2ε swamps
the O(ε²) truncation error for any useful ε.
"""
from __future__ import annotations

from typing import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Gradient of the scalar f() with respect to the array x, which f reads.

    x is nudged in place, one entry at a time, and restored; f must take no arguments and
    read x (a closure), e.g. ``numerical_gradient(lambda: loss(model.forward(x)), x)``.
    Returns an array of x's shape (float64).
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 numpy array (finite differences need the precision), "
                        f"got {getattr(x, 'dtype', type(x).__name__)}")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        up = float(f())
        x[idx] = old - eps
        down = float(f())
        x[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray, floor: float = 1e-8) -> float:
    """max |a − n| / max(|a| + |n|, floor): about 1e-7 or less when a backward pass is right."""
    a, n = np.asarray(analytic, dtype=np.float64), np.asarray(numeric, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"analytic gradient has shape {a.shape}, numeric has {n.shape}")
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor), initial=0.0))
