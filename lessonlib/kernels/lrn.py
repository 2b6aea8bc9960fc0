"""Local response normalisation (LRN) across channels, as in AlexNet (Krizhevsky et al. 2012).

    b[c] = a[c] / (k + alpha * sum_{j in G(c)} a[j]^2) ** beta

at every sample and spatial position independently, with the window of `size` channels
G(c) = [c - size//2, c + (size-1)//2] clipped to [0, C-1]. For odd size this is AlexNet's
max(0, c - n/2) .. min(N-1, c + n/2); the lecture's slide writes the same thing as
y = x (kappa + alpha * sum x^2) ** -beta.

Convention: alpha multiplies the *sum* of squares (AlexNet's paper). PyTorch's
`nn.LocalResponseNorm` and Caffe divide alpha by size (they use the mean), so
PyTorch's LocalResponseNorm(size, alpha_t, beta, k) equals lrn_forward(x, size, alpha_t / size, beta, k).
"""
from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np
from numba import njit, prange

from .._validate import float_array, positive_int, same_dtype


@njit(parallel=True, cache=True)
def _lrn_forward(x, size, alpha, beta, k):
    """x: (N, C, H, W) -> out, denom (both (N, C, H, W)); denom = k + alpha * windowed sum of squares."""
    n_batch, n_chan, h, w = x.shape
    lo, hi = size // 2, (size - 1) // 2
    denom = np.empty_like(x)
    out = np.empty_like(x)
    for nc in prange(n_batch * n_chan):
        n, c = nc // n_chan, nc % n_chan
        for y in range(h):
            for t in range(w):
                total = 0.0
                for j in range(max(0, c - lo), min(n_chan, c + hi + 1)):
                    total += x[n, j, y, t] * x[n, j, y, t]
                d = k + alpha * total
                denom[n, c, y, t] = d
                out[n, c, y, t] = x[n, c, y, t] * d ** (-beta)
    return out, denom


@njit(parallel=True, cache=True)
def _lrn_backward(dout, x, denom, size, alpha, beta):
    """dx[i] = dout[i] d[i]^-b - 2 a b x[i] * sum over the c whose window holds i of dout[c] x[c] d[c]^(-b-1)."""
    n_batch, n_chan, h, w = x.shape
    lo, hi = size // 2, (size - 1) // 2
    dx = np.empty_like(x)
    for nc in prange(n_batch * n_chan):
        n, i = nc // n_chan, nc % n_chan
        for y in range(h):
            for t in range(w):
                total = 0.0
                # i lies in G(c) = [c - lo, c + hi]  <=>  i - hi <= c <= i + lo
                for c in range(max(0, i - hi), min(n_chan, i + lo + 1)):
                    total += dout[n, c, y, t] * x[n, c, y, t] * denom[n, c, y, t] ** (-beta - 1.0)
                dx[n, i, y, t] = (dout[n, i, y, t] * denom[n, i, y, t] ** (-beta)
                                  - 2.0 * alpha * beta * x[n, i, y, t] * total)
    return dx


class LRNCache(NamedTuple):
    """x and the denominators k + alpha * sum a^2 (before the power), plus the settings."""

    x: np.ndarray
    denom: np.ndarray
    size: int
    alpha: float
    beta: float
    k: float


def _real(value, name: str, rule: str, ok) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not math.isfinite(value) or not ok(value):
        raise ValueError(f"{name} must be a finite number {rule}, got {value!r}")
    return float(value)


def check_lrn_settings(size, alpha, beta, k):
    """Validated (size, alpha, beta, k); k > 0 keeps the denominator positive even where x = 0."""
    return (positive_int(size, "size"),
            _real(alpha, "alpha", ">= 0", lambda v: v >= 0),
            _real(beta, "beta", ">= 0", lambda v: v >= 0),
            _real(k, "k", "> 0 (it keeps the denominator positive)", lambda v: v > 0))


def lrn_forward(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    """Local response normalisation across channels. x: (N, C, H, W) float32/float64.

    size: channels per window (n in AlexNet); alpha: scale of the sum of squares (not
    divided by size, see the module docstring); beta: exponent; k: offset.
    Defaults are AlexNet's k=2, n=5, alpha=1e-4, beta=0.75.
    Returns out (N, C, H, W) and an LRNCache.
    """
    x = float_array(x, "x", 4, "(N, C, H, W)")
    size, alpha, beta, k = check_lrn_settings(size, alpha, beta, k)
    out, denom = _lrn_forward(x, size, x.dtype.type(alpha), x.dtype.type(beta), x.dtype.type(k))
    return out, LRNCache(x, denom, size, alpha, beta, k)


def lrn_backward(dout, cache: LRNCache):
    """dout: (N, C, H, W) -> dx: (N, C, H, W)."""
    if not isinstance(cache, LRNCache):
        raise TypeError("cache must be the LRNCache returned by lrn_forward")
    dout = float_array(dout, "dout", 4, "(N, C, H, W)")
    same_dtype(dout=dout, x=cache.x)
    if dout.shape != cache.x.shape:
        raise ValueError(f"dout must have x's shape {cache.x.shape}, got {dout.shape}")
    dt = cache.x.dtype.type
    return _lrn_backward(dout, cache.x, cache.denom, cache.size, dt(cache.alpha), dt(cache.beta))
